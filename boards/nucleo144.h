/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: what the three Nucleo-144 boards share because they are one PCB
 * (Nucleo-F207ZG, -F429ZI, -F746ZG; user manual UM1974): their Ethernet.
 * Each of their board.h says `#define BOARD_ETH NUCLEO144_ETH`. */
#ifndef NUCLEO144_H
#define NUCLEO144_H

#include "eth_pins.h"

/* Ethernet (UM1974 "Ethernet" and solder bridge tables): RMII REF_CLK PA1,
 * MDIO PA2, MDC PC1, CRS_DV PA7, RXD0 PC4, RXD1 PC5, TX_EN PG11, TXD0 PG13,
 * TXD1 PB13; LAN8742A at MDIO address 0. Its nRST comes from the board's
 * reset circuit (UM1974), not from a GPIO. The self-test's eth.phy check
 * expects the LAN8742A's identifier (eth_phy.h, from its datasheet). */
#define NUCLEO144_ETH                                                                       \
    {                                                                                       \
        .rmii = {ETH_PIN(A, 1), ETH_PIN(A, 2), ETH_PIN(C, 1), ETH_PIN(A, 7), ETH_PIN(C, 4), \
                 ETH_PIN(C, 5), ETH_PIN(G, 11), ETH_PIN(G, 13), ETH_PIN(B, 13)},            \
        .phy_addr = 0,                                                                      \
        .phy = ETH_PHY_LAN8742A,                                                            \
    }

#endif
