/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the compile-time options, each with its default.
 * Set one with -DNAME=value or in the header named by OB_CONFIG_FILE
 * (core/ob_opt.h says how); docs/PORTING.md "Compile-time options". */
#ifndef STM32_OPT_H
#define STM32_OPT_H

#ifdef OB_CONFIG_FILE
#include OB_CONFIG_FILE
#endif

/* Ethernet DMA rings (eth_mac.h, docs/ETHERNET.md): each descriptor owns one
 * 1536-byte buffer and 32 bytes of descriptor. More RX descriptors absorb
 * longer bursts between two polls of the main loop; more TX descriptors let
 * more frames wait for the wire. */
#ifndef ETH_RX_DESC_COUNT
#define ETH_RX_DESC_COUNT 8u
#endif
#ifndef ETH_TX_DESC_COUNT
#define ETH_TX_DESC_COUNT 4u
#endif
#if ETH_RX_DESC_COUNT < 1 || ETH_TX_DESC_COUNT < 1
#error "ETH_RX_DESC_COUNT and ETH_TX_DESC_COUNT must be at least 1 (port/stm32/stm32_opt.h)"
#endif

/* The linker section of the DMA rings and buffers. ".bss.eth_dma" is
 * zero-filled by the start-up code with the rest of .bss; a firmware that
 * maps an MPU non-cacheable region names its own and passes NULL cache ops. */
#ifndef ETH_DMA_SECTION
#define ETH_DMA_SECTION ".bss.eth_dma"
#endif

/* The network of the demo and rescue firmware (stm32_net.h): DHCP, and the
 * static address it falls back to when no lease comes within the wait
 * after link up. port/stm32/port.mk sets them from make's NET_DHCP, NET_STATIC_IP,
 * NET_STATIC_MASK and NET_STATIC_GW. */
#ifndef STM32_NET_DHCP
#define STM32_NET_DHCP 1 /* 0: the static address only */
#endif
#ifndef STM32_NET_DHCP_WAIT_MS
#define STM32_NET_DHCP_WAIT_MS 10000
#endif
#ifndef STM32_NET_STATIC_IP
#define STM32_NET_STATIC_IP "192.168.1.50"
#endif
#ifndef STM32_NET_STATIC_MASK
#define STM32_NET_STATIC_MASK "255.255.255.0"
#endif
#ifndef STM32_NET_STATIC_GW
#define STM32_NET_STATIC_GW "192.168.1.1"
#endif

#endif
