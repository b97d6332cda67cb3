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
    uint8_t has_nrst;                 /* 1: the MCU drives the PHY's nRST on nrst */
    stm32_pin nrst;
} eth_board;

/* PHY hardware reset: nRST low this long (LAN8710A/LAN8742A datasheets,
 * "Reset timing": at least 100 us; 2 ticks of the 1 ms clock give >= 1 ms),
 * then this long before the first MDIO frame and the MAC reset (which needs
 * the 50 MHz REF_CLK the PHY drives again after its reset). */
#define ETH_NRST_LOW_MS 2u
#define ETH_NRST_SETTLE_MS 10u

/* The board's record, or NULL for a board without Ethernet (or unknown). */
const eth_board *eth_board_find(const char *board);

/* Pulses the PHY's nRST where the board wires it to the MCU (low, then
 * high: push-pull output, left driven high), then enables the GPIO ports and
 * puts every RMII pin in alternate function 11, push-pull, very high speed
 * (REF_CLK is 50 MHz), no pull. Needs the millisecond clock (SysTick). */
void eth_pins_setup(const eth_board *b);

#endif
