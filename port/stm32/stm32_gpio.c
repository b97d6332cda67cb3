/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: GPIO, from RM0090 section 8.4 (MODER, OTYPER,
 * OSPEEDR, PUPDR, BSRR, AFRL/AFRH); identical in RM0033 6.4 and RM0385 6.4. */
#include "stm32_gpio.h"

#include "stm32_mmio.h"
#include "stm32_regs.h"

#define RCC ((stm32_rcc_regs *)STM32_RCC_BASE)

static stm32_gpio_regs *gpio(uint8_t port)
{
    return (stm32_gpio_regs *)STM32_GPIO_BASE(port);
}

void stm32_gpio_enable(uint8_t port)
{
    stm32_set(&RCC->AHB1ENR, 1u << port);
    (void)stm32_rd(&RCC->AHB1ENR); /* RM0090 6.3.10 note: delay after enabling */
}

static void set_mode(stm32_pin p, uint32_t mode)
{
    uint32_t sh = 2u * p.pin;
    stm32_modify(&gpio(p.port)->MODER, 3u << sh, mode << sh);
}

void stm32_gpio_af(stm32_pin p, int pull_up)
{
    stm32_gpio_regs *g = gpio(p.port);
    uint32_t sh2 = 2u * p.pin, sh4 = 4u * (p.pin & 7u);

    stm32_modify(&g->AFR[p.pin >> 3], 0xFu << sh4, (uint32_t)p.af << sh4);
    stm32_clr(&g->OTYPER, 1u << p.pin);
    stm32_modify(&g->OSPEEDR, 3u << sh2, 2u << sh2);
    stm32_modify(&g->PUPDR, 3u << sh2, (pull_up ? 1u : 0u) << sh2);
    set_mode(p, 2u);
}

void stm32_gpio_output(stm32_pin p)
{
    stm32_clr(&gpio(p.port)->OTYPER, 1u << p.pin);
    set_mode(p, 1u);
}

void stm32_gpio_input(stm32_pin p)
{
    set_mode(p, 0u);
}

void stm32_gpio_write(stm32_pin p, int level)
{
    stm32_wr(&gpio(p.port)->BSRR, level ? 1u << p.pin : 1u << (p.pin + 16u));
}
