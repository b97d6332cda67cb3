/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the start-up every firmware (bl1, demo, rescue) shares.
 * Clock tree (falling back to HSI, reported in clk->fault), the console
 * USART on whichever APB it hangs off, the F7 L1 caches, SysTick.
 * Inline so that l1_cache, a constant of the board, drops the cache call
 * from F2/F4 builds. */
#ifndef STM32_START_H
#define STM32_START_H

#include "stm32_clock.h"
#include "stm32_sys.h"
#include "stm32_uart.h"

static inline void stm32_start(stm32_flash *flash_hw, const stm32_clock_cfg *clk_cfg, const stm32_uart_cfg *con,
                               int l1_cache, stm32_clocks *clk)
{
    (void)stm32_clock_init(flash_hw, clk_cfg, clk);
    stm32_uart_init(con, con->apb == STM32_APB2 ? clk->pclk2_hz : clk->pclk1_hz);
    if (l1_cache)
        cm_caches_enable();
    stm32_systick_start(clk->hclk_hz);
}

#endif
