/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: unit tests for the streaming inflater (core/inflate.c) and its
 * RAM sinks (core/sink.c). Error paths use bit streams built by hand after
 * RFC 1951 sections 3.2.3-3.2.7; valid streams of realistic size come from
 * zlib (raw deflate). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "inflate.h"

/* ---- bit writer (RFC 1951 3.1.1: fields LSB first, Huffman codes MSB first) */

typedef struct {
    uint8_t b[16384];
    size_t bits;
} bw;

static void put(bw *w, uint32_t v, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++, w->bits++) {
        assert_true(w->bits / 8 < sizeof w->b);
        if ((v >> i) & 1)
            w->b[w->bits / 8] |= (uint8_t)(1u << (w->bits % 8));
    }
}

static void put_code(bw *w, uint32_t code, unsigned len)
{
    while (len--)
        put(w, (code >> len) & 1, 1);
}

static size_t bw_bytes(const bw *w) { return (w->bits + 7) / 8; }

/* Canonical codes from lengths (RFC 1951 3.2.2). */
static void canon(const uint8_t *lens, unsigned n, uint32_t *codes)
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
static void fixed_lit(bw *w, unsigned sym)
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
static const uint8_t clen_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

static void clen_code(uint8_t *cl)
{
    unsigned i;
    memset(cl, 0, 19);
    for (i = 0; i <= 12; i++)
        cl[i] = 4;
    cl[16] = cl[17] = cl[18] = 4;
}

static void dyn_header_raw(bw *w, int final, unsigned nlen, unsigned ndist, const uint8_t *cl, unsigned ncode)
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

static void dyn_header(bw *w, int final, const uint8_t *lens, unsigned nlen, unsigned ndist)
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

/* ---- running the inflater */

typedef struct {
    const uint8_t *p;
    size_t n, pos;
    size_t chunk;      /* 0: random sizes */
    uint32_t rng;
    int starve;        /* return 0 after each chunk (forces NEED_INPUT and resume) */
    int starved;
} feeder;

static uint32_t rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static size_t pull(void *ctx, const uint8_t **chunk)
{
    feeder *f = (feeder *)ctx;
    size_t k;
    if (f->pos >= f->n)
        return 0;
    if (f->starve && !f->starved) {
        f->starved = 1;
        return 0;
    }
    f->starved = 0;
    k = f->chunk ? f->chunk : 1 + rnd(&f->rng) % 300;
    if (k > f->n - f->pos)
        k = f->n - f->pos;
    *chunk = f->p + f->pos;
    f->pos += k;
    return k;
}

/* Runs to completion, calling again after NEED_INPUT while input remains. */
static int run_all(ob_inflate *s, feeder *f, ob_sink *o)
{
    int rc, rounds = 0;
    for (;;) {
        rc = ob_inflate_run(s, pull, f, o);
        if (rc != OB_INFLATE_NEED_INPUT || f->pos >= f->n)
            return rc;
        assert_true(++rounds < 10000000);
    }
}

/* Inflates src into out (cap bytes, flat sink), whole input at once. */
static int inflate_flat(const uint8_t *src, size_t n, uint8_t *out, uint32_t cap, uint32_t *outlen)
{
    ob_inflate s;
    ob_sink o;
    feeder f = {src, n, 0, n ? n : 1, 1, 0, 0};
    int rc;
    ob_sink_mem_init(&o, out, cap);
    ob_inflate_init(&s);
    rc = run_all(&s, &f, &o);
    *outlen = ob_sink_total(&o);
    return rc;
}

static int inflate_err(const bw *w)
{
    static uint8_t out[70000];
    uint32_t len;
    return inflate_flat(w->b, bw_bytes(w), out, sizeof out, &len);
}

/* ---- test data */

static uint8_t *make_data(size_t n, uint32_t seed)
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

static size_t zdeflate(const uint8_t *in, size_t n, uint8_t *out, size_t cap, int level, int wbits, int strategy)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, -wbits, 8, strategy), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    deflateEnd(&z);
    return z.total_out;
}

/* ---- block types */

