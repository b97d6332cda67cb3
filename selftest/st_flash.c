/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: the flash controller on a scratch sector (see st.h).
 *
 * The last sector of the application area, which the self-test image does
 * not reach, is erased, programmed and read back through the driver
 * (port/stm32/stm32_flash.c), with FLASH_SR's error flags (RM0033 3.8.4,
 * RM0090 3.9.4, RM0385 3.7.4) read after each step and the erase timed by
 * the DWT cycle counter (ARMv7-M ARM C1.8, the DWT: CYCCNT counts every core
 * cycle, also while a flash access stalls the core) against the
 * datasheet's maximum. Its old contents are read through the ART (F2/F4,
 * FLASH_ACR.ICEN/DCEN) or the L1 D-cache (F7) first, so the read-back after
 * programming shows whether a stale cached copy survived. */
#include "st.h"

#include "stm32_mmio.h"
#include "stm32_sys.h"

#define DEMCR ((reg32 *)0xE000EDFCu)
#define DEMCR_TRCENA (1u << 24)
#define DWT_CTRL ((reg32 *)0xE0001000u)
#define DWT_CYCCNT ((reg32 *)0xE0001004u)
#define DWT_LAR ((reg32 *)0xE0001FB0u) /* Cortex-M7: software lock (CoreSight) */
#define DWT_CTRL_CYCCNTENA 1u
#define CORESIGHT_KEY 0xC5ACCE55u

#define SPAN 4096u /* programmed at each end of the sector */
#define CHUNK 256u

static uint32_t buf[CHUNK / 4u];

static void cycles_start(const st_ctx *c)
{
    stm32_set(DEMCR, DEMCR_TRCENA);
    if (c->fam->cache == STM32_CACHE_L1) /* the M7's DWT has a lock; M3/M4 none */
        stm32_wr(DWT_LAR, CORESIGHT_KEY);
    stm32_wr(DWT_CYCCNT, 0);
    stm32_set(DWT_CTRL, DWT_CTRL_CYCCNTENA);
}

static uint32_t cycles_ms(uint32_t sysclk_hz)
{
    return stm32_rd(DWT_CYCCNT) / (sysclk_hz / 1000u);
}

static uint32_t word_of(uint32_t seed, uint32_t addr)
{
    return (seed ^ (addr * 2654435761u)) | 1u; /* never all ones: never "erased" */
}

static void fill(uint32_t seed, uint32_t addr)
{
    uint32_t i;

    for (i = 0; i < CHUNK / 4u; i++)
        buf[i] = word_of(seed, addr + 4u * i);
}

/* Program SPAN bytes at addr in CHUNKs; OB_OK or the driver's error. */
static int program(const st_ctx *c, uint32_t seed, uint32_t addr)
{
    uint32_t off;
    int rc = OB_OK;

    for (off = 0; off < SPAN && rc == OB_OK; off += CHUNK) {
        fill(seed, addr + off);
        rc = c->flash->program(c->flash, addr + off, buf, CHUNK);
        st_kick();
    }
    return rc;
}

/* Words of [addr, addr + SPAN) that do not read as the pattern. */
static uint32_t mismatches(uint32_t seed, uint32_t addr)
{
    const volatile uint32_t *p = (const volatile uint32_t *)(uintptr_t)addr;
    uint32_t i, bad = 0;

    for (i = 0; i < SPAN / 4u; i++)
        if (p[i] != word_of(seed, addr + 4u * i))
            bad++;
    return bad;
}

static uint32_t warm_cache(uint32_t addr)
{
    const volatile uint32_t *p = (const volatile uint32_t *)(uintptr_t)addr;
    uint32_t i, sum = 0;

    for (i = 0; i < SPAN / 4u; i++)
        sum += p[i];
    return sum;
}

/* Appends the error flags FLASH_SR holds now or held at the driver's last
 * failure; returns them (0: every flag of this family clear). */
static uint32_t sr_text(ob_line *l, const st_ctx *c)
{
    uint32_t sr = (stm32_rd(&c->flash_hw->regs->SR) & c->fam->sr_errors) | c->flash_hw->last_sr;

    ob_line_hex(ob_line_str(l, ", FLASH_SR errors "), sr);
    return sr;
}

