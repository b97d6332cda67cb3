# SPDX-License-Identifier: Apache-2.0
# Olimex STM32-E407 (docs/boards/olimex-e407.md), read by mk/board.mk.
BOARD_PORT := stm32
BOARD_MCU := STM32F407ZG
BOARD_LAYOUT := olimex-e407
OPENOCD_TARGET := target/stm32f4x.cfg
include port/stm32/f40x.mk
