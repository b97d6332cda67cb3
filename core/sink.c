/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: inflate sinks that live in RAM: flat memory and the dry-run ring
 * (see sink.h; the flash sink is core/flash_sink.c). */
#include "sink.h"

#include <string.h>

int ob_sink_finish(ob_sink *s)
{
    if (s->len == 0 || !s->flush)
        return OB_OK;
    return s->flush(s);
}

void ob_sink_mem_init(ob_sink *s, uint8_t *dst, uint32_t cap)
{
    memset(s, 0, sizeof *s);
    s->buf = dst;
    s->cap = cap;
    s->limit = cap;
}

/* The staging part is the ring from the next output position to the ring's
 * end, so output is written once and never moved. */
static int win_flush(ob_sink *s)
{
    ob_window_sink *w = (ob_window_sink *)s->ctx;
    uint32_t pos;
    if (w->on_data && s->len) {
        int rc = w->on_data(w->data_ctx, s->buf, s->len);
        if (rc != OB_OK)
            return rc;
    }
    s->flushed += s->len;
    s->len = 0;
    pos = s->flushed & (w->size - 1);
    s->buf = w->ring + pos;
    s->cap = w->size - pos;
    return OB_OK;
}

/* Output older than `size` bytes before the current end has been overwritten
 * by the staging part. memmove: with a distance close to the ring size the
 * source and the staging destination can be the same ring bytes, and each
 * byte is still read before it is replaced (see docs/INFLATE.md). */
static int win_read(ob_sink *s, uint32_t off, uint8_t *dst, uint32_t n)
{
    ob_window_sink *w = (ob_window_sink *)s->ctx;
    if (ob_sink_total(s) - off > w->size || off + n > s->flushed || off > s->flushed)
        return OB_ERR_INF_DIST;
    while (n) {
        uint32_t pos = off & (w->size - 1), k = OB_MIN(n, w->size - pos);
        memmove(dst, w->ring + pos, k);
        dst += k;
        off += k;
        n -= k;
    }
    return OB_OK;
}

void ob_window_sink_init(ob_window_sink *w, uint8_t *ring, uint32_t size, uint32_t limit,
                         ob_data_fn on_data, void *data_ctx)
{
    memset(w, 0, sizeof *w);
    while (size & (size - 1)) /* keep the highest bit: a power of two */
        size &= size - 1;
    w->ring = ring;
    w->size = size;
    w->on_data = on_data;
    w->data_ctx = data_ctx;
    w->sink.buf = ring;
    w->sink.cap = size;
    w->sink.limit = limit;
    w->sink.flush = win_flush;
    w->sink.read = win_read;
    w->sink.ctx = w;
}
