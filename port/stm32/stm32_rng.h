/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the true random number generator (RNG peripheral of
 * the F2, F4 and F7), the seed of the nonces of authorized installs
 * (core/auth.h). It runs on the 48 MHz PLL output: on the HSI fallback (or
 * under QEMU, which does not model it) it gives nothing, every wait bounded. */
#ifndef STM32_RNG_H
#define STM32_RNG_H

#include <stddef.h>
#include <stdint.h>

#define STM32_RNG_POLLS 20000u /* per word; one takes 40 RNG clock periods (about 1 us) */

/* Fills buf[0, n) with random bytes. Returns n, or 0 when the RNG gave
 * nothing (no clock, or a seed error that does not clear). */
size_t stm32_rng_fill(uint8_t *buf, size_t n);

#endif
