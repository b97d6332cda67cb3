/* SPDX-License-Identifier: Apache-2.0 */
/* lwIP's platform glue for the examples (lwIP src/include/lwip/arch.h lists
 * what a port may define). CubeMX generates its own arch/cc.h; keep yours,
 * lwIP only needs LWIP_RAND() for TCP sequence numbers, ports and DHCP. */
#ifndef EXAMPLE_ARCH_CC_H
#define EXAMPLE_ARCH_CC_H

#include <stdint.h>

uint32_t board_rand(void);
void board_assert(const char *file, int line) __attribute__((noreturn));

#define LWIP_RAND() board_rand()
#define LWIP_PLATFORM_DIAG(x) do { (void)0; } while (0)
#define LWIP_PLATFORM_ASSERT(x) board_assert(__FILE_NAME__, __LINE__)

#endif
