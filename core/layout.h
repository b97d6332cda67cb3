/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: flash layouts. A layout is data: one table per board and profile
 * naming its regions as runs of whole sectors. The firmware links one; the
 * host tool and the virtual board link them all (boards/registry.c). */
#ifndef OB_LAYOUT_H
#define OB_LAYOUT_H

#include "flash.h"

/* slot: the application area and one update slot; direct: the application
 * area only (rescue installs into it); rollback: the application area and two
 * update slots used in turn, one of them keeping the compressed form of the
 * last confirmed application to go back to (docs/LAYOUTS.md). */
typedef enum { OB_PROFILE_SLOT = 0, OB_PROFILE_DIRECT = 1, OB_PROFILE_ROLLBACK = 2 } ob_profile;

typedef struct {
    uint32_t addr;
    uint32_t size; /* 0: region absent */
} ob_region;

typedef struct {
    uint32_t base;
    uint32_t size;
} ob_ram;

#define OB_BOARD_NAME_MAX 16 /* including the terminating NUL */
#define OB_MAX_RAM 4
/* smallest journal sector: 4 records of 256 bytes (two snapshots and a twin) */
#define OB_JOURNAL_SECTOR_MIN 1024u

typedef struct {
    const char *board;   /* "nucleo-f429zi": at most 15 characters */
    const char *mcu;     /* "STM32F429ZI" */
    ob_profile profile;
    const ob_flash_geom *geom;
    ob_ram ram[OB_MAX_RAM]; /* RAM an initial stack pointer may point into (SP may equal the end) */
    uint8_t nram;
    ob_region bl1;
    ob_region journal[2];
    ob_region rescue;       /* size 0: no rescue firmware */
    ob_region app;
    ob_region slot;         /* size 0 in the direct profile */
    ob_region slot2;        /* the second update slot: rollback profile only */
    uint16_t slot_ratio_pct; /* the compression ratio the slots were sized for: slot >= app * pct / 100 */
} ob_layout;

const char *ob_profile_name(ob_profile p);
int ob_profile_parse(const char *name, ob_profile *out);

/* Checks a layout: every region sector-aligned and inside the chip, regions
 * disjoint, journal sectors single sectors, board name short enough, slots
 * present exactly as the profile says (one for slot, two for rollback, none
 * for direct) and each sized to the ratio. Returns OB_OK or
 * OB_ERR_* and, when why is non-NULL, a static line naming the first fault. */
int ob_layout_check(const ob_layout *l, const char **why);

/* Update slot i (0: slot, 1: slot2); NULL when the layout has no such slot. */
const ob_region *ob_layout_slot(const ob_layout *l, unsigned i);
/* The largest compressed payload every slot of the layout can take (what an
 * image must fit so that it can go into either slot); 0: no slot. */
uint32_t ob_layout_payload_max(const ob_layout *l);

/* Registry (host only: boards/registry.c). NULL-terminated. */
extern const ob_layout *const ob_all_layouts[];
const ob_layout *ob_layout_find(const char *board, ob_profile profile);

#endif
