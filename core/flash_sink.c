/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: sequential flash writer / inflate sink (see flash_sink.h). */
#include "flash_sink.h"

#include <string.h>

/* Erases sectors until [.., end) is covered. Only sectors the data reaches. */
static int erase_until(ob_flash_sink *fs, uint32_t end)
{
    while (fs->erased_end < end) {
        uint32_t start, size;
        int rc = ob_flash_sector_of(fs->flash->geom, fs->erased_end, NULL, &start, &size);
        if (rc != OB_OK)
            return rc;
        /* The first sector may start before base (a region that begins
         * inside it): it is erased whole, which the caller chose. */
        rc = fs->flash->erase(fs->flash, start);
        if (rc != OB_OK)
            return rc;
        fs->erased_end = start + size;
        if (fs->platform && fs->platform->watchdog_kick)
            fs->platform->watchdog_kick(fs->platform);
    }
    return OB_OK;
}

static int program_staged(ob_flash_sink *fs, int pad)
{
    ob_sink *s = &fs->sink;
    uint32_t align = fs->flash->geom->prog_align;
    uint32_t n = s->len;
    if (n == 0)
        return OB_OK;
    if (n % align) {
        if (!pad)
            return OB_ERR_ALIGN;
        uint32_t padded = (n + align - 1) / align * align;
        memset(s->buf + n, 0xFF, padded - n);
        n = padded;
    }
    uint32_t addr = fs->base + s->flushed;
    if (s->flushed + n > fs->size)
        return OB_ERR_INF_LIMIT;
    int rc = erase_until(fs, addr + n);
    if (rc == OB_OK)
        rc = fs->flash->program(fs->flash, addr, s->buf, n);
    if (rc != OB_OK)
        return rc;
    s->flushed += s->len;
    s->len = 0;
    return OB_OK;
}

static int sink_flush(ob_sink *s)
{
    return program_staged((ob_flash_sink *)s->ctx, 0);
}

static int sink_read(ob_sink *s, uint32_t off, uint8_t *dst, uint32_t n)
{
    ob_flash_sink *fs = (ob_flash_sink *)s->ctx;
    return fs->flash->read(fs->flash, fs->base + off, dst, n);
}

void ob_flash_sink_init(ob_flash_sink *fs, ob_flash *f, uint32_t base, uint32_t size,
                        uint8_t *stage, uint32_t stage_len)
{
    memset(fs, 0, sizeof *fs);
    fs->flash = f;
    fs->base = base;
    fs->size = size;
    fs->erased_end = base;
    fs->sink.buf = stage;
    fs->sink.cap = stage_len;
    fs->sink.limit = size;
    fs->sink.mapped = f->mapped ? f->mapped + (base - f->geom->base) : NULL;
    fs->sink.flush = sink_flush;
    fs->sink.read = sink_read;
    fs->sink.ctx = fs;
}

int ob_flash_sink_write(ob_flash_sink *fs, const uint8_t *p, uint32_t n)
{
    ob_sink *s = &fs->sink;
    if (n > s->limit - ob_sink_total(s) || ob_sink_total(s) > s->limit)
        return OB_ERR_INF_LIMIT;
    while (n) {
        if (s->len == s->cap) {
            int rc = program_staged(fs, 0);
            if (rc != OB_OK)
                return rc;
        }
        uint32_t k = OB_MIN(n, s->cap - s->len);
        memcpy(s->buf + s->len, p, k);
        s->len += k;
        p += k;
        n -= k;
    }
    return OB_OK;
}

int ob_flash_sink_finish(ob_flash_sink *fs)
{
    return program_staged(fs, 1);
}
