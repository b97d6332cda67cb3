/* SPDX-License-Identifier: Apache-2.0 */
/* Power-cut harness: the flow table (pc_flows.c). */
#ifndef PC_FLOWS_H
#define PC_FLOWS_H

#include "pc.h"

/* Profile sets (PC_PROFILE of a layout). */
#define PC_SLOT (1u << OB_PROFILE_SLOT)
#define PC_DIRECT (1u << OB_PROFILE_DIRECT)
#define PC_ROLLBACK (1u << OB_PROFILE_ROLLBACK)
#define PC_ALL (PC_SLOT | PC_DIRECT | PC_ROLLBACK)

typedef struct {
    const char *name;
    unsigned profiles;           /* the layouts it runs on */
    void (*setup)(pc_ctx *c);    /* start state, from an erased board */
    int (*run)(pc_ctx *c);       /* the work under test (cut) */
    int (*recover)(pc_ctx *c);   /* after power-up, to the end state (may be cut again) */
    void (*final)(pc_ctx *c);    /* the end state */
    unsigned allowed;            /* applications that may be started during the scenario
                                  * (and the rollback point once bl1 goes back to it: pc_board.c) */
    unsigned rescue_ok;          /* profiles where starting rescue is a legitimate step */
    int trials_may_run_out;
    int count_trials;
    int large;                   /* also run with full-size images (sampled cut points) */
    int appends;                 /* journal appends in run (most of its profiles): the fill
                                  * variants put a compaction at each of them and at the next */
    int double_all;              /* a second cut at every recovery operation after every
                                  * first cut (not a sample) */
} pc_flow;

extern const pc_flow pc_flows[];

#endif
