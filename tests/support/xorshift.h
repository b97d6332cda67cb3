/* SPDX-License-Identifier: Apache-2.0 */
/* xorshift32 (Marsaglia, "Xorshift RNGs", 2003: shifts 13, 17, 5): the tests'
 * pseudo-random numbers, deterministic so that a failure reproduces. */
#ifndef OB_XORSHIFT_H
#define OB_XORSHIFT_H

#include <stdint.h>

static inline uint32_t xorshift32(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

#endif
