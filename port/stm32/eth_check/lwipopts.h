/* SPDX-License-Identifier: Apache-2.0 */
/* lwIP options for compiling port/stm32/eth_netif.c alone (mk/eth.mk
 * eth-check) when no firmware's lwipopts.h is around: NO_SYS, raw API,
 * IPv4 over Ethernet. Not used by any firmware. */
#ifndef ETH_CHECK_LWIPOPTS_H
#define ETH_CHECK_LWIPOPTS_H
#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_IPV4 1
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define MEM_ALIGNMENT 4
#define ETH_PAD_SIZE 2 /* exercises the padding path of the glue */
#endif
