/* SPDX-License-Identifier: Apache-2.0 */
/* The Ethernet driver on the model, as the Ethernet tests run it (see
 * eth_bench.h). */
#include "eth_bench.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "ob.h"
#include "stm32_eth_model.h"

eth_dma_mem mem __attribute__((aligned(32)));
uint8_t shadow[sizeof(eth_dma_mem)] __attribute__((aligned(32)));
eth_mac mac;
const uint8_t MAC_ADDR[6] = {0x02, 0x00, 0x5E, 0x10, 0x20, 0x30};

int cache_of(void **state)
{
    return *state != NULL;
}

/* Model reset, driver initialised (not started). */
void init_only(int cache, uint32_t rx_buf_size)
{
    em_attach(&mac, &mem, shadow, cache);
    mac.rx_buf_size = rx_buf_size;
    assert_int_equal(eth_mac_init(&mac, MAC_ADDR), OB_OK);
}

void up(int cache, uint32_t rx_buf_size)
{
    init_only(cache, rx_buf_size);
    assert_int_equal(eth_mac_start(&mac, 1, 1), OB_OK);
    NO_VIOLATION();
}
