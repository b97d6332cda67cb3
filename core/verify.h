/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: integrity checks. CRC32 (gzip's), SHA-256 of a flash range (over
 * the port's SHA-256, core/ob_port.h), and the vector-table plausibility check. */
#ifndef OB_VERIFY_H
#define OB_VERIFY_H

#include "layout.h"

/* CRC-32 as in RFC 1952 / zlib's crc32(): ob_crc32(0, NULL, 0) == 0, chainable. */
uint32_t ob_crc32(uint32_t crc, const void *data, size_t len);

/* SHA-256 of flash [addr, addr+len), through mapped memory or read() in
 * pieces of OB_SHA256_FLASH_CHUNK bytes (a stack buffer on bl1's deepest path). */
#define OB_SHA256_FLASH_CHUNK 64
int ob_sha256_flash(ob_flash *f, uint32_t addr, uint32_t len, uint8_t out[OB_SHA256_LEN]);

/* Constant-time comparison: 0 when equal. */
int ob_memcmp_ct(const void *a, const void *b, size_t len);

/* Vector-table plausibility for an image of image_size bytes to be placed at
 * the layout's application area (or region, for rescue): the first word (initial
 * SP) lies inside one of the chip's RAM regions (base < SP <= base+size, 4-byte
 * aligned) and the second (reset handler) has the Thumb bit set and points inside
 * the region and inside the image. vt holds the image's first 8 bytes.
 * Returns OB_OK or OB_ERR_VECTOR (OB_ERR_EMPTY when image_size < 8). */
int ob_vector_check(const ob_layout *l, const ob_region *region, const uint8_t vt[8],
                    uint32_t image_size);

/* Which of those checks fails first (so a tool can say it). */
typedef enum {
    OB_VT_OK = 0,
    OB_VT_SHORT,        /* fewer than 8 bytes */
    OB_VT_SP_ALIGN,     /* initial SP not 4-byte aligned */
    OB_VT_SP_RAM,       /* initial SP outside every RAM region */
    OB_VT_THUMB,        /* reset handler without the Thumb bit */
    OB_VT_RESET_RANGE   /* reset handler outside the region or the image */
} ob_vt_fault;
ob_vt_fault ob_vector_fault(const ob_layout *l, const ob_region *region, const uint8_t vt[8],
                            uint32_t image_size);

#endif