static void test_stored(void **st)
{
    bw w = {{0}, 0};
    uint8_t out[16];
    uint32_t len;
    (void)st;
    put(&w, 0, 1); /* not final, stored */
    put(&w, 0, 2);
    w.bits = 8;
    put(&w, 3, 16);
    put(&w, 0xFFFC, 16);
    put(&w, 'a', 8), put(&w, 'b', 8), put(&w, 'c', 8);
    put(&w, 1, 1); /* final, stored, empty */
    put(&w, 0, 2);
    w.bits = (w.bits + 7) / 8 * 8;
    put(&w, 0, 16);
    put(&w, 0xFFFF, 16);
    assert_int_equal(inflate_flat(w.b, bw_bytes(&w), out, sizeof out, &len), OB_INFLATE_DONE);
    assert_int_equal(len, 3);
    assert_memory_equal(out, "abc", 3);
}

static void test_fixed(void **st)
{
    bw w = {{0}, 0};
    uint8_t out[16];
    uint32_t len;
    (void)st;
    put(&w, 1, 1);
    put(&w, 1, 2);
    fixed_lit(&w, 'x');
    fixed_lit(&w, 'y');
    fixed_lit(&w, 258); /* length 4 */
    put_code(&w, 1, 5); /* distance 2 */
    fixed_lit(&w, 256);
    assert_int_equal(inflate_flat(w.b, bw_bytes(&w), out, sizeof out, &len), OB_INFLATE_DONE);
    assert_int_equal(len, 6);
    assert_memory_equal(out, "xyxyxy", 6);
}

/* litlen: 'a', 'b', EOB, 257 (length 3) with 2 bits each; distance: one
 * one-bit code for distance 1 (RFC 1951 3.2.7 allows a single distance code). */
static void build_small_dynamic(bw *w, int use_unused_dist)
{
    uint8_t lens[258 + 1] = {0};
    uint32_t codes[258];
    lens['a'] = lens['b'] = lens[256] = lens[257] = 2;
    lens[258] = 1; /* dist code 0 */
    dyn_header(w, 1, lens, 258, 1);
    canon(lens, 258, codes);
    put_code(w, codes['a'], 2);
    put_code(w, codes['b'], 2);
    put_code(w, codes[257], 2);
    put_code(w, use_unused_dist ? 1 : 0, 1);
    put_code(w, codes[256], 2);
}

static void test_dynamic(void **st)
{
    bw w = {{0}, 0};
    uint8_t out[16];
    uint32_t len;
    (void)st;
    build_small_dynamic(&w, 0);
    assert_int_equal(inflate_flat(w.b, bw_bytes(&w), out, sizeof out, &len), OB_INFLATE_DONE);
    assert_int_equal(len, 5);
    assert_memory_equal(out, "abbbb", 5);
}

static void test_dynamic_unused_dist_code(void **st)
{
    bw w = {{0}, 0};
    (void)st;
    build_small_dynamic(&w, 1);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_SYMBOL);
}

/* Lengths with repeat codes 16, 17, 18 written through the clen code. */
static void test_dynamic_repeats(void **st)
{
    uint8_t cl[19];
    uint32_t cc[19];
    bw w = {{0}, 0};
    uint8_t out[8];
    uint32_t len;
    (void)st;
    clen_code(cl);
    canon(cl, 19, cc);
    dyn_header_raw(&w, 1, 257, 1, cl, 19);
    /* 256 literals of 9 bits: 8 then repeat-previous (16) */
    put_code(&w, cc[9], 4);
    put_code(&w, cc[16], 4), put(&w, 3, 2);     /* 6 more */
    put_code(&w, cc[18], 4), put(&w, 127, 7);   /* 138 zeros */
    put_code(&w, cc[18], 4), put(&w, 100, 7);   /* 111 zeros: 256 so far */
    put_code(&w, cc[9], 4);                     /* EOB, 9 bits: 257 lengths */
    put_code(&w, cc[17], 4), put(&w, 0, 3);     /* 3 zeros: past the 258 */
    assert_int_equal(inflate_err(&w), OB_ERR_INF_LENS);

    /* 'A' and EOB with one bit each, written with every repeat code */
    memset(&w, 0, sizeof w);
    dyn_header_raw(&w, 1, 257, 1, cl, 19);
    put_code(&w, cc[18], 4), put(&w, 65 - 11, 7); /* 65 zeros */
    put_code(&w, cc[1], 4);                        /* 'A' */
    put_code(&w, cc[18], 4), put(&w, 127, 7);      /* 138 zeros */
    put_code(&w, cc[17], 4), put(&w, 7, 3);        /* 10 zeros */
    put_code(&w, cc[18], 4), put(&w, 31, 7);       /* 42 zeros: 256 */
    put_code(&w, cc[1], 4);                        /* EOB */
    put_code(&w, cc[0], 4);                        /* no distance codes */
    put_code(&w, 0, 1), put_code(&w, 0, 1), put_code(&w, 1, 1);
    assert_int_equal(inflate_flat(w.b, bw_bytes(&w), out, sizeof out, &len), OB_INFLATE_DONE);
    assert_int_equal(len, 2);
    assert_memory_equal(out, "AA", 2);
}

