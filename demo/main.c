/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot demo application, on every board (port/bsp.h): what an
 * application does with otaboot. It brings the clock up, says who it is,
 * runs a self-check, starts its service (service.h: the network and the
 * update agent on TCP port 40000), and confirms itself in the boot journal
 * once the service is healthy (network up) when bl1 started it as a trial.
 * Then it blinks the LED and refreshes the watchdog bl1 started. The QEMU
 * boards build it once per test tag (port/qemu/port.mk: DEMO_VERSION_STR,
 * DEMO_CONFIRM, the filler).
 *
 * The self-check is deliberately about the things an update could break:
 * the clock tree, the time base (SysTick ticking), and the journal being
 * readable on this board's layout; the network is the rest. A trial image
 * that does not get healthy within DEMO_TRIAL_MS (port/firmware/ob_fw_opt.h)
 * restarts, so bl1 counts the failed trial and, after its limit, starts
 * rescue. */
#include "bsp.h"
#include "journal.h"
#include "ob_fw_opt.h"
#include "service.h"

#ifndef DEMO_VERSION_STR
#define DEMO_VERSION_STR "0.0.0"
#endif
/* 0: a build that never confirms itself (the rescue tests' image). */
#ifndef DEMO_CONFIRM
#define DEMO_CONFIRM 1
#endif

/* Filler that makes a large test image (port/qemu/pad.S, the QEMU
 * demo-big build); weak, so that every other build has none (both 0). */
extern const uint8_t demo_pad[] __attribute__((weak));
extern const uint8_t demo_pad_end[] __attribute__((weak));

static ob_journal journal;

static void say(const char *a, const char *b)
{
    ob_line l;
    ob_line_init(&l);
    ob_line_str(ob_line_str(&l, a), b);
    bsp_line(l.buf);
}

/* SysTick must advance while the CPU spins: proves the clock and the
 * interrupt path. Bounded by a loop count, not by time (time is what is
 * being checked). */
static int systick_runs(void)
{
    uint32_t t0 = bsp_millis(), n;
    for (n = 0; n < 50000000u; n++)
        if (bsp_millis() - t0 >= 10u)
            return 1;
    return 0;
}

static void confirm(const char *why, int trial)
{
    int rc;
    if (!DEMO_CONFIRM) {
        say("demo: built never to confirm itself: ", "not confirming");
        return;
    }
    rc = demo_service_confirm();
    if (rc != OB_OK)
        say("demo: confirm failed: ", ob_strerror(rc));
    else if (trial)
        say(why, ": v" DEMO_VERSION_STR " confirmed");
    else
        say(why, ": v" DEMO_VERSION_STR " (nothing to confirm)");
}

int main(void)
{
    bsp_info b;
    const ob_layout *layout;
    ob_line l;
    int ok = 1, trial = 0, decided = 0, rc;
    uint32_t last = 0, on = 0, pad;

    bsp_start(&b, NULL);
    bsp_watchdog_kick();
    layout = b.layout;

    ob_line_init(&l);
    ob_line_str(&l, "demo: otaboot demo application v" DEMO_VERSION_STR " on ");
    ob_line_str(ob_line_str(&l, layout->board), " (");
    ob_line_str(ob_line_str(&l, layout->mcu), "), SYSCLK ");
    ob_line_str(ob_line_u32(&l, b.sysclk_hz / 1000000u), " MHz");
    bsp_line(l.buf);
    if (b.clock_fault)
        say("demo: clock fell back to HSI: ", b.clock_fault);
    pad = (uint32_t)((uintptr_t)demo_pad_end - (uintptr_t)demo_pad);
    if (pad) {
        ob_line_init(&l);
        ob_line_u32(ob_line_str(&l, "demo: carrying "), pad);
        bsp_line(ob_line_str(&l, " bytes of filler")->buf);
    }

    /* self-check */
    if (!systick_runs()) {
        say("demo: self-check failed: ", "SysTick does not tick");
        ok = 0;
    }
    rc = ob_journal_open(&journal, bsp_flash(), layout);
    if (rc != OB_OK) {
        say("demo: self-check failed: journal unreadable: ", ob_strerror(rc));
        ok = 0;
    }
    if (ok) {
        demo_env env = {.board = &b, .journal = &journal};
        trial = journal.st.app_status == OB_APP_TRIAL;
        say("demo: self-check passed, journal says: ", ob_app_status_name(journal.st.app_status));
        if (demo_service_start(&env) != OB_OK) {
            say("demo: not confirming without the service; ",
                trial ? "bl1 will count this boot as a failed trial" : "the image stays as it is");
            ok = 0;
        }
    } else {
        say("demo: not confirming; ", "bl1 will count this boot as a failed trial");
        bsp_exit(0);
    }

    for (;;) {
        uint32_t now;
        const char *why = demo_service_poll();

        if (why != NULL && !decided) {
            decided = 1;
            ob_line_init(&l);
            ob_line_str(ob_line_str(&l, "demo: "), why);
            confirm(l.buf, trial);
            bsp_exit(ok);
        }
        now = bsp_millis();
        if (trial && !decided && now >= DEMO_TRIAL_MS) {
            say("demo: not healthy within the trial time: restarting, ",
                "bl1 counts this boot as a failed trial");
            bsp_reset();
        }
        if (now - last >= 500u) {
            last = now;
            on = !on;
            bsp_led((int)on);
            bsp_watchdog_kick();
            if (now % 10000u < 500u) {
                ob_line_init(&l);
                ob_line_str(ob_line_u32(ob_line_str(&l, "demo: v" DEMO_VERSION_STR " up "), now / 1000u), " s");
                bsp_line(l.buf);
            }
        }
    }
}
