/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: GPIO (RM0033 6, RM0090 8, RM0385 6: same IP). */
#ifndef STM32_GPIO_H
#define STM32_GPIO_H

#include <stdint.h>

enum { GPIO_A = 0, GPIO_B, GPIO_C, GPIO_D, GPIO_E, GPIO_F, GPIO_G, GPIO_H, GPIO_I };

typedef struct {
    uint8_t port; /* GPIO_A .. */
    uint8_t pin;  /* 0..15 */
    uint8_t af;   /* alternate function number (datasheet "alternate function mapping") */
} stm32_pin;

/* Enables the port clock (RCC_AHB1ENR bit = port index). */
void stm32_gpio_enable(uint8_t port);
/* Alternate function, push-pull, high speed; pull_up for an idle-high input. */
void stm32_gpio_af(stm32_pin p, int pull_up);
void stm32_gpio_output(stm32_pin p);
void stm32_gpio_write(stm32_pin p, int level);
/* Back to the reset mode (analog on F7/F4 for most pins is not needed: input). */
void stm32_gpio_input(stm32_pin p);

#endif
