/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the RMII pins and PHY address of a board with
 * Ethernet, and their set-up. Each board's record is data in its own folder:
 * BOARD_ETH in boards/<board>/board.h (docs/PORTING.md); a board.h without
 * BOARD_ETH is a board without Ethernet. The record names the board's PHY
 * too (the self-test checks its identifier). Every RMII signal is alternate
 * function 11 on the F2, F4 and F7 (datasheets DS6697, DS8626, DS9405,
 * DS10916, "alternate function mapping" tables). */
#ifndef ETH_PINS_H
#define ETH_PINS_H

#include "eth_phy.h"
#include "stm32_gpio.h"

#define ETH_AF 11u
#define ETH_RMII_PINS 9u
/* One RMII pin of BOARD_ETH: ETH_PIN(A, 1) is PA1 in alternate function 11. */
#define ETH_PIN(port_, pin_) {.port = GPIO_##port_, .pin = (pin_), .af = ETH_AF}

/* BOARD_ETH initialises one. */
typedef struct {
    stm32_pin rmii[ETH_RMII_PINS];    /* REF_CLK, MDIO, MDC, CRS_DV, RXD0, RXD1, TX_EN, TXD0, TXD1 */
    uint8_t phy_addr;
    eth_phy_model phy;                /* the PHY fitted (eth_phy.h): the self-test checks its identifier */
    uint8_t has_nrst;                 /* 1: the MCU drives the PHY's nRST on nrst */
    stm32_pin nrst;
} eth_board;

/* PHY hardware reset: nRST low this long (LAN8710A/LAN8742A datasheets,
 * "Reset timing": at least 100 us; 2 ticks of the 1 ms clock give >= 1 ms),
 * then this long before the first MDIO frame and the MAC reset (which needs
 * the 50 MHz REF_CLK the PHY drives again after its reset). */
#define ETH_NRST_LOW_MS 2u
#define ETH_NRST_SETTLE_MS 10u

/* Pulses the PHY's nRST where the board wires it to the MCU (low, then
 * high: push-pull output, left driven high), then enables the GPIO ports and
 * puts every RMII pin in alternate function 11, push-pull, very high speed
 * (REF_CLK is 50 MHz), no pull. Needs the millisecond clock (SysTick). */
void eth_pins_setup(const eth_board *b);

#endif
