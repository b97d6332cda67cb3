/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the console USART, polled, 8N1.
 * Two IPs share this interface: usart_v1.c (F2/F4: RM0033 26, RM0090 30) and
 * usart_v2.c (F7: RM0385 34). A firmware links exactly one of them, chosen
 * by the make files from the chip family that board.mk names (BOARD_FAMILY). */
#ifndef STM32_UART_H
#define STM32_UART_H

#include <stddef.h>
#include <stdint.h>

#include "stm32_gpio.h"

/* The peripheral bus a USART sits on: its clock and its enable register. */
typedef enum { STM32_APB1 = 1, STM32_APB2 = 2 } stm32_apb;

typedef struct {
    uint32_t base;   /* STM32_USARTx_BASE */
    uint8_t apb;     /* stm32_apb: the bus clock that feeds it */
    uint8_t en_bit;  /* its enable bit in RCC_APB1ENR / RCC_APB2ENR (RCC_APBxENR_*_BIT) */
    stm32_pin tx, rx;
    uint32_t baud;
} stm32_uart_cfg;

/* Enables clocks and pins and starts the USART at cfg->baud from pclk_hz. */
void stm32_uart_init(const stm32_uart_cfg *cfg, uint32_t pclk_hz);
/* Blocking write; each character waits a bounded time for TXE so a dead
 * USART cannot hang the caller. "\n" is sent as "\r\n". */
void stm32_uart_write(const char *s, size_t n);
void stm32_uart_puts(const char *s);
/* Waits (bounded) until the last character has left the shift register. */
void stm32_uart_flush(void);
/* Next received byte, or -1. */
int stm32_uart_getc(void);

/* For the IP files: the transmit side is the same on both IPs but for where
 * its registers sit (status: TXE bit 7, TC bit 6 in v1's SR and v2's ISR;
 * data: v1's DR, v2's TDR), so usart_common.c does the writing and each IP's
 * init binds its two registers here. */
void stm32_uart_bind_tx(volatile uint32_t *status, volatile uint32_t *data);
#define STM32_UART_TC (1u << 6)
#define STM32_UART_TXE (1u << 7)

/* BRR for 16x oversampling: USARTDIV = pclk / baud, rounded to nearest. On
 * the F2/F4 the 12.4 fixed-point mantissa/fraction encoding of
 * pclk / (16 * baud) is the same number (RM0090 30.3.4). */
static inline uint32_t stm32_uart_brr(uint32_t pclk_hz, uint32_t baud)
{
    return (pclk_hz + baud / 2u) / baud;
}

#endif
