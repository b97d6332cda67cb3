/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: lwIP bring-up and polling (the address: agent/
 * net_addr.c), and the platform hooks lwIP needs (sys_now, diagnostics). */
#include "net.h"

#include "lwip/init.h"
#include "lwip/timeouts.h"
#include "mps2.h"
#include "net_addr.h"
#include "netif/ethernet.h"

static struct netif eth;

u32_t sys_now(void)
{
    return mps2_millis();
}

void mps2_lwip_assert(const char *msg, const char *file, int line)
{
    mps2_puts("lwIP assertion failed: ");
    mps2_puts(msg);
    mps2_puts(" at ");
    mps2_puts(file);
    mps2_puts(":");
    mps2_put_u32((uint32_t)line);
    mps2_println("");
    mps2_semihost_exit(71);
}

static void say(const char *line)
{
    mps2_println(line);
}

static const net_addr_cfg addr_cfg = {
    .dhcp = MPS2_NET_DHCP,
    .wait_ms = MPS2_NET_DHCP_WAIT_MS,
    .ip = MPS2_NET_STATIC_IP,
    .mask = MPS2_NET_STATIC_MASK,
    .gw = MPS2_NET_STATIC_GW,
    .say = say,
};

struct netif *bsp_netif_start(void)
{
    ip4_addr_t any;
    ip4_addr_set_zero(&any);
    lwip_init();
    if (!netif_add(&eth, &any, &any, &any, NULL, mps2_ethif_init, ethernet_input)) {
        mps2_println("net: no LAN9118 Ethernet controller");
        return NULL;
    }
    for (int i = 0; i < 6; i++)
        net_rand_stir(eth.hwaddr[i]);
    netif_set_default(&eth);
    netif_set_up(&eth);
    net_addr_start(&eth, &addr_cfg);
    /* The model's link is always up (netif.c sets it up at init). */
    (void)net_addr_link(1, mps2_millis());
    return &eth;
}

int bsp_netif_ready(void)
{
    return net_addr_ready();
}

void bsp_netif_poll(void)
{
    mps2_ethif_poll(&eth);
    sys_check_timeouts();
    net_addr_poll(mps2_millis());
}
