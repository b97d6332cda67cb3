/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot rescue firmware, on every board with a network (port/bsp.h): the
 * update agent alone, in the layout's rescue region. bl1 starts it when the
 * application is missing, broken or never confirmed, or when the
 * application asked for it (direct profile). It listens on the same port as
 * the application: in the slot profile it stores and seals an update for bl1
 * to install (OB_RX_SLOT); in the direct profile it inflates the image
 * straight into the application area, verifies it and restarts, and bl1
 * starts the new application on trial (OB_RX_DIRECT). The network and agent
 * glue is the demo's (agent/agent_glue.c). */
#include "agent_glue.h"

int main(void)
{
    bsp_info b;
    ob_line l;
    uint32_t last = 0, on = 0;

    bsp_start(&b, NULL);
    bsp_watchdog_kick();

    ob_line_init(&l);
    ob_line_str(&l, "rescue: otaboot rescue on ");
    ob_line_str(ob_line_str(&l, b.layout->board), ", profile ");
    ob_line_str(&l, ob_profile_name(b.layout->profile));
    bsp_line(l.buf);
    if (b.clock_fault) {
        ob_line_init(&l);
        ob_line_str(ob_line_str(&l, "rescue: clock fell back to HSI: "), b.clock_fault);
        bsp_line(l.buf);
    }

    /* Without a network there is nothing rescue can do; it stays up with
     * the message on the console (and the LED on) rather than reset into
     * the same state again and again. */
    int started = agent_glue_start(&b, OB_RUN_RESCUE) == OB_OK;

    bsp_led(1);
    for (;;) {
        uint32_t now;
        (void)agent_glue_poll(); /* refreshes the watchdog too */
        now = bsp_millis();
        /* Fast blink: "rescue is waiting for an image". */
        if (started && now - last >= 125u) {
            last = now;
            on = !on;
            bsp_led((int)on);
        }
    }
}
