/* SPDX-License-Identifier: Apache-2.0 */
/* Nucleo-F746ZG (STM32F746ZG, Cortex-M7) board data. Pins and jumpers:
 * UM1974; clock limits: DS10916, RM0385 4.1.4 (over-drive) and 5.3.2. */
#ifndef BOARD_H
#define BOARD_H

#include "eth_phy.h"
#include "eth_pins.h"
#include "stm32_clock.h"
#include "stm32_regs.h"
#include "stm32_uart.h"

#define BOARD_NAME "nucleo-f746zg"
#define BOARD_FAMILY stm32_family_f7

/* HSE: 8 MHz ST-LINK MCO, bypass. 8 / 4 = 2 MHz, x216 = 432 MHz VCO,
 * /2 = 216 MHz SYSCLK with over-drive, /9 = 48 MHz. APB1 54, APB2 108 MHz. */
#define BOARD_CLOCK         \
    {                       \
        .hse_hz = 8000000u, \
        .hse_bypass = 1,    \
        .pll_m = 4,         \
        .pll_n = 216,       \
        .pll_p = 2,         \
        .pll_q = 9,         \
        .apb1_div = 4,      \
        .apb2_div = 2,      \
    }
/* What BOARD_CLOCK gives (tests/stm32/test_stm32_boards.c checks it). */
#define BOARD_SYSCLK_HZ 216000000u

/* ST-LINK virtual COM port: USART3 on PD8/PD9, AF7. */
#define BOARD_CONSOLE                              \
    {                                              \
        .base = STM32_USART3_BASE,                 \
        .apb = STM32_APB1,                         \
        .en_bit = RCC_APB1ENR_USART3EN_BIT,        \
        .tx = {.port = GPIO_D, .pin = 8, .af = 7}, \
        .rx = {.port = GPIO_D, .pin = 9, .af = 7}, \
        .baud = 115200u,                           \
    }

/* LD1 (green) on PB0, active high. */
#define BOARD_LED {.port = GPIO_B, .pin = 0, .af = 0}
#define BOARD_LED_ACTIVE_HIGH 1

/* LSE: the 32.768 kHz crystal X2 on PC14/PC15 (UM1974 section "LSE clock",
 * its default configuration); the self-test measures SYSCLK against it. */
#define BOARD_LSE_HZ 32768u

/* Ethernet (UM1974 "Ethernet" and solder bridge tables): RMII REF_CLK PA1,
 * MDIO PA2, MDC PC1, CRS_DV PA7, RXD0 PC4, RXD1 PC5, TX_EN PG11, TXD0 PG13,
 * TXD1 PB13; LAN8742A at MDIO address 0. Its nRST comes from the board's
 * reset circuit (UM1974), not from a GPIO. The PHY's identifier 2 (model
 * bits, revision masked) from the LAN8742A datasheet (eth_phy.h); the
 * self-test's eth.phy check expects it. */
#define BOARD_ETH                                                                           \
    {                                                                                       \
        .rmii = {ETH_PIN(A, 1), ETH_PIN(A, 2), ETH_PIN(C, 1), ETH_PIN(A, 7), ETH_PIN(C, 4), \
                 ETH_PIN(C, 5), ETH_PIN(G, 11), ETH_PIN(G, 13), ETH_PIN(B, 13)},            \
        .phy_addr = 0,                                                                      \
        .phy_id2_model = PHY_ID2_LAN8742A,                                                  \
        .phy_name = "LAN8742A",                                                             \
    }

#endif
