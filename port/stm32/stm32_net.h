/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the network of a firmware on the four boards: the
 * Ethernet MAC + PHY driver (eth_netif.h) under lwIP (NO_SYS, polled), DHCP
 * with a static fallback chosen at build time (stm32_opt.h), the address on
 * the console. Shared by the demo application and the rescue firmware
 * (port/bsp.h, bsp_net.c). */
#ifndef STM32_NET_H
#define STM32_NET_H

#include <stdint.h>

#include "eth_pins.h"
#include "lwip/netif.h"
#include "stm32_family.h"
#include "stm32_opt.h" /* STM32_NET_DHCP, STM32_NET_DHCP_WAIT_MS, STM32_NET_STATIC_* */

typedef struct {
    const char *board;        /* BOARD_NAME, for the console */
    const eth_board *eth;     /* BOARD_ETH (RMII pins, PHY address), NULL: no Ethernet */
    const stm32_family *fam;  /* unique-ID address, data cache */
    uint32_t hclk_hz;         /* MDC clock range */
} stm32_net_cfg;

/* Sets up the RMII pins, the MAC (address from the chip's unique ID), the
 * PHY and lwIP, and starts DHCP (or sets the static address). Returns the
 * netif, or NULL with a console line when the board has no known Ethernet
 * or the MAC/PHY do not answer (no 50 MHz REF_CLK, no PHY on MDIO). Call it
 * once. */
struct netif *stm32_net_start(const stm32_net_cfg *cfg);

/* Main-loop work: received frames into lwIP, the PHY's link state every
 * 100 ms, lwIP's timers, the DHCP fallback. Prints link changes and the
 * address whenever it changes. Does nothing before a successful start. */
void stm32_net_poll(void);

/* 1 while the link is up and the interface has an address. */
int stm32_net_ready(void);

#endif
