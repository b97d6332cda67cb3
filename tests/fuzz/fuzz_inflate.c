/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the inflater (core/inflate.c) against zlib.
 *
 * Input: 2 parameter bytes, then a raw deflate stream (RFC 1951).
 *   byte 0: bits 0-5: staging-buffer size - 1 of the tiny sink (1..64 bytes);
 *           bit 6: the tiny sink reads back its earlier output through read()
 *           (as on a flash that is not memory-mapped) instead of a mapping
 *   byte 1: seed of the input chunk sizes (resumable decoding, 1..32 bytes)
 * The stream is decoded four ways: ob_inflate_mem (flat memory), the tiny
 * staging sink with input in small chunks, the 32 KiB ring of the receiver's
 * dry run, and zlib (inflateInit2 with windowBits -15). zlib's verdict rules:
 *   - zlib ends the stream: ours ends it too, with identical output and the
 *     same number of input bytes consumed (the gzip trailer starts there);
 *   - zlib reports a data error: ours reports an inflate error;
 *   - zlib wants more input: ours reports a truncated stream;
 *   - zlib's output passes LIMIT (64 KiB): ours stops with OB_ERR_INF_LIMIT.
 * Where zlib accepts codes RFC 1951 leaves open (an incomplete code with a
 * single one-bit code, an unused empty distance code), so must we: the
 * receiver and bl1 must not refuse a file gzip wrote and gunzip reads. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "inflate.h"

/* Output limit: two windows' worth, so the 32 KiB ring wraps twice and
 * every distance up to 32768 is reachable; past it every decoder must stop
 * with the limit error. (Each output byte is decoded three ways under full
 * instrumentation: a larger limit only makes the runaway inputs slower.) */
#define LIMIT (64u * 1024u)

static uint8_t ref[LIMIT + 1];
static uint8_t flat[LIMIT];
static uint8_t tiny_out[LIMIT];
static uint8_t ring_out[LIMIT];
static uint8_t ring[32768];
static uint32_t ring_len;

enum { V_OK, V_DATA, V_TRUNC, V_LIMIT };

static int classify(long rc)
{
    if (rc >= 0)
        return V_OK;
    if (rc == OB_ERR_TRUNCATED)
        return V_TRUNC;
    if (rc == OB_ERR_INF_LIMIT)
        return V_LIMIT;
    if (rc <= OB_ERR_INF_BLOCK_TYPE && rc >= OB_ERR_INF_NO_EOB && rc != OB_ERR_INF_LIMIT)
        return V_DATA;
    abort(); /* not an inflate verdict at all */
}

/* ---- the tiny staging sink: flushes into tiny_out, reads back from it ---- */
typedef struct {
    ob_sink s;
    uint8_t stage[64];
} tiny_sink;

static int tiny_flush(ob_sink *s)
{
    if (s->flushed + s->len > LIMIT)
        abort(); /* the inflater must never hand out more than the limit */
    memcpy(tiny_out + s->flushed, s->buf, s->len);
    s->flushed += s->len;
    s->len = 0;
    return OB_OK;
}

static int tiny_read(ob_sink *s, uint32_t off, uint8_t *dst, uint32_t n)
{
    if ((uint64_t)off + n > s->flushed)
        abort(); /* read-back only of what was flushed (inflate.h) */
    memcpy(dst, tiny_out + off, n);
    return OB_OK;
}

typedef struct {
    const uint8_t *p;
    size_t n;
    size_t given;
    uint32_t seed;
} chunker;

static size_t pull_chunks(void *ctx, const uint8_t **chunk)
{
    chunker *c = (chunker *)ctx;
    if (c->given == c->n)
        return 0;
    c->seed ^= c->seed << 13;
    c->seed ^= c->seed >> 17;
    c->seed ^= c->seed << 5;
    size_t k = 1 + c->seed % 32;
    if (k > c->n - c->given)
        k = c->n - c->given;
    *chunk = c->p + c->given;
    c->given += k;
    return k;
}

static size_t pull_all(void *ctx, const uint8_t **chunk)
{
    chunker *c = (chunker *)ctx;
    size_t k = c->n - c->given;
    *chunk = c->p + c->given;
    c->given = c->n;
    return k;
}

static size_t unused_bytes(ob_inflate *s)
{
    uint8_t tmp[16];
    size_t k, total = 0;
    while ((k = ob_inflate_unused(s, tmp, sizeof tmp)) > 0)
        total += k;
    return total;
}

static long run_tiny(const uint8_t *p, size_t n, unsigned cap, int mapped, uint32_t seed, size_t *consumed)
{
    static ob_inflate st;
    static tiny_sink ts;
    chunker c = {p, n, 0, seed | 1u};
    memset(&ts, 0, sizeof ts);
    ts.s.buf = ts.stage;
    ts.s.cap = cap;
    ts.s.limit = LIMIT;
    ts.s.flush = tiny_flush;
    ts.s.read = tiny_read;
    ts.s.mapped = mapped ? tiny_out : NULL;
    ob_inflate_init(&st);
    int rc;
    /* the pull callback runs dry after every chunk: resume like the receiver */
    do {
        rc = ob_inflate_run(&st, pull_chunks, &c, &ts.s);
    } while (rc == OB_INFLATE_NEED_INPUT && c.given < c.n);
    if (rc == OB_INFLATE_NEED_INPUT)
        return OB_ERR_TRUNCATED;
    if (rc != OB_INFLATE_DONE)
        return rc;
    if (ob_inflate_run(&st, pull_chunks, &c, &ts.s) != OB_INFLATE_DONE)
        abort(); /* done is final */
    *consumed = c.given - unused_bytes(&st);
    if (ob_sink_finish(&ts.s) != OB_OK)
        abort();
    return (long)ts.s.flushed;
}

