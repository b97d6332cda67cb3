# SPDX-License-Identifier: Apache-2.0
# QEMU netduinoplus2 (docs/boards/qemu-netduinoplus2.md), read by mk/board.mk:
# an STM32F405 with the olimex-e407 layout, run by tests/qemu/netduinoplus2_boot.sh.
# QEMU has no STM32 Ethernet MAC: no network, so no rescue firmware, and the
# self-test drives the Ethernet driver without lwIP. It exits QEMU through
# semihosting (port/qemu/netduinoplus2/).
BOARD_PORT := stm32
BOARD_MCU := STM32F405RG
BOARD_LAYOUT := olimex-e407
BOARD_NET := none
BOARD_INC := -Iport/qemu/netduinoplus2
BOARD_SRC := port/qemu/netduinoplus2/semihost.c
include port/stm32/f40x.mk
