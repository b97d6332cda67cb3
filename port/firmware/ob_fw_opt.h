/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot firmware programs (bl1, rescue, the demo): the compile-time
 * options, each with its default. Set one with -DNAME=value or in the
 * header named by OB_CONFIG_FILE (core/ob_opt.h says how);
 * docs/PORTING.md "Compile-time options". */
#ifndef OB_FW_OPT_H
#define OB_FW_OPT_H

#ifdef OB_CONFIG_FILE
#include OB_CONFIG_FILE
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
