/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: flash geometry queries and helpers over the ob_flash interface.
 *
 * Addresses are 32-bit and a chip may end exactly at 0xFFFFFFFF + 1, so every
 * end address is computed in 64 bits: addr + len never wraps here. */
#include "flash.h"

#include <string.h>

/* Bytes covered by one run, in 64 bits (count * size can exceed 32 bits). */
static uint64_t run_bytes(const ob_sector_run *r)
{
    return (uint64_t)r->count * r->size;
}

static uint64_t total64(const ob_flash_geom *g)
{
    uint64_t t = 0;
    if (g == NULL || g->runs == NULL)
        return 0;
    for (uint8_t i = 0; i < g->nruns; i++)
        t += run_bytes(&g->runs[i]);
    return t;
}

/* Saturates at UINT32_MAX: a 4 GiB flash is not representable in 32 bits. */
uint32_t ob_flash_total_size(const ob_flash_geom *g)
{
    uint64_t t = total64(g);
    return t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

uint32_t ob_flash_sector_count(const ob_flash_geom *g)
{
    uint32_t n = 0;
    if (g == NULL || g->runs == NULL)
        return 0;
    for (uint8_t i = 0; i < g->nruns; i++)
        n += g->runs[i].count;
    return n;
}

/* 1 when [addr, addr+len) lies inside the flash (len 0: addr inside or at the end). */
static int in_flash(const ob_flash_geom *g, uint32_t addr, uint32_t len)
{
    if (g == NULL || addr < g->base)
        return 0;
    return (uint64_t)(addr - g->base) + len <= total64(g);
}

int ob_flash_sector_of(const ob_flash_geom *g, uint32_t addr, uint32_t *index, uint32_t *start,
                       uint32_t *size)
{
    if (g == NULL || g->runs == NULL || addr < g->base)
        return OB_ERR_RANGE;
    uint64_t off = addr - g->base;
    uint64_t run_start = 0;
    uint32_t first = 0;
    for (uint8_t i = 0; i < g->nruns; i++) {
        const ob_sector_run *r = &g->runs[i];
        uint64_t len = run_bytes(r);
        if (r->size != 0 && off < run_start + len) {
            /* off < 2^32, so the offset into the run fits 32 bits: a 32-bit
             * division keeps libgcc's 64-bit divider out of bl1 */
            uint32_t k = (uint32_t)(off - run_start) / r->size;
            if (index != NULL)
                *index = first + k;
            if (start != NULL)
                *start = (uint32_t)(g->base + run_start + (uint64_t)k * r->size);
            if (size != NULL)
                *size = r->size;
            return OB_OK;
        }
        run_start += len;
        first += r->count;
    }
    return OB_ERR_RANGE;
}

int ob_flash_sector_at(const ob_flash_geom *g, uint32_t index, uint32_t *start, uint32_t *size)
{
    if (g == NULL || g->runs == NULL)
        return OB_ERR_RANGE;
    uint64_t pos = g->base;
    for (uint8_t i = 0; i < g->nruns; i++) {
        const ob_sector_run *r = &g->runs[i];
        if (index < r->count) {
            uint64_t s = pos + (uint64_t)index * r->size;
            if (s > UINT32_MAX)
                return OB_ERR_RANGE;
            if (start != NULL)
                *start = (uint32_t)s;
            if (size != NULL)
                *size = r->size;
            return OB_OK;
        }
        index -= r->count;
        pos += run_bytes(r);
    }
    return OB_ERR_RANGE;
}

uint32_t ob_flash_erase_ms(const ob_flash_geom *g, uint32_t addr)
{
    uint32_t idx;
    if (ob_flash_sector_of(g, addr, &idx, NULL, NULL) != OB_OK)
        return 0;
    for (uint8_t i = 0; i < g->nruns; i++) {
        if (idx < g->runs[i].count)
            return g->runs[i].erase_ms;
        idx -= g->runs[i].count;
    }
    return 0;
}

/* An empty range is not a run of whole sectors: len 0 gives 0. */
int ob_flash_is_sector_aligned(const ob_flash_geom *g, uint32_t addr, uint32_t len)
{
    uint32_t start;
    if (len == 0 || !in_flash(g, addr, len))
        return 0;
    if (ob_flash_sector_of(g, addr, NULL, &start, NULL) != OB_OK || start != addr)
        return 0;
    uint64_t end = (uint64_t)addr + len;
    if (end == g->base + total64(g))
        return 1; /* ends at the end of the chip */
    return ob_flash_sector_of(g, (uint32_t)end, NULL, &start, NULL) == OB_OK && start == end;
}

int ob_flash_erase_range(ob_flash *f, uint32_t addr, uint32_t len)
{
    uint32_t start, size;
    if (f == NULL || f->geom == NULL || f->erase == NULL)
        return OB_ERR_ARG;
    /* Checked before the first erase so a bad range erases nothing. */
    if (!in_flash(f->geom, addr, len))
        return OB_ERR_RANGE;
    if (len == 0)
        return OB_OK;
    if (ob_flash_sector_of(f->geom, addr, NULL, &start, NULL) != OB_OK)
        return OB_ERR_RANGE;
    if (start != addr)
        return OB_ERR_ALIGN;
    uint64_t end = (uint64_t)addr + len;
    uint64_t cur = addr;
    while (cur < end) {
        if (ob_flash_sector_of(f->geom, (uint32_t)cur, NULL, &start, &size) != OB_OK)
            return OB_ERR_RANGE;
        int rc = f->erase(f, start);
        if (rc != OB_OK)
            return rc;
        cur = (uint64_t)start + size;
    }
    return OB_OK;
}

int ob_flash_read(ob_flash *f, uint32_t addr, void *dst, uint32_t len)
{
    if (f == NULL || f->geom == NULL || (dst == NULL && len != 0))
        return OB_ERR_ARG;
    if (!in_flash(f->geom, addr, len))
        return OB_ERR_RANGE;
    if (len == 0)
        return OB_OK;
    if (f->mapped != NULL) {
        memcpy(dst, f->mapped + (addr - f->geom->base), len);
        return OB_OK;
    }
    if (f->read == NULL)
        return OB_ERR_ARG;
    return f->read(f, addr, dst, len);
}

int ob_flash_is_erased(ob_flash *f, uint32_t addr, uint32_t len)
{
    uint8_t buf[64];
    if (f == NULL || f->geom == NULL)
        return OB_ERR_ARG;
    if (!in_flash(f->geom, addr, len))
        return OB_ERR_RANGE;
    if (f->mapped != NULL) {
        const uint8_t *p = f->mapped + (addr - f->geom->base);
        for (uint32_t i = 0; i < len; i++)
            if (p[i] != 0xFF)
                return 0;
        return 1;
    }
    while (len > 0) {
        uint32_t n = OB_MIN(len, (uint32_t)sizeof buf);
        int rc = ob_flash_read(f, addr, buf, n);
        if (rc != OB_OK)
            return rc;
        /* cppcheck-suppress knownConditionTrueFalse ; false positive: n >= 1 inside while (len > 0) */
        for (uint32_t i = 0; i < n; i++)
            if (buf[i] != 0xFF)
                return 0;
        addr += n;
        len -= n;
    }
    return 1;
}
