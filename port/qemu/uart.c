/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: console on CMSDK APB UART0 (Arm DDI 0479, "APB UART":
 * DATA +0x00, STATE +0x04 with bit 0 TX buffer full, CTRL +0x08 with bit 0
 * TX enable, BAUDDIV +0x10 which must be at least 16). Output only. */
#include "mps2.h"

#define UART0 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0 + 0x00u))
#define UART_STATE (*(volatile uint32_t *)(UART0 + 0x04u))
#define UART_CTRL (*(volatile uint32_t *)(UART0 + 0x08u))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0 + 0x10u))
#define STATE_TX_FULL 0x1u
#define CTRL_TX_EN 0x1u

void mps2_uart_init(void)
{
    UART_BAUDDIV = MPS2_SYSCLK_HZ / 115200u;
    UART_CTRL = CTRL_TX_EN;
}

void mps2_putc(char c)
{
    while (UART_STATE & STATE_TX_FULL)
        ;
    UART_DATA = (uint8_t)c;
}

void mps2_puts(const char *s)
{
    while (*s)
        mps2_putc(*s++);
}

void mps2_println(const char *s)
{
    mps2_puts(s);
    mps2_puts("\r\n");
}

void mps2_put_hex(uint32_t v)
{
    static const char digits[] = "0123456789abcdef";
    mps2_puts("0x");
    for (int i = 28; i >= 0; i -= 4)
        mps2_putc(digits[(v >> i) & 0xFu]);
}

void mps2_put_u32(uint32_t v)
{
    char buf[11];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    while (n)
        mps2_putc(buf[--n]);
}
