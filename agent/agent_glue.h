/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update agent on a board (port/bsp.h): the network, the
 * agent's configuration (console, clock, reset, entropy, flash, layout) and
 * the main-loop pass, shared by rescue and the networked demo. */
#ifndef AGENT_GLUE_H
#define AGENT_GLUE_H

#include "bsp.h"
#include "ob_agent.h"

/* Network up and the agent listening, for the program running as `running`
 * (OB_RUN_APP, OB_RUN_RESCUE) on the board bsp_start described. OB_OK, or
 * the error after a console line (no network: OB_ERR_STATE); the program
 * then runs without it. */
int agent_glue_start(const bsp_info *b, ob_running running);

/* One pass of the main loop: network, lwIP timers, agent, watchdog refresh.
 * Returns 1 on the pass on which the network is ready for the first time
 * (after printing "agent: listening on TCP port 40000"), else 0. */
int agent_glue_poll(void);

#endif
