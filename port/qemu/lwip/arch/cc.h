/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: lwIP compiler/platform glue (lwIP src/include/lwip/arch.h
 * lists what a port may define). Little-endian Cortex-M, newlib's headers. */
#ifndef OB_LWIP_ARCH_CC_H
#define OB_LWIP_ARCH_CC_H

#include <stdint.h>

/* Only used for TCP initial sequence numbers, ports and DHCP transaction ids
 * (agent/net_addr.c: xorshift seeded from the MAC address and the time). */
uint32_t net_rand(void);
#define LWIP_RAND() net_rand()

/* Diagnostics go to the console; an assertion stops the image (it is a bug). */
void mps2_lwip_assert(const char *msg, const char *file, int line) __attribute__((noreturn));
#define LWIP_PLATFORM_DIAG(x) do { (void)0; } while (0)
#define LWIP_PLATFORM_ASSERT(x) mps2_lwip_assert((x), __FILE__, __LINE__)

#endif
