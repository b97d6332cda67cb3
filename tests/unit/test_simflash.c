/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for port/host/simflash.c: NOR rules, alignment, counters, timing,
 * wear, every power-cut kind, fault injection and file persistence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chips/geometry.h"
#include "simflash.h"

#define K(n) ((uint32_t)(n) * 1024u)
#define BASE 0x08000000u

static const ob_flash_geom *F4 = &ob_geom_stm32f40x_1m;

static int setup(void **state)
{
    simflash *sf = calloc(1, sizeof *sf);
    assert_non_null(sf);
    assert_int_equal(simflash_open(sf, F4, NULL), OB_OK);
    *state = sf;
    return 0;
}

static int teardown(void **state)
{
    simflash_close(*state);
    free(*state);
    return 0;
}

static void fill(uint8_t *b, uint32_t n, uint8_t v)
{
    memset(b, v, n);
}

static void test_open_erased(void **state)
{
    simflash *sf = *state;
    ob_flash *f = simflash_flash(sf);
    assert_int_equal(sf->size, K(1024));
    assert_ptr_equal(f->mapped, sf->mem);
    assert_ptr_equal(f->geom, F4);
    assert_int_equal(ob_flash_is_erased(f, BASE, K(1024)), 1);
    assert_int_equal(simflash_op_count(sf), 0);
    simflash bad;
    static const ob_sector_run none[] = { { 0, 0, 0 } };
    ob_flash_geom g = { "bad", BASE, none, 1, 4, 1 };
    assert_int_equal(simflash_open(&bad, &g, NULL), OB_ERR_ARG);
    assert_int_equal(simflash_open(&bad, NULL, NULL), OB_ERR_ARG);
    assert_int_equal(simflash_open(NULL, F4, NULL), OB_ERR_ARG);
    simflash_close(&bad); /* closed state is safe to close again */
}

static void test_nor_rules(void **state)
{
    simflash *sf = *state;
    ob_flash *f = simflash_flash(sf);
    uint8_t a[8] = { 0xF0, 0xF0, 0xF0, 0xF0, 1, 2, 3, 4 }, b[8], r[8];
    fill(b, 8, 0x3C);
    assert_int_equal(f->program(f, BASE + 0x100, a, 8), OB_OK);
    assert_memory_equal(sf->mem + 0x100, a, 8);
    /* Strict (default): a target that is not 0xFF is refused, nothing changes. */
    assert_int_equal(f->program(f, BASE + 0x100, b, 8), OB_ERR_NOT_ERASED);
    assert_memory_equal(sf->mem + 0x100, a, 8);
    /* Even re-writing 0xFF over a partly written word is refused. */
    fill(r, 8, 0xFF);
    assert_int_equal(f->program(f, BASE + 0x104, r, 4), OB_ERR_NOT_ERASED);
    /* Non-strict: the silicon ANDs. */
    simflash_set_strict(sf, 0);
    assert_int_equal(f->program(f, BASE + 0x100, b, 8), OB_OK);
    assert_int_equal(sf->mem[0x100], 0x30);
    assert_int_equal(sf->mem[0x104], 0x3C & 1);
    /* Erase brings 0xFF back over the whole sector and only that sector. */
    sf->mem[0x4000] = 0x00; /* sector 1, through the back door */
    assert_int_equal(f->erase(f, BASE), OB_OK);
    assert_int_equal(ob_flash_is_erased(f, BASE, K(16)), 1);
    assert_int_equal(sf->mem[0x4000], 0x00);
}

