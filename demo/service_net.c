/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot demo application: the networked service (see service.h). The
 * agent (agent/agent_glue.c) brings Ethernet and lwIP up, gets an address
 * (DHCP, or the static fallback) and listens on TCP port 40000; lwIP
 * answers ping. */
#include "service.h"

#include "agent_glue.h"

int demo_service_start(const demo_env *env)
{
    /* keys, as bl1's: ob_fw_keys, core/ob_port.h */
    return agent_glue_start(env->board, OB_RUN_APP);
}

const char *demo_service_poll(void)
{
    return agent_glue_poll() ? "network up" : NULL;
}

int demo_service_confirm(void)
{
    return ob_agent_confirm();
}
