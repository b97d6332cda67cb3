/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: RMII pin maps (see eth_pins.h). */
#include "eth_pins.h"

#include <string.h>

#include "stm32_mmio.h"
#include "stm32_regs.h"

#define P(port, pin) {GPIO_##port, pin, ETH_AF}

/* Nucleo-144 (UM1974): REF_CLK PA1, MDIO PA2, MDC PC1, CRS_DV PA7, RXD0 PC4,
 * RXD1 PC5, TX_EN PG11, TXD0 PG13, TXD1 PB13; LAN8742A at address 0. */
#define NUCLEO144_RMII                                                                   \
    {P(A, 1), P(A, 2), P(C, 1), P(A, 7), P(C, 4), P(C, 5), P(G, 11), P(G, 13), P(B, 13)}

static const eth_board boards[] = {
    {"nucleo-f207zg", NUCLEO144_RMII, 0},
    {"nucleo-f429zi", NUCLEO144_RMII, 0},
    {"nucleo-f746zg", NUCLEO144_RMII, 0},
    /* Olimex STM32-E407: the same pins except TXD1 on PG14 (not PB13);
     * LAN8710A at address 0 (early board revisions may strap another). PA3
     * carries the PHY interrupt, unused by this polled driver. */
    {"olimex-e407",
     {P(A, 1), P(A, 2), P(C, 1), P(A, 7), P(C, 4), P(C, 5), P(G, 11), P(G, 13), P(G, 14)},
     0},
};

const eth_board *eth_board_find(const char *board)
{
    size_t i;

    if (board == NULL)
        return NULL;
    for (i = 0; i < sizeof boards / sizeof boards[0]; i++)
        if (strcmp(boards[i].board, board) == 0)
            return &boards[i];
    return NULL;
}

void eth_pins_setup(const eth_board *b)
{
    unsigned i;

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
