/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: the network of an mps2 image: LAN9118 + lwIP (NO_SYS),
 * DHCP with a static fallback chosen at build time (mps2_opt.h). */
#ifndef MPS2_NET_H
#define MPS2_NET_H

#include "lwip/netif.h"
#include "mps2_opt.h" /* MPS2_NET_DHCP, MPS2_NET_DHCP_WAIT_MS, MPS2_NET_STATIC_* */

/* Starts the controller and lwIP; returns the netif, or NULL when no
 * Ethernet controller answers. */
struct netif *mps2_net_start(void);
/* Main-loop work: received frames into lwIP, lwIP timers, DHCP fallback.
 * Prints the address once it is known. */
void mps2_net_poll(void);
/* 1 once the interface has an address (leased or static). */
int mps2_net_ready(void);

/* lwIP netif init callback for the LAN9118 (netif.c). */
err_t mps2_ethif_init(struct netif *netif);
/* Moves every received frame into lwIP (netif.c). */
void mps2_ethif_poll(struct netif *netif);

#endif
