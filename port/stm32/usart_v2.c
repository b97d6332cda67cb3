/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: console on the F7 USART (RM0385 section 34.8: CR1,
 * BRR, ISR, ICR, RDR, TDR; BRR = USARTDIV for 16x oversampling, 34.5.4). */
#include "stm32_mmio.h"
#include "stm32_regs.h"
#include "stm32_uart.h"

#define RCC ((stm32_rcc_regs *)STM32_RCC_BASE)

typedef char usart_tx_bits_match[(USART2_ISR_TC == STM32_UART_TC && USART2_ISR_TXE == STM32_UART_TXE) ? 1 : -1];

static stm32_usart_v2_regs *u;

void stm32_uart_init(const stm32_uart_cfg *cfg, uint32_t pclk_hz)
{
    u = (stm32_usart_v2_regs *)cfg->base;
    /* RCC_DCKCFGR2 keeps its reset value: the USART runs on its APB clock. */
    stm32_set(cfg->apb == STM32_APB2 ? &RCC->APB2ENR : &RCC->APB1ENR, 1u << cfg->en_bit);
    stm32_gpio_enable(cfg->tx.port);
    stm32_gpio_enable(cfg->rx.port);
    stm32_gpio_af(cfg->tx, 0);
    stm32_gpio_af(cfg->rx, 1);
    stm32_wr(&u->CR1, 0); /* UE = 0 before BRR and the frame format */
    stm32_wr(&u->CR2, 0);
    stm32_wr(&u->CR3, 0);
    stm32_wr(&u->BRR, stm32_uart_brr(pclk_hz, cfg->baud));
    stm32_wr(&u->ICR, USART2_ICR_ALL);
    stm32_wr(&u->CR1, USART2_CR1_UE | USART2_CR1_TE | USART2_CR1_RE);
    stm32_uart_bind_tx(&u->ISR, &u->TDR);
}

int stm32_uart_getc(void)
{
    if (u == 0)
        return -1;
    if (stm32_rd(&u->ISR) & 0x8u) /* ORE would block reception: clear it */
        stm32_wr(&u->ICR, 0x8u);
    if (!(stm32_rd(&u->ISR) & USART2_ISR_RXNE))
        return -1;
    return (int)(stm32_rd(&u->RDR) & 0xFFu);
}
