/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: RMII pin maps (see eth_pins.h). */
#include "eth_pins.h"

#include <string.h>

#include "stm32_mmio.h"
#include "stm32_regs.h"
#include "stm32_sys.h"

#define P(port_, pin_) {.port = GPIO_##port_, .pin = (pin_), .af = ETH_AF}

/* Nucleo-144 (UM1974): REF_CLK PA1, MDIO PA2, MDC PC1, CRS_DV PA7, RXD0 PC4,
 * RXD1 PC5, TX_EN PG11, TXD0 PG13, TXD1 PB13; LAN8742A at address 0. */
#define NUCLEO144_RMII                                                                   \
    {P(A, 1), P(A, 2), P(C, 1), P(A, 7), P(C, 4), P(C, 5), P(G, 11), P(G, 13), P(B, 13)}

/* The Nucleo-144 LAN8742A's nRST comes from the board's reset circuit
 * (UM1974), not from a GPIO. */
static const eth_board boards[] = {
    {.board = "nucleo-f207zg", .rmii = NUCLEO144_RMII, .phy_addr = 0},
    {.board = "nucleo-f429zi", .rmii = NUCLEO144_RMII, .phy_addr = 0},
    {.board = "nucleo-f746zg", .rmii = NUCLEO144_RMII, .phy_addr = 0},
    /* Olimex STM32-E407: the same pins except TXD1 on PG14 (not PB13);
     * LAN8710A at address 0 (early board revisions may strap another). PA3
     * carries the PHY interrupt, unused by this polled driver. PG6 is the
     * PHY's nRST: NuttX's olimex-stm32-e407.h names it NRST (GPIO_EMAC_NRST,
     * output driven high by stm32_netinitialize); ChibiOS's generated
     * board.h leaves it an unnamed input with a pull-up. Left alone it
     * floats. */
    {.board = "olimex-e407",
     .rmii = {P(A, 1), P(A, 2), P(C, 1), P(A, 7), P(C, 4), P(C, 5), P(G, 11), P(G, 13), P(G, 14)},
     .phy_addr = 0,
     .has_nrst = 1,
     .nrst = {.port = GPIO_G, .pin = 6, .af = 0}},
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
