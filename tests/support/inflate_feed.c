/* SPDX-License-Identifier: Apache-2.0 */
/* Feeding a stream to ob_inflate in chunks (see inflate_feed.h). */
#include "inflate_feed.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "deflate_gen.h"

size_t pull(void *ctx, const uint8_t **chunk)
{
    feeder *f = (feeder *)ctx;
    size_t k;
    if (f->pos >= f->n)
        return 0;
    if (f->starve && !f->starved) {
        f->starved = 1;
        return 0;
    }
    f->starved = 0;
    k = f->chunk ? f->chunk : 1 + rnd(&f->rng) % 300;
    if (k > f->n - f->pos)
        k = f->n - f->pos;
    *chunk = f->p + f->pos;
    f->pos += k;
    return k;
}

/* Runs to completion, calling again after NEED_INPUT while input remains. */
int run_all(ob_inflate *s, feeder *f, ob_sink *o)
{
    int rc, rounds = 0;
    for (;;) {
        rc = ob_inflate_run(s, pull, f, o);
        if (rc != OB_INFLATE_NEED_INPUT || f->pos >= f->n)
            return rc;
        assert_true(++rounds < 10000000);
    }
}

/* Inflates src into out (cap bytes, flat sink), whole input at once. */
int inflate_flat(const uint8_t *src, size_t n, uint8_t *out, uint32_t cap, uint32_t *outlen)
{
    ob_inflate s;
    ob_sink o;
    feeder f = {src, n, 0, n ? n : 1, 1, 0, 0};
    int rc;
    ob_sink_mem_init(&o, out, cap);
    ob_inflate_init(&s);
    rc = run_all(&s, &f, &o);
    *outlen = ob_sink_total(&o);
    return rc;
}
