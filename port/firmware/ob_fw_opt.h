/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot firmware programs (bl1, rescue, the demo) and their crypto: the
 * compile-time options, each with its default. Set one with -DNAME=value or
 * in the header named by OB_CONFIG_FILE (core/ob_opt.h says how);
 * docs/PORTING.md "Compile-time options". */
#ifndef OB_FW_OPT_H
#define OB_FW_OPT_H

#ifdef OB_CONFIG_FILE
#include OB_CONFIG_FILE
#endif

/* The static arena mbedTLS's bignums come from (ob_mbedtls_config.h,
 * port/mbedtls/ecdsa_mbedtls.c), in the RAM of every signed firmware. One
 * P-256 verification completes in 3072 bytes on Cortex-M and fails (as a
 * bad signature, never as a pass) in 2560 (tests/qemu/net/signed_time.c);
 * the default keeps 512 bytes of margin. A larger comb window
 * (MBEDTLS_ECP_WINDOW_SIZE) needs a larger arena: 8 KiB for 4. */
#ifndef OB_MBEDTLS_ARENA_BYTES
#define OB_MBEDTLS_ARENA_BYTES 3584
#endif
#if OB_MBEDTLS_ARENA_BYTES < 3072
#error "OB_MBEDTLS_ARENA_BYTES below 3072: a P-256 verification does not fit (port/firmware/ob_fw_opt.h)"
#endif

/* How long the STM32 demo, started by bl1 as a trial, has to become healthy
 * (network up) and confirm itself before it restarts and bl1 counts a failed
 * trial. Link negotiation (~3 s), DHCP (a few s) and the static fallback
 * (10 s) fit well inside; a missing cable does not. Shorter: a broken image
 * is rolled back sooner, and a slow network can fail a good one. */
#ifndef DEMO_TRIAL_MS
#define DEMO_TRIAL_MS 120000u
#endif

#endif
