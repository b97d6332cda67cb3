/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot bench: one inflate, for counting instructions under callgrind.
 *
 *   inflate_ir deflate RAW OUT      RAW -> raw deflate (zlib level 9, window
 *                                   15, memLevel 8: as bench/inflate_bench.c)
 *   inflate_ir ob|zlib OUT RAW      inflate OUT once and compare with RAW
 *
 * The inflate runs inside ir_ob() or ir_zlib() (never inlined), so
 *   valgrind --tool=callgrind --toggle-collect=ir_ob inflate_ir ob ...
 * counts exactly the instructions of one decode, setup included (zlib's
 * inflateInit2/inflateEnd; ob_inflate's state set-up), and nothing of the
 * file reading or checking around it. Exit 0 only when the output matches. */
#define _POSIX_C_SOURCE 200809L
#include "inflate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "zlib_ref.h"

static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    uint8_t *p = NULL;
    long len;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        p = malloc((size_t)len + 1);
        if (p && fread(p, 1, (size_t)len, f) != (size_t)len) {
            free(p);
            p = NULL;
        }
        *n = (size_t)len;
    }
    fclose(f);
    return p;
}

__attribute__((noinline)) long ir_ob(const uint8_t *c, size_t cl, uint8_t *out, size_t n)
{
    size_t used;
    return ob_inflate_mem(c, cl, out, n, &used);
}

__attribute__((noinline)) long ir_zlib(const uint8_t *c, size_t cl, uint8_t *out, size_t n)
{
    return zlib_inflate_raw(c, cl, out, n);
}

static int deflate_file(const uint8_t *raw, size_t n, const char *out_path)
{
    uLong cap = compressBound((uLong)n) + 64;
    uint8_t *c = malloc(cap);
    z_stream z;
    FILE *f;
    int ok;
    memset(&z, 0, sizeof z);
    if (!c || deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return 1;
    z.next_in = (Bytef *)(uintptr_t)raw;
    z.avail_in = (uInt)n;
    z.next_out = c;
    z.avail_out = (uInt)cap;
    ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
    deflateEnd(&z);
    f = fopen(out_path, "wb");
    ok = ok && f && fwrite(c, 1, z.total_out, f) == z.total_out;
    if (f)
        ok = (fclose(f) == 0) && ok;
    free(c);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    uint8_t *a, *b, *out;
    size_t an, bn;
    long got;
    if (argc != 4) {
        fprintf(stderr, "usage: %s deflate RAW OUT | ob|zlib DEFLATED RAW\n", argv[0]);
        return 2;
    }
    a = slurp(argv[2], &an);
    if (!a) {
        fprintf(stderr, "%s: cannot read\n", argv[2]);
        return 2;
    }
    if (!strcmp(argv[1], "deflate"))
        return deflate_file(a, an, argv[3]);
    b = slurp(argv[3], &bn);
    out = malloc(bn + 1);
    if (!b || !out) {
        fprintf(stderr, "%s: cannot read\n", argv[3]);
        return 2;
    }
    if (!strcmp(argv[1], "ob"))
        got = ir_ob(a, an, out, bn);
    else if (!strcmp(argv[1], "zlib"))
        got = ir_zlib(a, an, out, bn);
    else
        return 2;
    if (got != (long)bn || memcmp(out, b, bn) != 0) {
        fprintf(stderr, "%s: output differs from %s\n", argv[1], argv[3]);
        return 1;
    }
    return 0;
}
