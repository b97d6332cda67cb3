/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the STM32 flash controller driver (port/stm32/stm32_flash.c)
 * against a register model of the F2/F4/F7 flash interface.
 *
 * The driver is compiled with STM32_REG_MODEL, so every register access lands
 * in stm32_rd/stm32_wr below. The model behaves like the reference manuals
 * describe (RM0033 ch. 3, RM0090 ch. 3, RM0385 ch. 3): FLASH_CR stays locked
 * until KEYR receives the two keys in order; STRT starts a sector erase only
 * with SER, a valid SNB and PSIZE x32 already written; a word write programs
 * only with PG set; BSY stays set for a few polls; error flags are write-1-to-
 * clear and a stale one stops the next operation. Anything the driver does out
 * of order is counted as a violation and fails the test. The model's sector
 * address table is written out literally (docs/HARDWARE.md, RM0090 table 6), not
 * computed the way the driver computes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stm32_flash.h"
#include "stm32_mmio.h"

#define BUSY_POLLS 3

typedef struct {
    stm32_flash_regs regs;
    cm_cache_regs cache;
    uint32_t *mem;
    uint32_t mem_words;
    const stm32_family *fam;

    int key_stage;        /* 1 after KEY1 */
    int hard_locked;      /* wrong key sequence: locked until reset */
    int busy;             /* polls left with BSY set */
    int stuck;            /* BSY never clears */
    int stuck_after_start; /* the next operation started never ends */
    uint32_t busy_polls;  /* polls the next operation takes (0: BUSY_POLLS) */
    uint32_t pending_addr, pending_len, pending_word;
    int pending;          /* 1 erase, 2 program */
    uint32_t inject_sr;   /* error flags the next operation ends with (and does nothing) */
    int silent;           /* operations "succeed" but change nothing (QEMU's ROM flash) */
    int dsb_since_write;  /* a DSB followed the last flash word write */

    int violations;
    char first_violation[160];

    /* observations */
    int erases, programs, key_writes, sr_clears, dsbs;
    uint32_t last_snb;
    int icrst, dcrst;     /* ART resets seen (with the cache disabled) */
    int dcen_off_since_reset; /* DCEN cleared, no DCRST since */
    uint8_t *invalidated; /* one flag per 32-byte line, F7 */
} model;

static model M;

/* The model's clock: every FLASH_SR read takes 10 us. */
static uint64_t model_us;

static uint32_t model_now_ms(void)
{
    return (uint32_t)(model_us / 1000u);
}

static void violation(const char *what)
{
    if (M.violations++ == 0)
        snprintf(M.first_violation, sizeof M.first_violation, "%s", what);
}

/* Sector start addresses, written out (docs/HARDWARE.md / RM0090 table 6 / RM0385 table 3). */
static const uint32_t sect_1m[12] = {0x08000000, 0x08004000, 0x08008000, 0x0800C000,
                                     0x08010000, 0x08020000, 0x08040000, 0x08060000,
                                     0x08080000, 0x080A0000, 0x080C0000, 0x080E0000};
static const uint32_t sect_f7[8] = {0x08000000, 0x08008000, 0x08010000, 0x08018000,
                                    0x08020000, 0x08040000, 0x08080000, 0x080C0000};

/* SNB -> sector [start, end) as the hardware decodes it; 0 when invalid. */
static int model_decode_snb(uint32_t snb, uint32_t *start, uint32_t *end)
{
    if (M.fam == &stm32_family_f7) {
        if (snb >= 8)
            return 0;
        *start = sect_f7[snb];
        *end = snb == 7 ? 0x08100000 : sect_f7[snb + 1];
        return 1;
    }
    {
        uint32_t bank_off = 0;
        if (M.fam == &stm32_family_f42x && snb >= 16) {
            bank_off = 0x100000;
            snb -= 16;
        }
        if (snb >= 12)
            return 0; /* also F42x SNB 12..15: no such sector */
        *start = sect_1m[snb] + bank_off;
        *end = (snb == 11 ? 0x08100000 : sect_1m[snb + 1]) + bank_off;
        return 1;
    }
}

