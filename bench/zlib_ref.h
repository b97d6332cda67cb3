/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot benchmarks: the reference, zlib's inflate on a raw RFC 1951
 * stream in memory (inflateInit2 with windowBits -15), as both benchmark
 * programs run it. Returns the bytes produced, or -1 when zlib did not
 * reach the end of the stream. */
#ifndef OB_BENCH_ZLIB_REF_H
#define OB_BENCH_ZLIB_REF_H

#include <stdint.h>
#include <string.h>
#include <zlib.h>

static long zlib_inflate_raw(const uint8_t *c, size_t cl, uint8_t *out, size_t n)
{
    z_stream z;
    int rc;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -15) != Z_OK)
        return -1;
    z.next_in = (Bytef *)(uintptr_t)c;
    z.avail_in = (uInt)cl;
    z.next_out = out;
    z.avail_out = (uInt)n;
    rc = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    return rc == Z_STREAM_END ? (long)z.total_out : -1;
}

#endif
