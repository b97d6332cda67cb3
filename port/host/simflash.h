/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host port: the simulated NOR flash (our counterpart of littlefs's
 * emubd). It implements ob_flash for any ob_flash_geom over a RAM buffer,
 * optionally backed by a file so that restarting the process is a power cycle.
 *
 * Rules enforced (the STM32 F2/F4/F7 flash, docs/HARDWARE.md):
 *  - erase works on whole sectors, addressed by their start; it sets 0xFF;
 *  - program needs address and length multiples of geom->prog_align and only
 *    clears bits; in strict mode (the default) every target byte must read
 *    0xFF or the program fails with OB_ERR_NOT_ERASED and changes nothing,
 *    otherwise the new bytes are ANDed in as the silicon would;
 *  - anything outside the flash gives OB_ERR_RANGE, misalignment OB_ERR_ALIGN.
 *
 * Operations that pass those checks with a non-zero length are the ones a
 * real controller would start; only they count as operations (for the
 * counters, the power-cut index and fault injection).
 *
 * Power cuts: simflash_cut_after(sf, n, kind, seed) makes the n-th next
 * mutating operation (program or erase; 0 = the very next) the one hit by the
 * cut. That operation returns OB_ERR_POWER_CUT having done what the kind says,
 * and every later operation returns OB_ERR_POWER_CUT until simflash_power_up().
 * Everything is deterministic from the seed. A fault-injection test first runs
 * a flow uncut and reads simflash_op_count() to learn how many mutating
 * operations it issues, then reruns it cut at every index.
 *
 * Not thread-safe; one simflash per thread. */
#ifndef OB_SIMFLASH_H
#define OB_SIMFLASH_H

#include <stdio.h>

#include "flash.h"

typedef enum {
    SIMFLASH_CUT_BEFORE = 0,       /* the operation is not performed at all */
    SIMFLASH_CUT_TORN = 1,         /* program: a seeded random subset of the bits it should clear
                                    * is cleared, the others stay set; erase: as
                                    * SIMFLASH_CUT_PARTIAL_ERASE */
    SIMFLASH_CUT_PARTIAL_ERASE = 2 /* erase: every byte of the sector becomes 0xFF, stays as it
                                    * was or becomes a random byte (seeded mix); program: as
                                    * SIMFLASH_CUT_TORN */
} simflash_cut;

typedef enum {
    SIMFLASH_OP_READ = 1,
    SIMFLASH_OP_PROGRAM = 2,
    SIMFLASH_OP_ERASE = 4
} simflash_op;

typedef struct {
    uint64_t reads;      /* read() calls that succeeded */
    uint64_t read_bytes;
    uint64_t programs;   /* program() calls that completed */
    uint64_t prog_bytes;
    uint64_t erases;     /* sector erases that completed */
    uint64_t busy_us;    /* timing model: prog_word_us per prog_align unit programmed plus
                          * erase_ms * 1000 per sector erased (typical datasheet values);
                          * operations hit by a cut add nothing */
} simflash_stats;

/* Called before every operation that passed the argument checks. Returning
 * anything but OB_OK makes the operation return that code with no effect
 * (e.g. OB_ERR_FLASH to test error paths). Mutating operations that a hook
 * fails still consume their operation index. */
typedef int (*simflash_hook)(void *arg, simflash_op op, uint32_t addr, uint32_t len);

typedef struct simflash simflash;
struct simflash {
    ob_flash dev;              /* give &sf->dev to core code (dev.ctx points back here) */
    const ob_flash_geom *geom;
    uint8_t *mem;              /* the flash contents; mem[a - geom->base] is address a */
    uint32_t size;
    uint32_t nsectors;
    uint32_t *wear;            /* erase count per sector index */
    simflash_stats stats;
    /* private state below */
    FILE *file;
    int autosync, dirty, strict, dead;
    uint64_t ops;              /* mutating operations issued since open */
    int cut_armed;
    uint64_t cut_at;
    simflash_cut cut_kind;
    uint32_t rng;
    int fail_armed;
    uint64_t fail_left;        /* matching operations to let through before the failing one */
    unsigned fail_mask;
    simflash_hook hook;
    void *hook_arg;
};

/* Opens a simulated flash with geometry g. path NULL: RAM only, all 0xFF.
 * Otherwise the file's first bytes are the flash: a missing file is created
 * erased, a short one is extended with 0xFF, bytes beyond the flash size are
 * left alone (so a QEMU 16 MB PSRAM image can be shared). With a file,
 * autosync is on: every change is written through before the call returns.
 * Returns OB_OK, OB_ERR_ARG (bad geometry) or OB_ERR_FLASH (memory or I/O). */
int simflash_open(simflash *sf, const ob_flash_geom *g, const char *path);
/* Saves pending changes and frees everything. Safe on a zeroed or closed sf. */
void simflash_close(simflash *sf);

static inline ob_flash *simflash_flash(simflash *sf)
{
    return &sf->dev;
}

void simflash_set_strict(simflash *sf, int strict);
/* Autosync off: changes reach the file only on simflash_sync() or close. */
void simflash_set_autosync(simflash *sf, int on);
/* Writes the whole flash to the file. OB_OK without a file. */
int simflash_sync(simflash *sf);
/* Hides (0) or shows (1, default) dev.mapped. Hidden, every core read goes
 * through read(): counted, subject to the hook and to the power state. */
void simflash_set_mapped(simflash *sf, int on);

/* Power cuts (see the top of this file). */
void simflash_cut_after(simflash *sf, uint64_t n, simflash_cut kind, uint32_t seed);
void simflash_cut_cancel(simflash *sf);
/* Brings a dead device back (contents as the cut left them) and disarms any cut. */
void simflash_power_up(simflash *sf);
int simflash_is_dead(const simflash *sf);
/* Mutating operations (program, erase) issued since open, including the one
 * hit by a cut and ones failed by injection. */
uint64_t simflash_op_count(const simflash *sf);

/* Makes the n-th next operation whose kind is in op_mask (SIMFLASH_OP_*) fail
 * with OB_ERR_FLASH and no effect; one shot. */
void simflash_fail_after(simflash *sf, uint64_t n, unsigned op_mask);
void simflash_set_hook(simflash *sf, simflash_hook hook, void *arg);

/* Counters: reset_stats zeroes stats (not wear, not the operation count). */
void simflash_reset_stats(simflash *sf);
uint32_t simflash_wear(const simflash *sf, uint32_t sector_index);
uint32_t simflash_max_wear(const simflash *sf);

/* Writes bytes as a debugger would (no NOR rules, no counters, no cut; saved
 * to the file). For preparing a board's factory state. OB_ERR_RANGE outside. */
int simflash_poke(simflash *sf, uint32_t addr, const void *src, uint32_t len);

#endif