static void test_alignment_and_range(void **state)
{
    simflash *sf = *state;
    ob_flash *f = simflash_flash(sf);
    uint8_t d[8] = { 0 };
    assert_int_equal(f->program(f, BASE + 1, d, 4), OB_ERR_ALIGN);
    assert_int_equal(f->program(f, BASE + 2, d, 4), OB_ERR_ALIGN);
    assert_int_equal(f->program(f, BASE, d, 3), OB_ERR_ALIGN);
    assert_int_equal(f->program(f, BASE - 4, d, 4), OB_ERR_RANGE);
    assert_int_equal(f->program(f, BASE + K(1024) - 4, d, 8), OB_ERR_RANGE);
    assert_int_equal(f->program(f, 0xFFFFFFFC, d, 8), OB_ERR_RANGE);
    assert_int_equal(f->program(f, BASE, NULL, 4), OB_ERR_ARG);
    assert_int_equal(f->program(f, BASE, d, 0), OB_OK);
    assert_int_equal(f->erase(f, BASE + 0x4), OB_ERR_ALIGN);
    assert_int_equal(f->erase(f, BASE + 0x14000), OB_ERR_ALIGN); /* inside the 64K sector 4 */
    assert_int_equal(f->erase(f, BASE + K(1024)), OB_ERR_RANGE);
    assert_int_equal(f->erase(f, 0), OB_ERR_RANGE);
    assert_int_equal(f->read(f, BASE + K(1024) - 4, d, 8), OB_ERR_RANGE);
    assert_int_equal(f->read(f, 0xFFFFFFFF, d, 2), OB_ERR_RANGE);
    assert_int_equal(f->read(f, BASE, NULL, 2), OB_ERR_ARG);
    /* None of those reached the "hardware". */
    assert_int_equal(simflash_op_count(sf), 0);
    assert_int_equal(sf->stats.programs + sf->stats.erases + sf->stats.reads, 0);
    assert_int_equal(ob_flash_is_erased(f, BASE, K(1024)), 1);
    /* The last word of the flash is programmable. */
    assert_int_equal(f->program(f, BASE + K(1024) - 4, d, 4), OB_OK);
    assert_int_equal(simflash_op_count(sf), 1);
}

static void test_counters_timing_wear(void **state)
{
    simflash *sf = *state;
    ob_flash *f = simflash_flash(sf);
    static uint8_t buf[K(4)];
    fill(buf, sizeof buf, 0x5A);
    assert_int_equal(f->program(f, BASE + 0x20000, buf, sizeof buf), OB_OK);
    assert_int_equal(f->program(f, BASE + 0x21000, buf, 8), OB_OK);
    assert_int_equal(sf->stats.programs, 2);
    assert_int_equal(sf->stats.prog_bytes, K(4) + 8);
    assert_int_equal(sf->stats.busy_us, (K(4) + 8) / 4 * 16);
    assert_int_equal(f->read(f, BASE + 0x20000, buf, 100), OB_OK);
    assert_int_equal(sf->stats.reads, 1);
    assert_int_equal(sf->stats.read_bytes, 100);
    /* Mapped reads bypass the counters; hiding the mapping routes core reads to read(). */
    assert_int_equal(ob_flash_read(f, BASE, buf, 16), OB_OK);
    assert_int_equal(sf->stats.reads, 1);
    simflash_set_mapped(sf, 0);
    assert_null(f->mapped);
    assert_int_equal(ob_flash_read(f, BASE, buf, 16), OB_OK);
    assert_int_equal(sf->stats.reads, 2);
    simflash_set_mapped(sf, 1);
    assert_ptr_equal(f->mapped, sf->mem);

    simflash_reset_stats(sf);
    assert_int_equal(sf->stats.busy_us, 0);
    assert_int_equal(f->erase(f, BASE), OB_OK);           /* 16K: 250 ms */
    assert_int_equal(f->erase(f, BASE + 0x10000), OB_OK); /* 64K: 550 ms */
    assert_int_equal(f->erase(f, BASE + 0x20000), OB_OK); /* 128K: 1 s */
    assert_int_equal(f->erase(f, BASE + 0x20000), OB_OK);
    assert_int_equal(f->erase(f, BASE + 0x20000), OB_OK);
    assert_int_equal(sf->stats.erases, 5);
    assert_int_equal(sf->stats.busy_us, 250000 + 550000 + 3 * 1000000);
    assert_int_equal(simflash_wear(sf, 0), 1);
    assert_int_equal(simflash_wear(sf, 1), 0);
    assert_int_equal(simflash_wear(sf, 4), 1);
    assert_int_equal(simflash_wear(sf, 5), 3);
    assert_int_equal(simflash_wear(sf, 12), 0);
    assert_int_equal(simflash_max_wear(sf), 3);
    assert_int_equal(simflash_op_count(sf), 7);
}

