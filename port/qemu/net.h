/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: the network of an mps2 image: LAN9118 + lwIP (NO_SYS),
 * DHCP with a static fallback chosen at build time. */
#ifndef MPS2_NET_H
#define MPS2_NET_H

#include "lwip/netif.h"

/* Build-time network choices (override with -D). The static address is
 * QEMU user-mode networking's default guest address, so hostfwd reaches
 * the board either way. */
#ifndef MPS2_NET_DHCP
#define MPS2_NET_DHCP 1           /* 0: static address only */
#endif
#ifndef MPS2_NET_DHCP_WAIT_MS
#define MPS2_NET_DHCP_WAIT_MS 4000 /* no lease by then: static fallback */
#endif
#ifndef MPS2_NET_STATIC_IP
#define MPS2_NET_STATIC_IP "10.0.2.15"
#define MPS2_NET_STATIC_MASK "255.255.255.0"
#define MPS2_NET_STATIC_GW "10.0.2.2"
#endif

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