static void model_reset(const stm32_family *fam)
{
    free(M.mem);
    free(M.invalidated);
    memset(&M, 0, sizeof M);
    M.fam = fam;
    M.mem_words = ob_flash_total_size(fam->geom) / 4;
    M.mem = malloc(M.mem_words * 4u);
    M.invalidated = calloc(M.mem_words * 4u / 32u, 1);
    assert_non_null(M.mem);
    assert_non_null(M.invalidated);
    memset(M.mem, 0xFF, M.mem_words * 4u);
    M.regs.CR = FLASH_CR_LOCK;
    M.regs.ACR = FLASH_ACR_PRFTEN | FLASH_ACR_ICEN | (fam->cache == STM32_CACHE_ART ? FLASH_ACR_DCEN : 0);
}

static void complete_op(void)
{
    M.busy = 0;
    if (M.inject_sr) {
        M.regs.SR |= M.inject_sr;
        M.inject_sr = 0;
    } else if (!M.silent) {
        if (M.pending == 1)
            memset((uint8_t *)M.mem + (M.pending_addr - 0x08000000u), 0xFF, M.pending_len);
        else if (M.pending == 2)
            M.mem[(M.pending_addr - 0x08000000u) / 4] &= M.pending_word;
        M.regs.SR |= FLASH_SR_EOP;
    }
    M.pending = 0;
}

static void start_busy(int op, uint32_t addr, uint32_t len, uint32_t word)
{
    /* ES0206: on the dual-bank F42x the ART data cache must be off while an
     * erase or program runs (read-while-write erratum). */
    if (M.fam == &stm32_family_f42x && (M.regs.ACR & FLASH_ACR_DCEN))
        violation("F42x erase or program with the ART data cache on");
    if (M.regs.SR & M.fam->sr_errors) {
        /* RM0090 3.6: the operation does not start while an error flag is set */
        violation("operation started with stale error flags");
        M.regs.SR |= FLASH_SR_PGSERR;
        return;
    }
    M.pending = op;
    M.pending_addr = addr;
    M.pending_len = len;
    M.pending_word = word;
    M.busy = M.busy_polls ? (int)M.busy_polls : BUSY_POLLS;
    M.busy_polls = 0;
    if (M.stuck_after_start)
        M.stuck = 1;
}

static uint32_t *mem_word(const volatile uint32_t *reg)
{
    const uint32_t *p = (const uint32_t *)(uintptr_t)reg;
    if (p >= M.mem && p < M.mem + M.mem_words)
        return (uint32_t *)(uintptr_t)p;
    return NULL;
}

uint32_t stm32_rd(const volatile uint32_t *reg)
{
    uint32_t *w;

    if (reg == &M.regs.SR) {
        model_us += 10u;
        if (M.pending == 2 && !M.dsb_since_write)
            violation("SR polled after a flash write without a DSB");
        if (M.busy > 0 || M.stuck) {
            if (!M.stuck && --M.busy == 0)
                complete_op();
            else
                return M.regs.SR | FLASH_SR_BSY;
        }
        return M.regs.SR;
    }
    if (reg == &M.regs.CR)
        return M.regs.CR;
    if (reg == &M.regs.ACR)
        return M.regs.ACR;
    w = mem_word(reg);
    if (w != NULL) {
        if (M.busy)
            violation("flash read while busy");
        return *w;
    }
    violation("read of an unmodelled register");
    return 0;
}

static void write_cr(uint32_t v)
{
    if (M.busy || M.stuck) {
        violation("FLASH_CR written while BSY");
        return;
    }
    if (M.regs.CR & FLASH_CR_LOCK) {
        violation("FLASH_CR written while locked");
        return;
    }
    if (v & FLASH_CR_STRT) {
        uint32_t prev = M.regs.CR;
        uint32_t snb_mask = ((1u << M.fam->snb_bits) - 1u) << FLASH_CR_SNB_SHIFT;
        uint32_t snb = (v & snb_mask) >> FLASH_CR_SNB_SHIFT;
        uint32_t start, end;

        if (!(prev & FLASH_CR_SER) || (prev & snb_mask) != (v & snb_mask))
            violation("STRT not preceded by SER and SNB");
        if ((v & FLASH_CR_PSIZE_MASK) != FLASH_CR_PSIZE_X32)
            violation("erase without PSIZE x32");
        if (v & (FLASH_CR_PG | FLASH_CR_MER))
            violation("STRT with PG or MER");
        if (!(v & FLASH_CR_SER))
            violation("STRT without SER");
        if (!model_decode_snb(snb, &start, &end)) {
            violation("SNB names no sector");
            M.regs.SR |= FLASH_SR_PGSERR;
        } else {
            M.last_snb = snb;
            M.erases++;
            start_busy(1, start, end - start, 0);
        }
        M.regs.CR = v & ~FLASH_CR_STRT;
        return;
    }
    M.regs.CR = v;
}

