/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: flash controller driver (see stm32_flash.h).
 *
 * Sequences from RM0090 (Rev 19) section 3.6: 3.6.1 unlocking FLASH_CR,
 * 3.6.2 parallelism (PSIZE x32 at 2.7-3.6 V), 3.6.3 sector erase (BSY idle,
 * SER + SNB, STRT, wait BSY), 3.6.4 programming (PG, word write, wait BSY),
 * error flags in 3.9.4 (FLASH_SR). RM0033 section 3.4 (F2) and RM0385
 * section 3.3 (F7: same sequence, ERSERR in place of PGSERR, and a DSB after
 * the write so BSY is read after the write reached the controller) describe
 * the same IP. Register access goes through stm32_mmio.h so the host test can
 * run this file against a register model. */
#include "stm32_flash.h"

#include <string.h>

#include "stm32_mmio.h"

#define ERASED_WORD 0xFFFFFFFFu

/* Waits for BSY = 0 at most timeout_ms. The clock is read before BSY, so a
 * wait pre-empted for longer than the time-out still sees BSY once more. */
static int wait_idle(stm32_flash *hw, uint32_t timeout_ms)
{
    uint32_t t0 = hw->now_ms();

    for (;;) {
        int late = hw->now_ms() - t0 > timeout_ms;

        if ((stm32_rd(&hw->regs->SR) & FLASH_SR_BSY) == 0)
            return OB_OK;
        if (late)
            return OB_ERR_TIMEOUT;
    }
}

/* Twice the datasheet maximum erase time of a sector of this size (the
 * largest size's for anything bigger: there is none). */
static uint32_t erase_timeout_ms(const stm32_family *fam, uint32_t size)
{
    unsigned i;

    for (i = 0; i < 2u && fam->erase_max[i].size < size; i++)
        ;
    return 2u * fam->erase_max[i].max_ms;
}

/* Error flags of this family now set in SR; remembered for diagnostics. */
static int check_errors(stm32_flash *hw)
{
    uint32_t err = stm32_rd(&hw->regs->SR) & hw->fam->sr_errors;

    if (err == 0)
        return OB_OK;
    hw->last_sr = err;
    return OB_ERR_FLASH;
}

/* Idle, no stale flags (write 1 to clear, a left-over PGSERR would fail the
 * next operation), unlocked, CR back to its neutral value. */
static int begin(stm32_flash *hw)
{
    /* whatever runs may be the longest erase */
    int rc = wait_idle(hw, erase_timeout_ms(hw->fam, UINT32_MAX));

    hw->last_sr = 0;
    if (rc != OB_OK)
        return rc;
    stm32_wr(&hw->regs->SR, hw->fam->sr_errors | FLASH_SR_EOP);
    if (stm32_rd(&hw->regs->CR) & FLASH_CR_LOCK) {
        stm32_wr(&hw->regs->KEYR, FLASH_KEY1);
        stm32_wr(&hw->regs->KEYR, FLASH_KEY2);
        /* A wrong sequence locks FLASH_CR until reset: report, never retry. */
        if (stm32_rd(&hw->regs->CR) & FLASH_CR_LOCK)
            return OB_ERR_FLASH;
    }
    return OB_OK;
}

/* Clears the operation bits and locks, whatever happened before. */
static void end(stm32_flash *hw)
{
    stm32_wr(&hw->regs->CR, FLASH_CR_PSIZE_X32);
    stm32_wr(&hw->regs->CR, FLASH_CR_PSIZE_X32 | FLASH_CR_LOCK);
}

uint32_t stm32_flash_snb(const stm32_family *fam, uint32_t index)
{
    if (fam->bank2_first != 0 && index >= fam->bank2_first)
        index += fam->bank2_snb_add;
    return index & ((1u << fam->snb_bits) - 1u);
}

/* acr: the ACR value to restore (the caches as they were before the
 * operation). RM0090 3.5.2: a cache may be reset only while it is disabled. */
