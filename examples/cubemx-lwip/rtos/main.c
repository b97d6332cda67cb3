/* SPDX-License-Identifier: Apache-2.0 */
/* An application with an RTOS and lwIP's tcpip thread (NO_SYS=0, CubeMX's
 * FreeRTOS + LwIP configuration) and the otaboot update agent on TCP port
 * 40000, for the Nucleo-F429ZI in the slot profile. The agent uses lwIP's
 * raw API, so it runs on the tcpip thread: started there with
 * tcpip_callback(), polled there by an lwIP timer; other threads reach it
 * with the core lock (LWIP_TCPIP_CORE_LOCKING). docs/integration.md
 * explains each part. */
#include "board_hal.h"
#include "layout.h"
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"
#include "ob_agent.h"
#include "stm32_flash.h"

/* The board's layout (boards/nucleo-f429zi/layout.c). */
extern const ob_layout ob_layout_nucleo_f429zi_slot;

#define AGENT_POLL_MS 5u         /* how often the tcpip thread feeds the flash */
#define TRIAL_LIMIT_MS 120000u

static stm32_flash flash_hw = STM32_FLASH_ON_CHIP(&stm32_family_f42x);
static ob_flash flash;
static uint8_t window[32768];
static volatile int agent_running;

/* The board's services the agent calls (core/ob_port.h): each callback
 * gets its ob_platform first, as every port callback does. */
static uint32_t agent_millis(ob_platform *p)
{
    (void)p;
    return board_millis();
}

static void agent_log(ob_platform *p, const char *line)
{
    (void)p;
    board_log(line);
}

static void agent_reset(ob_platform *p)
{
    (void)p;
    board_reset();
}

static ob_platform platform = {.now_ms = agent_millis, .log = agent_log, .reset = agent_reset};

/* On the tcpip thread: the agent's work, then again in AGENT_POLL_MS. */
static void agent_poll(void *arg)
{
    (void)arg;
    ob_agent_poll();
    sys_timeout(AGENT_POLL_MS, agent_poll, NULL);
}

/* On the tcpip thread, once (tcpip_callback). */
static void agent_start(void *netif)
{
    ob_agent_cfg cfg = {
        .layout = &ob_layout_nucleo_f429zi_slot,
        .flash = &flash,
        .running = OB_RUN_APP,
        .keys = ob_fw_keys,
        .window = window,
        .window_size = sizeof window,
        .platform = &platform,
    };
    int rc = ob_agent_start(netif, &cfg);

    if (rc != OB_OK) {
        board_log(ob_strerror(rc));
        return;
    }
    agent_running = 1;
    sys_timeout(AGENT_POLL_MS, agent_poll, NULL);
}

/* The application's thread (CubeMX: StartDefaultTask). */
static void app_thread(void *arg)
{
    int confirmed = 0;

    (void)arg;
    stm32_flash_init(&flash, &flash_hw);
    if (tcpip_callback(agent_start, board_net_start()) != ERR_OK)
        board_log("update agent not started: tcpip queue full");

    for (;;) {
        board_watchdog_refresh(); /* bl1's watchdog: this thread proves it runs */

        if (!confirmed && agent_running && board_net_up()) {
            int rc;
            LOCK_TCPIP_CORE();    /* the agent's state belongs to the tcpip thread */
            rc = ob_agent_confirm();
            UNLOCK_TCPIP_CORE();
            if (rc == OB_OK)
                board_log("update agent: this image is confirmed");
            confirmed = 1;
        }
        if (!confirmed && agent_running && board_millis() > TRIAL_LIMIT_MS) {
            int trial;
            LOCK_TCPIP_CORE();
            trial = ob_agent_journal()->app_status == OB_APP_TRIAL;
            UNLOCK_TCPIP_CORE();
            if (trial) {
                board_log("not healthy on a trial boot: restarting");
                board_reset();
            }
        }
        /* ... the application's own work ... */
        sys_msleep(100);
    }
}

int main(void)
{
    board_init();
    board_watchdog_refresh();
    board_rtos_start(app_thread); /* does not return */
}
