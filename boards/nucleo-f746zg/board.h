/* SPDX-License-Identifier: Apache-2.0 */
/* Nucleo-F746ZG (STM32F746ZG, Cortex-M7) board data. Pins and jumpers:
 * UM1974; clock limits: DS10916, RM0385 4.1.4 (over-drive) and 5.3.2. */
#ifndef BOARD_H
#define BOARD_H

#include "nucleo144.h"
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

/* Ethernet: the Nucleo-144 PCB's (boards/nucleo144.h, UM1974). */
#define BOARD_ETH NUCLEO144_ETH

#endif
