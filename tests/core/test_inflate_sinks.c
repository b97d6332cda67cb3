/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: unit tests of the streaming inflater (core/inflate.c) writing
 * through sinks (core/sink.c) as the firmware does: a small staging buffer
 * flushed to a flash-like store, and the window sink. Streams come from zlib
 * (raw deflate) or, for matches at chosen distances, are built by hand. */
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
    cl = zdeflate(raw, n, c, n * 2, 9, 15, 8, Z_DEFAULT_STRATEGY);
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
    cl = zdeflate(raw, n, c, sizeof c, 6, 15, 8, Z_DEFAULT_STRATEGY);
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
    cl = zdeflate(raw, n, c, n * 2, 9, 15, 8, Z_DEFAULT_STRATEGY);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_staging),
        cmocka_unit_test(test_straddling_match),
        cmocka_unit_test(test_flush_error),
        cmocka_unit_test(test_window_sink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
