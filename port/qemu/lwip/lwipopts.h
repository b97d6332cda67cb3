/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: lwIP 2.1.3 options for the firmwares that carry the update agent
 * (the QEMU demo application and the rescue firmware; an application of your
 * own keeps its lwipopts.h and needs only what docs/integration.md lists).
 * Defaults and meanings: lwIP src/include/lwip/opt.h. */
#ifndef OB_LWIPOPTS_H
#define OB_LWIPOPTS_H

/* No operating system: one main loop polls the Ethernet driver, the lwIP
 * timers (sys_check_timeouts) and the agent. Raw API only. */
#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_NETIF_API 0

/* IPv4 with ARP, ICMP (the board answers ping), UDP (for DHCP), TCP. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_RAW 0
#define LWIP_IGMP 0
#define LWIP_DNS 0
#define IP_REASSEMBLY 0
#define IP_FRAG 0

/* DHCP, with the static fallback address chosen at build time (net.h). The
 * ARP probe of an offered address would only add seconds here. */
#define LWIP_DHCP 1
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 0

/* Memory. The agent holds at most one update connection plus one being
 * turned away. The receive window (4 segments) stays below what the
 * LAN9118's 10 KiB RX FIFO holds, so a window's worth of segments that
 * arrives while the flash is busy is queued, not dropped. */
#define MEM_ALIGNMENT 4
#define MEM_SIZE (12 * 1024)
#define MEMP_NUM_PBUF 8
#define MEMP_NUM_UDP_PCB 2
#define MEMP_NUM_TCP_PCB 4 /* the agent's 3 connections (ob_agent.c NCONN) and a newcomer */
#define MEMP_NUM_TCP_PCB_LISTEN 1
#define MEMP_NUM_TCP_SEG 16
#define MEMP_NUM_SYS_TIMEOUT 8
#define PBUF_POOL_SIZE 12
#define PBUF_POOL_BUFSIZE 1536
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)
#define TCP_SND_BUF (2 * TCP_MSS)
#define TCP_SND_QUEUELEN 8
#define LWIP_TCP_KEEPALIVE 0
#define TCP_LISTEN_BACKLOG 0

/* The LAN9118 computes no checksums (QEMU's model has no offload either). */
#define CHECKSUM_GEN_IP 1
#define CHECKSUM_GEN_TCP 1
#define CHECKSUM_GEN_UDP 1
#define CHECKSUM_GEN_ICMP 1
#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_TCP 1
#define CHECKSUM_CHECK_UDP 1

#define LWIP_STATS 0
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_SINGLE_NETIF 1

#endif
