/* SPDX-License-Identifier: Apache-2.0 */
/* lwIP 2.1.x options of the RTOS example (NO_SYS=0, lwIP's tcpip thread).
 * Your CubeMX project keeps its own lwipopts.h; what the update agent needs
 * from it is marked "agent". Defaults and meanings: lwIP
 * src/include/lwip/opt.h. */
#ifndef EXAMPLE_LWIPOPTS_H
#define EXAMPLE_LWIPOPTS_H

#define NO_SYS 0                    /* lwIP's tcpip thread runs the stack */
#define SYS_LIGHTWEIGHT_PROT 1      /* pbufs and pools are shared between threads */
#define LWIP_TCPIP_CORE_LOCKING 1   /* agent: other threads call it under LOCK_TCPIP_CORE() */
#define LWIP_SOCKET 0               /* the agent uses the raw API only; yours may need these */
#define LWIP_NETCONN 0
#define TCPIP_THREAD_NAME "tcpip"
#define TCPIP_THREAD_STACKSIZE 1024
#define TCPIP_THREAD_PRIO 3
#define TCPIP_MBOX_SIZE 16
#define DEFAULT_THREAD_STACKSIZE 512

#define LWIP_IPV4 1
#define LWIP_ETHERNET 1
#define LWIP_ARP 1
#define LWIP_ICMP 1
#define LWIP_UDP 1
#define LWIP_DHCP 1
#define LWIP_TCP 1                  /* agent */
#define LWIP_CALLBACK_API 1         /* agent */
#define LWIP_SINGLE_NETIF 1

#define MEM_ALIGNMENT 4
#define MEM_SIZE (8 * 1024)
#define MEMP_NUM_TCP_PCB 3          /* agent: yours + 2 */
#define MEMP_NUM_TCP_PCB_LISTEN 1   /* agent: yours + 1 */
#define MEMP_NUM_TCP_SEG 16
#define MEMP_NUM_SYS_TIMEOUT 10     /* agent: + 1 (its poll timer) */
#define MEMP_NUM_TCPIP_MSG_INPUT 12
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)       /* agent */
#define PBUF_POOL_SIZE 12           /* agent: at least a window + your own */
#define PBUF_POOL_BUFSIZE 1536
#define TCP_SND_BUF (2 * TCP_MSS)
#define TCP_SND_QUEUELEN 8

#define LWIP_STATS 0

#endif
