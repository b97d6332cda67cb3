/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the gzip header and metadata parser (core/image.c).
 *
 * Input: the header bytes. The same input is parsed whole, one byte at a
 * time, and in chunks whose sizes come from a PRNG seeded by the input, and
 * every way must give the same verdict, the same header length and, when
 * accepted, the same metadata. Properties checked besides "no crash":
 *  - ob_gzhdr_feed never reports more bytes used than it was given, and after
 *    a verdict it consumes nothing more and repeats the verdict (sticky);
 *  - an accepted record decodes, re-encodes to the same bytes, and checking it
 *    against every board layout gives one of the documented errors or OK. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static int known_check_error(int rc)
{
    switch (rc) {
    case OB_OK: case OB_ERR_WRONG_BOARD: case OB_ERR_WRONG_PROFILE: case OB_ERR_LOAD_ADDR:
    case OB_ERR_EMPTY: case OB_ERR_TOO_LARGE: case OB_ERR_SLOT_FULL:
        return 1;
    default:
        return 0;
    }
}

static int same_meta(const ob_meta *a, const ob_meta *b)
{
    uint8_t ra[OB_META_LEN], rb[OB_META_LEN];
    ob_meta_encode(a, ra);
    ob_meta_encode(b, rb);
    return a->version == b->version && memcmp(ra, rb, sizeof ra) == 0;
}

/* Feeds data in chunks chosen by seed (0: one byte at a time). */
static int feed_split(ob_gzhdr *h, const uint8_t *p, size_t n, uint32_t seed, size_t *total_used)
{
    int rc = OB_GZHDR_MORE;
    size_t off = 0;
    *total_used = 0;
    ob_gzhdr_init(h);
    while (off < n) {
        size_t k = 1;
        if (seed) {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            k = 1 + seed % 64;
        }
        if (k > n - off)
            k = n - off;
        size_t used = 0;
        rc = ob_gzhdr_feed(h, p + off, k, &used);
        if (used > k)
            abort();
        *total_used += used;
        if (rc != OB_GZHDR_MORE) {
            /* a verdict is final: nothing more is consumed, the verdict repeats */
            size_t again = 99;
            if (ob_gzhdr_feed(h, p + off, k, &again) != rc || again != 0)
                abort();
            return rc;
        }
        if (used != k)
            abort(); /* MORE means everything given was taken */
        off += k;
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ob_gzhdr whole, bytes, chunks;
    size_t used_bytes, used_chunks;
    uint32_t seed = 0x12345u;
    for (size_t i = 0; i < size && i < 16; i++)
        seed = seed * 31u + data[i];
    seed |= 1u;

    int rc_whole = ob_gzhdr_parse(&whole, data, size);
    int rc_bytes = feed_split(&bytes, data, size, 0, &used_bytes);
    int rc_chunks = feed_split(&chunks, data, size, seed, &used_chunks);
    if (rc_bytes == OB_GZHDR_MORE)
        rc_bytes = OB_ERR_GZ_TRUNCATED;
    if (rc_chunks == OB_GZHDR_MORE)
        rc_chunks = OB_ERR_GZ_TRUNCATED;
    if (rc_whole != rc_bytes || rc_whole != rc_chunks || used_bytes != used_chunks)
        abort();
    if (rc_whole > 0)
        abort(); /* parse never returns MORE */
    if (rc_whole == OB_OK) {
        if (whole.header_len != bytes.header_len || whole.header_len != chunks.header_len ||
            whole.header_len != used_bytes || whole.header_len > size)
            abort();
        if (whole.has_meta != bytes.has_meta || whole.has_meta != chunks.has_meta)
            abort();
        if (whole.has_meta) {
            uint8_t rec[OB_META_LEN];
            ob_meta again;
            /* (ob_meta has padding: compare what the fields encode to) */
            if (!same_meta(&whole.meta, &bytes.meta) || !same_meta(&whole.meta, &chunks.meta))
                abort();
            ob_meta_encode(&whole.meta, rec);
            if (memcmp(rec, whole.rec, OB_META_LEN) != 0)
                abort();
            if (ob_meta_decode(rec, sizeof rec, &again) != OB_OK || !same_meta(&again, &whole.meta))
                abort();
            for (const ob_layout *const *l = ob_all_layouts; *l; l++)
                if (!known_check_error(ob_meta_check_layout(&whole.meta, *l, whole.header_len)))
                    abort();
        }
    } else if (rc_whole != OB_ERR_GZ_TRUNCATED && used_bytes > size) {
        abort();
    }
    /* the record decoder on its own, on the raw input */
    ob_meta m;
    (void)ob_meta_decode(data, size, &m);
    return 0;
}
