# SPDX-License-Identifier: Apache-2.0
# Nucleo-F207ZG (docs/boards/nucleo-f207zg.md), read by mk/board.mk.
BOARD_PORT := stm32
BOARD_MCU := STM32F207ZG
BOARD_LAYOUT := nucleo-f207zg
OPENOCD_TARGET := target/stm32f2x.cfg
include port/stm32/f2.mk