static void art_reset(stm32_flash *hw, uint32_t acr, uint32_t en, uint32_t rst)
{
    if ((acr & en) == 0)
        return; /* disabled: nothing cached, and RST must not be used blindly */
    stm32_wr(&hw->regs->ACR, acr & ~en);
    stm32_wr(&hw->regs->ACR, (acr & ~en) | rst);
    stm32_wr(&hw->regs->ACR, acr & ~en);
    stm32_wr(&hw->regs->ACR, acr);
}

static void flush_after(stm32_flash *hw, uint32_t acr, uint32_t addr, uint32_t len)
{
    if (hw->fam->cache == STM32_CACHE_ART) {
        art_reset(hw, acr, FLASH_ACR_DCEN, FLASH_ACR_DCRST);
        art_reset(hw, acr, FLASH_ACR_ICEN, FLASH_ACR_ICRST);
        return;
    }
    /* Cortex-M7: invalidate every D-cache line of the range (PM0253 4.8.5,
     * DCIMVAC); the flash is write-through so no line holds dirty data. */
    {
        uint32_t a = addr & ~(CM_DCACHE_LINE - 1u);
        uint32_t end_addr = addr + len;

        stm32_dsb();
        for (; a < end_addr; a += CM_DCACHE_LINE)
            stm32_wr(&hw->cache->DCIMVAC, a);
        stm32_dsb();
        stm32_isb();
    }
}

void stm32_flash_flush_caches(stm32_flash *hw, uint32_t addr, uint32_t len)
{
    flush_after(hw, stm32_rd(&hw->regs->ACR), addr, len);
}

/* F42x/43x erratum (ES0206, "Data cache might be corrupted during Flash
 * memory read-while-write operation"): with code in one bank and an erase or
 * program running in the other, the ART data cache must be off. Called with
 * the controller idle and acr as read before; flush_after(acr) resets the
 * data cache (DCRST while DCEN = 0) before it turns it on again, as Zephyr's
 * flash_stm32f4x.c write_value does around each program. Here the window is
 * the whole operation, erase too. */
static void dcache_off_for_rww(stm32_flash *hw, uint32_t acr)
{
    if (hw->fam->rww_dcache_off && (acr & FLASH_ACR_DCEN))
        stm32_wr(&hw->regs->ACR, acr & ~FLASH_ACR_DCEN);
}

static int in_flash(const stm32_family *fam, uint32_t addr, uint32_t len)
{
    uint32_t total = ob_flash_total_size(fam->geom);

    return addr >= fam->geom->base && addr - fam->geom->base <= total &&
           len <= total - (addr - fam->geom->base);
}

static volatile uint32_t *word_at(stm32_flash *hw, uint32_t addr)
{
    return &hw->mem[(addr - hw->fam->geom->base) / 4u];
}

static int flash_erase(ob_flash *dev, uint32_t sector_addr)
{
    stm32_flash *hw = dev->ctx;
    uint32_t index, start, size, off, acr;
    int rc;

    rc = ob_flash_sector_of(hw->fam->geom, sector_addr, &index, &start, &size);
    if (rc != OB_OK)
        return rc;
    if (start != sector_addr)
        return OB_ERR_ALIGN;

    rc = begin(hw);
    acr = stm32_rd(&hw->regs->ACR);
    if (rc == OB_OK) {
        dcache_off_for_rww(hw, acr);
        /* Operation bits first, STRT in a write of its own after them. */
        uint32_t cr = FLASH_CR_PSIZE_X32 | FLASH_CR_SER |
                      (stm32_flash_snb(hw->fam, index) << FLASH_CR_SNB_SHIFT);
        stm32_wr(&hw->regs->CR, cr);
        stm32_wr(&hw->regs->CR, cr | FLASH_CR_STRT);
        stm32_dsb();
        rc = wait_idle(hw, erase_timeout_ms(hw->fam, size));
        if (rc == OB_OK)
            rc = check_errors(hw);
    }
    if (rc == OB_ERR_TIMEOUT)
        return rc; /* still busy: a CR write would stall the bus (RM0090 3.6);
                    * the F42x data cache stays off, which is only slower */
    end(hw);
    flush_after(hw, acr, start, size);
    if (rc != OB_OK)
        return rc;
    /* Blank check: an erase that did not happen must not look like one. */
    for (off = 0; off < size; off += 4u)
        if (stm32_rd(word_at(hw, start + off)) != ERASED_WORD)
            return OB_ERR_FLASH;
    return OB_OK;
}

