# SPDX-License-Identifier: Apache-2.0
# QEMU mps2-an500 (docs/boards/qemu-mps2.md), read by mk/board.mk: Cortex-M7,
# LAN9118 Ethernet. Its images go to build/qemu/an500/<variant>/.
BOARD_PORT := qemu
BOARD_LAYOUT := qemu-mps2-an500
OUT := build/qemu/an500
CPU := -mcpu=cortex-m7 -mthumb -mfloat-abi=soft
VARIANTS := slot direct rollback
# The big image (about 300 KiB packed) needs a slot larger than its 256 KiB.
DEMO_TAGS := v1 v2 noconfirm
