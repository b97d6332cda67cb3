/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: where the inflater's output goes (core/inflate.h). A sink stages
 * new output in a buffer, hands it on when the buffer is full (flush), and
 * can give back its own earlier output (mapped or read), which is what lets
 * the inflater work without a window of its own. Here: the sink interface
 * and the two sinks in RAM (core/sink.c); the flash sink is
 * core/flash_sink.h. */
#ifndef OB_SINK_H
#define OB_SINK_H

#include "ob.h"

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

#endif
