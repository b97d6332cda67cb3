/* SPDX-License-Identifier: Apache-2.0 */
/* Nucleo-F746ZG (STM32F746ZG, Cortex-M7) board data. Pins and jumpers:
 * UM1974; clock limits: DS10916, RM0385 4.1.4 (over-drive) and 5.3.2. */
#ifndef BOARD_H
#define BOARD_H

#include "stm32_clock.h"
#include "stm32_uart.h"

#define BOARD_NAME "nucleo-f746zg"
#define BOARD_FAMILY stm32_family_f7

/* HSE: 8 MHz ST-LINK MCO, bypass. 8 / 4 = 2 MHz, x216 = 432 MHz VCO,
 * /2 = 216 MHz SYSCLK with over-drive, /9 = 48 MHz. APB1 54, APB2 108 MHz. */
#define BOARD_CLOCK {8000000u, 1, 4, 216, 2, 9, 4, 2}

/* ST-LINK virtual COM port: USART3 on PD8/PD9, AF7. */
#define BOARD_CONSOLE {STM32_USART3_BASE, 1, 18, {GPIO_D, 8, 7}, {GPIO_D, 9, 7}, 115200u}

/* LD1 (green) on PB0, active high. */
#define BOARD_LED {GPIO_B, 0, 0}
#define BOARD_LED_ACTIVE_HIGH 1

#endif
