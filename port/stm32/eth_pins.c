/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: RMII pin and PHY reset set-up (see eth_pins.h; the
 * pins are each board's BOARD_ETH). */
#include "eth_pins.h"

#include "stm32_mmio.h"
#include "stm32_regs.h"
#include "stm32_sys.h"

void eth_pins_setup(const eth_board *b)
{
    unsigned i;

    if (b->has_nrst) {
        stm32_gpio_enable(b->nrst.port);
        stm32_gpio_write(b->nrst, 0); /* ODR first: low from the moment it drives */
        stm32_gpio_output(b->nrst);
        stm32_delay_ms(ETH_NRST_LOW_MS);
        stm32_gpio_write(b->nrst, 1);
        stm32_delay_ms(ETH_NRST_SETTLE_MS);
    }

    for (i = 0; i < ETH_RMII_PINS; i++) {
        stm32_pin p = b->rmii[i];
        stm32_gpio_regs *g = (stm32_gpio_regs *)(uintptr_t)STM32_GPIO_BASE(p.port);

        stm32_gpio_enable(p.port);
        stm32_gpio_af(p, 0);
        /* OSPEEDR 11, very high speed (RM0090 8.4.3): the 50 MHz REF_CLK and
         * the RMII data need faster edges than stm32_gpio_af's default. */
        stm32_modify(&g->OSPEEDR, 3u << (2u * p.pin), 3u << (2u * p.pin));
    }
}