void stm32_wr(volatile uint32_t *reg, uint32_t v)
{
    uint32_t *w;

    if (reg == &M.regs.KEYR) {
        M.key_writes++;
        if (M.busy)
            violation("KEYR written while BSY");
        if (M.hard_locked || !(M.regs.CR & FLASH_CR_LOCK)) {
            violation("KEYR written while unlocked or after a bad sequence");
            M.hard_locked = 1;
            M.regs.CR |= FLASH_CR_LOCK;
            return;
        }
        if (M.key_stage == 0 && v == FLASH_KEY1) {
            M.key_stage = 1;
        } else if (M.key_stage == 1 && v == FLASH_KEY2) {
            M.key_stage = 0;
            M.regs.CR &= ~FLASH_CR_LOCK;
        } else {
            violation("wrong unlock key");
            M.hard_locked = 1;
        }
        return;
    }
    if (reg == &M.regs.CR) {
        write_cr(v);
        return;
    }
    if (reg == &M.regs.SR) {
        M.sr_clears++;
        if (v & FLASH_SR_BSY)
            violation("BSY written");
        M.regs.SR &= ~(v & (M.fam->sr_errors | FLASH_SR_EOP));
        return;
    }
    if (reg == &M.regs.ACR) {
        uint32_t old = M.regs.ACR;
        if ((v & FLASH_ACR_ICRST) && (v & FLASH_ACR_ICEN))
            violation("ICRST with the instruction cache enabled");
        if ((v & FLASH_ACR_DCRST) && (v & FLASH_ACR_DCEN))
            violation("DCRST with the data cache enabled");
        if (M.fam->cache != STM32_CACHE_ART && (v & (FLASH_ACR_DCEN | FLASH_ACR_DCRST | FLASH_ACR_ICRST)))
            violation("F2/F4 ART bits written on an F7");
        if ((old & FLASH_ACR_ICRST) && !(v & FLASH_ACR_ICRST))
            M.icrst++;
        if ((old & FLASH_ACR_DCRST) && !(v & FLASH_ACR_DCRST))
            M.dcrst++;
        if (!(old & FLASH_ACR_DCEN) && (v & FLASH_ACR_DCEN) && M.dcen_off_since_reset)
            violation("data cache on again without a DCRST since it was turned off");
        if ((old & FLASH_ACR_DCEN) && !(v & FLASH_ACR_DCEN))
            M.dcen_off_since_reset = 1;
        if (v & FLASH_ACR_DCRST)
            M.dcen_off_since_reset = 0;
        M.regs.ACR = v;
        return;
    }
    if (reg == &M.cache.DCIMVAC) {
        if (M.fam->cache != STM32_CACHE_L1)
            violation("L1 maintenance on a chip without L1 cache");
        if (v >= 0x08000000u && v - 0x08000000u < M.mem_words * 4u)
            M.invalidated[(v - 0x08000000u) / 32u] = 1;
        return;
    }
    w = mem_word(reg);
    if (w != NULL) {
        uint32_t addr = 0x08000000u + (uint32_t)(w - M.mem) * 4u;
        if (M.busy)
            violation("flash written while busy");
        if ((M.regs.CR & FLASH_CR_LOCK) || !(M.regs.CR & FLASH_CR_PG)) {
            violation("flash written without PG (or locked)");
            M.regs.SR |= FLASH_SR_PGSERR;
            return;
        }
        if ((M.regs.CR & FLASH_CR_PSIZE_MASK) != FLASH_CR_PSIZE_X32) {
            violation("32-bit write with PSIZE not x32");
            M.regs.SR |= FLASH_SR_PGPERR;
            return;
        }
        if (M.regs.CR & (FLASH_CR_SER | FLASH_CR_MER))
            violation("program with SER or MER set");
        M.programs++;
        M.dsb_since_write = 0;
        start_busy(2, addr, 4, v);
        return;
    }
    violation("write to an unmodelled register");
}

void stm32_dsb(void)
{
    M.dsbs++;
    M.dsb_since_write = 1;
}

