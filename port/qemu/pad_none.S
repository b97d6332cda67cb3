/* SPDX-License-Identifier: Apache-2.0 */
/* No filler: the ordinary demo image. */
    .section .rodata.demo_pad, "a"
    .global demo_pad
    .global demo_pad_end
demo_pad:
demo_pad_end:
