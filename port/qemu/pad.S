/* SPDX-License-Identifier: Apache-2.0 */
/* Filler for the large test image (demo/main.c, demo_pad): PAD_FILE (set by port/qemu/port.mk) is
 * included as is. */
    .section .rodata.demo_pad, "a"
    .global demo_pad
    .global demo_pad_end
demo_pad:
    .incbin PAD_FILE
demo_pad_end:
