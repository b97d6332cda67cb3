/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: application-against-board checks (see appcheck.h). */
#include "appcheck.h"

#include <stdio.h>
#include <string.h>

#include "ob.h"
#include "verify.h"

/* Interrupt vectors after the 16 system ones, per chip line: the "Vector
 * table" of each reference manual (RM0033 for the F2, RM0090 for the
 * F405/407/415/417 and F427/429/437/439, RM0385 for the F745/746/756).
 * 0: not known (nothing checked). */
static unsigned chip_irqs(const char *mcu)
{
    static const struct {
        const char *prefix;
        unsigned irqs;
    } lines[] = {
        {"STM32F20", 81}, {"STM32F21", 81}, {"STM32F40", 82}, {"STM32F41", 82},
        {"STM32F42", 91}, {"STM32F43", 91}, {"STM32F74", 98}, {"STM32F75", 98},
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (mcu && !strncmp(mcu, lines[i].prefix, strlen(lines[i].prefix)))
            return lines[i].irqs;
    return 0;
}

void ram_ranges(const ob_layout *l, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < l->nram && i < OB_MAX_RAM && k < cap; i++) {
        int w = snprintf(buf + k, cap - k, "%s0x%08x-0x%08x", i ? ", " : "", l->ram[i].base,
                         l->ram[i].base + l->ram[i].size);
        if (w < 0)
            break;
        k += (size_t)w;
    }
}

int vector_why(const ob_layout *l, const uint8_t *raw, size_t len, char *why, size_t cap)
{
    uint32_t n = len > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)len;
    ob_vt_fault f = ob_vector_fault(l, &l->app, raw, n);
    uint32_t sp = len >= 8 ? ob_get_le32(raw) : 0, reset = len >= 8 ? ob_get_le32(raw + 4) : 0;
    char ram[160];
    ram_ranges(l, ram, sizeof ram);
    switch (f) {
    case OB_VT_OK: return OB_OK;
    case OB_VT_SHORT:
        snprintf(why, cap, "%s: %zu bytes, not even a vector table", ob_strerror(OB_ERR_EMPTY), len);
        return OB_ERR_EMPTY;
    case OB_VT_SP_ALIGN:
        snprintf(why, cap, "vector table check failed: initial SP 0x%08x is not word-aligned (not a Cortex-M image?)",
                 sp);
        break;
    case OB_VT_SP_RAM:
        snprintf(why, cap, "vector table check failed: initial SP 0x%08x is outside the %s RAM (%s): built for another board?",
                 sp, l->board, ram);
        break;
    case OB_VT_THUMB:
        snprintf(why, cap, "vector table check failed: reset handler 0x%08x has no Thumb bit (bit 0): not a Cortex-M image?",
                 reset);
        break;
    case OB_VT_RESET_RANGE:
        snprintf(why, cap,
                 "vector table check failed: reset handler 0x%08x is outside the image (0x%08x-0x%08x): linked for "
                 "another address than the %s application area?",
                 reset, l->app.addr, l->app.addr + n, l->board);
        break;
    }
    return OB_ERR_VECTOR;
}

/* An ELF's vector table is as long as its chip's; a RAM section lies in the board's RAM. */
static int elf_check(const app_image *img, const ob_layout *l, char *why, size_t cap)
{
    unsigned irqs = chip_irqs(l->mcu);
    if (img->vt.size && irqs) {
        uint32_t want = (16u + irqs) * 4u;
        if (img->vt.size != want) {
            snprintf(why, cap,
                     "vector table %s has %u entries, the %s of %s has %u (16 + %u interrupts): built for another "
                     "chip?",
                     img->vt.name, img->vt.size / 4u, l->mcu, l->board, want / 4u, irqs);
            return OB_ERR_VECTOR;
        }
    }
    for (unsigned i = 0; i < img->nram; i++) {
        const app_section *s = &img->ram[i];
        uint64_t end = (uint64_t)s->addr + s->size;
        if (s->addr >= l->app.addr && end <= (uint64_t)l->app.addr + l->app.size)
            continue; /* writable but in flash (e.g. .init_array): the load-address check covers it */
        int inside = 0;
        for (unsigned r = 0; r < l->nram && r < OB_MAX_RAM; r++)
            if (s->addr >= l->ram[r].base && end <= (uint64_t)l->ram[r].base + l->ram[r].size)
                inside = 1;
        if (!inside) {
            char ram[160];
            ram_ranges(l, ram, sizeof ram);
            snprintf(why, cap, "section %s (0x%08x-0x%08llx) is outside the %s RAM (%s): built for another board?",
                     s->name, s->addr, (unsigned long long)end, l->board, ram);
            return OB_ERR_VECTOR;
        }
    }
    return OB_OK;
}

int app_check(const app_image *img, const ob_layout *l, char *why, size_t cap)
{
    if (img->len >= 2 && img->data[0] == 0x1f && img->data[1] == 0x8b) {
        snprintf(why, cap, "already a gzip file (an image, or a gzip'd application): pack takes the application "
                           "itself (.bin, .hex or .elf); `gunzip -c FILE > app.bin` gives it back");
        return OB_ERR_ARG;
    }
    if (img->has_addr && img->addr != l->app.addr) {
        snprintf(why, cap, "%s: loads at 0x%08x, the %s %s application area starts at 0x%08x",
                 ob_strerror(OB_ERR_LOAD_ADDR), img->addr, l->board, ob_profile_name(l->profile), l->app.addr);
        return OB_ERR_LOAD_ADDR;
    }
    return strcmp(img->format, "elf") ? OB_OK : elf_check(img, l, why, cap);
}
