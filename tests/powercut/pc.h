/* SPDX-License-Identifier: Apache-2.0 */
/* Power-cut harness: shared context (see pc_main.c for what it proves).
 *
 * Core code gets a pc_flash: a thin ob_flash over the board's simflash that
 * notes which sectors each program or erase touches (including the one a
 * power cut hits), so a scenario restores its start state by copying back
 * only those sectors instead of the whole chip. */
#ifndef PC_H
#define PC_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "fixture.h"

typedef struct {
    ob_flash dev;     /* what core code is given */
    simflash *sf;
    uint8_t *snap;    /* flash contents at the last pc_snap_take */
    uint8_t *dirty;   /* per sector: written since the snapshot */
    uint32_t nsec;
} pc_flash;

#define PC_VERSIONS 4   /* images v1..v3 (index 0 unused) */
#define PC_CUT 1        /* a step ended with the power cut */
#define PC_MAX_TRIALS 3 /* bl1's default max_trials (the fixture's boot config) */
#define PC_PROFILE(l) (1u << (l)->profile) /* profile sets: PC_PROFILE(l) & flow->profiles */

/* What a flow's setup leaves besides the flash: restored with it. */
typedef struct {
    int trial_starts;              /* trial boots the image under test already had */
    uint32_t counter;              /* the stored security counter */
    int rollback_v;                /* the image kept to go back to (rollback profile; 0: none) */
    int damaged;                   /* its slot copy was damaged on purpose */
} pc_start;

typedef struct pc_ctx pc_ctx;
struct pc_ctx {
    const ob_layout *l;
    unsigned layout_idx;
    fx_board *b;
    pc_flash pf;
    simflash copy;                 /* scratch chip: "open the journal from a copy" */
    /* images: raw bytes and packed files, by version index */
    uint8_t *raw[PC_VERSIONS];
    uint32_t raw_len[PC_VERSIONS];
    uint8_t *file[PC_VERSIONS];
    size_t file_len[PC_VERSIONS];
    /* what the current scenario allows and has seen */
    unsigned allowed;              /* bit v: application v may be started */
    unsigned rescue_ok;            /* profiles (PC_PROFILE) where starting rescue is legitimate */
    uint32_t must_start;           /* a seal was pending at power-up: the next bl1 starts it */
    int trial_starts;              /* trial boots of the image under test */
    int trials_may_run_out;        /* cuts may use up its trial boots (then rescue, or a rollback) */
    int count_trials;              /* trial starts of one image never exceed PC_MAX_TRIALS */
    uint32_t counter_floor;        /* the stored security counter never goes below it */
    pc_start start;                /* the start state's (setup writes it) */
    ob_jstate before;              /* the journal before the bl1 run under way */
    ob_boot_result last;           /* last completed bl1 run */
    /* for messages */
    const char *flow;
    int variant;
    long cut1, cut2;
    int kind1, kind2;
};

/* pc_board.c */
void pc_open(pc_ctx *c, const ob_layout *l, unsigned idx, fx_board *b);
void pc_close(pc_ctx *c);
void pc_make_images(pc_ctx *c, const uint32_t sizes[PC_VERSIONS]);
void pc_free_images(pc_ctx *c);
void pc_erase_all(pc_ctx *c);
void pc_snap_take(pc_ctx *c);
void pc_snap_restore(pc_ctx *c);
int pc_dead(pc_ctx *c);
uint64_t pc_ops(pc_ctx *c);
void pc_fail(pc_ctx *c, const char *what);
#define PC_ASSERT(c, cond)                \
    do {                                  \
        if (!(cond))                      \
            pc_fail((c), #cond);          \
    } while (0)

/* steps: return 0, or PC_CUT when the power went during the step */
int pc_boot(pc_ctx *c);
int pc_send(pc_ctx *c, int v, ob_rx_mode mode);
int pc_send_refused(pc_ctx *c, int v, int why);
int pc_confirm(pc_ctx *c);
int pc_request_rescue(pc_ctx *c, int v);
/* after power-up: the journal reads as one state, and what it promises */
void pc_after_power_up(pc_ctx *c);
void pc_check_journal(pc_ctx *c, int twice);
void pc_put_rescue(pc_ctx *c);
void pc_fill_journal(pc_ctx *c, int free_slots);
uint32_t pc_version(int v);
int pc_version_index(uint32_t fw);
/* flips a byte of the rollback point's stored payload (the copy goes bad) */
void pc_damage_rollback_point(pc_ctx *c);

#endif
