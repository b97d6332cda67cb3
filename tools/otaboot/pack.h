/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: building an image (pack). */
#ifndef OTABOOT_PACK_H
#define OTABOOT_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"

typedef struct {
    const ob_layout *layout;
    uint32_t version;          /* ob_version_parse */
    uint32_t security_counter;
    int plain;                 /* 1: plain gzip, no metadata (development boards) */
    const char *fname;         /* gzip FNAME, or NULL */
    const struct ob_hostkey *key; /* sign with this key (NULL: unsigned) */
} pack_opts;

/* Checks raw (to be placed at the layout's application area) and builds the
 * image: gzip header with metadata (ob_gz_write_header), raw deflate from
 * zlib at level 9, CRC32 + ISIZE trailer (RFC 1952). Refuses an empty or
 * oversized image, a failed vector-table check and, in the slot and rollback
 * profiles, a payload that does not fit every update slot (the refusal says by
 * how much and what to do). Returns OB_OK with *out malloc'd, or the
 * ob_err of the refusal (why gets a line). */
int pack_build(const pack_opts *o, const uint8_t *raw, size_t len, uint8_t **out, size_t *outlen,
               char *why, size_t cap);

#endif
