/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: profile names and the layout checker. The checker runs at build
 * time over every layout (tools/layoutgen --check) and in the host tool, so a
 * bad table never reaches a board. */
#include "layout.h"

#include <string.h>

#include "image.h"

const char *ob_profile_name(ob_profile p)
{
    switch (p) {
    case OB_PROFILE_SLOT: return "slot";
    case OB_PROFILE_DIRECT: return "direct";
    case OB_PROFILE_ROLLBACK: return "rollback";
    default: return "unknown";
    }
}

int ob_profile_parse(const char *name, ob_profile *out)
{
    ob_profile p;
    if (name == NULL)
        return OB_ERR_ARG;
    if (strcmp(name, "slot") == 0)
        p = OB_PROFILE_SLOT;
    else if (strcmp(name, "direct") == 0)
        p = OB_PROFILE_DIRECT;
    else if (strcmp(name, "rollback") == 0)
        p = OB_PROFILE_ROLLBACK;
    else
        return OB_ERR_ARG;
    if (out != NULL)
        *out = p;
    return OB_OK;
}

/* The regions in a fixed order, with the names the fault lines use. */
enum { R_BL1, R_J0, R_J1, R_RESCUE, R_APP, R_SLOT, R_SLOT2, R_COUNT };
static const char *const region_names[R_COUNT] = {
    "bl1", "journal[0]", "journal[1]", "rescue", "app", "slot", "slot2",
};

static const ob_region *region_at(const ob_layout *l, int i)
{
    switch (i) {
    case R_BL1: return &l->bl1;
    case R_J0: return &l->journal[0];
    case R_J1: return &l->journal[1];
    case R_RESCUE: return &l->rescue;
    case R_APP: return &l->app;
    case R_SLOT: return &l->slot;
    default: return &l->slot2;
    }
}

const ob_region *ob_layout_slot(const ob_layout *l, unsigned i)
{
    const ob_region *r = i == 0 ? &l->slot : i == 1 ? &l->slot2 : NULL;
    return r != NULL && r->size != 0 ? r : NULL;
}

uint32_t ob_layout_payload_max(const ob_layout *l)
{
    uint32_t size = l->slot.size;
    if (l->slot2.size != 0 && l->slot2.size < size)
        size = l->slot2.size;
    return size > OB_SLOT_HDR_LEN ? size - OB_SLOT_HDR_LEN : 0;
}

/* The fault line for faults that name regions. Static: the checker runs on
 * the host and in single-threaded firmware, and a line is read right away. */
static char why_buf[64];

static const char *compose(const char *a, const char *b, const char *c)
{
    size_t n = 0;
    const char *parts[3] = { a, b, c };
    for (int i = 0; i < 3; i++)
        for (const char *s = parts[i]; s != NULL && *s != '\0' && n + 1 < sizeof why_buf; s++)
            why_buf[n++] = *s;
    why_buf[n] = '\0';
    return why_buf;
}

static int fail(const char **why, const char *line, int err)
{
    if (why != NULL)
        *why = line;
    return err;
}

