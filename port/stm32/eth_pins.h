/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: RMII pins and PHY address of each board with Ethernet,
 * as data (docs/HARDWARE.md; Nucleo-144 user manual UM1974 "Ethernet" and solder
 * bridge tables; Olimex STM32-E407 schematic). Every RMII signal is alternate
 * function 11 on the F2, F4 and F7 (datasheets DS6697, DS8626, DS9405,
 * DS10916, "alternate function mapping" tables). */
#ifndef ETH_PINS_H
#define ETH_PINS_H

#include "stm32_gpio.h"

#define ETH_AF 11u
#define ETH_RMII_PINS 9u

typedef struct {
    const char *board;                /* BOARD_NAME */
    stm32_pin rmii[ETH_RMII_PINS];    /* REF_CLK, MDIO, MDC, CRS_DV, RXD0, RXD1, TX_EN, TXD0, TXD1 */
    uint8_t phy_addr;
} eth_board;

/* The board's record, or NULL for a board without Ethernet (or unknown). */
const eth_board *eth_board_find(const char *board);

/* Enables the GPIO ports and puts every RMII pin in alternate function 11,
 * push-pull, very high speed (REF_CLK is 50 MHz), no pull. */
void eth_pins_setup(const eth_board *b);

#endif
