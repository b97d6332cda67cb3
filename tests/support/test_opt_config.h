/* SPDX-License-Identifier: Apache-2.0 */
/* The user options header of tests/core/test_opt.c (OB_CONFIG_FILE). Every
 * options header includes it before its defaults; it has no include guard
 * so that it can note each inclusion: an options header's guard is defined
 * and one of its options that this file leaves alone is not yet. */
#if defined(OB_OPT_H) && !defined(OB_INFLATE_DIST_BITS)
#define TEST_OPT_SEEN_CORE 1
#endif
#if defined(OB_AGENT_OPT_H) && !defined(OB_AGENT_RESCUE_RETURN_MS)
#define TEST_OPT_SEEN_AGENT 1
#endif
#if defined(OB_FW_OPT_H) && !defined(DEMO_TRIAL_MS)
#define TEST_OPT_SEEN_FW 1
#endif
#if defined(STM32_OPT_H) && !defined(ETH_TX_DESC_COUNT)
#define TEST_OPT_SEEN_STM32 1
#endif
#if defined(MPS2_OPT_H) && !defined(MPS2_NET_STATIC_GW)
#define TEST_OPT_SEEN_MPS2 1
#endif

/* One option of each layer set to something other than its default (the
 * firmware layer's one option, DEMO_TRIAL_MS, stays unset: it is how the
 * check above sees that ob_fw_opt.h read this file). */
#ifndef OB_LINE_MAX
#define OB_LINE_MAX 48
#endif
#ifndef OB_AGENT_PORT
#define OB_AGENT_PORT 4242
#endif
#ifndef ETH_RX_DESC_COUNT
#define ETH_RX_DESC_COUNT 3u
#endif
#ifndef MPS2_NET_DHCP
#define MPS2_NET_DHCP 0
#endif
