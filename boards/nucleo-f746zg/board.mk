# SPDX-License-Identifier: Apache-2.0
# Nucleo-F746ZG: chip family and tools (data only).
BOARD_FAMILY := f7
BOARD_MCU := STM32F746ZG
OPENOCD_TARGET := target/stm32f7x.cfg
