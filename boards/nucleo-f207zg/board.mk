# SPDX-License-Identifier: Apache-2.0
# Nucleo-F207ZG: chip family and tools (data only; mk/firmware.mk uses it).
BOARD_FAMILY := f2
BOARD_MCU := STM32F207ZG
OPENOCD_TARGET := target/stm32f2x.cfg
