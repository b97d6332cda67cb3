/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test firmware: main (see st.h for the output format).
 * Linked as an application (port/stm32/ld/app.ld) and started by bl1 like
 * one; `make selftest BOARD=...` flashes it. It runs in well under 30 s:
 * the LSE start (up to 3 s), one sector erase (up to the datasheet's 4 s),
 * link (up to 6 s) and DHCP (up to 9 s) are the long waits, each bounded.
 * It never confirms itself: started as a trial image (sent as an update) it
 * restarts after its summary, so bl1 counts the failed trial; otherwise it
 * stays up, refreshing the watchdog, the LED on (all passed) or blinking. */
#include "board.h"
#include "journal.h"
#include "layouts.h"
#include "st.h"
#include "stm32_start.h"
#include "stm32_sys.h"
#include "stm32_uart.h"
#ifdef BOARD_QEMU
#include "qemu_exit.h"
#endif

extern const uint32_t _image_end;

static stm32_flash flash_hw = STM32_FLASH_ON_CHIP(&BOARD_FAMILY);
static ob_flash flash;
static ob_journal journal;

/* Every STM32 board.h says whether a 32.768 kHz crystal is there. */
#ifndef BOARD_LSE_HZ
#error "board.h has no BOARD_LSE_HZ: 32768u for a 32.768 kHz LSE crystal, 0 for none (docs/PORTING.md)"
#elif BOARD_LSE_HZ != 0 && BOARD_LSE_HZ != ST_LSE_HZ
#error "BOARD_LSE_HZ: the self-test measures against a 32.768 kHz LSE only (32768u, or 0)"
#endif

#ifdef BOARD_ETH
static const eth_board eth = BOARD_ETH;
#define ETH_MAP (&eth)
#else
#define ETH_MAP NULL /* st_eth_check skips the Ethernet checks */
#endif

int main(void)
{
    static const stm32_clock_cfg clk_cfg = BOARD_CLOCK;
    static const stm32_uart_cfg con = BOARD_CONSOLE;
    static const stm32_pin led = BOARD_LED;
    const ob_layout *layout = &OB_BOARD_LAYOUT;
    st_entry entry;
    stm32_clocks clk;
    st_ctx c;
    unsigned failed;
    int trial = 0;
    uint32_t t0, last = 0, on = 0;
    ob_line l;

    st_entry_capture(&entry);
    stm32_start(&flash_hw, &clk_cfg, &con, BOARD_FAMILY.cache == STM32_CACHE_L1, &clk);
    st_kick();
    t0 = stm32_millis();
    stm32_flash_init(&flash, &flash_hw);

    c.chip = ST_CHIP_OF(BOARD_FAMILY);
    c.lse_hz = BOARD_LSE_HZ;
    c.eth = ETH_MAP;
    c.fam = &BOARD_FAMILY;
    c.layout = layout;
    c.clk_cfg = &clk_cfg;
    c.clk = &clk;
    c.flash_hw = &flash_hw;
    c.flash = &flash;
    c.vector_table = layout->app.addr; /* app.ld links this image there */
    c.image_end = (uint32_t)(uintptr_t)&_image_end;
    c.initial_sp = *(const uint32_t *)(uintptr_t)c.vector_table;

    ob_line_init(&l);
    ob_line_str(&l, "selftest: otaboot self-test on ");
    ob_line_str(ob_line_str(&l, layout->board), " (");
    ob_line_str(ob_line_str(&l, layout->mcu), "), image at ");
    ob_line_hex(&l, c.vector_table);
    stm32_uart_puts(l.buf);
    stm32_uart_puts("\n");
    if (ob_journal_open(&journal, &flash, layout) == OB_OK)
        trial = journal.st.app_status == OB_APP_TRIAL;

    st_entry_check(&c, &entry);
    st_clock_check(&c);
    st_watchdog_check(&c);
    st_flash_check(&c);
    if (st_eth_check(&c))
        st_net_check(&c);
    else
        st_net_skip("no working MAC and PHY");

    ob_line_init(&l);
    ob_line_str(ob_line_u32(ob_line_str(&l, "selftest: ran for "), stm32_millis() - t0), " ms");
    stm32_uart_puts(l.buf);
    stm32_uart_puts("\n");
    failed = st_summary();
    stm32_uart_flush();
#ifdef BOARD_QEMU
    qemu_exit(failed ? QEMU_EXIT_SELFTEST : QEMU_EXIT_APP_OK);
#endif
    if (trial) {
        stm32_uart_puts("selftest: started as a trial image: not confirming; restarting so bl1 counts the trial\n");
        stm32_uart_flush();
        cm_reset();
    }
    stm32_gpio_enable(led.port);
    stm32_gpio_output(led);
    for (;;) {
        uint32_t now = stm32_millis();
        st_kick();
        if (now - last >= 250u) {
            last = now;
            on = failed ? !on : 1u;
            stm32_gpio_write(led, on ? BOARD_LED_ACTIVE_HIGH : !BOARD_LED_ACTIVE_HIGH);
        }
    }
}
