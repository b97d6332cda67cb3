/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: link and DHCP through the firmware's own network
 * start-up (port/stm32/stm32_net.c on lwIP), which resets the PHY and starts
 * auto-negotiation again. Speed and duplex: the PHY's report (eth_phy.h). */
#include "st.h"

#include "eth_phy.h"
#include "eth_pins.h"
#include "lwip/dhcp.h"
#include "lwip/netif.h"
#include "stm32_net.h"
#include "stm32_sys.h"

#define LINK_WAIT_MS 6000u  /* auto-negotiation takes about 2-3 s */
#define DHCP_WAIT_MS 9000u  /* below stm32_net's 10 s static fallback */

void st_net_check(const st_ctx *c)
{
    stm32_net_cfg cfg = {.board = c->layout->board, .eth = c->eth, .fam = c->fam, .hclk_hz = c->clk->hclk_hz};
    const eth_board *b = c->eth;
    struct netif *nif = stm32_net_start(&cfg);
    eth_phy phy = {0};
    eth_link link = {0, 0, 0};
    uint32_t t0;
    char ip[IP4ADDR_STRLEN_MAX];
    ob_line l;

    if (nif == NULL || b == NULL) {
        st_report(ST_FAIL, "eth.link", "the network start-up failed (its console line says why)");
        st_report(ST_SKIP, "eth.dhcp", "no network");
        return;
    }
    phy.regs = (eth_regs *)ETH_BASE;
    phy.addr = b->phy_addr;
    phy.poll_limit = ETH_MDIO_POLLS;
    (void)eth_mdio_cr(c->clk->hclk_hz, &phy.cr);
    phy.model = b->phy;

    t0 = stm32_millis();
    while (!netif_is_link_up(nif) && stm32_millis() - t0 < LINK_WAIT_MS) {
        stm32_net_poll();
        st_kick();
    }
    if (!netif_is_link_up(nif)) {
        st_net_skip("no link within 6 s: no cable (plug one in to test link and DHCP)");
        return;
    }
    (void)eth_phy_poll(&phy, &link);
    ob_line_init(&l);
    ob_line_str(ob_line_u32(ob_line_str(&l, "up after "), stm32_millis() - t0), " ms, ");
    ob_line_str(&l, link.speed_100 ? "100 Mbit/s" : "10 Mbit/s");
    ob_line_str(&l, link.full_duplex ? " full duplex" : " half duplex");
    st_report(link.up ? ST_PASS : ST_FAIL, "eth.link", l.buf);

    t0 = stm32_millis();
    while (!dhcp_supplied_address(nif) && stm32_millis() - t0 < DHCP_WAIT_MS) {
        stm32_net_poll();
        st_kick();
    }
    ob_line_init(&l);
    if (dhcp_supplied_address(nif)) {
        ob_line_str(&l, "address ");
        ob_line_str(&l, ip4addr_ntoa_r(netif_ip4_addr(nif), ip, sizeof ip));
        ob_line_str(ob_line_u32(ob_line_str(&l, " leased after "), stm32_millis() - t0), " ms");
        st_report(ST_PASS, "eth.dhcp", l.buf);
    } else {
        ob_line_str(&l, "no lease within 9 s (is there a DHCP server on this network?)");
        st_report(ST_FAIL, "eth.dhcp", l.buf);
    }
}
