/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host port: the simulated NOR flash. See simflash.h for the rules. */
#include "simflash.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* xorshift32: small, deterministic from the seed, good enough to pick bits. */
static uint32_t rng_next(simflash *sf)
{
    uint32_t x = sf->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    sf->rng = x;
    return x;
}

static int in_range(const simflash *sf, uint32_t addr, uint32_t len)
{
    return addr >= sf->geom->base && (uint64_t)(addr - sf->geom->base) + len <= sf->size;
}

/* Writes [off, off+len) of the buffer through to the file (or marks it dirty). */
static int persist(simflash *sf, uint32_t off, uint32_t len)
{
    if (sf->file == NULL)
        return OB_OK;
    if (!sf->autosync) {
        sf->dirty = 1;
        return OB_OK;
    }
    if (fseek(sf->file, (long)off, SEEK_SET) != 0 || fwrite(sf->mem + off, 1, len, sf->file) != len ||
        fflush(sf->file) != 0)
        return OB_ERR_FLASH;
    return OB_OK;
}

/* Fault injection and the hook: OB_OK lets the operation run. */
static int injected(simflash *sf, simflash_op op, uint32_t addr, uint32_t len)
{
    if (sf->fail_armed && (sf->fail_mask & (unsigned)op)) {
        if (sf->fail_left == 0) {
            sf->fail_armed = 0;
            return OB_ERR_FLASH;
        }
        sf->fail_left--;
    }
    if (sf->hook != NULL)
        return sf->hook(sf->hook_arg, op, addr, len);
    return OB_OK;
}

/* Takes the next mutating operation index; 1 when the cut hits it. */
static int cut_now(simflash *sf)
{
    uint64_t idx = sf->ops++;
    return sf->cut_armed && idx == sf->cut_at;
}

static void torn_program(simflash *sf, uint8_t *dst, const uint8_t *src, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        uint8_t to_clear = (uint8_t)(dst[i] & ~src[i]);
        dst[i] = (uint8_t)(dst[i] & ~(to_clear & (uint8_t)rng_next(sf)));
    }
}

static void partial_erase(simflash *sf, uint8_t *dst, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        uint32_t r = rng_next(sf);
        switch (r % 3) {
        case 0: dst[i] = 0xFF; break;
        case 1: break;
        default: dst[i] = (uint8_t)(r >> 8); break;
        }
    }
}

/* The cut hits this operation: do what its kind says, then the device dies. */
static int power_cut(simflash *sf, simflash_op op, uint32_t off, const uint8_t *src, uint32_t len)
{
    sf->cut_armed = 0;
    sf->dead = 1;
    if (sf->cut_kind != OB_CUT_BEFORE) {
        if (op == SIMFLASH_OP_PROGRAM)
            torn_program(sf, sf->mem + off, src, len);
        else
            partial_erase(sf, sf->mem + off, len);
        (void)persist(sf, off, len); /* the file holds what the cut left */
    }
    return OB_ERR_POWER_CUT;
}

static int sim_read(ob_flash *f, uint32_t addr, void *dst, uint32_t len)
{
    simflash *sf = f->ctx;
    if (sf->dead)
        return OB_ERR_POWER_CUT;
    if (dst == NULL && len != 0)
        return OB_ERR_ARG;
    if (!in_range(sf, addr, len))
        return OB_ERR_RANGE;
    if (len == 0)
        return OB_OK;
    int rc = injected(sf, SIMFLASH_OP_READ, addr, len);
    if (rc != OB_OK)
        return rc;
    memcpy(dst, sf->mem + (addr - sf->geom->base), len);
    sf->stats.reads++;
    sf->stats.read_bytes += len;
    return OB_OK;
}

/* 1 when all len bytes at p are 0xFF. */
static int all_erased(const uint8_t *p, uint32_t len)
{
    uint32_t i = 0;
    for (; i + 8u <= len; i += 8u) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w != UINT64_MAX)
            return 0;
    }
    for (; i < len; i++)
        if (p[i] != 0xFF)
            return 0;
    return 1;
}

