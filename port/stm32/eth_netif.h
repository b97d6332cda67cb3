/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: lwIP netif glue for the Ethernet MAC + PHY driver
 * (NO_SYS, polled: no interrupt handler, the main loop calls the poll
 * functions). eth_netif.c is built only into firmware that links lwIP.
 *
 * Use:
 *   static eth_netif_state eth = {.mac = ETH_MAC_ON_CHIP(&dma_mem, cache), .phy = phy,
 *                                  .hwaddr = mac_addr};
 *   netif_add(&nif, ip, mask, gw, &eth, eth_netif_init, ethernet_input);
 *   loop: eth_netif_poll(&nif); every ~100 ms eth_netif_poll_link(&nif);
 * where dma_mem is an eth_dma_mem with ETH_DMA_MEM_ATTR, cache is &eth_cache_l1
 * on the F7 and NULL on the F2/F4, and phy has regs, addr, cr (eth_mdio_cr of
 * HCLK), poll_limit and reset_polls set. The board's RMII pins (eth_pins.h)
 * are set up before netif_add. */
#ifndef ETH_NETIF_H
#define ETH_NETIF_H

#include "eth_mac.h"
#include "eth_phy.h"

struct netif;

typedef struct {
    eth_mac mac;
    eth_phy phy;
    uint8_t hwaddr[6];
    uint32_t rx_no_pbuf;   /* frames dropped: no pbuf */
    uint32_t tx_dropped;   /* frames dropped: TX ring stayed full */
    int init_error;        /* ob_err of a failed eth_netif_init */
} eth_netif_state;

/* netif_add's init callback (netif->state is an eth_netif_state): MAC and
 * PHY initialisation, auto-negotiation started, link down. ERR_IF on a
 * hardware failure (the ob_err is kept in init_error). */
signed char eth_netif_init(struct netif *netif);

/* Hands every complete received frame (at most one ring's worth) to
 * netif->input and handles the DMA status (fatal bus error: the interface
 * is initialised again). */
void eth_netif_poll(struct netif *netif);

/* Reads the PHY; on a change programs the MAC's speed and duplex and calls
 * netif_set_link_up / netif_set_link_down (lwIP then runs the netif's link
 * callback, if one is set). */
void eth_netif_poll_link(struct netif *netif);

#endif
