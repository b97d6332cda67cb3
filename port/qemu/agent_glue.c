/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: the agent on mps2 (see agent_glue.h). */
#include "agent_glue.h"

#include "mps2_variant.h"
#include "net.h"

static ob_flash flash;
static int listening;
/* The dry-run window: a plain gzip (development board) and the raw image
 * hash are checked before the update is sealed. RAM is plentiful here. */
static uint8_t window[32768];

static void log_line(ob_platform *p, const char *line)
{
    (void)p;
    mps2_println(line);
}

static uint32_t millis(ob_platform *p)
{
    (void)p;
    return mps2_millis();
}

static void reset(ob_platform *p)
{
    (void)p;
    mps2_reset();
}

static ob_platform platform = {.log = log_line, .now_ms = millis, .reset = reset};

struct netif *mps2_service_start(ob_running running)
{
    ob_agent_cfg cfg = {
        .layout = mps2_layout,
        .flash = &flash,
        .running = running,
        .keys = ob_fw_keys, /* NULL: a development board (plain gzip accepted) */
        .window = window,
        .window_size = sizeof window,
        .port = OB_AGENT_PORT,
        .idle_timeout_ms = 10000,
        .rescue_return_ms = mps2_rescue_return_ms,
        .platform = &platform,
    };
    mps2_flash_init(&flash, mps2_layout->geom);
    struct netif *nif = mps2_net_start();
    int rc = nif ? ob_agent_start(nif, &cfg) : OB_ERR_ARG;
    if (rc != OB_OK) {
        mps2_puts("agent: cannot start: ");
        mps2_println(ob_strerror(rc));
        for (;;)
            __asm__ volatile("wfi");
    }
    return nif;
}

int mps2_service_poll(void)
{
    mps2_net_poll();
    ob_agent_poll();
    if (!listening && mps2_net_ready()) {
        listening = 1;
        mps2_puts("agent: listening on TCP port ");
        mps2_put_u32(OB_AGENT_PORT);
        mps2_println("");
        return 1;
    }
    return 0;
}
