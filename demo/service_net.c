/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot demo application: the networked service (see service.h). The
 * agent (port/stm32/stm32_agent.c) brings Ethernet and lwIP up, gets an
 * address (DHCP, or the static fallback) and listens on TCP port 40000; lwIP
 * answers ping. */
#include "service.h"

#include "stm32_agent.h"

int demo_service_start(const demo_env *env)
{
    stm32_agent_cfg cfg = {
        .layout = env->layout,
        .flash = env->flash,
        .running = OB_RUN_APP, /* keys, as bl1's: port/firmware/ob_fw_keys.h */
        .net = {.board = env->board, .fam = env->fam, .hclk_hz = env->clk->hclk_hz},
    };
    return stm32_agent_start(&cfg);
}

const char *demo_service_poll(void)
{
    return stm32_agent_poll() ? "network up" : NULL;
}

int demo_service_confirm(void)
{
    return ob_agent_confirm();
}