static int flash_program(ob_flash *dev, uint32_t addr, const void *src, uint32_t len)
{
    stm32_flash *hw = dev->ctx;
    const uint8_t *p = src;
    uint32_t off, w, acr;
    int rc;

    if ((addr | len) & 3u)
        return OB_ERR_ALIGN;
    if (!in_flash(hw->fam, addr, len))
        return OB_ERR_RANGE;
    if (len == 0)
        return OB_OK;
    /* NOR: programming can only clear bits. Refuse before touching anything. */
    for (off = 0; off < len; off += 4u) {
        memcpy(&w, p + off, 4);
        if ((stm32_rd(word_at(hw, addr + off)) & w) != w)
            return OB_ERR_NOT_ERASED;
    }

    rc = begin(hw);
    acr = stm32_rd(&hw->regs->ACR);
    if (rc == OB_OK) {
        dcache_off_for_rww(hw, acr);
        stm32_wr(&hw->regs->CR, FLASH_CR_PSIZE_X32 | FLASH_CR_PG);
        for (off = 0; off < len && rc == OB_OK; off += 4u) {
            memcpy(&w, p + off, 4);
            stm32_wr(word_at(hw, addr + off), w);
            stm32_dsb();
            rc = wait_idle(hw, STM32_FLASH_PROG_TIMEOUT_MS);
            if (rc == OB_OK)
                rc = check_errors(hw);
        }
    }
    if (rc == OB_ERR_TIMEOUT)
        return rc;
    end(hw);
    flush_after(hw, acr, addr, len);
    if (rc != OB_OK)
        return rc;
    for (off = 0; off < len; off += 4u) {
        memcpy(&w, p + off, 4);
        if (stm32_rd(word_at(hw, addr + off)) != w)
            return OB_ERR_FLASH;
    }
    return OB_OK;
}

static int flash_read(ob_flash *dev, uint32_t addr, void *dst, uint32_t len)
{
    stm32_flash *hw = dev->ctx;

    if (!in_flash(hw->fam, addr, len))
        return OB_ERR_RANGE;
    if (len > 0)
        memcpy(dst, dev->mapped + (addr - hw->fam->geom->base), len);
    return OB_OK;
}

void stm32_flash_init(ob_flash *dev, stm32_flash *hw)
{
    dev->geom = hw->fam->geom;
    dev->read = flash_read;
    dev->program = flash_program;
    dev->erase = flash_erase;
    dev->mapped = (const uint8_t *)(uintptr_t)hw->mem;
    dev->ctx = hw;
}

void stm32_flash_set_latency(stm32_flash *hw, uint32_t hclk_hz)
{
    uint32_t ws = stm32_flash_ws_for(hw->fam, hclk_hz);
    uint32_t acr = ws | FLASH_ACR_PRFTEN | FLASH_ACR_ICEN;
    uint32_t n;

    if (hw->fam->cache == STM32_CACHE_ART)
        acr |= FLASH_ACR_DCEN;
    stm32_wr(&hw->regs->ACR, acr);
    /* RM0090 3.5.1: read ACR back so the new latency is in force before the
     * clock changes. Bounded: QEMU's unimplemented interface reads 0. */
    for (n = 0; n < 1000u; n++)
        if ((stm32_rd(&hw->regs->ACR) & FLASH_ACR_LATENCY_MASK) == ws)
            break;
}
