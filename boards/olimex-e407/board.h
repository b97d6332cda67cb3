/* SPDX-License-Identifier: Apache-2.0 */
/* Olimex STM32-E407 (STM32F407ZG, Cortex-M4F) board data, from the Olimex
 * STM32-E407 user manual and schematic; clock limits: DS8626, RM0090 7.3.2. */
#ifndef BOARD_H
#define BOARD_H

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

#endif
