/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot rescue firmware: the update agent alone, in the layout's rescue
 * region. bl1 starts it when the application is missing, broken or never
 * confirmed, or when the application asked for it (direct profile). It
 * listens on the same port as the application: in the slot profile it
 * stores and seals an update for bl1 to install; in the direct profile it
 * inflates the image straight into the application area, verifies it and
 * restarts, and bl1 starts the new application on trial. */
#include "agent_glue.h"
#include "mps2_variant.h"

int main(void)
{
    mps2_uart_init();
    mps2_tick_start();
    mps2_puts("rescue: otaboot rescue on " MPS2_BOARD_NAME ", profile ");
    mps2_println(ob_profile_name(mps2_layout->profile));
    mps2_service_start(OB_RUN_RESCUE);
    for (;;)
        (void)mps2_service_poll();
}
