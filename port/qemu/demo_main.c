/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU demo application: prints its version, brings the network up,
 * confirms itself once the network works (so bl1 keeps it after a trial
 * boot), and serves updates with the agent. DEMO_VERSION and DEMO_CONFIRM
 * are set per build by port/qemu/port.mk (DEMO_CONFIRM 0 builds an application that
 * never confirms, for the rescue tests); demo_pad is filler that makes the
 * large test image (pad_none.S / pad.S). */
#include "agent_glue.h"
#include "mps2.h"

#ifndef DEMO_VERSION
#define DEMO_VERSION "0.0.0"
#endif
#ifndef DEMO_CONFIRM
#define DEMO_CONFIRM 1
#endif

extern const uint8_t demo_pad[];
extern const uint8_t demo_pad_end[];

int main(void)
{
    bsp_info b;

    bsp_start(&b, NULL);
    mps2_println("demo: otaboot demo application v" DEMO_VERSION " on " MPS2_BOARD_NAME);
    uint32_t pad = (uint32_t)((uintptr_t)demo_pad_end - (uintptr_t)demo_pad);
    if (pad) {
        mps2_puts("demo: carrying ");
        mps2_put_u32(pad);
        mps2_println(" bytes of filler");
    }
    (void)agent_glue_start(&b, OB_RUN_APP);
    for (;;) {
        if (agent_glue_poll()) {
            if (!DEMO_CONFIRM) {
                mps2_println("demo: built never to confirm itself: not confirming");
                continue;
            }
            const ob_jstate *st = ob_agent_journal();
            int trial = st && st->app_status == OB_APP_TRIAL;
            int rc = ob_agent_confirm();
            if (rc != OB_OK) {
                mps2_puts("demo: confirm failed: ");
                mps2_println(ob_strerror(rc));
            } else if (trial) {
                mps2_println("demo: network up: v" DEMO_VERSION " confirmed");
            } else {
                mps2_println("demo: network up: v" DEMO_VERSION " (nothing to confirm)");
            }
        }
    }
}
