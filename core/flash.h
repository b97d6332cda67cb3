/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: queries and helpers over the flash every core module talks to.
 *
 * The flash itself (ob_flash: its geometry as data and three operations) is
 * what a port provides: core/ob_port.h. The ports: the STM32 flash
 * controller, the QEMU file-backed region, the host simulated flash. */
#ifndef OB_FLASH_H
#define OB_FLASH_H

#include "ob_port.h" /* ob_flash_geom, ob_flash */

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