void st_flash_check(const st_ctx *c)
{
    const ob_layout *lay = c->layout;
    const ob_region *scratch;
    uint32_t index, start, size;
    uint32_t seed, ms, max_ms, cr, bad_lo, bad_hi;
    int rc, cached;
    ob_line l;

    /* FLASH_CR reads LOCK = 1 from reset and after every operation of the
     * driver (bl1 left it locked): 0 means no controller answers. */
    cr = stm32_rd(&c->flash_hw->regs->CR);
    if (!(cr & FLASH_CR_LOCK)) {
        ob_line_init(&l);
        ob_line_hex(ob_line_str(&l, "FLASH_CR "), cr);
        ob_line_str(&l, ": LOCK clear before any unlock: no flash controller (QEMU's flash is ROM)");
        st_report(ST_SKIP, "flash.erase", l.buf);
        st_report(ST_SKIP, "flash.program", l.buf);
        st_report(ST_SKIP, "flash.cache", l.buf);
        return;
    }
    scratch = st_scratch_region(lay, c->image_end, &start, &size);
    if (scratch == NULL || ob_flash_sector_of(c->fam->geom, start, &index, NULL, NULL) != OB_OK) {
        st_report(ST_FAIL, "flash.erase", "the self-test image reaches the last sector of the application area");
        return;
    }

    /* Old contents into the caches. */
    (void)warm_cache(start);
    (void)warm_cache(start + size - SPAN);
    cached = c->fam->cache == STM32_CACHE_L1
                 ? (stm32_rd(&((cm_scb_regs *)CM_SCB_BASE)->CCR) & SCB_CCR_DC) != 0
                 : (stm32_rd(&c->flash_hw->regs->ACR) & (FLASH_ACR_ICEN | FLASH_ACR_DCEN)) ==
                       (FLASH_ACR_ICEN | FLASH_ACR_DCEN);

    ob_line_init(&l);
    ob_line_str(ob_line_u32(ob_line_str(&l, "sector "), index), scratch == &lay->app ? " (" : " (update slot, ");
    ob_line_str(ob_line_u32(&l, size / 1024u), " KiB at ");
    ob_line_hex(&l, start);
    max_ms = st_erase_max_ms(c->chip, size);
    st_kick();
    cycles_start(c);
    rc = c->flash->erase(c->flash, start);
    ms = cycles_ms(c->clk->sysclk_hz);
    st_kick();
    ob_line_str(ob_line_u32(ob_line_str(&l, ") erased in "), ms), " ms, datasheet max ");
    ob_line_u32(&l, max_ms);
    if (sr_text(&l, c) != 0 && rc == OB_OK)
        rc = OB_ERR_FLASH;
    if (rc != OB_OK) {
        ob_line_str(ob_line_str(&l, ": "), ob_strerror(rc));
        st_report(ST_FAIL, "flash.erase", l.buf);
        st_report(ST_SKIP, "flash.program", "the erase failed");
        st_report(ST_SKIP, "flash.cache", "the erase failed");
        return;
    }
    st_report(max_ms != 0 && ms <= max_ms ? ST_PASS : ST_FAIL, "flash.erase", l.buf);

    seed = stm32_millis() * 2246822519u + c->clk->sysclk_hz;
    cycles_start(c);
    rc = program(c, seed, start);
    if (rc == OB_OK)
        rc = program(c, seed, start + size - SPAN);
    ms = cycles_ms(c->clk->sysclk_hz);
    ob_line_init(&l);
    ob_line_str(ob_line_u32(ob_line_str(&l, "2 x "), SPAN / 1024u), " KiB programmed and read back by the driver in ");
    ob_line_str(ob_line_u32(&l, ms), " ms");
    if (sr_text(&l, c) != 0 && rc == OB_OK)
        rc = OB_ERR_FLASH;
    cr = stm32_rd(&c->flash_hw->regs->CR);
    if (rc == OB_OK && !(cr & FLASH_CR_LOCK)) {
        ob_line_str(&l, ", but FLASH_CR was left unlocked");
        rc = OB_ERR_FLASH;
    } else if (rc != OB_OK) {
        ob_line_str(ob_line_str(&l, ": "), ob_strerror(rc));
    }
    st_report(rc == OB_OK ? ST_PASS : ST_FAIL, "flash.program", l.buf);
    if (rc != OB_OK) {
        st_report(ST_SKIP, "flash.cache", "the program step failed");
        return;
    }

    bad_lo = mismatches(seed, start);
    bad_hi = mismatches(seed, start + size - SPAN);
    ob_line_init(&l);
    ob_line_str(&l, c->fam->cache == STM32_CACHE_L1 ? "read through the L1 D-cache ("
                                                     : "read through the ART (ICEN, DCEN ");
    ob_line_str(&l, cached ? "on" : "OFF");
    ob_line_str(ob_line_u32(ob_line_str(&l, "): "), bad_lo + bad_hi), " stale or wrong words of ");
    ob_line_u32(&l, 2u * SPAN / 4u);
    st_report(cached && bad_lo + bad_hi == 0 ? ST_PASS : ST_FAIL, "flash.cache", l.buf);
}
