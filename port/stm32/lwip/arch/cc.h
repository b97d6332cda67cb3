/* otaboot STM32 port: lwIP compiler/platform glue (lwIP src/include/lwip/arch.h
 * lists what a port may define). Little-endian Cortex-M, newlib's headers. */
#ifndef OB_STM32_LWIP_ARCH_CC_H
#define OB_STM32_LWIP_ARCH_CC_H

#include <stdint.h>

/* Only used for TCP initial sequence numbers, local ports and DHCP
 * transaction ids (port/stm32/stm32_net.c: xorshift seeded from the chip's
 * unique ID and the time). */
uint32_t stm32_net_rand(void);
#define LWIP_RAND() stm32_net_rand()

/* Diagnostics are off; an assertion is a bug: it is printed and the board
 * restarts (bl1 counts the boot). */
void stm32_net_assert(const char *msg, const char *file, int line) __attribute__((noreturn));
#define LWIP_PLATFORM_DIAG(x) do { (void)0; } while (0)
#define LWIP_PLATFORM_ASSERT(x) stm32_net_assert((x), __FILE__, __LINE__)

#endif