/* docs/HARDWARE.md: rewriting 896 KB takes about 7 s of erase and 3.7 s of programming. */
static void test_timing_full_app(void **state)
{
    simflash *sf = *state;
    ob_flash *f = simflash_flash(sf);
    static uint8_t img[K(896)];
    fill(img, sizeof img, 0x00);
    assert_int_equal(ob_flash_erase_range(f, BASE + 0x20000, K(896)), OB_OK);
    assert_int_equal(sf->stats.busy_us, 7000000);
    assert_int_equal(f->program(f, BASE + 0x20000, img, sizeof img), OB_OK);
    assert_int_equal(sf->stats.busy_us, 7000000 + (uint64_t)K(896) / 4 * 16);
    assert_int_equal(sf->stats.busy_us - 7000000, 3670016); /* ~3.7 s */
}

static void test_cut_before(void **state)
{
    simflash *sf = *state;
    ob_flash *f = simflash_flash(sf);
    uint8_t d[4] = { 1, 2, 3, 4 }, r[4];
    simflash_cut_after(sf, 1, OB_CUT_BEFORE, 7);
    assert_int_equal(f->program(f, BASE, d, 4), OB_OK);         /* op 0 */
    assert_int_equal(f->program(f, BASE + 4, d, 4), OB_ERR_POWER_CUT); /* op 1: cut */
    assert_true(simflash_is_dead(sf));
    assert_int_equal(sf->mem[4], 0xFF);
    assert_int_equal(f->program(f, BASE + 8, d, 4), OB_ERR_POWER_CUT);
    assert_int_equal(f->erase(f, BASE), OB_ERR_POWER_CUT);
    assert_int_equal(f->read(f, BASE, r, 4), OB_ERR_POWER_CUT);
    assert_int_equal(sf->mem[8], 0xFF);
    assert_int_equal(simflash_op_count(sf), 2); /* dead calls are not operations */
    assert_int_equal(sf->stats.programs, 1);
    simflash_power_up(sf);
    assert_false(simflash_is_dead(sf));
    assert_int_equal(f->read(f, BASE, r, 4), OB_OK);
    assert_memory_equal(r, d, 4);
    assert_int_equal(f->program(f, BASE + 4, d, 4), OB_OK);
    /* Cancelled cuts never fire. */
    simflash_cut_after(sf, 0, OB_CUT_BEFORE, 1);
    simflash_cut_cancel(sf);
    assert_int_equal(f->erase(f, BASE), OB_OK);
}

/* Runs a torn program of 64 bytes of pattern over erased flash with seed. */
static void torn_program(simflash *sf, ob_cut_kind kind, uint32_t seed, uint8_t pattern,
                         uint8_t out[64])
{
    ob_flash *f = simflash_flash(sf);
    uint8_t d[64];
    fill(d, 64, pattern);
    simflash_power_up(sf);
    assert_int_equal(f->erase(f, BASE), OB_OK);
    simflash_cut_after(sf, 0, kind, seed);
    assert_int_equal(f->program(f, BASE, d, 64), OB_ERR_POWER_CUT);
    assert_true(simflash_is_dead(sf));
    memcpy(out, sf->mem, 64);
}

static int bits(unsigned v)
{
    int n = 0;
    for (; v != 0; v >>= 1)
        n += (int)(v & 1u);
    return n;
}

static void test_cut_torn_program(void **state)
{
    simflash *sf = *state;
    uint8_t a[64], b[64], c[64];
    torn_program(sf, OB_CUT_TORN, 1234, 0x0F, a);
    int cleared = 0, kept = 0;
    for (int i = 0; i < 64; i++) {
        /* Bits the program leaves at 1 stay 1; only a subset of the others clear. */
        assert_int_equal(a[i] & 0x0F, 0x0F);
        cleared += 4 - bits(a[i] & 0xF0);
        kept += bits(a[i] & 0xF0);
    }
    assert_true(cleared > 0);
    assert_true(kept > 0);
    /* Deterministic from the seed; another seed tears differently. */
    torn_program(sf, OB_CUT_TORN, 1234, 0x0F, b);
    assert_memory_equal(a, b, 64);
    torn_program(sf, OB_CUT_TORN, 99, 0x0F, c);
    assert_memory_not_equal(a, c, 64);
    /* PARTIAL_ERASE on a program means torn too. */
    torn_program(sf, OB_CUT_PARTIAL_ERASE, 1234, 0x0F, c);
    assert_memory_equal(a, c, 64);
    /* A torn program neither counts as a program nor costs time. */
    assert_int_equal(sf->stats.programs, 0);
    assert_int_equal(sf->stats.busy_us, 4 * 250000);
}

