# SPDX-License-Identifier: Apache-2.0
# QEMU netduinoplus2: an STM32F405 with the olimex-e407 layout.
BOARD_FAMILY := f40x
BOARD_MCU := STM32F405RG
BOARD_LAYOUT := olimex-e407
