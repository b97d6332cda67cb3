/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: console on the F2/F4 USART (RM0090 section 30.6:
 * SR, DR, BRR, CR1; RM0033 section 26.6 is the same IP). */
#include "stm32_mmio.h"
#include "stm32_regs.h"
#include "stm32_uart.h"

#define RCC ((stm32_rcc_regs *)STM32_RCC_BASE)

typedef char usart_tx_bits_match[(USART1_SR_TC == STM32_UART_TC && USART1_SR_TXE == STM32_UART_TXE) ? 1 : -1];

static stm32_usart_v1_regs *u;

void stm32_uart_init(const stm32_uart_cfg *cfg, uint32_t pclk_hz)
{
    u = (stm32_usart_v1_regs *)cfg->base;
    stm32_set(cfg->apb == STM32_APB2 ? &RCC->APB2ENR : &RCC->APB1ENR, 1u << cfg->en_bit);
    stm32_gpio_enable(cfg->tx.port);
    stm32_gpio_enable(cfg->rx.port);
    stm32_gpio_af(cfg->tx, 0);
    stm32_gpio_af(cfg->rx, 1);
    stm32_wr(&u->CR1, 0);
    stm32_wr(&u->CR2, 0); /* 1 stop bit */
    stm32_wr(&u->CR3, 0);
    stm32_wr(&u->BRR, stm32_uart_brr(pclk_hz, cfg->baud));
    stm32_wr(&u->CR1, USART1_CR1_UE | USART1_CR1_TE | USART1_CR1_RE); /* 8 bits, no parity */
    stm32_uart_bind_tx(&u->SR, &u->DR);
}

int stm32_uart_getc(void)
{
    if (u == 0 || !(stm32_rd(&u->SR) & USART1_SR_RXNE))
        return -1;
    return (int)(stm32_rd(&u->DR) & 0xFFu);
}
