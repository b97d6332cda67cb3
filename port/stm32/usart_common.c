/* otaboot STM32 port: IP-independent console helpers. */
#include <string.h>

#include "stm32_uart.h"

void stm32_uart_puts(const char *s)
{
    stm32_uart_write(s, strlen(s));
}
