/* SPDX-License-Identifier: Apache-2.0 */
/* The Ethernet driver on the model (stm32_eth_model.h) as the Ethernet tests
 * run it: one driver instance, its DMA memory and the DMA's view of it. */
#ifndef ETH_BENCH_H
#define ETH_BENCH_H

#include <stdint.h>

#include "eth_mac.h"

extern eth_dma_mem mem;
extern uint8_t shadow[sizeof(eth_dma_mem)];
extern eth_mac mac;
extern const uint8_t MAC_ADDR[6];

/* A test's state is non-NULL when it runs with the F7's data cache. */
int cache_of(void **state);
/* Model reset, driver initialised (not started). */
void init_only(int cache, uint32_t rx_buf_size);
/* Model reset, driver initialised and started (100 Mbit/s, full duplex). */
void up(int cache, uint32_t rx_buf_size);

#endif
