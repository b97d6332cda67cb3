/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: unit tests for the streaming inflater (core/inflate.c) and its
 * RAM sinks (core/sink.c). Error paths use bit streams built by hand after
 * RFC 1951 sections 3.2.3-3.2.7; valid streams of realistic size come from
 * zlib (raw deflate). Sinks that flush (flash-like, window): test_inflate_sinks.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "deflate_gen.h"
#include "inflate.h"
#include "inflate_feed.h"

/* The verdict on a hand-built stream. */
static int inflate_err(const bw *w)
{
    static uint8_t out[70000];
    uint32_t len;
    return inflate_flat(w->b, bw_bytes(w), out, sizeof out, &len);
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
    size_t cl = zdeflate(raw, 5000, c, sizeof c, 6, 15, 8, Z_DEFAULT_STRATEGY), cut;
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
    size_t cl = zdeflate(raw, 3000, c, sizeof c, 9, 15, 8, Z_DEFAULT_STRATEGY), used;
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
        cl = zdeflate(raw, n, c, n * 2, 6, 15, 8, strategies[i]);
        check_chunked(raw, n, c, cl, 1, 1);  /* one byte per call, resumed each time */
        check_chunked(raw, n, c, cl, 0, 0);  /* random chunk sizes */
        check_chunked(raw, n, c, cl, 0, 1);
    }
    cl = zdeflate(raw, n, c, n * 2, 0, 15, 8, Z_DEFAULT_STRATEGY); /* stored */
    check_chunked(raw, n, c, cl, 1, 1);
    check_chunked(raw, n, c, cl, 0, 1);
    free(raw);
    free(c);
}

/* ---- unused bytes after the stream */

static void test_unused(void **st)
{
    size_t n = 20000, cl, chunk;
    uint8_t *raw = make_data(n, 13), *c = malloc(n * 2 + 16), *out = malloc(n);
    static const uint8_t trailer[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    (void)st;
    cl = zdeflate(raw, n, c, n * 2, 6, 15, 8, Z_DEFAULT_STRATEGY);
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
    cl = zdeflate(c, 0, c, sizeof c, 9, 15, 8, Z_DEFAULT_STRATEGY);
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
        cmocka_unit_test(test_unused),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