void stm32_isb(void)
{
}

/* ---- helpers ---- */

static ob_flash dev;
static stm32_flash hw;

static void setup_family(const stm32_family *fam)
{
    model_reset(fam);
    hw.regs = &M.regs;
    hw.cache = &M.cache;
    hw.mem = M.mem;
    hw.fam = fam;
    hw.now_ms = model_now_ms;
    hw.last_sr = 0;
    stm32_flash_init(&dev, &hw);
}

static void assert_clean_end(void)
{
    if (M.violations)
        fail_msg("%s: %d violation(s), first: %s", M.fam->name, M.violations, M.first_violation);
    assert_true(M.regs.CR & FLASH_CR_LOCK);
    assert_int_equal(M.regs.CR & (FLASH_CR_PG | FLASH_CR_SER | FLASH_CR_STRT), 0);
    assert_int_equal(M.busy, 0);
}

static const stm32_family *const families[] = {&stm32_family_f2, &stm32_family_f40x,
                                               &stm32_family_f42x, &stm32_family_f7};

/* Expected SNB per sector index, written out (RM0090 3.9.8: bank-2 sectors +4). */
static const uint32_t snb_f42x[24] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                      16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27};

/* ---- tests ---- */

static void test_geometry(void **state)
{
    (void)state;
    assert_int_equal(ob_flash_sector_count(stm32_family_f2.geom), 12);
    assert_int_equal(ob_flash_total_size(stm32_family_f2.geom), 1024 * 1024);
    assert_int_equal(ob_flash_sector_count(stm32_family_f40x.geom), 12);
    assert_int_equal(ob_flash_sector_count(stm32_family_f42x.geom), 24);
    assert_int_equal(ob_flash_total_size(stm32_family_f42x.geom), 2 * 1024 * 1024);
    assert_int_equal(ob_flash_sector_count(stm32_family_f7.geom), 8);
    assert_int_equal(ob_flash_total_size(stm32_family_f7.geom), 1024 * 1024);
}

static void test_erase_every_sector_every_family(void **state)
{
    size_t f;
    (void)state;
    for (f = 0; f < sizeof families / sizeof families[0]; f++) {
        uint32_t i, n = ob_flash_sector_count(families[f]->geom);
        setup_family(families[f]);
        for (i = 0; i < n; i++) {
            uint32_t start, size, expect_snb;
            assert_int_equal(ob_flash_sector_at(families[f]->geom, i, &start, &size), OB_OK);
            /* dirty the sector's first and last word so the erase must happen */
            M.mem[(start - 0x08000000u) / 4] = 0;
            M.mem[(start + size - 4 - 0x08000000u) / 4] = 0x12345678;
            assert_int_equal(dev.erase(&dev, start), OB_OK);
            expect_snb = families[f] == &stm32_family_f42x ? snb_f42x[i] : i;
            assert_int_equal(M.last_snb, expect_snb);
            assert_int_equal(M.mem[(start - 0x08000000u) / 4], 0xFFFFFFFFu);
            assert_int_equal(M.mem[(start + size - 4 - 0x08000000u) / 4], 0xFFFFFFFFu);
            assert_clean_end();
        }
        assert_int_equal(M.erases, (int)n);
    }
}

static void test_snb_function(void **state)
{
    uint32_t i;
    (void)state;
    for (i = 0; i < 24; i++)
        assert_int_equal(stm32_flash_snb(&stm32_family_f42x, i), snb_f42x[i]);
    for (i = 0; i < 12; i++) {
        assert_int_equal(stm32_flash_snb(&stm32_family_f2, i), i);
        assert_int_equal(stm32_flash_snb(&stm32_family_f40x, i), i);
    }
    for (i = 0; i < 8; i++)
        assert_int_equal(stm32_flash_snb(&stm32_family_f7, i), i);
}

static void test_program_every_family(void **state)
{
    static const uint8_t data[12] = {1, 2, 3, 4, 5, 6, 7, 8, 0xA5, 0x5A, 0xFF, 0};
    size_t f;
    (void)state;
    for (f = 0; f < sizeof families / sizeof families[0]; f++) {
        uint32_t addr = 0x08020000u + 0x100u, top;
        uint8_t back[12];
        setup_family(families[f]);
        assert_int_equal(dev.program(&dev, addr, data, sizeof data), OB_OK);
        assert_int_equal(M.programs, 3);
        assert_memory_equal((uint8_t *)M.mem + (addr - 0x08000000u), data, sizeof data);
        assert_int_equal(dev.read(&dev, addr, back, sizeof back), OB_OK);
        assert_memory_equal(back, data, sizeof data);
        assert_clean_end();
        /* last word of the chip (bank 2 on the F42x) */
        top = 0x08000000u + ob_flash_total_size(families[f]->geom) - 4;
        assert_int_equal(dev.program(&dev, top, data, 4), OB_OK);
        assert_memory_equal((uint8_t *)M.mem + (top - 0x08000000u), data, 4);
        assert_clean_end();
    }
}

static void test_each_error_flag_is_an_error(void **state)
{
    static const uint32_t flags[] = {FLASH_SR_OPERR, FLASH_SR_WRPERR, FLASH_SR_PGAERR,
                                     FLASH_SR_PGPERR, FLASH_SR_PGSERR, FLASH_SR_RDERR};
    size_t f, k;
    (void)state;
    for (f = 0; f < sizeof families / sizeof families[0]; f++) {
        int tested = 0;
        for (k = 0; k < sizeof flags / sizeof flags[0]; k++) {
            const uint32_t w = 0x11223344u;
            if (!(families[f]->sr_errors & flags[k]))
                continue;
            tested++;
            setup_family(families[f]);
            M.inject_sr = flags[k];
            assert_int_equal(dev.erase(&dev, 0x08008000u), OB_ERR_FLASH);
            assert_int_equal(hw.last_sr, flags[k]);
            assert_clean_end();

            setup_family(families[f]);
            M.inject_sr = flags[k];
            assert_int_equal(dev.program(&dev, 0x08008000u, &w, 4), OB_ERR_FLASH);
            assert_int_equal(hw.last_sr, flags[k]);
            assert_int_equal(M.mem[0x8000 / 4], 0xFFFFFFFFu);
            assert_clean_end();
        }
        /* RDERR exists only on the F42x (RM0090 3.9.4) */
        assert_int_equal(tested, families[f] == &stm32_family_f42x ? 6 : 5);
    }
}

static void test_error_stops_programming_midway(void **state)
{
    uint32_t words[4] = {1, 2, 3, 4};
    (void)state;
    setup_family(&stm32_family_f40x);
    assert_int_equal(dev.program(&dev, 0x08010000u, words, 4), OB_OK);
    M.inject_sr = FLASH_SR_PGSERR;
    assert_int_equal(dev.program(&dev, 0x08010004u, &words[1], 12), OB_ERR_FLASH);
    assert_int_equal(M.programs, 2); /* stopped at the first failing word */
    assert_clean_end();
}

static void test_stale_flags_cleared_first(void **state)
{
    size_t f;
    (void)state;
    for (f = 0; f < sizeof families / sizeof families[0]; f++) {
        const uint32_t w = 0xCAFEF00Du;
        setup_family(families[f]);
        M.regs.SR = families[f]->sr_errors | FLASH_SR_EOP; /* left over from before */
        assert_int_equal(dev.erase(&dev, 0x08000000u), OB_OK);
        assert_clean_end();
        M.regs.SR = FLASH_SR_PGSERR | FLASH_SR_PGPERR;
        assert_int_equal(dev.program(&dev, 0x08000000u, &w, 4), OB_OK);
        assert_int_equal(M.mem[0], w);
        assert_clean_end();
    }
}

static void test_waits_for_busy_before_starting(void **state)
{
    (void)state;
    setup_family(&stm32_family_f42x);
    M.busy = 5; /* an operation started by someone else, no pending change */
    assert_int_equal(dev.erase(&dev, 0x08100000u), OB_OK);
    assert_int_equal(M.last_snb, 16);
    assert_clean_end();
}

static void test_busy_stuck_times_out(void **state)
{
    const uint32_t w = 0;
    (void)state;
    setup_family(&stm32_family_f7);
    M.stuck = 1;
    model_us = 0;
    assert_int_equal(dev.erase(&dev, 0x08008000u), OB_ERR_TIMEOUT);
    assert_int_equal(M.key_writes, 0); /* never touched while busy */
    /* busy before the start: the longest erase, twice (2 x 4 s) */
    assert_true(model_us >= 8000000u && model_us < 8010000u);
    assert_int_equal(dev.program(&dev, 0x08008000u, &w, 4), OB_ERR_TIMEOUT);
    assert_int_equal(M.violations, 0);

    /* stuck after STRT: timeout, and no CR write while busy */
    setup_family(&stm32_family_f2);
    assert_int_equal(dev.erase(&dev, 0x08000000u), OB_OK);
    M.mem[0] = 0;
    M.stuck_after_start = 1;
    assert_int_equal(dev.erase(&dev, 0x08000000u), OB_ERR_TIMEOUT);
    assert_int_equal(M.violations, 0);
}

/* Each erase waits twice its sector size's datasheet maximum, no less (an
 * erase that takes longer than typical but within the maximum succeeds) and
 * not much more. The model's BSY never clears (stuck) or clears after
 * busy_us. */
static void erase_bound(const stm32_family *fam, uint32_t addr, uint32_t max_ms)
{
    setup_family(fam);
    M.mem[(addr - 0x08000000u) / 4] = 0;
    M.stuck_after_start = 1;
    model_us = 0;
    assert_int_equal(dev.erase(&dev, addr), OB_ERR_TIMEOUT);
    if (model_us < 2000u * max_ms || model_us > 2000u * max_ms + 10000u)
        fail_msg("%s %08x: gave up after %lu us, want 2 x %u ms", fam->name, (unsigned)addr,
                 (unsigned long)model_us, (unsigned)max_ms);
    assert_int_equal(M.violations, 0);

    setup_family(fam);
    M.mem[(addr - 0x08000000u) / 4] = 0;
    M.busy_polls = max_ms * 100u; /* exactly the datasheet maximum */
    assert_int_equal(dev.erase(&dev, addr), OB_OK);
    assert_clean_end();
}

static void test_erase_timeouts_per_sector_size(void **state)
{
    (void)state;
    /* DS6697 / DS8626 / DS9405: 16 KB 800 ms, 64 KB 2.4 s, 128 KB 4 s */
    erase_bound(&stm32_family_f2, 0x08004000u, 800);
    erase_bound(&stm32_family_f40x, 0x08010000u, 2400);
    erase_bound(&stm32_family_f40x, 0x080E0000u, 4000);
    erase_bound(&stm32_family_f42x, 0x08100000u, 800);
    erase_bound(&stm32_family_f42x, 0x081E0000u, 4000);
    /* DS10916: 32 KB 800 ms, 128 KB 2.4 s, 256 KB 4 s */
    erase_bound(&stm32_family_f7, 0x08008000u, 800);
    erase_bound(&stm32_family_f7, 0x08020000u, 2400);
    erase_bound(&stm32_family_f7, 0x080C0000u, 4000);
}

static void test_program_word_timeout(void **state)
{
    const uint32_t w = 0x12345678u;
    (void)state;
    setup_family(&stm32_family_f40x);
    M.stuck_after_start = 1;
    model_us = 0;
    assert_int_equal(dev.program(&dev, 0x08010000u, &w, 4), OB_ERR_TIMEOUT);
    assert_true(model_us >= 2000u && model_us < 3100u);
    assert_int_equal(M.violations, 0);
}

static void test_unlock_failure(void **state)
{
    const uint32_t w = 0;
    (void)state;
    setup_family(&stm32_family_f40x);
    M.hard_locked = 1; /* a bad key sequence earlier: locked until reset */
    assert_int_equal(dev.erase(&dev, 0x08000000u), OB_ERR_FLASH);
    assert_int_equal(dev.program(&dev, 0x08000000u, &w, 4), OB_ERR_FLASH);
    assert_int_equal(M.erases + M.programs, 0);
}

static void test_silent_controller_is_detected(void **state)
{
    const uint32_t w = 0x12345678u;
    (void)state;
    setup_family(&stm32_family_f40x);
    M.silent = 1; /* QEMU: flash interface ignores everything, flash is ROM */
    M.mem[0x8000 / 4] = 0;
    assert_int_equal(dev.erase(&dev, 0x08008000u), OB_ERR_FLASH);
    assert_int_equal(dev.program(&dev, 0x08010000u, &w, 4), OB_ERR_FLASH);
    assert_int_equal(M.violations, 0);
}

static void test_argument_errors_touch_nothing(void **state)
{
    const uint32_t w[2] = {0, 0};
    uint8_t b[4];
    (void)state;
    setup_family(&stm32_family_f42x);
    assert_int_equal(dev.erase(&dev, 0x08004004u), OB_ERR_ALIGN);
    assert_int_equal(dev.erase(&dev, 0x08200000u), OB_ERR_RANGE);
    assert_int_equal(dev.erase(&dev, 0x07FFC000u), OB_ERR_RANGE);
    assert_int_equal(dev.program(&dev, 0x08000002u, w, 4), OB_ERR_ALIGN);
    assert_int_equal(dev.program(&dev, 0x08000000u, w, 6), OB_ERR_ALIGN);
    assert_int_equal(dev.program(&dev, 0x081FFFFCu, w, 8), OB_ERR_RANGE);
    assert_int_equal(dev.program(&dev, 0x07FFFFFCu, w, 4), OB_ERR_RANGE);
    assert_int_equal(dev.read(&dev, 0x081FFFFEu, b, 4), OB_ERR_RANGE);
    assert_int_equal(dev.read(&dev, 0x07FFFFFFu, b, 1), OB_ERR_RANGE);
    assert_int_equal(M.key_writes + M.sr_clears, 0);
    assert_int_equal(dev.program(&dev, 0x08000000u, w, 0), OB_OK);
    assert_int_equal(M.key_writes, 0);
}

static void test_program_refuses_setting_bits(void **state)
{
    const uint32_t w = 0x0000FFFFu, w2 = 0x000000FFu;
    (void)state;
    setup_family(&stm32_family_f2);
    M.mem[4] = 0x00FF00FFu;
    assert_int_equal(dev.program(&dev, 0x08000010u, &w, 4), OB_ERR_NOT_ERASED);
    assert_int_equal(M.key_writes, 0);
    /* clearing more bits of a programmed word is allowed (RM0090 3.6.4) */
    assert_int_equal(dev.program(&dev, 0x08000010u, &w2, 4), OB_OK);
    assert_int_equal(M.mem[4], 0xFFu);
    assert_clean_end();
}

static void test_unaligned_source_buffer(void **state)
{
    uint8_t buf[9] = {0xEE, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80};
    (void)state;
    setup_family(&stm32_family_f7);
    assert_int_equal(dev.program(&dev, 0x08040000u, buf + 1, 8), OB_OK);
    assert_memory_equal((uint8_t *)M.mem + 0x40000, buf + 1, 8);
    assert_clean_end();
}

static void test_art_flush_after_operations(void **state)
{
    const uint32_t w = 0;
    (void)state;
    setup_family(&stm32_family_f40x);
    assert_int_equal(dev.erase(&dev, 0x08000000u), OB_OK);
    assert_int_equal(M.icrst, 1);
    assert_int_equal(M.dcrst, 1);
    assert_int_equal(dev.program(&dev, 0x08000000u, &w, 4), OB_OK);
    assert_int_equal(M.icrst, 2);
    assert_int_equal(M.dcrst, 2);
    /* the caches are enabled again afterwards */
    assert_true(M.regs.ACR & FLASH_ACR_ICEN);
    assert_true(M.regs.ACR & FLASH_ACR_DCEN);
    assert_clean_end();

    /* caches off: no reset, and they stay off */
    setup_family(&stm32_family_f2);
    M.regs.ACR = 3;
    assert_int_equal(dev.erase(&dev, 0x08000000u), OB_OK);
    assert_int_equal(M.icrst + M.dcrst, 0);
    assert_int_equal(M.regs.ACR, 3);
    assert_clean_end();
}

/* F42x: the slot in bank 2, code in bank 1: every erase and program runs
 * with the ART data cache off, and the cache is reset before it is turned on
 * again (ES0206 read-while-write erratum; the model's start_busy and ACR
 * checks). Single-bank chips keep it on. */
