/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: is this application for this board? What pack can tell
 * before packing, with the reason in words: a file that is already gzip'd,
 * the load address, which vector-table check fails, and for an ELF its
 * vector-table size against the chip's and its RAM sections against the
 * board's RAM. */
#ifndef OTABOOT_APPCHECK_H
#define OTABOOT_APPCHECK_H

#include <stddef.h>

#include "layout.h"
#include "loadimg.h"

/* "0x20000000-0x20030000, 0x10000000-0x10010000" */
void ram_ranges(const ob_layout *l, char *buf, size_t cap);

/* The vector-table check of raw[0..len) for l's application area. OB_OK, or
 * OB_ERR_VECTOR / OB_ERR_EMPTY with the failing check in why. */
int vector_why(const ob_layout *l, const uint8_t *raw, size_t len, char *why, size_t cap);

/* A gzip file given as the application, the load address (HEX, ELF), and
 * for an ELF its vector-table size and RAM sections (pack_build checks the
 * size and the vector table itself). OB_OK, or an OB_ERR_* with the reason
 * and what to do in why. */
int app_check(const app_image *img, const ob_layout *l, char *why, size_t cap);

#endif