static int board_name_ok(const char *s)
{
    size_t n = 0;
    if (s == NULL)
        return 0;
    for (; s[n] != '\0'; n++) {
        char c = s[n];
        if (n + 1 >= OB_BOARD_NAME_MAX)
            return 0;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return n > 0;
}

static int overlap(const ob_region *a, const ob_region *b)
{
    uint64_t a_end = (uint64_t)a->addr + a->size, b_end = (uint64_t)b->addr + b->size;
    return a->addr < b_end && b->addr < a_end;
}

static int check_geom(const ob_flash_geom *g, const char **why)
{
    if (g == NULL || g->runs == NULL || g->nruns == 0)
        return fail(why, "no flash geometry", OB_ERR_ARG);
    for (uint8_t i = 0; i < g->nruns; i++)
        if (g->runs[i].count == 0 || g->runs[i].size == 0)
            return fail(why, "flash geometry has an empty sector run", OB_ERR_ARG);
    /* Program units must tile every sector, or a sector could not be filled. */
    if (g->prog_align == 0)
        return fail(why, "flash geometry has no program width", OB_ERR_ARG);
    for (uint8_t i = 0; i < g->nruns; i++)
        if (g->runs[i].size % g->prog_align != 0 || g->base % g->prog_align != 0)
            return fail(why, "flash sectors are not multiples of the program width", OB_ERR_ARG);
    uint64_t total = 0;
    for (uint8_t i = 0; i < g->nruns; i++)
        total += (uint64_t)g->runs[i].count * g->runs[i].size;
    if ((uint64_t)g->base + total > 0x100000000ull)
        return fail(why, "flash geometry wraps the address space", OB_ERR_ARG);
    return OB_OK;
}

/* bl1 comes first: the chip fetches its reset vector from the start of the
 * flash when it boots from main flash (RM0090 "Boot configuration"). */
static int check_regions(const ob_layout *l, const char **why)
{
    const ob_flash_geom *g = l->geom;
    for (int i = 0; i < R_COUNT; i++) {
        const ob_region *r = region_at(l, i);
        if (r->size == 0) {
            if (i == R_RESCUE || i == R_SLOT || i == R_SLOT2)
                continue; /* optional; the slots' presence is checked per profile */
            return fail(why, compose(region_names[i], " is missing (size 0)", NULL), OB_ERR_ARG);
        }
        uint32_t size;
        if (ob_flash_sector_of(g, r->addr, NULL, NULL, &size) != OB_OK ||
            (uint64_t)r->addr + r->size > (uint64_t)g->base + ob_flash_total_size(g))
            return fail(why, compose(region_names[i], " lies outside the flash", NULL), OB_ERR_RANGE);
        if (!ob_flash_is_sector_aligned(g, r->addr, r->size))
            return fail(why, compose(region_names[i], " is not a run of whole sectors", NULL),
                        OB_ERR_ALIGN);
        if ((i == R_J0 || i == R_J1) && r->size != size)
            return fail(why, compose(region_names[i], " is not exactly one sector", NULL),
                        OB_ERR_ARG);
        /* a compacted journal sector starts with two snapshots, and the
         * next record may be a twin: 4 records of 256 bytes (docs/SPEC.md,
         * "Boot journal") */
        if ((i == R_J0 || i == R_J1) && r->size < OB_JOURNAL_SECTOR_MIN)
            return fail(why, compose(region_names[i], " is smaller than 1 KiB (4 journal records)", NULL),
                        OB_ERR_ARG);
    }
    if (l->bl1.addr != g->base)
        return fail(why, "bl1 does not start at the flash base", OB_ERR_ARG);
    for (int i = 0; i < R_COUNT; i++)
        for (int k = i + 1; k < R_COUNT; k++) {
            const ob_region *a = region_at(l, i), *b = region_at(l, k);
            if (a->size != 0 && b->size != 0 && overlap(a, b))
                return fail(why, compose(region_names[i], " overlaps ", region_names[k]),
                            OB_ERR_RANGE);
        }
    return OB_OK;
}

static int check_profile(const ob_layout *l, const char **why)
{
    if (l->profile == OB_PROFILE_DIRECT) {
        if (l->slot.size != 0 || l->slot2.size != 0)
            return fail(why, "direct profile has an update slot", OB_ERR_WRONG_PROFILE);
        if (l->slot_ratio_pct != 0)
            return fail(why, "direct profile has a slot ratio", OB_ERR_WRONG_PROFILE);
        return OB_OK;
    }
    if (l->slot.size == 0)
        return fail(why, "slot profile has no update slot", OB_ERR_WRONG_PROFILE);
    if (l->profile == OB_PROFILE_SLOT && l->slot2.size != 0)
        return fail(why, "slot profile has a second update slot", OB_ERR_WRONG_PROFILE);
    if (l->profile == OB_PROFILE_ROLLBACK && l->slot2.size == 0)
        return fail(why, "rollback profile has no second update slot", OB_ERR_WRONG_PROFILE);
    /* A ratio above 100% would mean the slot holds more than a raw image, and
     * 0% would leave the slot size unchecked. */
    if (l->slot_ratio_pct == 0 || l->slot_ratio_pct > 100)
        return fail(why, "slot ratio is not between 1 and 100 percent", OB_ERR_ARG);
    if ((uint64_t)l->slot.size * 100u < (uint64_t)l->app.size * l->slot_ratio_pct)
        return fail(why, "slot is smaller than app size times the slot ratio", OB_ERR_SLOT_FULL);
    if (l->slot2.size != 0 && (uint64_t)l->slot2.size * 100u < (uint64_t)l->app.size * l->slot_ratio_pct)
        return fail(why, "slot2 is smaller than app size times the slot ratio", OB_ERR_SLOT_FULL);
    return OB_OK;
}

static int check_ram(const ob_layout *l, const char **why)
{
    if (l->nram < 1 || l->nram > OB_MAX_RAM)
        return fail(why, "RAM region count is not between 1 and OB_MAX_RAM", OB_ERR_ARG);
    for (uint8_t i = 0; i < l->nram; i++) {
        if (l->ram[i].size == 0 || (uint64_t)l->ram[i].base + l->ram[i].size > 0x100000000ull)
            return fail(why, "a RAM region is empty or wraps the address space", OB_ERR_ARG);
    }
    return OB_OK;
}

int ob_layout_check(const ob_layout *l, const char **why)
{
    int rc;
    if (l == NULL)
        return fail(why, "no layout", OB_ERR_ARG);
    if (!board_name_ok(l->board))
        return fail(why, "board name is not 1-15 characters of [a-z0-9-]", OB_ERR_ARG);
    if (l->mcu == NULL || l->mcu[0] == '\0')
        return fail(why, "no MCU name", OB_ERR_ARG);
    if (l->profile != OB_PROFILE_SLOT && l->profile != OB_PROFILE_DIRECT && l->profile != OB_PROFILE_ROLLBACK)
        return fail(why, "unknown profile", OB_ERR_WRONG_PROFILE);
    if ((rc = check_geom(l->geom, why)) != OB_OK)
        return rc;
    if ((rc = check_regions(l, why)) != OB_OK)
        return rc;
    if ((rc = check_profile(l, why)) != OB_OK)
        return rc;
    if ((rc = check_ram(l, why)) != OB_OK)
        return rc;
    if (why != NULL)
        *why = "ok";
    return OB_OK;
}
