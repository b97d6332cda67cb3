/* SPDX-License-Identifier: Apache-2.0 */
/* QEMU netduinoplus2 (STM32F405RG model, QEMU 7.2 hw/arm/netduinoplus2.c):
 * the E407's chip family and memory map, so bl1 and the demo use the
 * olimex-e407 layout. QEMU implements USART1 (-serial) but not RCC, FLASH or
 * GPIO (they read 0 and ignore writes): the clock start-up times out and
 * falls back to HSI, which is part of what the test checks. */
#ifndef BOARD_H
#define BOARD_H

#include "stm32_clock.h"
#include "stm32_regs.h"
#include "stm32_uart.h"

#define BOARD_NAME "olimex-e407"
#define BOARD_FAMILY stm32_family_f40x
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
/* USART1 on PB6/PB7, AF7 (QEMU ignores the pins). */
#define BOARD_CONSOLE                              \
    {                                              \
        .base = STM32_USART1_BASE,                 \
        .apb = STM32_APB2,                         \
        .en_bit = RCC_APB2ENR_USART1EN_BIT,        \
        .tx = {.port = GPIO_B, .pin = 6, .af = 7}, \
        .rx = {.port = GPIO_B, .pin = 7, .af = 7}, \
        .baud = 115200u,                           \
    }
#define BOARD_LED {.port = GPIO_A, .pin = 10, .af = 0}
#define BOARD_LED_ACTIVE_HIGH 1
/* LSE: the E407's (it stands in for that board). QEMU has no RCC, so the
 * self-test skips clock.lse and clock.sysclk; no Ethernet (no BOARD_ETH). */
#define BOARD_LSE_HZ 32768u
#define BOARD_QEMU 1

#endif
