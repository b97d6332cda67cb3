/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: the network of an mps2 image: LAN9118 + lwIP (NO_SYS),
 * DHCP with a static fallback chosen at build time (mps2_opt.h). */
#ifndef MPS2_NET_H
#define MPS2_NET_H

#include "bsp.h"
#include "lwip/netif.h"
#include "mps2_opt.h" /* MPS2_NET_DHCP, MPS2_NET_DHCP_WAIT_MS, MPS2_NET_STATIC_* */

/* net.c implements the network of port/bsp.h: bsp_netif_start (NULL when
 * no Ethernet controller answers), bsp_netif_poll (prints the address once
 * it is known), bsp_netif_ready (1 once the interface has an address,
 * leased or static). */

/* lwIP netif init callback for the LAN9118 (netif.c). */
err_t mps2_ethif_init(struct netif *netif);
/* Moves every received frame into lwIP (netif.c). */
void mps2_ethif_poll(struct netif *netif);

#endif
