/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: IP-independent console: the transmit side of both
 * USART IPs (usart_v1.c, usart_v2.c bind their registers at init). */
#include <string.h>

#include "stm32_mmio.h"
#include "stm32_uart.h"

#define TX_POLLS 100000u /* > 10 character times at 115200 even at 216 MHz */

static volatile uint32_t *tx_status, *tx_data;

void stm32_uart_bind_tx(volatile uint32_t *status, volatile uint32_t *data)
{
    tx_status = status;
    tx_data = data;
}

static void put(char c)
{
    uint32_t n;
    for (n = 0; n < TX_POLLS; n++)
        if (stm32_rd(tx_status) & STM32_UART_TXE)
            break;
    stm32_wr(tx_data, (uint8_t)c);
}

void stm32_uart_write(const char *s, size_t n)
{
    if (tx_data == 0)
        return;
    while (n--) {
        if (*s == '\n')
            put('\r');
        put(*s++);
    }
}

void stm32_uart_puts(const char *s)
{
    stm32_uart_write(s, strlen(s));
}

void stm32_uart_flush(void)
{
    uint32_t n;
    if (tx_status == 0)
        return;
    for (n = 0; n < TX_POLLS; n++)
        if (stm32_rd(tx_status) & STM32_UART_TC)
            return;
}
