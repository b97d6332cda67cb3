/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the interface address of a board, the same on every port: DHCP
 * with a static fallback, or a static address, chosen at build time; the
 * address on the console whenever it changes; lwIP's random source. The
 * port brings up its Ethernet and lwIP (NO_SYS), then hands the netif here
 * and reports its link (port/stm32/stm32_net.c follows the PHY; the QEMU
 * LAN9118 model has no link to follow, port/qemu/net.c says "up" once). */
#ifndef NET_ADDR_H
#define NET_ADDR_H

#include <stdint.h>

#include "lwip/netif.h"

typedef struct {
    /* 1: DHCP, and the static address below when no lease has come wait_ms
     * after the link came up; 0: the static address at once. */
    int dhcp;
    uint32_t wait_ms;
    const char *ip, *mask, *gw; /* the static address, dotted quads */
    void (*say)(const char *line); /* one console line */
} net_addr_cfg;

/* nif is added and up: starts DHCP (which waits for the link) or sets the
 * static address. Once. */
void net_addr_start(struct netif *nif, const net_addr_cfg *cfg);
/* The port's link state at now_ms, up (1) or down (0): the DHCP wait
 * starts when it goes up. Returns 1 when it changed (the port may say so). */
int net_addr_link(int up, uint32_t now_ms);
/* Main-loop work after lwIP's timers: the static fallback when its time has
 * come, and the "net: address ..." line when the address changed. */
void net_addr_poll(uint32_t now_ms);
/* 1 while the link is up and the interface has an address. */
int net_addr_ready(void);

/* LWIP_RAND (TCP initial sequence numbers, local ports, DHCP transaction
 * ids; nothing secret): xorshift32 (Marsaglia 2003) stirred at every call
 * with the time of the last poll, seeded by net_rand_stir (the MAC address,
 * the chip's unique ID). */
uint32_t net_rand(void);
void net_rand_stir(uint32_t v);

#endif