static void partial_erase(simflash *sf, ob_cut_kind kind, uint32_t seed, uint8_t *out)
{
    ob_flash *f = simflash_flash(sf);
    static uint8_t z[K(16)];
    simflash_power_up(sf);
    assert_int_equal(f->erase(f, BASE + 0x4000), OB_OK);
    assert_int_equal(f->program(f, BASE + 0x4000, z, K(16)), OB_OK); /* all 0x00 */
    simflash_cut_after(sf, 0, kind, seed);
    assert_int_equal(f->erase(f, BASE + 0x4000), OB_ERR_POWER_CUT);
    memcpy(out, sf->mem + 0x4000, K(16));
}

static void test_cut_partial_erase(void **state)
{
    simflash *sf = *state;
    static uint8_t a[K(16)], b[K(16)];
    partial_erase(sf, OB_CUT_PARTIAL_ERASE, 5, a);
    int ff = 0, old = 0, other = 0;
    for (uint32_t i = 0; i < K(16); i++) {
        if (a[i] == 0xFF)
            ff++;
        else if (a[i] == 0x00)
            old++;
        else
            other++;
    }
    /* A mix of erased, untouched and arbitrary bytes. */
    assert_true(ff > 1000);
    assert_true(old > 1000);
    assert_true(other > 1000);
    assert_int_equal(simflash_wear(sf, 1), 1); /* the cut erase did not complete */
    partial_erase(sf, OB_CUT_TORN, 5, b);       /* TORN on an erase: the same thing */
    assert_memory_equal(a, b, K(16));
    partial_erase(sf, OB_CUT_BEFORE, 5, b);     /* BEFORE: untouched */
    assert_int_equal(b[0], 0x00);
    assert_int_equal(b[K(16) - 1], 0x00);
    assert_int_equal(ob_flash_is_erased(simflash_flash(sf), BASE, K(16)), 1); /* sector 0 unharmed */
}

/* A small flow: erase two sectors, program into both. */
static int flow(ob_flash *f)
{
    uint8_t d[16];
    int rc;
    memset(d, 0xA5, sizeof d);
    if ((rc = ob_flash_erase_range(f, BASE, K(32))) != OB_OK)
        return rc;
    if ((rc = f->program(f, BASE, d, 16)) != OB_OK)
        return rc;
    if ((rc = f->program(f, BASE + K(16), d, 16)) != OB_OK)
        return rc;
    return f->program(f, BASE + 16, d, 16);
}

static void test_cut_at_every_index(void **state)
{
    simflash *sf = *state;
    assert_int_equal(flow(simflash_flash(sf)), OB_OK);
    uint64_t n = simflash_op_count(sf);
    assert_int_equal(n, 5);
    for (uint64_t i = 0; i < n; i++) {
        simflash s;
        assert_int_equal(simflash_open(&s, F4, NULL), OB_OK);
        simflash_cut_after(&s, i, OB_CUT_BEFORE, 1);
        assert_int_equal(flow(simflash_flash(&s)), OB_ERR_POWER_CUT);
        assert_int_equal(simflash_op_count(&s), i + 1);
        assert_int_equal(s.stats.erases + s.stats.programs, i);
        simflash_close(&s);
    }
    /* Cutting past the end of the flow never fires. */
    simflash_cut_after(sf, n, OB_CUT_BEFORE, 1);
    assert_int_equal(flow(simflash_flash(sf)), OB_OK);
    assert_false(simflash_is_dead(sf));
}

