/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot bl1: the bootloader's main, on every board (port/bsp.h).
 *
 * Start-up (clocks, console, caches, watchdog), one console line per step,
 * then the core decides (ob_boot_run: journal, verify, install, trial
 * counting; it prints its own lines) and this file carries the decision out:
 * jump to the application or rescue, or halt with the reason. */
#include "boot.h"
#include "bsp.h"

/* Long enough for the slowest single step bl1 does between kicks (hashing
 * the whole slot on HSI), short enough that a hang is cut within a minute at
 * the slowest LSI. In seconds, so the console line can say it. */
#define BL1_WATCHDOG_S 32
#define BL1_STR(x) BL1_STR_(x)
#define BL1_STR_(x) #x

static ob_boot_work work;

static void log_line(ob_platform *p, const char *s)
{
    (void)p;
    bsp_line(s);
}

static void kick(ob_platform *p)
{
    (void)p;
    bsp_watchdog_kick();
}

static void halt(int reason) __attribute__((noreturn));
static void halt(int reason)
{
    ob_line l;

    ob_line_init(&l);
    ob_line_str(&l, "bl1: halted: ");
    ob_line_reason(&l, reason);
    ob_line_str(&l, "; nothing will be started");
    bsp_line(l.buf);
    bsp_halt();
}

/* Start-up: the banner, then how the clock was set up. Its own frame: its
 * lines are not in main's under the whole boot (bl1's deepest stack path). */
OB_OWN_FRAME static const ob_layout *start(void)
{
    bsp_info b;
    ob_line clock;
    ob_line l;

    ob_line_init(&clock);
    bsp_start(&b, ob_line_str(&clock, "bl1: clock: "));
    ob_line_init(&l);
    ob_line_str(&l, "\nbl1: otaboot bl1 on ");
    ob_line_str(ob_line_str(&l, b.layout->board), " (");
    ob_line_str(ob_line_str(&l, b.layout->mcu), "), ");
    ob_line_str(ob_line_str(&l, ob_profile_name(b.layout->profile)), " layout, reset cause: ");
    ob_line_str(&l, b.reset_cause);
    bsp_line(l.buf);
    bsp_line(clock.buf);
    return b.layout;
}

int main(void)
{
    const ob_layout *layout = start();
    /* Keys built in (SIGNING_KEYS=), or NULL: a development board
     * (DEV_MODE=1), which bl1 announces on every boot. */
    ob_boot_cfg cfg = {.keys = ob_fw_keys};
    ob_platform plat = {.log = log_line, .watchdog_kick = kick};
    ob_boot_result res;

    if (bsp_watchdog_start(BL1_WATCHDOG_S * 1000u))
        bsp_line("bl1: watchdog started (" BL1_STR(BL1_WATCHDOG_S) " s)");

    (void)ob_boot_run(layout, bsp_flash(), &cfg, &plat, &work, &res);
    if (res.action != OB_BOOT_START_APP && res.action != OB_BOOT_START_RESCUE)
        halt(res.reason ? res.reason : OB_ERR_NO_APP);

    ob_line l;
    ob_line_init(&l);
    ob_line_str(&l, res.action == OB_BOOT_START_APP ? "bl1: jumping to the application: VTOR "
                                                    : "bl1: jumping to rescue: VTOR ");
    ob_line_hex(&l, res.vector_addr);
    ob_line_str(&l, ", MSP ");
    ob_line_hex(&l, res.sp);
    ob_line_str(&l, ", entry ");
    ob_line_hex(&l, res.entry);
    bsp_line(l.buf);
    bsp_jump(res.vector_addr, res.sp, res.entry);
}
