/* otaboot STM32 port: console on the F2/F4 USART (RM0090 section 30.6:
 * SR, DR, BRR, CR1; RM0033 section 26.6 is the same IP). */
#include "stm32_mmio.h"
#include "stm32_regs.h"
#include "stm32_uart.h"

#define RCC ((stm32_rcc_regs *)STM32_RCC_BASE)
#define TX_POLLS 100000u /* > 10 character times at 115200 even at 216 MHz */

static stm32_usart_v1_regs *u;

void stm32_uart_init(const stm32_uart_cfg *cfg, uint32_t pclk_hz)
{
    u = (stm32_usart_v1_regs *)cfg->base;
    stm32_set(cfg->apb == 2 ? &RCC->APB2ENR : &RCC->APB1ENR, 1u << cfg->en_bit);
    stm32_gpio_enable(cfg->tx.port);
    stm32_gpio_enable(cfg->rx.port);
    stm32_gpio_af(cfg->tx, 0);
    stm32_gpio_af(cfg->rx, 1);
    stm32_wr(&u->CR1, 0);
    stm32_wr(&u->CR2, 0); /* 1 stop bit */
    stm32_wr(&u->CR3, 0);
    stm32_wr(&u->BRR, stm32_uart_brr(pclk_hz, cfg->baud));
    stm32_wr(&u->CR1, USART1_CR1_UE | USART1_CR1_TE | USART1_CR1_RE); /* 8 bits, no parity */
}

static void put(char c)
{
    uint32_t n;
    for (n = 0; n < TX_POLLS; n++)
        if (stm32_rd(&u->SR) & USART1_SR_TXE)
            break;
    stm32_wr(&u->DR, (uint8_t)c);
}

void stm32_uart_write(const char *s, size_t n)
{
    if (u == 0)
        return;
    while (n--) {
        if (*s == '\n')
            put('\r');
        put(*s++);
    }
}

void stm32_uart_flush(void)
{
    uint32_t n;
    if (u == 0)
        return;
    for (n = 0; n < TX_POLLS; n++)
        if (stm32_rd(&u->SR) & USART1_SR_TC)
            return;
}

int stm32_uart_getc(void)
{
    if (u == 0 || !(stm32_rd(&u->SR) & USART1_SR_RXNE))
        return -1;
    return (int)(stm32_rd(&u->DR) & 0xFFu);
}
