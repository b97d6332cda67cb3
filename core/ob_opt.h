/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot core: the compile-time options, each with its default.
 *
 * A build sets any of them with -DNAME=value, or in one header of its own
 * named by -DOB_CONFIG_FILE='"my_otaboot_config.h"': every options header
 * (this one, agent/ob_agent_opt.h, port/firmware/ob_fw_opt.h,
 * port/stm32/stm32_opt.h, port/qemu/mps2_opt.h) includes it first, so it
 * needs an include guard. docs/PORTING.md "Compile-time options" lists them
 * all with what each trades. Sizes fixed by the wire format or the journal
 * (core/image.h, core/journal.h, core/session.h) are not options. */
#ifndef OB_OPT_H
#define OB_OPT_H

#ifdef OB_CONFIG_FILE
#include OB_CONFIG_FILE
#endif

/* Inflater root tables (docs/INFLATE.md "Tables"): 2^bits 16-bit entries
 * each inside ob_inflate. Larger: more codes decoded in one look-up, more
 * RAM; smaller: more codes take the slow path. */
#ifndef OB_INFLATE_LIT_BITS
#define OB_INFLATE_LIT_BITS 9 /* literal/length decoder, >= 8 */
#endif
#ifndef OB_INFLATE_DIST_BITS
#define OB_INFLATE_DIST_BITS 7 /* distance and code-length decoders, >= 5 */
#endif
#if OB_INFLATE_LIT_BITS < 8 || OB_INFLATE_DIST_BITS < 5
#error "OB_INFLATE_LIT_BITS must be at least 8 and OB_INFLATE_DIST_BITS at least 5 (core/ob_opt.h)"
#endif

/* The inflater's bit buffer: uint_fast32_t is 64-bit on x86-64 glibc and
 * 32-bit on Cortex-M. Any unsigned type of at least 32 bits; the host tests
 * build a uint32_t variant to run the 32-bit path. */
#ifndef OB_INFLATE_BITBUF
#define OB_INFLATE_BITBUF uint_fast32_t
#endif

/* Longest console line built with ob_line (core/line.h), NUL included; an
 * ob_line lives on the stack of whoever prints. Text past it is dropped. */
#ifndef OB_LINE_MAX
#define OB_LINE_MAX 160
#endif

#endif
