# SPDX-License-Identifier: Apache-2.0
# Nucleo-F746ZG (docs/boards/nucleo-f746zg.md), read by mk/board.mk.
BOARD_PORT := stm32
BOARD_MCU := STM32F746ZG
BOARD_LAYOUT := nucleo-f746zg
OPENOCD_TARGET := target/stm32f7x.cfg
include port/stm32/f7.mk
