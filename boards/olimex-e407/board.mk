# SPDX-License-Identifier: Apache-2.0
# Olimex STM32-E407: chip family and tools (data only).
BOARD_FAMILY := f40x
BOARD_MCU := STM32F407ZG
OPENOCD_TARGET := target/stm32f4x.cfg
