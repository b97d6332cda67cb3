/* SPDX-License-Identifier: Apache-2.0 */
/* lwIP platform glue for the eth_netif.c compile check only (see lwipopts.h
 * beside it; lwIP src/include/lwip/arch.h lists what a port may define). */
#ifndef ETH_CHECK_ARCH_CC_H
#define ETH_CHECK_ARCH_CC_H
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { } while (0)
#endif
