# SPDX-License-Identifier: Apache-2.0
# Nucleo-F429ZI (docs/boards/nucleo-f429zi.md), read by mk/board.mk.
BOARD_PORT := stm32
BOARD_MCU := STM32F429ZI
BOARD_LAYOUT := nucleo-f429zi
OPENOCD_TARGET := target/stm32f4x.cfg
include port/stm32/f42x.mk
