/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the network part of the board support package
 * (port/bsp.h) over stm32_net.c, for the boards with an Ethernet MAC. */
#include "board.h"
#include "bsp.h"
#include "stm32_bsp.h"
#include "stm32_net.h"

#ifdef BOARD_ETH
static const eth_board eth = BOARD_ETH;
#define ETH_MAP (&eth)
#else
#define ETH_MAP NULL /* stm32_net_start says the board has no Ethernet */
#endif

struct netif *bsp_netif_start(void)
{
    const stm32_net_cfg cfg = {
        .board = BOARD_NAME, .eth = ETH_MAP, .fam = &BOARD_FAMILY, .hclk_hz = stm32_bsp_hclk_hz()};
    return stm32_net_start(&cfg);
}

void bsp_netif_poll(void)
{
    stm32_net_poll();
}

int bsp_netif_ready(void)
{
    return stm32_net_ready();
}
