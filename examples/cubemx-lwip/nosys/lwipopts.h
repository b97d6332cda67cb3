/* SPDX-License-Identifier: Apache-2.0 */
/* lwIP 2.1.x options of the NO_SYS example. Your CubeMX project keeps its
 * own lwipopts.h; what the update agent needs from it is marked "agent".
 * Defaults and meanings: lwIP src/include/lwip/opt.h. */
#ifndef EXAMPLE_LWIPOPTS_H
#define EXAMPLE_LWIPOPTS_H

#define NO_SYS 1                 /* one main loop, no RTOS */
#define SYS_LIGHTWEIGHT_PROT 0   /* nothing in an interrupt touches lwIP */
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0

#define LWIP_IPV4 1
#define LWIP_ETHERNET 1
#define LWIP_ARP 1
#define LWIP_ICMP 1
#define LWIP_UDP 1
#define LWIP_DHCP 1
#define LWIP_TCP 1               /* agent */
#define LWIP_CALLBACK_API 1      /* agent: the raw API's callbacks (the default) */
#define LWIP_SINGLE_NETIF 1

#define MEM_ALIGNMENT 4
#define MEM_SIZE (8 * 1024)
#define MEMP_NUM_TCP_PCB 3        /* agent: yours + the update connection + one turned away busy */
#define MEMP_NUM_TCP_PCB_LISTEN 1 /* agent: yours + 1 */
#define MEMP_NUM_TCP_SEG 16
#define MEMP_NUM_SYS_TIMEOUT 8
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)     /* agent: holds up to a window of pbufs until it is in flash */
#define PBUF_POOL_SIZE 12         /* agent: at least a window (TCP_WND / TCP_MSS) + your own */
#define PBUF_POOL_BUFSIZE 1536
#define TCP_SND_BUF (2 * TCP_MSS)
#define TCP_SND_QUEUELEN 8

#define LWIP_STATS 0

#endif
