/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the flash interface every core module talks to.
 *
 * A chip's flash is described as data (ob_flash_geom): runs of equal sectors
 * from a base address, the program granularity and the datasheet timings.
 * A device (ob_flash) adds four operations. Ports implement it: the STM32
 * flash controller, the QEMU file-backed region, the host simulated flash. */
#ifndef OB_FLASH_H
#define OB_FLASH_H

#include "ob.h"

typedef struct {
    uint16_t count;    /* sectors in this run */
    uint32_t size;     /* bytes per sector */
    uint32_t erase_ms; /* typical erase time of one such sector (datasheet) */
} ob_sector_run;

typedef struct {
    const char *name;          /* chip family, e.g. "stm32f42x-2M" */
    uint32_t base;             /* address of sector 0 */
    const ob_sector_run *runs; /* sector runs in address order, contiguous */
    uint8_t nruns;
    uint8_t prog_align;        /* program address and length granularity, bytes (4 for x32) */
    uint16_t prog_word_us;     /* typical time to program prog_align bytes (datasheet) */
} ob_flash_geom;

typedef struct ob_flash ob_flash;
struct ob_flash {
    const ob_flash_geom *geom;
    /* Reads any range inside the flash. */
    int (*read)(ob_flash *f, uint32_t addr, void *dst, uint32_t len);
    /* Programs [addr, addr+len): addr and len multiples of prog_align, range
     * inside the flash; NOR rules (bits only go 1->0). */
    int (*program)(ob_flash *f, uint32_t addr, const void *src, uint32_t len);
    /* Erases the whole sector that starts at sector_addr (must be a sector start). */
    int (*erase)(ob_flash *f, uint32_t sector_addr);
    /* Non-NULL when the flash is memory-mapped: byte at address a is mapped[a - geom->base].
     * Core code may read through it instead of calling read(). */
    const uint8_t *mapped;
    void *ctx; /* the port's own state */
};

/* Geometry queries. All return OB_ERR_RANGE for an address outside the flash. */
uint32_t ob_flash_total_size(const ob_flash_geom *g);
uint32_t ob_flash_sector_count(const ob_flash_geom *g);
/* Finds the sector that holds addr: its index, start and size (any out-pointer may be NULL). */
int ob_flash_sector_of(const ob_flash_geom *g, uint32_t addr, uint32_t *index, uint32_t *start,
                       uint32_t *size);
/* Sector by index. */
int ob_flash_sector_at(const ob_flash_geom *g, uint32_t index, uint32_t *start, uint32_t *size);
/* Typical erase time of the sector holding addr, in ms (0 if outside). */
uint32_t ob_flash_erase_ms(const ob_flash_geom *g, uint32_t addr);
/* 1 when [addr, addr+len) starts and ends on sector boundaries and lies inside the flash. */
int ob_flash_is_sector_aligned(const ob_flash_geom *g, uint32_t addr, uint32_t len);

/* Erases every sector overlapping [addr, addr+len); addr must be a sector start.
 * Sectors are erased in address order; stops at the first failure. */
int ob_flash_erase_range(ob_flash *f, uint32_t addr, uint32_t len);
/* Reads through mapped when available, otherwise read(). */
int ob_flash_read(ob_flash *f, uint32_t addr, void *dst, uint32_t len);
/* 1 when every byte of the range reads 0xFF, 0 otherwise, <0 on read error. */
int ob_flash_is_erased(ob_flash *f, uint32_t addr, uint32_t len);

#endif
