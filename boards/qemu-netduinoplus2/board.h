/* SPDX-License-Identifier: Apache-2.0 */
/* QEMU netduinoplus2 (STM32F405RG model, QEMU 7.2 hw/arm/netduinoplus2.c):
 * the E407's chip family and memory map, so bl1 and the demo use the
 * olimex-e407 layout. QEMU implements USART1 (-serial) but not RCC, FLASH or
 * GPIO (they read 0 and ignore writes): the clock start-up times out and
 * falls back to HSI, which is part of what the test checks. */
#ifndef BOARD_H
#define BOARD_H

#include "stm32_clock.h"
#include "stm32_uart.h"

#define BOARD_NAME "olimex-e407"
#define BOARD_FAMILY stm32_family_f40x
#define BOARD_CLOCK {12000000u, 0, 12, 336, 2, 7, 4, 2}
/* USART1 on PB6/PB7, AF7 (QEMU ignores the pins). */
#define BOARD_CONSOLE {STM32_USART1_BASE, 2, 4, {GPIO_B, 6, 7}, {GPIO_B, 7, 7}, 115200u}
#define BOARD_LED {GPIO_A, 10, 0}
#define BOARD_LED_ACTIVE_HIGH 1
#define BOARD_QEMU 1

#endif