/* ---- header errors */

static void test_err_block_type(void **st)
{
    bw w = {{0}, 0};
    (void)st;
    put(&w, 1, 1);
    put(&w, 3, 2);
    put(&w, 0, 16);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_BLOCK_TYPE);
}

static void test_err_stored_len(void **st)
{
    bw w = {{0}, 0};
    (void)st;
    put(&w, 1, 1);
    put(&w, 0, 2);
    w.bits = 8;
    put(&w, 3, 16);
    put(&w, 0xFFFD, 16);
    put(&w, 0, 24);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_STORED_LEN);
}

static void test_err_too_many_codes(void **st)
{
    uint8_t cl[19];
    bw w = {{0}, 0};
    (void)st;
    clen_code(cl);
    dyn_header_raw(&w, 1, 287, 1, cl, 19); /* HLIT 30 */
    assert_int_equal(inflate_err(&w), OB_ERR_INF_LENS);
    memset(&w, 0, sizeof w);
    dyn_header_raw(&w, 1, 257, 31, cl, 19); /* HDIST 30 */
    assert_int_equal(inflate_err(&w), OB_ERR_INF_LENS);
}

static void test_err_clen_code(void **st)
{
    uint8_t cl[19] = {0};
    bw w = {{0}, 0};
    (void)st;
    cl[0] = cl[1] = cl[2] = 1; /* three one-bit codes */
    dyn_header_raw(&w, 1, 257, 1, cl, 19);
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_OVERSUB);
    memset(&w, 0, sizeof w);
    memset(cl, 0, sizeof cl);
    cl[8] = 1; /* one code: incomplete, refused for the code-length code */
    dyn_header_raw(&w, 1, 257, 1, cl, 19);
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_INCOMPLETE);
    memset(&w, 0, sizeof w);
    memset(cl, 0, sizeof cl); /* no code at all */
    dyn_header_raw(&w, 1, 257, 1, cl, 19);
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_INCOMPLETE);
}

static void test_err_repeat_first(void **st)
{
    uint8_t cl[19];
    uint32_t cc[19];
    bw w = {{0}, 0};
    (void)st;
    clen_code(cl);
    canon(cl, 19, cc);
    dyn_header_raw(&w, 1, 257, 1, cl, 19);
    put_code(&w, cc[16], 4), put(&w, 0, 2);
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_LENS);
}

static void test_err_repeat_past_end(void **st)
{
    uint8_t cl[19];
    uint32_t cc[19];
    bw w = {{0}, 0};
    int i;
    (void)st;
    clen_code(cl);
    canon(cl, 19, cc);
    dyn_header_raw(&w, 1, 257, 1, cl, 19);
    for (i = 0; i < 2; i++)
        put_code(&w, cc[18], 4), put(&w, 127, 7); /* 276 > 258 */
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_LENS);
}

static void test_err_lit_codes(void **st)
{
    uint8_t lens[260] = {0};
    bw w = {{0}, 0};
    (void)st;
    lens['a'] = lens['b'] = lens['c'] = lens[256] = lens[257] = 2; /* 5 x 1/4 */
    lens[258] = 1;
    dyn_header(&w, 1, lens, 258, 1);
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_OVERSUB);

    memset(&w, 0, sizeof w);
    lens['c'] = 0;
    lens[257] = 0; /* 3 x 1/4 */
    dyn_header(&w, 1, lens, 258, 1);
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_INCOMPLETE);

    memset(&w, 0, sizeof w);
    memset(lens, 0, sizeof lens);
    lens['a'] = lens['b'] = 1; /* complete, but no end-of-block code */
    dyn_header(&w, 1, lens, 257, 1);
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_NO_EOB);

    memset(&w, 0, sizeof w);
    memset(lens, 0, sizeof lens);
    lens[256] = 2; /* a single code must have one bit (zlib) */
    dyn_header(&w, 1, lens, 257, 1);
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_INCOMPLETE);
}

