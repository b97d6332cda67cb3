/* SPDX-License-Identifier: Apache-2.0 */
/* Filler for the large test image: PAD_FILE (set by mk/qemu.mk) is
 * included as is. */
    .section .rodata.demo_pad, "a"
    .global demo_pad
    .global demo_pad_end
demo_pad:
    .incbin PAD_FILE
demo_pad_end:
