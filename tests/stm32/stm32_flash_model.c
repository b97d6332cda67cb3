/* SPDX-License-Identifier: Apache-2.0 */
/* Register model of the F2/F4/F7 flash interface (see stm32_flash_model.h). */
#include "stm32_flash_model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stm32_mmio.h"

#define BUSY_POLLS 3


model M;

/* The model's clock: every FLASH_SR read takes 10 us. */
uint64_t model_us;

uint32_t model_now_ms(void)
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

void model_reset(const stm32_family *fam)
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