static int ring_data(void *ctx, const uint8_t *p, uint32_t n)
{
    (void)ctx;
    if (ring_len + n > LIMIT)
        abort();
    memcpy(ring_out + ring_len, p, n);
    ring_len += n;
    return OB_OK;
}

static long run_ring(const uint8_t *p, size_t n, size_t *consumed)
{
    static ob_inflate st;
    static ob_window_sink w;
    chunker c = {p, n, 0, 1};
    ring_len = 0;
    ob_window_sink_init(&w, ring, sizeof ring, LIMIT, ring_data, NULL);
    ob_inflate_init(&st);
    int rc = ob_inflate_run(&st, pull_all, &c, &w.sink);
    if (rc == OB_INFLATE_NEED_INPUT)
        return OB_ERR_TRUNCATED;
    if (rc != OB_INFLATE_DONE)
        return rc;
    *consumed = c.given - unused_bytes(&st);
    if (ob_sink_finish(&w.sink) != OB_OK)
        abort();
    return (long)ring_len;
}

static int run_zlib(const uint8_t *p, size_t n, size_t *out_len, size_t *consumed)
{
    int zr = zlib_inflate_raw(p, n, ref, sizeof ref, out_len, consumed);
    if (*out_len > LIMIT)
        return V_LIMIT;
    if (zr == Z_STREAM_END)
        return V_OK;
    if (zr == Z_DATA_ERROR)
        return V_DATA;
    if (zr == Z_BUF_ERROR)
        return *out_len == sizeof ref ? V_LIMIT : V_TRUNC;
    abort();
}

/* Verdict of one decoder on the stream followed by 4 KiB of `fill`. */
static uint8_t ext[65536 + 4096];

static int zlib_extended(const uint8_t *p, size_t n, uint8_t fill)
{
    size_t len, used;
    memcpy(ext, p, n);
    memset(ext + n, fill, 4096);
    return run_zlib(ext, n + 4096, &len, &used);
}

static int ours_extended(const uint8_t *p, size_t n, uint8_t fill)
{
    size_t used;
    memcpy(ext, p, n);
    memset(ext + n, fill, 4096);
    return classify(ob_inflate_mem(ext, n + 4096, flat, LIMIT, &used));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 65536)
        return 0;
    unsigned cap = (data[0] & 63u) + 1u;
    int mapped = !(data[0] & 64u);
    uint32_t seed = data[1] * 2654435761u;
    const uint8_t *p = data + 2;
    size_t n = size - 2;

    size_t zlen, zused, used_flat = 0, used_tiny = 0, used_ring = 0;
    int zv = run_zlib(p, n, &zlen, &zused);
    long rf = ob_inflate_mem(p, n, flat, LIMIT, &used_flat);
    long rt = run_tiny(p, n, cap, mapped, seed, &used_tiny);
    long rr = run_ring(p, n, &used_ring);
    int ov = classify(rf);
    /* our three ways agree exactly: same verdict, same error */
    if (classify(rt) != ov || classify(rr) != ov || (ov != V_OK && (rf != rt || rf != rr)))
        abort();
    if (zv == V_OK || ov == V_OK) {
        if (zv != ov)
            abort(); /* one accepts what the other refuses */
        if ((size_t)rf != zlen || (size_t)rt != zlen || (size_t)rr != zlen)
            abort();
        if (memcmp(flat, ref, zlen) || memcmp(tiny_out, ref, zlen) || memcmp(ring_out, ref, zlen))
            abort();
        if (used_flat != zused || used_tiny != zused || used_ring != zused)
            abort();
        return 0;
    }
    if (zv == ov)
        return 0;
    /* Both refuse, for different reasons. Our limit check may come before
     * zlib's look at the rest of a match (its distance, or the input for it);
     * zlib past the limit means our verdict must be the limit too. */
    if (zv == V_LIMIT)
        abort();
    if (ov == V_LIMIT)
        return 0;
    /* One saw a data error where the other still wanted input (zlib reads an
     * empty code-length code as lengths of 0 and fails only at the missing
     * end-of-block code, for one): whichever wanted input must refuse the
     * stream once given more. */
    if (ov == V_TRUNC && (ours_extended(p, n, 0) == V_OK || ours_extended(p, n, 0xFF) == V_OK))
        abort();
    if (zv == V_TRUNC && (zlib_extended(p, n, 0) == V_OK || zlib_extended(p, n, 0xFF) == V_OK))
        abort();
    return 0;
}
