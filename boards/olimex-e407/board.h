/* SPDX-License-Identifier: Apache-2.0 */
/* Olimex STM32-E407 (STM32F407ZG, Cortex-M4F) board data, from the Olimex
 * STM32-E407 user manual and schematic; clock limits: DS8626, RM0090 7.3.2. */
#ifndef BOARD_H
#define BOARD_H

#include "eth_pins.h"
#include "stm32_clock.h"
#include "stm32_regs.h"
#include "stm32_uart.h"

#define BOARD_NAME "olimex-e407"
#define BOARD_FAMILY stm32_family_f40x

/* HSE: 12 MHz crystal (Q2), not bypassed. 12 / 12 = 1 MHz, x336 = 336 MHz
 * VCO, /2 = 168 MHz SYSCLK (the F407 maximum), /7 = 48 MHz. APB1 42, APB2 84. */
#define BOARD_CLOCK          \
    {                        \
        .hse_hz = 12000000u, \
        .hse_bypass = 0,     \
        .pll_m = 12,         \
        .pll_n = 336,        \
        .pll_p = 2,          \
        .pll_q = 7,          \
        .apb1_div = 4,       \
        .apb2_div = 2,       \
    }
/* What BOARD_CLOCK gives (tests/stm32/test_stm32_boards.c checks it). */
#define BOARD_SYSCLK_HZ 168000000u

/* No virtual COM port: USART6 on PC6 (TX) / PC7 (RX), AF8, through an
 * external 3.3 V USB-serial adapter (docs/boards/olimex-e407.md). */
#define BOARD_CONSOLE                              \
    {                                              \
        .base = STM32_USART6_BASE,                 \
        .apb = STM32_APB2,                         \
        .en_bit = RCC_APB2ENR_USART6EN_BIT,        \
        .tx = {.port = GPIO_C, .pin = 6, .af = 8}, \
        .rx = {.port = GPIO_C, .pin = 7, .af = 8}, \
        .baud = 115200u,                           \
    }

/* Status LED on PC13 (confirm the polarity on your board revision's
 * schematic; written as active high here). */
#define BOARD_LED {.port = GPIO_C, .pin = 13, .af = 0}
#define BOARD_LED_ACTIVE_HIGH 1

/* LSE: a 32.768 kHz crystal on PC14/PC15 (STM32-E407 schematic, rev. B
 * and later); the self-test measures SYSCLK against it. */
#define BOARD_LSE_HZ 32768u

/* Ethernet (Olimex STM32-E407 schematic): RMII REF_CLK PA1, MDIO PA2, MDC
 * PC1, CRS_DV PA7, RXD0 PC4, RXD1 PC5, TX_EN PG11, TXD0 PG13, TXD1 PG14 (PB13
 * on the Nucleo-144 boards); LAN8710A at MDIO address 0 (early board
 * revisions may strap another). PA3 carries the PHY interrupt, unused by this
 * polled driver. PG6 is the PHY's nRST: NuttX's olimex-stm32-e407.h names it
 * NRST (GPIO_EMAC_NRST, output driven high by stm32_netinitialize);
 * ChibiOS's generated board.h leaves it an unnamed input with a pull-up. Left
 * alone it floats, so eth_pins_setup pulses it (docs/HARDWARE.md). The
 * self-test's eth.phy check expects the LAN8710A's identifier (eth_phy.h,
 * from its datasheet). */
#define BOARD_ETH                                                                           \
    {                                                                                       \
        .rmii = {ETH_PIN(A, 1), ETH_PIN(A, 2), ETH_PIN(C, 1), ETH_PIN(A, 7), ETH_PIN(C, 4), \
                 ETH_PIN(C, 5), ETH_PIN(G, 11), ETH_PIN(G, 13), ETH_PIN(G, 14)},            \
        .phy_addr = 0,                                                                      \
        .phy = ETH_PHY_LAN8710A,                                                            \
        .has_nrst = 1,                                                                      \
        .nrst = {.port = GPIO_G, .pin = 6, .af = 0},                                        \
    }

#endif
