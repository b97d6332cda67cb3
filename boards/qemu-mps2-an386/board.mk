# SPDX-License-Identifier: Apache-2.0
# QEMU mps2-an386 (docs/boards/qemu-mps2.md), read by mk/board.mk: Cortex-M4,
# LAN9118 Ethernet. Its images go to build/qemu/an386/<variant>/.
BOARD_PORT := qemu
BOARD_LAYOUT := qemu-mps2-an386
OUT := build/qemu/an386
CPU := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
# Variants (profile, -signed: the TEST-ONLY keys) and demo builds (port/qemu/port.mk).
VARIANTS := slot direct rollback slot-signed direct-signed
# The big image (about 300 KiB packed) needs a slot larger than the rollback
# profile's 256 KiB slots.
DEMO_TAGS := v1 v2 noconfirm $(if $(filter rollback%,$(VARIANT)),,big)
