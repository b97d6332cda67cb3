/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the interface address of a board (see net_addr.h). */
#include "net_addr.h"

#include "line.h"
#include "lwip/dhcp.h"

static struct netif *nif;
static const net_addr_cfg *cfg;
static int link_up, fallback;
static uint32_t link_ms, shown_addr, clock_ms;
static uint32_t rand_state = 0x9E3779B9u;

static void set_static(void)
{
    ip4_addr_t ip, mask, gw;
    (void)ip4addr_aton(cfg->ip, &ip);
    (void)ip4addr_aton(cfg->mask, &mask);
    (void)ip4addr_aton(cfg->gw, &gw);
    netif_set_addr(nif, &ip, &mask, &gw);
}

void net_addr_start(struct netif *n, const net_addr_cfg *c)
{
    nif = n;
    cfg = c;
    /* With the link still down DHCP waits; lwIP starts discovering when
     * the port reports the link up (netif_set_link_up). */
    if (cfg->dhcp)
        (void)dhcp_start(nif);
    else
        set_static();
}

int net_addr_link(int up, uint32_t now_ms)
{
    up = up != 0;
    if (up == link_up)
        return 0;
    if (up)
        link_ms = now_ms;
    link_up = up;
    return 1;
}

void net_addr_poll(uint32_t now_ms)
{
    clock_ms = now_ms;
    if (!nif)
        return;
    if (cfg->dhcp && !fallback && link_up && !dhcp_supplied_address(nif) && now_ms - link_ms > cfg->wait_ms) {
        dhcp_stop(nif);
        set_static();
        fallback = 1;
    }
    uint32_t a = ip4_addr_get_u32(netif_ip4_addr(nif));
    if (a == shown_addr || a == 0)
        return;
    shown_addr = a;
    char buf[IP4ADDR_STRLEN_MAX];
    ob_line l;
    ob_line_init(&l);
    ob_line_str(ob_line_str(&l, "net: address "), ip4addr_ntoa_r(netif_ip4_addr(nif), buf, sizeof buf));
    ob_line_str(&l, !cfg->dhcp ? " (static)" : fallback ? " (static fallback: no DHCP lease)" : " (DHCP)");
    cfg->say(l.buf);
}

int net_addr_ready(void)
{
    return nif && link_up && !ip4_addr_isany_val(*netif_ip4_addr(nif));
}

uint32_t net_rand(void)
{
    uint32_t x = rand_state ^ clock_ms;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rand_state = x ? x : 0x9E3779B9u;
    return rand_state;
}

void net_rand_stir(uint32_t v)
{
    rand_state = rand_state * 31u + v;
}