/* A single one-bit EOB code and no distance code: accepted, as by zlib. */
static void test_single_codes_accepted(void **st)
{
    uint8_t lens[258] = {0};
    bw w = {{0}, 0};
    uint8_t out[4];
    uint32_t len;
    (void)st;
    lens[256] = 1;
    dyn_header(&w, 1, lens, 257, 1);
    put_code(&w, 0, 1);
    assert_int_equal(inflate_flat(w.b, bw_bytes(&w), out, sizeof out, &len), OB_INFLATE_DONE);
    assert_int_equal(len, 0);
}

/* litlen 'a', 'b', EOB, 257 with two bits each; distance lengths given. */
static void dist_case(const uint8_t *dl, unsigned ndist, int match, int expect)
{
    uint8_t lens[258 + 30] = {0};
    uint32_t codes[258];
    bw w = {{0}, 0};
    lens['a'] = lens['b'] = lens[256] = lens[257] = 2;
    memcpy(lens + 258, dl, ndist);
    dyn_header(&w, 1, lens, 258, ndist);
    canon(lens, 258, codes);
    if (match) {
        put_code(&w, codes['a'], 2);
        put_code(&w, codes[257], 2);
    }
    put(&w, 0, 32);
    assert_int_equal(inflate_err(&w), expect);
}

static void test_err_dist_codes(void **st)
{
    static const uint8_t two[1] = {2}, threes[2] = {3, 3}, ones[3] = {1, 1, 1}, none[1] = {0};
    (void)st;
    dist_case(two, 1, 0, OB_ERR_INF_INCOMPLETE);    /* a single code must have one bit */
    dist_case(threes, 2, 0, OB_ERR_INF_INCOMPLETE);
    dist_case(ones, 3, 0, OB_ERR_INF_OVERSUB);
    dist_case(none, 1, 1, OB_ERR_INF_SYMBOL);       /* no distance code, then a match */
}

/* ---- data errors */

static void test_err_fixed_symbols(void **st)
{
    unsigned sym;
    (void)st;
    for (sym = 286; sym <= 287; sym++) {
        bw w = {{0}, 0};
        put(&w, 1, 1);
        put(&w, 1, 2);
        fixed_lit(&w, sym);
        put(&w, 0, 32);
        assert_int_equal(inflate_err(&w), OB_ERR_INF_SYMBOL);
    }
    for (sym = 30; sym <= 31; sym++) {
        bw w = {{0}, 0};
        put(&w, 1, 1);
        put(&w, 1, 2);
        fixed_lit(&w, 'a');
        fixed_lit(&w, 257);
        put_code(&w, sym, 5);
        put(&w, 0, 32);
        assert_int_equal(inflate_err(&w), OB_ERR_INF_SYMBOL);
    }
}

static void test_err_dist_too_far(void **st)
{
    bw w = {{0}, 0};
    (void)st;
    put(&w, 1, 1);
    put(&w, 1, 2);
    fixed_lit(&w, 'a');
    fixed_lit(&w, 257);
    put_code(&w, 1, 5); /* distance 2 with one byte of output */
    fixed_lit(&w, 256);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_DIST);

    memset(&w, 0, sizeof w); /* distance 1 before any output */
    put(&w, 1, 1);
    put(&w, 1, 2);
    fixed_lit(&w, 257);
    put_code(&w, 0, 5);
    fixed_lit(&w, 256);
    assert_int_equal(inflate_err(&w), OB_ERR_INF_DIST);
}

