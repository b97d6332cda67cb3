/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the agent's platform side (see stm32_agent.h). */
#include "stm32_agent.h"

#include "line.h"
#include "ob_fw_keys.h"
#include "stm32_rng.h"
#include "stm32_sys.h"
#include "stm32_uart.h"

static int running, listening;
/* The dry-run window: in the slot profile a plain gzip (development board)
 * and the raw image hash are checked before the update is sealed (the
 * receiver does not use it in the direct profile, which inflates into flash).
 * 32 KiB of the 128 KiB of RAM of the F2/F4, of 320 KiB on the F7. */
static uint8_t window[32768];

static void log_line(const char *line)
{
    stm32_uart_puts(line);
    stm32_uart_puts("\n");
}

/* Authorized installs: the nonces' seed from the hardware RNG. */
static void entropy(uint8_t *buf, size_t n)
{
    if (stm32_rng_fill(buf, n) != n)
        log_line("agent: no random numbers from the RNG (no 48 MHz clock): nonces seeded from the clock and the journal");
}

static void reset(void)
{
    stm32_uart_flush();
    cm_reset();
}

int stm32_agent_start(const stm32_agent_cfg *cfg)
{
    ob_agent_cfg ac = {
        .layout = cfg->layout,
        .flash = cfg->flash,
        .running = cfg->running,
        .keys = ob_fw_keys, /* NULL: a development board (plain gzip accepted) */
        .window = window,
        .window_size = sizeof window,
        .port = OB_AGENT_PORT,
        .idle_timeout_ms = 10000,
        .rescue_return_ms = OB_AGENT_RESCUE_RETURN_MS, /* agent/ob_agent_opt.h */
        .now_ms = stm32_millis,
        .log = log_line,
        .reset = reset,
        .entropy = entropy,
    };
    struct netif *nif = stm32_net_start(&cfg->net);
    int rc = nif ? ob_agent_start(nif, &ac) : OB_ERR_STATE;
    if (rc != OB_OK) {
        stm32_uart_puts("agent: not started: ");
        log_line(ob_strerror(rc));
        return rc;
    }
    running = 1;
    return OB_OK;
}

int stm32_agent_poll(void)
{
    stm32_iwdg_kick();
    if (!running)
        return 0;
    stm32_net_poll();
    ob_agent_poll();
    if (!listening && stm32_net_ready()) {
        ob_line l;
        listening = 1;
        ob_line_init(&l);
        ob_line_u32(ob_line_str(&l, "agent: listening on TCP port "), OB_AGENT_PORT);
        log_line(l.buf);
        return 1;
    }
    return 0;
}
