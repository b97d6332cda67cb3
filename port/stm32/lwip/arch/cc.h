/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: lwIP compiler/platform glue (lwIP src/include/lwip/arch.h
 * lists what a port may define). Little-endian Cortex-M, newlib's headers. */
#ifndef OB_STM32_LWIP_ARCH_CC_H
#define OB_STM32_LWIP_ARCH_CC_H

#include <stdint.h>

/* Only used for TCP initial sequence numbers, local ports and DHCP
 * transaction ids (agent/net_addr.c: xorshift seeded from the chip's unique
 * ID and the time). */
uint32_t net_rand(void);
#define LWIP_RAND() net_rand()

/* Diagnostics are off. An assertion is a bug: its file and line are printed
 * and the board restarts (bl1 counts the boot). The message texts and full
 * paths are left out: with them lwIP's assertions take about 11 KiB, which
 * the 64 KiB rescue region of the F2/F4 does not have (GCC 12's
 * __FILE_NAME__ is the base name only). */
void stm32_net_assert(const char *file, int line) __attribute__((noreturn));
#define LWIP_PLATFORM_DIAG(x) do { (void)0; } while (0)
#define LWIP_PLATFORM_ASSERT(x) stm32_net_assert(__FILE_NAME__, __LINE__)

#endif