static void test_fail_injection(void **state)
{
    simflash *sf = *state;
    ob_flash *f = simflash_flash(sf);
    uint8_t d[4] = { 0 }, r[4];
    simflash_fail_after(sf, 1, SIMFLASH_OP_PROGRAM);
    assert_int_equal(f->erase(f, BASE), OB_OK); /* not in the mask */
    assert_int_equal(f->program(f, BASE, d, 4), OB_OK);
    assert_int_equal(f->program(f, BASE + 4, d, 4), OB_ERR_FLASH);
    assert_int_equal(sf->mem[4], 0xFF);
    assert_false(simflash_is_dead(sf));
    assert_int_equal(f->program(f, BASE + 4, d, 4), OB_OK); /* one shot */
    simflash_fail_after(sf, 0, SIMFLASH_OP_ERASE);
    assert_int_equal(ob_flash_erase_range(f, BASE, K(32)), OB_ERR_FLASH);
    assert_int_equal(sf->mem[0], 0x00); /* not erased */
    simflash_fail_after(sf, 0, SIMFLASH_OP_READ);
    assert_int_equal(ob_flash_read(f, BASE, r, 4), OB_OK); /* mapped: no read() call */
    simflash_set_mapped(sf, 0);
    assert_int_equal(ob_flash_read(f, BASE, r, 4), OB_ERR_FLASH);
    assert_int_equal(ob_flash_is_erased(f, BASE + 8, 8), 1);
}

typedef struct {
    int calls;
    simflash_op last_op;
    uint32_t last_addr, last_len;
} hook_log;

static int hook(void *arg, simflash_op op, uint32_t addr, uint32_t len)
{
    hook_log *h = arg;
    h->calls++;
    h->last_op = op;
    h->last_addr = addr;
    h->last_len = len;
    return (op == SIMFLASH_OP_ERASE && addr == BASE + 0x10000) ? OB_ERR_FLASH : OB_OK;
}

static void test_hook(void **state)
{
    simflash *sf = *state;
    ob_flash *f = simflash_flash(sf);
    hook_log h = { 0, 0, 0, 0 };
    simflash_set_hook(sf, hook, &h);
    assert_int_equal(ob_flash_erase_range(f, BASE + 0xC000, K(80)), OB_ERR_FLASH);
    assert_int_equal(h.calls, 2);
    assert_int_equal(h.last_op, SIMFLASH_OP_ERASE);
    assert_int_equal(h.last_addr, BASE + 0x10000);
    assert_int_equal(h.last_len, K(64));
    assert_int_equal(sf->stats.erases, 1);
    uint8_t d[8] = { 0 };
    assert_int_equal(f->program(f, BASE + 8, d, 8), OB_OK);
    assert_int_equal(h.last_op, SIMFLASH_OP_PROGRAM);
    assert_int_equal(h.last_len, 8);
    simflash_set_hook(sf, NULL, NULL);
    assert_int_equal(f->erase(f, BASE + 0x10000), OB_OK);
}

static void test_poke(void **state)
{
    simflash *sf = *state;
    uint8_t d[3] = { 1, 2, 3 };
    assert_int_equal(simflash_poke(sf, BASE + 1, d, 3), OB_OK); /* no alignment rule */
    assert_int_equal(sf->mem[1], 1);
    assert_int_equal(simflash_poke(sf, BASE + 1, d, 3), OB_OK); /* no NOR rule */
    assert_int_equal(simflash_poke(sf, BASE + K(1024) - 2, d, 3), OB_ERR_RANGE);
    assert_int_equal(simflash_op_count(sf), 0);
    assert_int_equal(sf->stats.programs, 0);
}

/* Temporary file path under /tmp; the file exists and is empty. */
static void tmp_path(char *path, size_t n)
{
    snprintf(path, n, "/tmp/test_simflash_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

static long file_size(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fclose(fp);
    return n;
}

static int file_byte(const char *path, long off)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, off, SEEK_SET);
    int c = fgetc(fp);
    fclose(fp);
    return c;
}

