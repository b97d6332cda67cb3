/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: streaming RFC 1951 inflate with no window of its own.
 *
 * Input is pulled through a callback in chunks of any size (down to one
 * byte); when the callback has nothing, ob_inflate_run returns
 * OB_INFLATE_NEED_INPUT and can be called again later: all state is in
 * ob_inflate. Output goes to an ob_sink, which can read back its own earlier
 * output: on memory-mapped flash that read is a plain memory read of what was
 * already programmed, so no 32 KiB window exists; only the sink's staging
 * buffer (the not-yet-programmed tail) is in RAM. Design, limits and figures:
 * docs/INFLATE.md. */
#ifndef OB_INFLATE_H
#define OB_INFLATE_H

#include "ob.h"
#include "ob_opt.h" /* OB_INFLATE_LIT_BITS, OB_INFLATE_DIST_BITS, OB_INFLATE_BITBUF */

typedef struct ob_sink ob_sink;
struct ob_sink {
    uint8_t *buf;        /* staging buffer for new output */
    uint32_t cap;        /* its size (>= 1) */
    uint32_t len;        /* bytes in buf not yet flushed */
    uint32_t flushed;    /* total output bytes handed to flush() before buf[0] */
    uint32_t limit;      /* maximum total output; more is OB_ERR_INF_LIMIT */
    /* Non-NULL: earlier output byte i (i < flushed) can be read at mapped[i]. */
    const uint8_t *mapped;
    /* Consumes buf[0..len): on success sets flushed += len, len = 0 (it may
     * move buf/cap). NULL: the buffer can never be flushed (flat memory). */
    int (*flush)(ob_sink *s);
    /* Used when mapped == NULL: copies earlier output [off, off+n) (off+n <= flushed). */
    int (*read)(ob_sink *s, uint32_t off, uint8_t *dst, uint32_t n);
    void *ctx;
};

static inline uint32_t ob_sink_total(const ob_sink *s) { return s->flushed + s->len; }
/* Hands the remaining staged bytes to flush() (end of stream). */
int ob_sink_finish(ob_sink *s);

/* Flat memory: output goes straight to dst[0..cap); limit = cap. */
void ob_sink_mem_init(ob_sink *s, uint8_t *dst, uint32_t cap);

/* RAM window for dry runs: a ring of `size` bytes (a power of two >= 32768
 * for arbitrary streams; another size is rounded down to a power of two); each
 * chunk is passed to on_data (may be NULL) as it leaves the staging part. A
 * back-reference further back than `size` fails with OB_ERR_INF_DIST. limit
 * bounds the total output. */
typedef int (*ob_data_fn)(void *ctx, const uint8_t *p, uint32_t n);
typedef struct {
    ob_sink sink;
    uint8_t *ring;
    uint32_t size;
    ob_data_fn on_data;
    void *data_ctx;
} ob_window_sink;
void ob_window_sink_init(ob_window_sink *w, uint8_t *ring, uint32_t size, uint32_t limit,
                         ob_data_fn on_data, void *data_ctx);

/* Pulls the next chunk of input: sets *chunk and returns its length, or 0
 * when nothing is available now. */
typedef size_t (*ob_pull_fn)(void *ctx, const uint8_t **chunk);

/* Inflater state. Opaque in use; public so callers can place it without malloc.
 * Symbols are kept as bytes sorted by (code length, symbol); litlen symbols
 * 256..287 are recognised by their position (lit_hi), which saves 288 bytes. */
typedef struct {
    uint8_t state, final;
    int8_t err;                  /* sticky error once state is the error state */
    uint_fast32_t bitbuf;        /* bits not yet used, LSB first; bits >= bitcnt are 0 (holds OB_INFLATE_BITBUF) */
    uint32_t bitcnt;
    const uint8_t *in;           /* rest of the current input chunk */
    size_t in_avail;
    uint16_t len, sym;           /* stored bytes left / match length; pending symbol */
    uint16_t have, nlen, ndist, ncode;
    uint16_t lit_count[16], dist_count[16], lit_hi[16];
    union {
        uint16_t fast[1u << OB_INFLATE_LIT_BITS]; /* entry: symbol << 4 | code length; 0: slow */
        uint8_t lens[288 + 32];                   /* code lengths while a header is read */
    } lit;
    uint16_t dist_fast[1u << OB_INFLATE_DIST_BITS];
    uint8_t lit_sym[288], dist_sym[32];
} ob_inflate;

#define OB_INFLATE_DONE 0       /* final block ended */
#define OB_INFLATE_NEED_INPUT 1 /* pull returned 0: call again with more input */

void ob_inflate_init(ob_inflate *s);
/* Runs until the stream ends, input runs out or an error. Errors are sticky. */
int ob_inflate_run(ob_inflate *s, ob_pull_fn pull, void *pull_ctx, ob_sink *out);
/* After OB_INFLATE_DONE: copies up to cap bytes that were pulled but not used
 * by the deflate stream (the start of the gzip trailer and beyond), first those
 * held in the bit buffer, then the rest of the current chunk. Returns the count;
 * each byte is returned once. */
size_t ob_inflate_unused(ob_inflate *s, uint8_t *dst, size_t cap);

/* One-shot convenience over a memory buffer into a memory buffer:
 * returns bytes written (>= 0) or an error; *consumed gets the input used. */
long ob_inflate_mem(const uint8_t *src, size_t srclen, uint8_t *dst, size_t dstcap, size_t *consumed);

#endif
