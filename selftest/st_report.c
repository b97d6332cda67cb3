/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: result lines and the summary (see st.h). */
#include "st.h"

#include "stm32_sys.h"
#include "stm32_uart.h"

static unsigned counts[3];
static const char *const names[3] = {"PASS ", "FAIL ", "SKIP "};

void st_report(st_verdict v, const char *check, const char *detail)
{
    counts[v]++;
    stm32_uart_puts(names[v]);
    stm32_uart_puts(check);
    if (detail != NULL) {
        stm32_uart_puts(": ");
        stm32_uart_puts(detail);
    }
    stm32_uart_puts("\n");
}

unsigned st_summary(void)
{
    ob_line l;

    ob_line_init(&l);
    ob_line_str(&l, "selftest: ");
    ob_line_str(ob_line_u32(&l, counts[ST_PASS]), " PASS, ");
    ob_line_str(ob_line_u32(&l, counts[ST_FAIL]), " FAIL, ");
    ob_line_str(ob_line_u32(&l, counts[ST_SKIP]), " SKIP: ");
    ob_line_str(&l, counts[ST_FAIL] ? "FAILED" : "every check that ran passed");
    stm32_uart_puts(l.buf);
    stm32_uart_puts("\n");
    return counts[ST_FAIL];
}

void st_net_skip(const char *why)
{
    st_report(ST_SKIP, "eth.link", why);
    st_report(ST_SKIP, "eth.dhcp", why);
}

void st_kick(void)
{
    stm32_iwdg_kick();
}

void st_wait_ms(uint32_t ms)
{
    uint32_t t0 = stm32_millis();

    while (stm32_millis() - t0 < ms)
        st_kick();
}
