/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: the update agent's configuration on mps2 (console,
 * clock, reset, flash, layout and variant), shared by the demo application
 * and the rescue firmware. */
#ifndef MPS2_AGENT_GLUE_H
#define MPS2_AGENT_GLUE_H

#include "ob_agent.h"

/* Console, clock, flash and network up; the agent listening. Returns the
 * netif, or halts with a message when there is no network. */
struct netif *mps2_service_start(ob_running running);
/* One pass of the main loop: network, lwIP timers, agent. Prints the
 * "listening" line once the address is known and returns 1 on that pass. */
int mps2_service_poll(void);

#endif