static void test_errors_sticky(void **st)
{
    bw w = {{0}, 0};
    ob_inflate s;
    ob_sink o;
    uint8_t out[8];
    feeder f;
    (void)st;
    put(&w, 1, 1);
    put(&w, 3, 2);
    memset(&f, 0, sizeof f);
    f.p = w.b;
    f.n = 1;
    f.chunk = 1;
    ob_sink_mem_init(&o, out, sizeof out);
    ob_inflate_init(&s);
    assert_int_equal(ob_inflate_run(&s, pull, &f, &o), OB_ERR_INF_BLOCK_TYPE);
    f.pos = 0;
    assert_int_equal(ob_inflate_run(&s, pull, &f, &o), OB_ERR_INF_BLOCK_TYPE);
    assert_int_equal(f.pos, 0); /* nothing more pulled */
}

/* A truncated stream never completes: it asks for input. */
static void test_truncated(void **st)
{
    uint8_t *raw = make_data(5000, 7), c[8000], out[5000];
    size_t cl = zdeflate(raw, 5000, c, sizeof c, 6, 15, Z_DEFAULT_STRATEGY), cut;
    uint32_t len;
    (void)st;
    for (cut = 0; cut < cl; cut += 1 + cut / 4)
        assert_int_equal(inflate_flat(c, cut, out, sizeof out, &len), OB_INFLATE_NEED_INPUT);
    assert_int_equal(ob_inflate_mem(c, cl - 1, out, sizeof out, NULL), OB_ERR_TRUNCATED);
    free(raw);
}

/* ---- limits */

static void test_limit(void **st)
{
    uint8_t *raw = make_data(3000, 3), c[6000], out[3000];
    size_t cl = zdeflate(raw, 3000, c, sizeof c, 9, 15, Z_DEFAULT_STRATEGY), used;
    uint32_t len;
    ob_inflate s;
    ob_sink o;
    feeder f;
    (void)st;
    assert_int_equal(inflate_flat(c, cl, out, 3000, &len), OB_INFLATE_DONE);
    assert_int_equal(len, 3000);
    assert_int_equal(inflate_flat(c, cl, out, 2999, &len), OB_ERR_INF_LIMIT);
    assert_int_equal(ob_inflate_mem(c, cl, out, 3000, &used), 3000);
    assert_int_equal(used, cl);
    assert_int_equal(ob_inflate_mem(c, cl, out, 100, NULL), OB_ERR_INF_LIMIT);

    /* a limit below the buffer size, input in chunks */
    memset(&f, 0, sizeof f);
    f.p = c;
    f.n = cl;
    f.chunk = 64;
    ob_sink_mem_init(&o, out, sizeof out);
    o.limit = 1000;
    ob_inflate_init(&s);
    assert_int_equal(run_all(&s, &f, &o), OB_ERR_INF_LIMIT);
    assert_int_equal(ob_sink_total(&o), 1000); /* everything up to the limit */
    assert_memory_equal(out, raw, 1000);
    free(raw);
}

/* ---- resumption */

static void check_chunked(const uint8_t *raw, size_t n, const uint8_t *c, size_t cl, size_t chunk, int starve)
{
    uint8_t *out = malloc(n + 1);
    ob_inflate s;
    ob_sink o;
    feeder f = {c, cl, 0, chunk, 12345, starve, 0};
    assert_non_null(out);
    ob_sink_mem_init(&o, out, (uint32_t)n);
    ob_inflate_init(&s);
    assert_int_equal(run_all(&s, &f, &o), OB_INFLATE_DONE);
    assert_int_equal(ob_sink_total(&o), n);
    assert_memory_equal(out, raw, n);
    free(out);
}

static void test_resume_chunks(void **st)
{
    static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE};
    size_t n = 40000, cl;
    uint8_t *raw = make_data(n, 11), *c = malloc(n * 2);
    unsigned i;
    (void)st;
    for (i = 0; i < 4; i++) {
        cl = zdeflate(raw, n, c, n * 2, 6, 15, strategies[i]);
        check_chunked(raw, n, c, cl, 1, 1);  /* one byte per call, resumed each time */
        check_chunked(raw, n, c, cl, 0, 0);  /* random chunk sizes */
        check_chunked(raw, n, c, cl, 0, 1);
    }
    cl = zdeflate(raw, n, c, n * 2, 0, 15, Z_DEFAULT_STRATEGY); /* stored */
    check_chunked(raw, n, c, cl, 1, 1);
    check_chunked(raw, n, c, cl, 0, 1);
    free(raw);
    free(c);
}

/* ---- sinks with small staging buffers, as the flash sink */

