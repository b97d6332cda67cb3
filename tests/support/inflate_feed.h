/* SPDX-License-Identifier: Apache-2.0 */
/* Feeding a stream to ob_inflate in chunks, as the receiver does. Helpers
 * fail the running cmocka test on misuse. */
#ifndef OB_INFLATE_FEED_H
#define OB_INFLATE_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "inflate.h"

typedef struct {
    const uint8_t *p;
    size_t n, pos;
    size_t chunk;      /* 0: random sizes */
    uint32_t rng;
    int starve;        /* return 0 after each chunk (forces NEED_INPUT and resume) */
    int starved;
} feeder;

/* ob_inflate's input callback over a feeder. */
size_t pull(void *ctx, const uint8_t **chunk);
/* Runs to completion, calling again after NEED_INPUT while input remains. */
int run_all(ob_inflate *s, feeder *f, ob_sink *o);
/* Inflates src into out (cap bytes, flat sink), whole input at once. */
int inflate_flat(const uint8_t *src, size_t n, uint8_t *out, uint32_t cap, uint32_t *outlen);

#endif
