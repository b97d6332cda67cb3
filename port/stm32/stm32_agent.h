/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the update agent on the four boards: network
 * (stm32_net.h), the agent's configuration (console, clock, reset, flash,
 * layout) and the main-loop pass, shared by the demo application and the
 * rescue firmware. */
#ifndef STM32_AGENT_H
#define STM32_AGENT_H

#include "ob_agent.h"
#include "stm32_net.h"

typedef struct {
    const ob_layout *layout;  /* this board and profile */
    ob_flash *flash;          /* the on-chip flash (stm32_flash_init done) */
    ob_running running;       /* OB_RUN_APP in the demo, OB_RUN_RESCUE in rescue */
    stm32_net_cfg net;
} stm32_agent_cfg;

/* Network up and the agent listening. OB_OK, or the error with a console
 * line (no Ethernet: OB_ERR_STATE; the agent's own errors as they come). */
int stm32_agent_start(const stm32_agent_cfg *cfg);

/* One pass of the main loop: network, lwIP timers, agent, watchdog refresh.
 * Returns 1 on the pass on which the network is ready for the first time
 * (after printing "agent: listening on TCP port 40000"), else 0. */
int stm32_agent_poll(void);

#endif
