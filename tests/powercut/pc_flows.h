/* SPDX-License-Identifier: Apache-2.0 */
/* Power-cut harness: the flow table (pc_flows.c). */
#ifndef PC_FLOWS_H
#define PC_FLOWS_H

#include "pc.h"

typedef struct {
    const char *name;
    unsigned profiles;           /* 1: slot layouts, 2: direct layouts */
    void (*setup)(pc_ctx *c);    /* start state, from an erased board */
    int (*run)(pc_ctx *c);       /* the work under test (cut) */
    int (*recover)(pc_ctx *c);   /* after power-up, to the end state (may be cut again) */
    void (*final)(pc_ctx *c);    /* the end state */
    unsigned allowed;            /* applications that may be started during the scenario */
    int rescue_ok;               /* starting rescue is a legitimate step */
    int trials_may_run_out;
    int count_trials;
    int large;                   /* also run with full-size images (sampled cut points) */
    int appends;                 /* journal appends in run (most of either profile): the fill
                                  * variants put a compaction at each of them and at the next */
} pc_flow;

extern const pc_flow pc_flows[];

#endif
