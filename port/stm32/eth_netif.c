/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: lwIP netif glue (see eth_netif.h). lwIP 2.1.3 porting
 * guide (doc/NO_SYS_SampleCode.c, netif.h "netif_linkoutput_fn"): linkoutput
 * sends one frame from a pbuf chain; received frames go to netif->input.
 * Needs lwIP's headers and a lwipopts.h on the include path: a build without
 * them stops at the first lwIP #include. */
#include "eth_netif.h"

#include <string.h>

#include "lwip/err.h"
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "ob.h"

/* A full TX ring drains in one frame time (< 125 us at 100 Mbit/s); retry
 * the claim this many times before dropping the frame (TCP resends). */
#define TX_CLAIM_TRIES 2000u

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
    eth_netif_state *st = netif->state;
    struct pbuf *q;
    uint32_t off = 0, n;
    int rc = OB_ERR_BUSY;

    for (n = 0; n < TX_CLAIM_TRIES && rc == OB_ERR_BUSY; n++)
        rc = eth_mac_tx_claim(&st->mac);
    if (rc != OB_OK) {
        st->tx_dropped++;
        return ERR_MEM;
    }
#if ETH_PAD_SIZE
    pbuf_remove_header(p, ETH_PAD_SIZE);
#endif
    for (q = p; q != NULL && rc == OB_OK; q = q->next) {
        rc = eth_mac_tx_append(&st->mac, off, q->payload, q->len);
        off += q->len;
    }
#if ETH_PAD_SIZE
    pbuf_add_header(p, ETH_PAD_SIZE);
#endif
    if (rc == OB_OK)
        rc = eth_mac_tx_commit(&st->mac, off);
    else
        (void)eth_mac_tx_commit(&st->mac, 0); /* a bad length only drops the claim */
    if (rc != OB_OK) {
        st->tx_dropped++;
        return ERR_BUF;
    }
    return ERR_OK;
}

signed char eth_netif_init(struct netif *netif)
{
    eth_netif_state *st = netif->state;
    int rc;

    netif->name[0] = 'e';
    netif->name[1] = 't';
    netif->output = etharp_output;
    netif->linkoutput = linkoutput;
    netif->mtu = 1500;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, st->hwaddr, ETH_HWADDR_LEN);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;

    rc = eth_mac_init(&st->mac, st->hwaddr);
    if (rc == OB_OK)
        rc = eth_phy_init(&st->phy);
    st->init_error = rc;
    return rc == OB_OK ? ERR_OK : ERR_IF;
}

void eth_netif_poll(struct netif *netif)
{
    eth_netif_state *st = netif->state;
    uint32_t len, frames;

    for (frames = 0; frames < ETH_RX_DESC_COUNT; frames++) {
        struct pbuf *p, *q;
        uint32_t off = 0;

        len = eth_mac_rx_peek(&st->mac);
        if (len == 0)
            break;
        p = pbuf_alloc(PBUF_RAW, (u16_t)(len + ETH_PAD_SIZE), PBUF_POOL);
        if (p != NULL) {
#if ETH_PAD_SIZE
            pbuf_remove_header(p, ETH_PAD_SIZE);
#endif
            for (q = p; q != NULL; q = q->next)
                off += eth_mac_rx_copy(&st->mac, off, q->payload, q->len);
#if ETH_PAD_SIZE
            pbuf_add_header(p, ETH_PAD_SIZE);
#endif
        } else {
            st->rx_no_pbuf++;
        }
        eth_mac_rx_release(&st->mac);
        if (p != NULL && netif->input(p, netif) != ERR_OK)
            pbuf_free(p);
    }
    eth_mac_tx_reclaim(&st->mac);
    if (eth_mac_check(&st->mac) == OB_ERR_STATE) {
        /* Fatal bus error: both DMA engines stopped. Start again from the
         * top; the link poll restarts the MAC when the PHY reports a link. */
        netif_set_link_down(netif);
        st->phy.link.up = 0;
        st->init_error = eth_mac_init(&st->mac, st->hwaddr);
    }
}

void eth_netif_poll_link(struct netif *netif)
{
    eth_netif_state *st = netif->state;
    eth_link l;

    if (eth_phy_poll(&st->phy, &l) != 1)
        return;
    if (l.up) {
        if (eth_mac_start(&st->mac, l.speed_100, l.full_duplex) != OB_OK)
            return;
        netif_set_link_up(netif);
    } else {
        netif_set_link_down(netif);
    }
}
