/* SPDX-License-Identifier: Apache-2.0 */
/* An application with lwIP in NO_SYS mode (CubeMX's default: no RTOS) and
 * the otaboot update agent on TCP port 40000, for the Nucleo-F429ZI in the
 * slot profile. docs/integration.md explains each part. */
#include "board_hal.h"
#include "layout.h"      /* ob_layout */
#include "ob_agent.h"    /* the agent; ob_fw_keys: the keys this build accepts */
#include "stm32_flash.h" /* otaboot's flash driver */

/* The board's layout, ob_layout_<board>_<profile> (boards/<board>/layout.c). */
extern const ob_layout ob_layout_nucleo_f429zi_slot;

/* A trial image that is not healthy by then restarts: bl1 counts the
 * failed trial and, after 3, starts rescue. */
#define TRIAL_LIMIT_MS 120000u

static stm32_flash flash_hw = STM32_FLASH_ON_CHIP(&stm32_family_f42x);
static ob_flash flash;
static uint8_t window[32768]; /* optional: dry-run checks before sealing */

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

/* Your own checks go here too: confirm only what really works. */
static int app_healthy(void)
{
    return board_net_up();
}

int main(void)
{
    int confirmed = 0, rc;

    board_init();
    board_watchdog_refresh();
    stm32_flash_init(&flash, &flash_hw);

    ob_agent_cfg cfg = {
        .layout = &ob_layout_nucleo_f429zi_slot,
        .flash = &flash,
        .running = OB_RUN_APP,
        .keys = ob_fw_keys,
        .window = window,
        .window_size = sizeof window,
        .platform = &platform,
    };
    rc = ob_agent_start(board_net_start(), &cfg);
    if (rc != OB_OK)
        board_log(ob_strerror(rc)); /* the application runs on, without updates */

    for (;;) {
        board_net_poll();          /* received frames into lwIP, lwIP's timers */
        ob_agent_poll();           /* received data into flash, answers, resets */
        board_watchdog_refresh();  /* bl1's watchdog: at least every few seconds */

        if (!confirmed && rc == OB_OK && app_healthy()) {
            /* Keeps this image after an update; writes nothing otherwise. */
            if (ob_agent_confirm() == OB_OK)
                board_log("update agent: this image is confirmed");
            confirmed = 1;
        }
        if (!confirmed && rc == OB_OK && board_millis() > TRIAL_LIMIT_MS &&
            ob_agent_journal()->app_status == OB_APP_TRIAL) {
            board_log("not healthy on a trial boot: restarting");
            board_reset();
        }
        /* ... the application's own work ... */
    }
}