typedef struct {
    ob_sink sink;
    uint8_t flash[200000];
    uint8_t stage[512];
    unsigned flushes;
    int fail_at;       /* flush number that fails (0: never) */
} flashlike;

static int fl_flush(ob_sink *s)
{
    flashlike *f = (flashlike *)s->ctx;
    /* flush is only asked for when the staging buffer is full */
    assert_int_equal(s->len, s->cap);
    if (++f->flushes == (unsigned)f->fail_at)
        return OB_ERR_FLASH;
    memcpy(f->flash + s->flushed, s->buf, s->len);
    memset(s->buf, 0xA5, s->cap); /* stale staging bytes must never be read */
    s->flushed += s->len;
    s->len = 0;
    return OB_OK;
}

static int fl_read(ob_sink *s, uint32_t off, uint8_t *dst, uint32_t n)
{
    flashlike *f = (flashlike *)s->ctx;
    assert_true(off + n <= s->flushed);
    memcpy(dst, f->flash + off, n);
    return OB_OK;
}

static void fl_init(flashlike *f, uint32_t cap, int mapped)
{
    memset(&f->sink, 0, sizeof f->sink);
    f->flushes = 0;
    f->fail_at = 0;
    f->sink.buf = f->stage;
    f->sink.cap = cap;
    f->sink.limit = sizeof f->flash;
    f->sink.mapped = mapped ? f->flash : NULL;
    f->sink.flush = fl_flush;
    f->sink.read = mapped ? NULL : fl_read;
    f->sink.ctx = f;
}

static int fl_finish(ob_sink *s)
{
    /* the final partial buffer: flush by hand, as a flash sink pads it */
    flashlike *f = (flashlike *)s->ctx;
    memcpy(f->flash + s->flushed, s->buf, s->len);
    s->flushed += s->len;
    s->len = 0;
    return OB_OK;
}

static void test_small_staging(void **st)
{
    static const uint32_t caps[] = {1, 3, 256};
    size_t n = 120000, cl;
    uint8_t *raw = make_data(n, 5), *c = malloc(n * 2);
    flashlike *f = malloc(sizeof *f);
    unsigned i, mapped;
    (void)st;
    cl = zdeflate(raw, n, c, n * 2, 9, 15, Z_DEFAULT_STRATEGY);
    for (i = 0; i < 3; i++)
        for (mapped = 0; mapped < 2; mapped++) {
            ob_inflate s;
            feeder fd = {c, cl, 0, 0, 99 + i, 0, 0};
            fl_init(f, caps[i], (int)mapped);
            ob_inflate_init(&s);
            assert_int_equal(run_all(&s, &fd, &f->sink), OB_INFLATE_DONE);
            assert_int_equal(fl_finish(&f->sink), OB_OK);
            assert_int_equal(f->sink.flushed, n);
            assert_memory_equal(f->flash, raw, n);
            assert_true(f->flushes >= n / caps[i] - 1);
        }
    free(raw);
    free(c);
    free(f);
}

/* A match whose source straddles flushed and staged output, by hand: the
 * staging buffer holds 4 bytes; "abcdef" then length 6 distance 6. */
static void test_straddling_match(void **st)
{
    bw w = {{0}, 0};
    flashlike *f = malloc(sizeof *f);
    ob_inflate s;
    feeder fd;
    const char *t = "abcdef";
    unsigned mapped;
    (void)st;
    put(&w, 1, 1);
    put(&w, 1, 2);
    while (*t)
        fixed_lit(&w, (unsigned)*t++);
    fixed_lit(&w, 260); /* length 6 */
    put_code(&w, 4, 5), put(&w, 1, 1); /* distance code 4: 5 + 1 = 6 */
    fixed_lit(&w, 256);
    for (mapped = 0; mapped < 2; mapped++) {
        memset(&fd, 0, sizeof fd);
        fd.p = w.b;
        fd.n = bw_bytes(&w);
        fd.chunk = 100;
        fl_init(f, 4, (int)mapped);
        ob_inflate_init(&s);
        assert_int_equal(run_all(&s, &fd, &f->sink), OB_INFLATE_DONE);
        fl_finish(&f->sink);
        assert_int_equal(f->sink.flushed, 12);
        assert_memory_equal(f->flash, "abcdefabcdef", 12);
    }
    free(f);
}

