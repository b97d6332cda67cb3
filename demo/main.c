/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot demo application: what an application on these boards does with
 * otaboot. It brings the clock up, says who it is, runs a self-check, starts
 * its service (service.h: on the four boards the network and the update
 * agent on TCP port 40000), and confirms itself in the boot journal once the
 * service is healthy (network up) when bl1 started it as a trial. Then it
 * blinks the LED and refreshes the watchdog bl1 started.
 *
 * The self-check is deliberately about the things an update could break:
 * the clock tree, the time base (SysTick ticking), and the journal being
 * readable on this board's layout; the network is the rest. A trial image
 * that does not get healthy within DEMO_TRIAL_MS (port/firmware/ob_fw_opt.h)
 * restarts, so bl1 counts the failed trial and, after its limit, starts
 * rescue. */
#include "board.h"
#include "journal.h"
#include "layouts.h"
#include "line.h"
#include "ob_fw_opt.h"
#include "service.h"
#include "stm32_clock.h"
#include "stm32_flash.h"
#include "stm32_start.h"
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

static void confirm(const char *why, int trial)
{
    int rc = demo_service_confirm();
    if (rc != OB_OK)
        say("demo: confirm failed: ", ob_strerror(rc));
    else if (trial)
        say(why, ": confirm: recorded, v" DEMO_VERSION_STR " is now the confirmed image");
    else
        say(why, ": confirm: nothing to confirm (not a trial boot)");
}

int main(void)
{
    static const stm32_clock_cfg clk_cfg = BOARD_CLOCK;
    static const stm32_uart_cfg con = BOARD_CONSOLE;
    static const stm32_pin led = BOARD_LED;
    const ob_layout *layout = &OB_BOARD_LAYOUT;
    stm32_clocks clk;
    ob_line l;
    int ok = 1, trial = 0, decided = 0, rc;
    uint32_t last = 0, on = 0;

    stm32_start(&flash_hw, &clk_cfg, &con, BOARD_FAMILY.cache == STM32_CACHE_L1, &clk);
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
        demo_env env = {.board = BOARD_NAME, .fam = &BOARD_FAMILY, .layout = layout,
                        .flash = &flash, .journal = &journal, .clk = &clk};
        trial = journal.st.app_status == OB_APP_TRIAL;
        say("demo: self-check passed, journal says: ", ob_app_status_name(journal.st.app_status));
        if (demo_service_start(&env) != OB_OK) {
            say("demo: not confirming without the service; ",
                trial ? "bl1 will count this boot as a failed trial" : "the image stays as it is");
            ok = 0;
        }
    } else {
        say("demo: not confirming; ", "bl1 will count this boot as a failed trial");
        finish(0);
    }

    stm32_gpio_enable(led.port);
    stm32_gpio_output(led);
    for (;;) {
        uint32_t now;
        const char *why = demo_service_poll();

        if (why != NULL && !decided) {
            decided = 1;
            ob_line_init(&l);
            ob_line_str(ob_line_str(&l, "demo: "), why);
            confirm(l.buf, trial);
            finish(ok);
        }
        now = stm32_millis();
        if (trial && !decided && now >= DEMO_TRIAL_MS) {
            say("demo: not healthy within the trial time: restarting, ",
                "bl1 counts this boot as a failed trial");
            stm32_uart_flush();
            cm_reset();
        }
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
    }
}