static int sim_program(ob_flash *f, uint32_t addr, const void *src, uint32_t len)
{
    simflash *sf = f->ctx;
    const uint8_t *s = src;
    if (sf->dead)
        return OB_ERR_POWER_CUT;
    if (src == NULL && len != 0)
        return OB_ERR_ARG;
    if (!in_range(sf, addr, len))
        return OB_ERR_RANGE;
    if (addr % sf->geom->prog_align != 0 || len % sf->geom->prog_align != 0)
        return OB_ERR_ALIGN;
    if (len == 0)
        return OB_OK;
    uint32_t off = addr - sf->geom->base;
    /* The cut wins over injection: it is the power, not the controller. */
    if (cut_now(sf))
        return power_cut(sf, SIMFLASH_OP_PROGRAM, off, s, len);
    int rc = injected(sf, SIMFLASH_OP_PROGRAM, addr, len);
    if (rc != OB_OK)
        return rc;
    uint8_t *d = sf->mem + off;
    if (sf->strict && !all_erased(d, len))
        return OB_ERR_NOT_ERASED;
    /* NOR programming clears bits: eight bytes at a time, then the rest
     * (the fuzz targets and the power-cut harness program megabytes) */
    uint32_t i = 0;
    for (; i + 8u <= len; i += 8u) {
        uint64_t a, b;
        memcpy(&a, d + i, 8);
        memcpy(&b, s + i, 8);
        a &= b;
        memcpy(d + i, &a, 8);
    }
    for (; i < len; i++)
        d[i] &= s[i];
    sf->stats.programs++;
    sf->stats.prog_bytes += len;
    sf->stats.busy_us += (uint64_t)(len / sf->geom->prog_align) * sf->geom->prog_word_us;
    return persist(sf, off, len);
}

static int sim_erase(ob_flash *f, uint32_t sector_addr)
{
    simflash *sf = f->ctx;
    uint32_t index, start, size;
    if (sf->dead)
        return OB_ERR_POWER_CUT;
    if (ob_flash_sector_of(sf->geom, sector_addr, &index, &start, &size) != OB_OK)
        return OB_ERR_RANGE;
    if (start != sector_addr)
        return OB_ERR_ALIGN;
    uint32_t off = start - sf->geom->base;
    /* The cut wins over injection: it is the power, not the controller. */
    if (cut_now(sf))
        return power_cut(sf, SIMFLASH_OP_ERASE, off, NULL, size);
    int rc = injected(sf, SIMFLASH_OP_ERASE, start, size);
    if (rc != OB_OK)
        return rc;
    memset(sf->mem + off, 0xFF, size);
    sf->wear[index]++;
    sf->stats.erases++;
    sf->stats.busy_us += (uint64_t)ob_flash_erase_ms(sf->geom, start) * 1000u;
    return persist(sf, off, size);
}

/* Loads the file's first sf->size bytes; pads a short file with 0xFF on disk. */
static int load_file(simflash *sf, const char *path)
{
    sf->file = fopen(path, "r+b");
    if (sf->file == NULL && errno == ENOENT)
        sf->file = fopen(path, "w+b");
    if (sf->file == NULL)
        return OB_ERR_FLASH;
    size_t got = fread(sf->mem, 1, sf->size, sf->file);
    if (ferror(sf->file))
        return OB_ERR_FLASH;
    if (got < sf->size)
        return persist(sf, (uint32_t)got, sf->size - (uint32_t)got); /* buffer is 0xFF there */
    return OB_OK;
}

