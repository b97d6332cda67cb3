# SPDX-License-Identifier: Apache-2.0
# Nucleo-F429ZI: chip family and tools (data only).
BOARD_FAMILY := f42x
BOARD_MCU := STM32F429ZI
OPENOCD_TARGET := target/stm32f4x.cfg
