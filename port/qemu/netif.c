/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: lwIP netif glue for the LAN9118 (lwIP doc "Porting
 * lwIP": netif->linkoutput sends one frame, received frames go to
 * netif->input). Frames are copied through one aligned bounce buffer each
 * way: the controller's FIFOs take 32-bit words. */
#include <string.h>

#include "lan9118.h"
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "mps2.h"
#include "net.h"
#include "netif/ethernet.h"

#define FRAME_MAX 1536u
static uint32_t txbuf[FRAME_MAX / 4];
static uint32_t rxbuf[FRAME_MAX / 4 + 1];

static err_t ethif_output(struct netif *netif, struct pbuf *p)
{
    (void)netif;
    if (p->tot_len > FRAME_MAX)
        return ERR_BUF;
    pbuf_copy_partial(p, txbuf, p->tot_len, 0);
    return lan9118_tx(MPS2_ETH_BASE, txbuf, p->tot_len) == 0 ? ERR_OK : ERR_MEM;
}

void mps2_ethif_poll(struct netif *netif)
{
    /* Bounded: frames that arrive meanwhile wait for the next call. */
    for (uint32_t n = lan9118_rx_pending(MPS2_ETH_BASE); n > 0; n--) {
        uint32_t len = lan9118_rx_read(MPS2_ETH_BASE, rxbuf, FRAME_MAX);
        if (len == 0)
            continue;
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
        if (!p)
            continue; /* out of buffers: dropped, TCP sends it again */
        pbuf_take(p, rxbuf, (u16_t)len);
        if (netif->input(p, netif) != ERR_OK)
            pbuf_free(p);
    }
}

err_t mps2_ethif_init(struct netif *netif)
{
    if (lan9118_init(MPS2_ETH_BASE, netif->hwaddr) != 0)
        return ERR_IF;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    netif->mtu = 1500;
    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    netif->output = etharp_output;
    netif->linkoutput = ethif_output;
    return ERR_OK;
}