static void test_f42x_dcache_off_while_programming(void **state)
{
    const uint32_t w[3] = {0x11111111u, 0x22222222u, 0x33333333u};
    (void)state;
    setup_family(&stm32_family_f42x);
    assert_int_equal(dev.erase(&dev, 0x08100000u), OB_OK);
    assert_int_equal(dev.program(&dev, 0x08100000u, w, sizeof w), OB_OK);
    assert_int_equal(M.programs, 3);
    assert_int_equal(M.dcrst, 2);
    assert_true(M.regs.ACR & FLASH_ACR_DCEN);
    assert_true(M.regs.ACR & FLASH_ACR_ICEN);
    assert_clean_end();

    /* a failed program restores the cache too */
    M.inject_sr = FLASH_SR_PGPERR;
    assert_int_equal(dev.program(&dev, 0x08100010u, w, 4), OB_ERR_FLASH);
    assert_true(M.regs.ACR & FLASH_ACR_DCEN);
    assert_clean_end();

    /* single bank F407: the data cache may stay on */
    setup_family(&stm32_family_f40x);
    M.regs.ACR |= FLASH_ACR_DCEN;
    assert_int_equal(dev.program(&dev, 0x08010000u, w, 4), OB_OK);
    assert_clean_end();
}

static void test_f7_dcache_invalidated_over_range(void **state)
{
    const uint32_t w[3] = {1, 2, 3};
    uint32_t line;
    (void)state;
    setup_family(&stm32_family_f7);
    assert_int_equal(dev.erase(&dev, 0x08008000u), OB_OK);
    for (line = 0x8000 / 32; line < 0x10000 / 32; line++)
        assert_int_equal(M.invalidated[line], 1);
    assert_int_equal(M.invalidated[0x8000 / 32 - 1], 0);
    assert_int_equal(M.invalidated[0x10000 / 32], 0);
    memset(M.invalidated, 0, M.mem_words * 4u / 32u);
    /* a program that straddles a cache line: both lines */
    assert_int_equal(dev.program(&dev, 0x0801001Cu, w, 12), OB_OK);
    assert_int_equal(M.invalidated[0x10000 / 32], 1);
    assert_int_equal(M.invalidated[0x10020 / 32], 1);
    assert_int_equal(M.invalidated[0x10040 / 32], 0);
    assert_true(M.dsbs >= 3);
    assert_clean_end();
}

static void test_latency(void **state)
{
    (void)state;
    assert_int_equal(stm32_flash_ws_for(&stm32_family_f2, 120000000u), 3);
    assert_int_equal(stm32_flash_ws_for(&stm32_family_f2, 30000000u), 0);
    assert_int_equal(stm32_flash_ws_for(&stm32_family_f2, 30000001u), 1);
    assert_int_equal(stm32_flash_ws_for(&stm32_family_f40x, 168000000u), 5);
    assert_int_equal(stm32_flash_ws_for(&stm32_family_f42x, 180000000u), 5);
    assert_int_equal(stm32_flash_ws_for(&stm32_family_f7, 216000000u), 7);
    assert_int_equal(stm32_flash_ws_for(&stm32_family_f7, 16000000u), 0);

    setup_family(&stm32_family_f42x);
    stm32_flash_set_latency(&hw, 180000000u);
    assert_int_equal(M.regs.ACR & FLASH_ACR_LATENCY_MASK, 5);
    assert_true(M.regs.ACR & FLASH_ACR_PRFTEN);
    setup_family(&stm32_family_f7);
    stm32_flash_set_latency(&hw, 216000000u);
    assert_int_equal(M.regs.ACR & FLASH_ACR_LATENCY_MASK, 7);
    assert_int_equal(M.violations, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometry),
        cmocka_unit_test(test_snb_function),
        cmocka_unit_test(test_erase_every_sector_every_family),
        cmocka_unit_test(test_program_every_family),
        cmocka_unit_test(test_each_error_flag_is_an_error),
        cmocka_unit_test(test_error_stops_programming_midway),
        cmocka_unit_test(test_stale_flags_cleared_first),
        cmocka_unit_test(test_waits_for_busy_before_starting),
        cmocka_unit_test(test_busy_stuck_times_out),
        cmocka_unit_test(test_erase_timeouts_per_sector_size),
        cmocka_unit_test(test_program_word_timeout),
        cmocka_unit_test(test_unlock_failure),
        cmocka_unit_test(test_silent_controller_is_detected),
        cmocka_unit_test(test_argument_errors_touch_nothing),
        cmocka_unit_test(test_program_refuses_setting_bits),
        cmocka_unit_test(test_unaligned_source_buffer),
        cmocka_unit_test(test_art_flush_after_operations),
        cmocka_unit_test(test_f42x_dcache_off_while_programming),
        cmocka_unit_test(test_f7_dcache_invalidated_over_range),
        cmocka_unit_test(test_latency),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(M.mem);
    free(M.invalidated);
    return rc;
}
