/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers shared by the fuzz targets. */
#ifndef OB_FUZZ_UTIL_H
#define OB_FUZZ_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Reads an input byte by byte; past its end every byte reads as 0. */
typedef struct {
    const uint8_t *p;
    size_t n, off;
} reader;

static inline uint8_t next(reader *r)
{
    return r->off < r->n ? r->p[r->off++] : 0;
}

/* zlib's raw inflate (RFC 1951, no header) of p[0, n) into out[0, cap):
 * returns inflate()'s code for Z_FINISH and sets the bytes written and read. */
static inline int zlib_inflate_raw(const uint8_t *p, size_t n, uint8_t *out, size_t cap, size_t *out_len,
                                   size_t *consumed)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -15) != Z_OK)
        abort();
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int zr = inflate(&z, Z_FINISH);
    *out_len = z.total_out;
    *consumed = z.total_in;
    inflateEnd(&z);
    return zr;
}

#endif