static void test_flush_error(void **st)
{
    size_t n = 5000, cl;
    uint8_t *raw = make_data(n, 9), c[10000];
    flashlike *f = malloc(sizeof *f);
    ob_inflate s;
    feeder fd = {c, 0, 0, 0, 1, 0, 0};
    (void)st;
    cl = zdeflate(raw, n, c, sizeof c, 6, 15, Z_DEFAULT_STRATEGY);
    fd.n = cl;
    fl_init(f, 256, 1);
    f->fail_at = 3;
    ob_inflate_init(&s);
    assert_int_equal(run_all(&s, &fd, &f->sink), OB_ERR_FLASH);
    assert_int_equal(ob_inflate_run(&s, pull, &fd, &f->sink), OB_ERR_FLASH);
    /* a sink with neither mapped nor read cannot serve a far match */
    fl_init(f, 16, 1);
    f->sink.mapped = NULL;
    memset(&fd, 0, sizeof fd);
    fd.p = c;
    fd.n = cl;
    fd.chunk = 1000;
    ob_inflate_init(&s);
    assert_int_equal(run_all(&s, &fd, &f->sink), OB_ERR_INF_DIST);
    free(raw);
    free(f);
}

/* ---- window sink */

typedef struct {
    uint8_t *p;
    size_t n, chunks;
} collect;

static int on_data(void *ctx, const uint8_t *p, uint32_t n)
{
    collect *c = (collect *)ctx;
    memcpy(c->p + c->n, p, n);
    c->n += n;
    c->chunks++;
    return OB_OK;
}

static void test_window_sink(void **st)
{
    size_t n = 300000, cl;
    uint8_t *raw = make_data(n, 21), *c = malloc(n * 2), *ring = malloc(65536);
    collect col = {malloc(n), 0, 0};
    ob_window_sink ws;
    ob_inflate s;
    feeder fd = {NULL, 0, 0, 0, 77, 0, 0};
    (void)st;
    cl = zdeflate(raw, n, c, n * 2, 9, 15, Z_DEFAULT_STRATEGY);
    fd.p = c;
    fd.n = cl;
    ob_window_sink_init(&ws, ring, 32768 + 1000, (uint32_t)n, on_data, &col); /* rounds to 32768 */
    assert_int_equal(ws.size, 32768);
    ob_inflate_init(&s);
    assert_int_equal(run_all(&s, &fd, &ws.sink), OB_INFLATE_DONE);
    assert_int_equal(ob_sink_finish(&ws.sink), OB_OK);
    assert_int_equal(col.n, n);
    assert_memory_equal(col.p, raw, n);
    assert_true(col.chunks >= n / 32768); /* the ring wrapped */

    /* limit */
    col.n = 0;
    fd.pos = 0;
    ob_window_sink_init(&ws, ring, 32768, (uint32_t)n - 1, on_data, &col);
    ob_inflate_init(&s);
    assert_int_equal(run_all(&s, &fd, &ws.sink), OB_ERR_INF_LIMIT);

    /* a ring smaller than the distances used */
    col.n = 0;
    fd.pos = 0;
    ob_window_sink_init(&ws, ring, 1024, (uint32_t)n, NULL, NULL);
    ob_inflate_init(&s);
    assert_int_equal(run_all(&s, &fd, &ws.sink), OB_ERR_INF_DIST);

    /* distance equal to the ring size: source and destination are the same
     * ring bytes. 4096 stored bytes, then matches of 258 at distance 4096. */
    {
        bw *w = calloc(1, sizeof *w);
        uint8_t *expect = malloc(4096 + 20 * 258);
        size_t i, m = 4096 + 20 * 258;
        put(w, 0, 3);
        w->bits = 8;
        put(w, 4096, 16);
        put(w, 0xFFFF ^ 4096, 16);
        for (i = 0; i < 4096; i++) {
            expect[i] = (uint8_t)rnd(&fd.rng);
            put(w, expect[i], 8);
        }
        for (; i < m; i++)
            expect[i] = expect[i - 4096];
        put(w, 1, 1);
        put(w, 1, 2);
        for (i = 0; i < 20; i++) {
            fixed_lit(w, 285);                    /* length 258 */
            put_code(w, 23, 5), put(w, 1023, 10); /* 3073 + 1023 = 4096 */
        }
        fixed_lit(w, 256);
        memset(&fd, 0, sizeof fd);
        fd.p = w->b;
        fd.n = bw_bytes(w);
        fd.chunk = 7;
        col.n = 0;
        ob_window_sink_init(&ws, ring, 4096, (uint32_t)m, on_data, &col);
        ob_inflate_init(&s);
        assert_int_equal(run_all(&s, &fd, &ws.sink), OB_INFLATE_DONE);
        assert_int_equal(ob_sink_finish(&ws.sink), OB_OK);
        assert_int_equal(col.n, m);
        assert_memory_equal(col.p, expect, m);
        free(w);
        free(expect);
    }
    free(raw);
    free(c);
    free(ring);
    free(col.p);
}