int simflash_open(simflash *sf, const ob_flash_geom *g, const char *path)
{
    if (sf == NULL)
        return OB_ERR_ARG;
    memset(sf, 0, sizeof *sf);
    uint32_t total = ob_flash_total_size(g);
    if (g == NULL || total == 0 || g->prog_align == 0 || total == UINT32_MAX ||
        (uint64_t)g->base + total > 0x100000000ull)
        return OB_ERR_ARG;
    sf->geom = g;
    sf->size = total;
    sf->nsectors = ob_flash_sector_count(g);
    sf->mem = malloc(total);
    sf->wear = calloc(sf->nsectors, sizeof *sf->wear);
    if (sf->mem == NULL || sf->wear == NULL) {
        simflash_close(sf);
        return OB_ERR_FLASH;
    }
    memset(sf->mem, 0xFF, total);
    sf->strict = 1;
    sf->autosync = 1;
    sf->rng = 1;
    sf->dev.geom = g;
    sf->dev.read = sim_read;
    sf->dev.program = sim_program;
    sf->dev.erase = sim_erase;
    sf->dev.mapped = sf->mem;
    sf->dev.ctx = sf;
    if (path != NULL) {
        int rc = load_file(sf, path);
        if (rc != OB_OK) {
            simflash_close(sf);
            return rc;
        }
    }
    return OB_OK;
}

void simflash_close(simflash *sf)
{
    if (sf == NULL)
        return;
    if (sf->file != NULL) {
        if (sf->dirty)
            (void)simflash_sync(sf);
        fclose(sf->file);
    }
    free(sf->mem);
    free(sf->wear);
    memset(sf, 0, sizeof *sf);
}

void simflash_set_strict(simflash *sf, int strict)
{
    sf->strict = strict != 0;
}

void simflash_set_autosync(simflash *sf, int on)
{
    sf->autosync = on != 0;
}

int simflash_sync(simflash *sf)
{
    if (sf->file == NULL)
        return OB_OK;
    int was = sf->autosync;
    sf->autosync = 1;
    int rc = persist(sf, 0, sf->size);
    sf->autosync = was;
    if (rc == OB_OK)
        sf->dirty = 0;
    return rc;
}

void simflash_set_mapped(simflash *sf, int on)
{
    sf->dev.mapped = on ? sf->mem : NULL;
}

void simflash_cut_after(simflash *sf, uint64_t n, ob_cut_kind kind, uint32_t seed)
{
    sf->cut_armed = 1;
    sf->cut_at = sf->ops + n;
    sf->cut_kind = kind;
    sf->rng = seed != 0 ? seed : 0x9E3779B9u; /* xorshift must not start at 0 */
}

void simflash_cut_cancel(simflash *sf)
{
    sf->cut_armed = 0;
}

void simflash_power_up(simflash *sf)
{
    sf->dead = 0;
    sf->cut_armed = 0;
}

int simflash_is_dead(const simflash *sf)
{
    return sf->dead;
}

uint64_t simflash_op_count(const simflash *sf)
{
    return sf->ops;
}

void simflash_fail_after(simflash *sf, uint64_t n, unsigned op_mask)
{
    sf->fail_armed = op_mask != 0;
    sf->fail_left = n;
    sf->fail_mask = op_mask;
}

void simflash_set_hook(simflash *sf, simflash_hook hook, void *arg)
{
    sf->hook = hook;
    sf->hook_arg = arg;
}

void simflash_reset_stats(simflash *sf)
{
    memset(&sf->stats, 0, sizeof sf->stats);
}

uint32_t simflash_wear(const simflash *sf, uint32_t sector_index)
{
    return sector_index < sf->nsectors ? sf->wear[sector_index] : 0;
}

uint32_t simflash_max_wear(const simflash *sf)
{
    uint32_t m = 0;
    for (uint32_t i = 0; i < sf->nsectors; i++)
        if (sf->wear[i] > m)
            m = sf->wear[i];
    return m;
}

int simflash_poke(simflash *sf, uint32_t addr, const void *src, uint32_t len)
{
    if (src == NULL && len != 0)
        return OB_ERR_ARG;
    if (!in_range(sf, addr, len))
        return OB_ERR_RANGE;
    if (len == 0)
        return OB_OK;
    uint32_t off = addr - sf->geom->base;
    memcpy(sf->mem + off, src, len);
    return persist(sf, off, len);
}
