/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: the build without a network stack (QEMU netduinoplus2,
 * which models no Ethernet MAC: st_eth_check finds none and the link and
 * DHCP checks are skipped before they would need lwIP). */
#include "st.h"

void st_net_check(const st_ctx *c)
{
    (void)c;
    st_net_skip("this build has no network stack");
}
