/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: lwIP 2.1.3 options of the STM32 firmwares that carry
 * the update agent (the demo application and the rescue firmware of the four
 * boards). Defaults and meanings: lwIP src/include/lwip/opt.h. An application
 * of your own keeps its lwipopts.h and needs only what docs/integration.md
 * lists. The same option set as port/qemu/lwip/lwipopts.h (the QEMU firmwares), sized
 * for the STM32 Ethernet driver and the 64 KiB rescue region of the F2/F4. */
#ifndef OB_STM32_LWIPOPTS_H
#define OB_STM32_LWIPOPTS_H

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
#define LWIP_AUTOIP 0
#define IP_REASSEMBLY 0
#define IP_FRAG 0

/* DHCP, with the static fallback address chosen at build time
 * (port/stm32/stm32_net.h). The ARP probe of an offered address (RFC 2131
 * 4.4.1 says SHOULD) is kept on real networks: a duplicate address there is
 * a real risk, and it costs one second once. */
#define LWIP_DHCP 1
#define DHCP_DOES_ARP_CHECK 1
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0

/* Memory. The agent holds at most one update connection plus one being
 * turned away. The receive window (4 segments) is half of the driver's
 * 8-descriptor RX ring (port/stm32/eth_mac.h), so a window's worth of
 * segments that arrives while the CPU stalls on a flash erase waits in the
 * ring, not dropped. PBUF_POOL_SIZE holds a window queued by the agent plus
 * a ring's worth being moved into lwIP. */
#define MEM_ALIGNMENT 4
#define MEM_SIZE (8 * 1024)
#define MEMP_NUM_PBUF 8
#define MEMP_NUM_UDP_PCB 2
#define MEMP_NUM_TCP_PCB 4 /* the agent's 3 connections (ob_agent.c NCONN) and a newcomer */
#define MEMP_NUM_TCP_PCB_LISTEN 1
#define MEMP_NUM_TCP_SEG 16
#define MEMP_NUM_SYS_TIMEOUT 8
#define MEMP_NUM_ARP_QUEUE 4
#define ARP_TABLE_SIZE 4
#define PBUF_POOL_SIZE 12
#define PBUF_POOL_BUFSIZE 1536
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)
#define TCP_SND_BUF (2 * TCP_MSS)
#define TCP_SND_QUEUELEN 8
#define LWIP_TCP_KEEPALIVE 0
#define TCP_LISTEN_BACKLOG 0

/* The driver uses normal descriptors without checksum offload
 * (docs/ETHERNET.md): lwIP computes and checks every checksum. */
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
