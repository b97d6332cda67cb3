/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update agent on a board (see agent_glue.h). */
#include "agent_glue.h"

static int running, listening;
/* The dry-run window: in the slot profile a plain gzip (development board)
 * and the raw image hash are checked before the update is sealed (the
 * receiver does not use it in the direct profile, which inflates into flash).
 * 32 KiB of the 128 KiB of RAM of the F2/F4, of 320 KiB on the F7. */
static uint8_t window[32768];

static void log_line(ob_platform *p, const char *line)
{
    (void)p;
    bsp_line(line);
}

static void entropy(ob_platform *p, uint8_t *buf, size_t n)
{
    (void)p;
    bsp_entropy(buf, n);
}

static uint32_t millis(ob_platform *p)
{
    (void)p;
    return bsp_millis();
}

static void reset(ob_platform *p)
{
    (void)p;
    bsp_reset();
}

static ob_platform platform = {.log = log_line, .now_ms = millis, .reset = reset, .entropy = entropy};

int agent_glue_start(const bsp_info *b, ob_running running_as)
{
    ob_agent_cfg ac = {
        .layout = b->layout,
        .flash = bsp_flash(),
        .running = running_as,
        .keys = ob_fw_keys, /* NULL: a development board (plain gzip accepted) */
        .window = window,
        .window_size = sizeof window,
        .port = OB_AGENT_PORT,
        .idle_timeout_ms = 10000,
        .rescue_return_ms = b->rescue_return_ms,
        .platform = &platform,
    };
    struct netif *nif = bsp_netif_start();
    int rc = nif ? ob_agent_start(nif, &ac) : OB_ERR_STATE;
    if (rc != OB_OK) {
        ob_line l;
        ob_line_init(&l);
        ob_line_str(ob_line_str(&l, "agent: not started: "), ob_strerror(rc));
        bsp_line(l.buf);
        return rc;
    }
    running = 1;
    return OB_OK;
}

int agent_glue_poll(void)
{
    bsp_watchdog_kick();
    if (!running)
        return 0;
    bsp_netif_poll();
    ob_agent_poll();
    if (!listening && bsp_netif_ready()) {
        ob_line l;
        listening = 1;
        ob_line_init(&l);
        ob_line_u32(ob_line_str(&l, "agent: listening on TCP port "), OB_AGENT_PORT);
        bsp_line(l.buf);
        return 1;
    }
    return 0;
}
