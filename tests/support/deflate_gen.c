/* SPDX-License-Identifier: Apache-2.0 */
/* Deflate streams for the inflate tests (see deflate_gen.h). */
#include "deflate_gen.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "xorshift.h"

void put(bw *w, uint32_t v, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++, w->bits++) {
        assert_true(w->bits / 8 < sizeof w->b);
        if ((v >> i) & 1)
            w->b[w->bits / 8] |= (uint8_t)(1u << (w->bits % 8));
    }
}

void put_code(bw *w, uint32_t code, unsigned len)
{
    while (len--)
        put(w, (code >> len) & 1, 1);
}

size_t bw_bytes(const bw *w) { return (w->bits + 7) / 8; }

/* Canonical codes from lengths (RFC 1951 3.2.2). */
void canon(const uint8_t *lens, unsigned n, uint32_t *codes)
{
    unsigned count[16] = {0}, next[16] = {0}, i, code = 0;
    for (i = 0; i < n; i++)
        count[lens[i]]++;
    count[0] = 0;
    for (i = 1; i < 16; i++) {
        code = (code + count[i - 1]) << 1;
        next[i] = code;
    }
    for (i = 0; i < n; i++)
        if (lens[i])
            codes[i] = next[lens[i]]++;
}

/* Fixed code (3.2.6). */
void fixed_lit(bw *w, unsigned sym)
{
    if (sym < 144)
        put_code(w, 0x30 + sym, 8);
    else if (sym < 256)
        put_code(w, 0x190 + sym - 144, 9);
    else if (sym < 280)
        put_code(w, sym - 256, 7);
    else
        put_code(w, 0xC0 + sym - 280, 8);
}

/* Dynamic header whose code-length code gives length 4 to symbols 0..12 and
 * 16..18 (16 codes of 4 bits: complete), so code lengths 13..15 cannot be
 * written. lens holds nlen + ndist lengths. Returns the litlen and dist codes. */
const uint8_t clen_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

void clen_code(uint8_t *cl)
{
    unsigned i;
    memset(cl, 0, 19);
    for (i = 0; i <= 12; i++)
        cl[i] = 4;
    cl[16] = cl[17] = cl[18] = 4;
}

void dyn_header_raw(bw *w, int final, unsigned nlen, unsigned ndist, const uint8_t *cl, unsigned ncode)
{
    unsigned i;
    put(w, (unsigned)final, 1);
    put(w, 2, 2);
    put(w, nlen - 257, 5);
    put(w, ndist - 1, 5);
    put(w, ncode - 4, 4);
    for (i = 0; i < ncode; i++)
        put(w, cl[clen_order[i]], 3);
}

void dyn_header(bw *w, int final, const uint8_t *lens, unsigned nlen, unsigned ndist)
{
    uint8_t cl[19];
    uint32_t cc[19];
    unsigned i;
    clen_code(cl);
    canon(cl, 19, cc);
    dyn_header_raw(w, final, nlen, ndist, cl, 19);
    for (i = 0; i < nlen + ndist; i++) {
        assert_true(lens[i] <= 12);
        put_code(w, cc[lens[i]], 4);
    }
}

uint32_t rnd(uint32_t *s)
{
    return xorshift32(s);
}

uint8_t *make_data(size_t n, uint32_t seed)
{
    /* Words and numbers with repeats at all distances: all code kinds. */
    static const char *words[] = {"reset", "vector", "flash", "sector", "0x08000000", "bl1", "journal",
                                  " ", "\n", "update", "slot", "erase", "program", "\x00\x00\x00\x00"};
    uint8_t *p = malloc(n);
    size_t i = 0;
    uint32_t r = seed | 1;
    assert_non_null(p);
    while (i < n) {
        uint32_t k = rnd(&r);
        if (k % 5 == 0 && i > 100) { /* back-reference far or near */
            size_t d = 1 + rnd(&r) % (i < 32768 ? i : 32768), l = 3 + rnd(&r) % 200, j;
            for (j = 0; j < l && i < n; j++, i++)
                p[i] = p[i - d];
        } else if (k % 5 == 1) {
            p[i++] = (uint8_t)rnd(&r);
        } else {
            const char *w = words[k % (sizeof words / sizeof *words)];
            size_t j, l = strlen(w) ? strlen(w) : 4;
            for (j = 0; j < l && i < n; j++)
                p[i++] = (uint8_t)w[j];
        }
    }
    return p;
}

size_t zdeflate(const uint8_t *in, size_t n, uint8_t *out, size_t cap, int level, int wbits, int mem,
                int strategy)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, -wbits, mem, strategy), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    deflateEnd(&z);
    return z.total_out;
}
