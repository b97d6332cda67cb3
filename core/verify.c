/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: integrity helpers: CRC-32, SHA-256 over flash, constant-time
 * compare, vector-table plausibility. SHA-256 itself lives in the port
 * (port/<x>/sha256_*.c) so the core carries no crypto code. */
#include "verify.h"

/* CRC-32 of RFC 1952 section 8 (reflected polynomial 0xEDB88320, initial and
 * final XOR 0xFFFFFFFF), the same value zlib's crc32() returns. A 16-entry
 * table processed a nibble at a time: 64 bytes of table instead of 1 KiB,
 * because bl1's size matters more than CRC speed (it only checks headers and
 * the gzip trailer). Entry n is the CRC register after shifting nibble n
 * through four rounds of the polynomial. */
static const uint32_t crc_nibble[16] = {
    0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
    0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
    0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
};

uint32_t ob_crc32(uint32_t crc, const void *data, size_t len)
{
    const uint8_t *p = data;

    if (p == NULL)
        return crc; /* zlib convention: crc32(x, NULL, n) leaves x unchanged */
    crc = ~crc;
    while (len--) {
        crc ^= *p++;
        crc = (crc >> 4) ^ crc_nibble[crc & 15u];
        crc = (crc >> 4) ^ crc_nibble[crc & 15u];
    }
    return ~crc;
}

/* End address (exclusive, 64-bit so a chip ending at 4 GiB cannot wrap) of
 * the flash described by g. Kept local so this file needs nothing but the
 * geometry data. */
static uint64_t flash_end(const ob_flash_geom *g)
{
    uint64_t end = g->base;
    uint8_t i;

    for (i = 0; i < g->nruns; i++)
        end += (uint64_t)g->runs[i].count * g->runs[i].size;
    return end;
}

int ob_sha256_flash(ob_flash *f, uint32_t addr, uint32_t len, uint8_t out[OB_SHA256_LEN])
{
    ob_sha256_ctx c;
    uint8_t buf[OB_SHA256_FLASH_CHUNK]; /* on bl1's deepest stack path; mapped flash never uses it */

    if (f == NULL || f->geom == NULL || out == NULL)
        return OB_ERR_ARG;
    if (f->mapped == NULL && f->read == NULL)
        return OB_ERR_ARG;
    if (addr < f->geom->base || (uint64_t)addr + len > flash_end(f->geom))
        return OB_ERR_RANGE;

    ob_sha256_init(&c);
    if (f->mapped != NULL) {
        ob_sha256_update(&c, f->mapped + (addr - f->geom->base), len);
    } else {
        while (len > 0) {
            uint32_t n = OB_MIN(len, (uint32_t)sizeof buf);
            int rc = f->read(f, addr, buf, n);

            if (rc != OB_OK) {
                ob_sha256_final(&c, buf); /* releases the context; out stays untouched */
                return rc;
            }
            ob_sha256_update(&c, buf, n);
            addr += n;
            len -= n;
        }
    }
    ob_sha256_final(&c, out);
    return OB_OK;
}

int ob_memcmp_ct(const void *a, const void *b, size_t len)
{
    const volatile uint8_t *x = a;
    const volatile uint8_t *y = b;
    unsigned d = 0;
    size_t i;

    /* Every byte is looked at whatever the data, so the time taken does not
     * tell an attacker how many leading bytes of a hash matched. */
    for (i = 0; i < len; i++)
        d |= (unsigned)(x[i] ^ y[i]);
    /* d is 0..255: (d - 1) >> 8 is 1 only for d == 0; no data-dependent branch. */
    return (int)((((d - 1u) >> 8) & 1u) ^ 1u);
}

/* The initial SP must be 4-byte aligned, not 8: at reset an ARMv7-M core
 * loads SP_main from word 0 of the vector table with bits [1:0] forced to
 * zero (ARMv7-M Architecture Reference Manual, ARM DDI 0403E, B1.5.5 "Reset
 * behavior", TakeReset pseudocode; B1.4.1: SP bits [1:0] are SBZP), so any
 * word-aligned stack is a legal reset state; the 8-byte alignment of AAPCS
 * is a calling-convention rule that CCR.STKALIGN restores on exception entry
 * and start-up code may establish itself. Rejecting 4-aligned stacks would
 * refuse valid images. A value with bits [1:0] set is not something a linker
 * script produces, so it marks a non-firmware file; that also rejects an
 * erased word (0xFFFFFFFF). The reset handler must have bit 0 set because
 * M-profile cores execute Thumb only (B1.5.5: EPSR.T is loaded from bit 0;
 * T == 0 faults on the first instruction). */
static int sp_in_ram(const ob_layout *l, uint32_t sp)
{
    uint8_t i;

    for (i = 0; i < l->nram && i < OB_MAX_RAM; i++) {
        const ob_ram *r = &l->ram[i];

        /* base < SP <= base + size: a full-descending stack starts at the end */
        if (sp > r->base && sp - r->base <= r->size)
            return 1;
    }
    return 0;
}

ob_vt_fault ob_vector_fault(const ob_layout *l, const ob_region *region, const uint8_t vt[8],
                            uint32_t image_size)
{
    uint32_t sp, reset, handler, off, limit;

    if (image_size < 8)
        return OB_VT_SHORT;
    sp = ob_get_le32(vt);
    reset = ob_get_le32(vt + 4);
    if (sp & 3u)
        return OB_VT_SP_ALIGN;
    if (!sp_in_ram(l, sp))
        return OB_VT_SP_RAM;
    if ((reset & 1u) == 0)
        return OB_VT_THUMB;
    handler = reset & ~1u;
    /* Offsets from the region base avoid overflow near the top of the
     * address space. The handler cannot sit inside the first two vectors. */
    if (handler < region->addr)
        return OB_VT_RESET_RANGE;
    off = handler - region->addr;
    limit = OB_MIN(region->size, image_size);
    if (off < 8 || off >= limit)
        return OB_VT_RESET_RANGE;
    return OB_VT_OK;
}

int ob_vector_check(const ob_layout *l, const ob_region *region, const uint8_t vt[8],
                    uint32_t image_size)
{
    if (l == NULL || region == NULL || vt == NULL)
        return OB_ERR_ARG;
    switch (ob_vector_fault(l, region, vt, image_size)) {
    case OB_VT_OK: return OB_OK;
    case OB_VT_SHORT: return OB_ERR_EMPTY;
    default: return OB_ERR_VECTOR;
    }
}
