/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: NOR flash emulated over the file-backed PSRAM.
 *
 * The memory is plain RAM to QEMU, so the NOR rules are enforced here, with
 * the sector map of the chip the board stands in for (boards/chips): erase
 * works on whole sectors and fills them with 0xFF, programming needs
 * prog_align-aligned address and length and may only clear bits (like the
 * STM32 flash controller, RM0090 3.6.2, which flags programming a
 * non-erased location). So the layouts, the journal and the erase grain
 * are exercised as on the real chips. Reads go straight to memory.
 *
 * An erase also takes the chip's typical sector erase time (the geometry's
 * erase_ms, from the datasheets; docs/HARDWARE.md) while the millisecond tick runs,
 * so a transfer is held back by the flash as on hardware, and a test can cut
 * the power in the middle of an install. Programming time is not modelled
 * (16 us per word would add about a second per 256 KiB). */
#include <string.h>

#include "mps2.h"

static int in_flash(const ob_flash_geom *g, uint32_t addr, uint32_t len)
{
    uint32_t total = ob_flash_total_size(g);
    return addr >= g->base && len <= total && addr - g->base <= total - len;
}

static int qf_read(ob_flash *f, uint32_t addr, void *dst, uint32_t len)
{
    if (!in_flash(f->geom, addr, len))
        return OB_ERR_RANGE;
    memcpy(dst, (const void *)(uintptr_t)addr, len);
    return OB_OK;
}

static int qf_program(ob_flash *f, uint32_t addr, const void *src, uint32_t len)
{
    const uint8_t *s = (const uint8_t *)src;
    volatile uint8_t *d = (volatile uint8_t *)(uintptr_t)addr;
    uint32_t a = f->geom->prog_align;

    if (!in_flash(f->geom, addr, len))
        return OB_ERR_RANGE;
    if ((addr - f->geom->base) % a || len % a)
        return OB_ERR_ALIGN;
    /* Check the whole range first: a rejected program changes nothing. */
    for (uint32_t i = 0; i < len; i++)
        if ((d[i] & s[i]) != s[i])
            return OB_ERR_NOT_ERASED;
    for (uint32_t i = 0; i < len; i++)
        d[i] = (uint8_t)(d[i] & s[i]);
    return OB_OK;
}

static int qf_erase(ob_flash *f, uint32_t sector_addr)
{
    uint32_t start, size;
    int rc = ob_flash_sector_of(f->geom, sector_addr, NULL, &start, &size);
    if (rc != OB_OK)
        return rc;
    if (start != sector_addr)
        return OB_ERR_ALIGN;
    /* The sector turns to 0xFF half-way through the wait: a power cut then
     * finds it untouched or erased (torn erases are the host simulator's
     * job, tests/core/test_simflash.c). Without the tick there is no wait. */
    uint32_t t0 = mps2_millis(), wait = mps2_tick_running() ? ob_flash_erase_ms(f->geom, start) : 0;
    while (mps2_millis() - t0 < wait / 2u)
        __asm__ volatile("wfi");
    memset((void *)(uintptr_t)start, 0xFF, size);
    while (mps2_millis() - t0 < wait)
        __asm__ volatile("wfi");
    return OB_OK;
}

void mps2_flash_init(ob_flash *f, const ob_flash_geom *g)
{
    memset(f, 0, sizeof *f);
    f->geom = g;
    f->read = qf_read;
    f->program = qf_program;
    f->erase = qf_erase;
    f->mapped = (const uint8_t *)(uintptr_t)g->base;
}
