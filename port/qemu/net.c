/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: lwIP bring-up, polling, DHCP with static fallback, and
 * the platform hooks lwIP needs (sys_now, LWIP_RAND, diagnostics). */
#include "net.h"

#include "lwip/dhcp.h"
#include "lwip/init.h"
#include "lwip/timeouts.h"
#include "mps2.h"
#include "netif/ethernet.h"

static struct netif eth;
static uint32_t started_ms;
static int announced;
static int fallback;
static uint32_t rand_state = 0x9E3779B9u;

u32_t sys_now(void)
{
    return mps2_millis();
}

uint32_t mps2_rand(void)
{
    /* xorshift32 (Marsaglia 2003), stirred with the clock on every call. */
    uint32_t x = rand_state ^ mps2_millis();
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rand_state = x ? x : 0x9E3779B9u;
    return rand_state;
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

static void set_static(void)
{
    ip4_addr_t ip, mask, gw;
    (void)ip4addr_aton(MPS2_NET_STATIC_IP, &ip);
    (void)ip4addr_aton(MPS2_NET_STATIC_MASK, &mask);
    (void)ip4addr_aton(MPS2_NET_STATIC_GW, &gw);
    netif_set_addr(&eth, &ip, &mask, &gw);
}

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
        rand_state = rand_state * 31u + eth.hwaddr[i];
    netif_set_default(&eth);
    netif_set_up(&eth);
    started_ms = mps2_millis();
    if (MPS2_NET_DHCP)
        (void)dhcp_start(&eth);
    else
        set_static();
    return &eth;
}

int bsp_netif_ready(void)
{
    return !ip4_addr_isany_val(*netif_ip4_addr(&eth));
}

void bsp_netif_poll(void)
{
    mps2_ethif_poll(&eth);
    sys_check_timeouts();
    if (MPS2_NET_DHCP && !fallback && !bsp_netif_ready() &&
        mps2_millis() - started_ms > MPS2_NET_DHCP_WAIT_MS) {
        dhcp_stop(&eth);
        set_static();
        fallback = 1;
    }
    if (!announced && bsp_netif_ready()) {
        char buf[IP4ADDR_STRLEN_MAX];
        announced = 1;
        mps2_puts("net: address ");
        mps2_puts(ip4addr_ntoa_r(netif_ip4_addr(&eth), buf, sizeof buf));
        mps2_println(!MPS2_NET_DHCP ? " (static)" : fallback ? " (static fallback: no DHCP lease)" : " (DHCP)");
    }
}
