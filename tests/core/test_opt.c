/* SPDX-License-Identifier: Apache-2.0 */
/* The compile-time options headers (core/ob_opt.h and one per layer): each
 * includes the user header named by OB_CONFIG_FILE before its defaults, the
 * user's values reach the structures they size, and what the user header
 * leaves alone keeps the default docs/PORTING.md lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define OB_CONFIG_FILE "test_opt_config.h"
#include "../../agent/ob_agent_opt.h"
#include "../../port/firmware/ob_fw_opt.h"
#include "../../port/qemu/mps2_opt.h"
#include "../../port/stm32/stm32_opt.h"
#include "inflate.h"
#include "line.h"
#include "../../port/stm32/eth_mac.h"

/* Set to 1 by test_opt_config.h when the header included it in time. */
#ifndef TEST_OPT_SEEN_CORE
#define TEST_OPT_SEEN_CORE 0
#endif
#ifndef TEST_OPT_SEEN_AGENT
#define TEST_OPT_SEEN_AGENT 0
#endif
#ifndef TEST_OPT_SEEN_FW
#define TEST_OPT_SEEN_FW 0
#endif
#ifndef TEST_OPT_SEEN_STM32
#define TEST_OPT_SEEN_STM32 0
#endif
#ifndef TEST_OPT_SEEN_MPS2
#define TEST_OPT_SEEN_MPS2 0
#endif

static void test_every_options_header_reads_the_user_header(void **state)
{
    static const struct {
        const char *header;
        int seen;
    } reads[] = {
        {"core/ob_opt.h", TEST_OPT_SEEN_CORE},
        {"agent/ob_agent_opt.h", TEST_OPT_SEEN_AGENT},
        {"port/firmware/ob_fw_opt.h", TEST_OPT_SEEN_FW},
        {"port/stm32/stm32_opt.h", TEST_OPT_SEEN_STM32},
        {"port/qemu/mps2_opt.h", TEST_OPT_SEEN_MPS2},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof reads / sizeof reads[0]; i++)
        if (!reads[i].seen)
            fail_msg("%s does not include OB_CONFIG_FILE before its defaults", reads[i].header);
}

static void test_user_values_size_the_structures(void **state)
{
    ob_line l;
    (void)state;
    assert_int_equal(sizeof l.buf, 48);
    assert_int_equal(sizeof(eth_dma_mem), 3u * (sizeof(eth_desc) + ETH_BUF_SIZE) +
                                              ETH_TX_DESC_COUNT * (sizeof(eth_desc) + ETH_BUF_SIZE));
    assert_int_equal(OB_AGENT_PORT, 4242);
    assert_int_equal(MPS2_NET_DHCP, 0);
}

static void test_defaults(void **state)
{
    (void)state;
    assert_int_equal(OB_INFLATE_LIT_BITS, 9);
    assert_int_equal(OB_INFLATE_DIST_BITS, 7);
    assert_int_equal(sizeof(OB_INFLATE_BITBUF), sizeof(uint_fast32_t));
    assert_int_equal(OB_AGENT_RESCUE_RETURN_MS, 0);
    assert_int_equal(DEMO_TRIAL_MS, 120000);
    assert_int_equal(ETH_TX_DESC_COUNT, 4);
    assert_string_equal(ETH_DMA_SECTION, ".bss.eth_dma");
    assert_int_equal(STM32_NET_DHCP, 1);
    assert_int_equal(STM32_NET_DHCP_WAIT_MS, 10000);
    assert_string_equal(STM32_NET_STATIC_IP, "192.168.1.50");
    assert_string_equal(STM32_NET_STATIC_MASK, "255.255.255.0");
    assert_string_equal(STM32_NET_STATIC_GW, "192.168.1.1");
    assert_int_equal(MPS2_NET_DHCP_WAIT_MS, 4000);
    assert_string_equal(MPS2_NET_STATIC_IP, "10.0.2.15");
    assert_string_equal(MPS2_NET_STATIC_MASK, "255.255.255.0");
    assert_string_equal(MPS2_NET_STATIC_GW, "10.0.2.2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_options_header_reads_the_user_header),
        cmocka_unit_test(test_user_values_size_the_structures),
        cmocka_unit_test(test_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