/* ---- unused bytes after the stream */

static void test_unused(void **st)
{
    size_t n = 20000, cl, chunk;
    uint8_t *raw = make_data(n, 13), *c = malloc(n * 2 + 16), *out = malloc(n);
    static const uint8_t trailer[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    (void)st;
    cl = zdeflate(raw, n, c, n * 2, 6, 15, Z_DEFAULT_STRATEGY);
    memcpy(c + cl, trailer, 8);
    for (chunk = 1; chunk <= 4096; chunk *= 4) {
        ob_inflate s;
        ob_sink o;
        feeder fd = {c, cl + 8, 0, chunk, 1, 0, 0};
        uint8_t got[16];
        size_t k = 0, m;
        ob_sink_mem_init(&o, out, (uint32_t)n);
        ob_inflate_init(&s);
        assert_int_equal(ob_inflate_unused(&s, got, sizeof got), 0); /* not done yet */
        assert_int_equal(run_all(&s, &fd, &o), OB_INFLATE_DONE);
        /* what was pulled but not used, then what was never pulled */
        while ((m = ob_inflate_unused(&s, got + k, 3)) > 0)
            k += m;
        assert_int_equal(k + (fd.n - fd.pos), 8);
        memcpy(got + k, c + fd.pos, fd.n - fd.pos);
        assert_memory_equal(got, trailer, 8);
        assert_int_equal(ob_inflate_unused(&s, got, sizeof got), 0);
        assert_int_equal(ob_inflate_run(&s, pull, &fd, &o), OB_INFLATE_DONE);
    }
    {
        size_t used;
        assert_int_equal(ob_inflate_mem(c, cl + 8, out, n, &used), (long)n);
        assert_int_equal(used, cl);
    }
    free(raw);
    free(c);
    free(out);
}

static void test_empty(void **st)
{
    uint8_t c[16] = {0}, out[4];
    size_t cl, used;
    uint32_t len;
    (void)st;
    cl = zdeflate(c, 0, c, sizeof c, 9, 15, Z_DEFAULT_STRATEGY);
    assert_int_equal(inflate_flat(c, cl, out, 0, &len), OB_INFLATE_DONE);
    assert_int_equal(len, 0);
    assert_int_equal(ob_inflate_mem(c, 0, out, sizeof out, &used), OB_ERR_TRUNCATED);
    assert_int_equal(ob_sink_finish(&(ob_sink){0}), OB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stored),
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_dynamic),
        cmocka_unit_test(test_dynamic_unused_dist_code),
        cmocka_unit_test(test_dynamic_repeats),
        cmocka_unit_test(test_err_block_type),
        cmocka_unit_test(test_err_stored_len),
        cmocka_unit_test(test_err_too_many_codes),
        cmocka_unit_test(test_err_clen_code),
        cmocka_unit_test(test_err_repeat_first),
        cmocka_unit_test(test_err_repeat_past_end),
        cmocka_unit_test(test_err_lit_codes),
        cmocka_unit_test(test_single_codes_accepted),
        cmocka_unit_test(test_err_dist_codes),
        cmocka_unit_test(test_err_fixed_symbols),
        cmocka_unit_test(test_err_dist_too_far),
        cmocka_unit_test(test_errors_sticky),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_resume_chunks),
        cmocka_unit_test(test_small_staging),
        cmocka_unit_test(test_straddling_match),
        cmocka_unit_test(test_flush_error),
        cmocka_unit_test(test_window_sink),
        cmocka_unit_test(test_unused),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