static void test_file_persistence(void **state)
{
    (void)state;
    char path[64];
    tmp_path(path, sizeof path);
    simflash a;
    uint8_t d[4] = { 0x11, 0x22, 0x33, 0x44 };
    assert_int_equal(simflash_open(&a, F4, path), OB_OK);
    assert_int_equal(file_size(path), (long)K(1024)); /* the empty file was extended erased */
    assert_int_equal(file_byte(path, 0), 0xFF);
    assert_int_equal(a.dev.program(&a.dev, BASE + 0x20000, d, 4), OB_OK);
    assert_int_equal(file_byte(path, 0x20001), 0x22); /* written through at once */
    /* A torn write is what the file keeps: restarting is a power cycle. */
    simflash_cut_after(&a, 0, OB_CUT_TORN, 3);
    uint8_t z[64] = { 0 };
    assert_int_equal(a.dev.program(&a.dev, BASE + 0x30000, z, 64), OB_ERR_POWER_CUT);
    uint8_t torn[64];
    memcpy(torn, a.mem + 0x30000, 64);
    simflash_close(&a);

    simflash b;
    assert_int_equal(simflash_open(&b, F4, path), OB_OK);
    assert_memory_equal(b.mem + 0x20000, d, 4);
    assert_memory_equal(b.mem + 0x30000, torn, 64);
    assert_false(simflash_is_dead(&b));
    /* Autosync off: the file changes only on sync (or close). */
    simflash_set_autosync(&b, 0);
    assert_int_equal(b.dev.erase(&b.dev, BASE + 0x20000), OB_OK);
    assert_int_equal(file_byte(path, 0x20001), 0x22);
    assert_int_equal(simflash_sync(&b), OB_OK);
    assert_int_equal(file_byte(path, 0x20001), 0xFF);
    assert_int_equal(simflash_poke(&b, BASE + 5, d, 1), OB_OK);
    simflash_close(&b);
    assert_int_equal(file_byte(path, 5), 0x11);
    assert_int_equal(unlink(path), 0);
}

static void test_file_longer_and_missing(void **state)
{
    (void)state;
    char path[64];
    tmp_path(path, sizeof path);
    /* A file larger than the flash (a QEMU PSRAM image): the tail is left alone. */
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (uint32_t i = 0; i < K(1024) + 16; i++)
        fputc(i < 4 ? 0x00 : 0xAB, fp);
    fclose(fp);
    simflash s;
    assert_int_equal(simflash_open(&s, F4, path), OB_OK);
    assert_int_equal(s.mem[0], 0x00);
    assert_int_equal(s.mem[4], 0xAB);
    assert_int_equal(s.dev.erase(&s.dev, BASE + 0xE0000), OB_OK);
    simflash_close(&s);
    assert_int_equal(file_size(path), (long)K(1024) + 16);
    assert_int_equal(file_byte(path, K(1024) - 1), 0xFF);
    assert_int_equal(file_byte(path, K(1024)), 0xAB);
    assert_int_equal(unlink(path), 0);
    /* A missing file is created; an impossible path fails cleanly. */
    assert_int_equal(simflash_open(&s, F4, path), OB_OK);
    simflash_close(&s);
    assert_int_equal(file_size(path), (long)K(1024));
    assert_int_equal(unlink(path), 0);
    assert_int_equal(simflash_open(&s, F4, "/nonexistent-dir/x/flash.img"), OB_ERR_FLASH);
    simflash_close(&s);
}

/* The simulated flash takes any geometry: the F429's 24 sectors across two banks. */
static void test_f429_geometry(void **state)
{
    (void)state;
    simflash s;
    assert_int_equal(simflash_open(&s, &ob_geom_stm32f42x_2m, NULL), OB_OK);
    assert_int_equal(s.size, K(2048));
    assert_int_equal(s.nsectors, 24);
    assert_int_equal(ob_flash_erase_range(&s.dev, 0x080E0000, 0x40000), OB_OK);
    assert_int_equal(simflash_wear(&s, 11), 1);
    assert_int_equal(simflash_wear(&s, 12), 1);
    assert_int_equal(simflash_wear(&s, 16), 1);
    assert_int_equal(simflash_wear(&s, 17), 0);
    assert_int_equal(simflash_wear(&s, 24), 0);
    assert_int_equal(s.stats.busy_us, 1000000 + 4 * 250000 + 550000);
    simflash_close(&s);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_open_erased),
        T(test_nor_rules),
        T(test_alignment_and_range),
        T(test_counters_timing_wear),
        T(test_timing_full_app),
        T(test_cut_before),
        T(test_cut_torn_program),
        T(test_cut_partial_erase),
        T(test_cut_at_every_index),
        T(test_fail_injection),
        T(test_hook),
        T(test_poke),
        cmocka_unit_test(test_file_persistence),
        cmocka_unit_test(test_file_longer_and_missing),
        cmocka_unit_test(test_f429_geometry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
