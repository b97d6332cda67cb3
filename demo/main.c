/* otaboot demo application: what an application on these boards does with
 * otaboot. It brings the clock up, says who it is, runs a self-check and
 * confirms itself in the boot journal when bl1 started it as a trial, then
 * blinks the LED and refreshes the watchdog bl1 started.
 *
 * The self-check is deliberately about the things an update could break:
 * the clock tree, the time base (SysTick ticking), and the journal being
 * readable on this board's layout. */
#include "board.h"
#include "journal.h"
#include "layouts.h"
#include "line.h"
#include "stm32_clock.h"
#include "stm32_flash.h"
#include "stm32_sys.h"
#include "stm32_uart.h"
#ifdef BOARD_QEMU
#include "qemu_exit.h"
#endif

#ifndef DEMO_VERSION_STR
#define DEMO_VERSION_STR "0.0.0"
#endif

static stm32_flash flash_hw = STM32_FLASH_ON_CHIP(&BOARD_FAMILY);
static ob_flash flash;
static ob_journal journal;

static void say(const char *a, const char *b)
{
    stm32_uart_puts(a);
    stm32_uart_puts(b);
    stm32_uart_puts("\n");
}

/* SysTick must advance while the CPU spins: proves the clock and the
 * interrupt path. Bounded by a loop count, not by time (time is what is
 * being checked). */
static int systick_runs(void)
{
    uint32_t t0 = stm32_millis(), n;
    for (n = 0; n < 50000000u; n++)
        if (stm32_millis() - t0 >= 10u)
            return 1;
    return 0;
}

static void finish(int ok)
{
#ifdef BOARD_QEMU
    /* QEMU test runs end here with an exit code for the script. */
    qemu_exit(ok ? QEMU_EXIT_APP_OK : QEMU_EXIT_SELFTEST);
#else
    (void)ok;
#endif
}

int main(void)
{
    static const stm32_clock_cfg clk_cfg = BOARD_CLOCK;
    static const stm32_uart_cfg con = BOARD_CONSOLE;
    static const stm32_pin led = BOARD_LED;
    const ob_layout *layout = &OB_BOARD_LAYOUT;
    stm32_clocks clk;
    ob_line l;
    int ok = 1, rc;
    uint32_t last = 0, on = 0;

    (void)stm32_clock_init(&flash_hw, &clk_cfg, &clk);
    stm32_uart_init(&con, con.apb == 2 ? clk.pclk2_hz : clk.pclk1_hz);
    if (BOARD_FAMILY.cache == STM32_CACHE_L1)
        cm_caches_enable();
    stm32_systick_start(clk.hclk_hz);
    stm32_iwdg_kick();

    ob_line_init(&l);
    ob_line_str(&l, "demo: otaboot demo application v" DEMO_VERSION_STR " on ");
    ob_line_str(ob_line_str(&l, layout->board), " (");
    ob_line_str(ob_line_str(&l, layout->mcu), "), SYSCLK ");
    ob_line_str(ob_line_u32(&l, clk.sysclk_hz / 1000000u), " MHz");
    say(l.buf, "");
    if (clk.fault)
        say("demo: clock fell back to HSI: ", clk.fault);

    /* self-check */
    if (!systick_runs()) {
        say("demo: self-check failed: ", "SysTick does not tick");
        ok = 0;
    }
    stm32_flash_init(&flash, &flash_hw);
    rc = ob_journal_open(&journal, &flash, layout);
    if (rc != OB_OK) {
        say("demo: self-check failed: journal unreadable: ", ob_strerror(rc));
        ok = 0;
    }
    if (ok) {
        say("demo: self-check passed, journal says: ", ob_app_status_name(journal.st.app_status));
        if (journal.st.app_status == OB_APP_TRIAL) {
            rc = ob_journal_confirm(&journal);
            say("demo: confirm: ", rc == OB_OK ? "recorded, this image is now the confirmed one"
                                              : ob_strerror(rc));
        } else {
            say("demo: confirm: ", "nothing to confirm (not a trial boot)");
        }
    } else {
        say("demo: not confirming; ", "bl1 will count this boot as a failed trial");
    }
    finish(ok);

    stm32_gpio_enable(led.port);
    stm32_gpio_output(led);
    for (;;) {
        uint32_t now = stm32_millis();
        if (now - last >= 500u) {
            last = now;
            on = !on;
            stm32_gpio_write(led, on ? BOARD_LED_ACTIVE_HIGH : !BOARD_LED_ACTIVE_HIGH);
            stm32_iwdg_kick();
            if (now % 10000u < 500u) {
                ob_line_init(&l);
                ob_line_str(ob_line_u32(ob_line_str(&l, "demo: v" DEMO_VERSION_STR " up "), now / 1000u), " s");
                say(l.buf, "");
            }
        }
        __asm__ volatile("wfi");
    }
}
