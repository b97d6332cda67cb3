/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot bench: peak heap of one ECDSA P-256 verification with the signed
 * bl1's mbedTLS configuration (port/firmware/ob_mbedtls_config.h, built on
 * the host with OB_MBEDTLS_HOST_MEASURE), so its static arena can
 * be sized. Runs port/mbedtls/ecdsa_mbedtls.c (the same glue bl1 links) on the
 * host against mbedTLS built from the Debian source package, with
 * MBEDTLS_MEMORY_DEBUG for the high-water mark.
 *
 * The key is the base point G; the signature is a fixed (r, s) in [1, n/2],
 * so every check passes and the full u1*G + u2*Q computation runs before the
 * final comparison fails: the memory use is that of a valid signature.
 * Prints sig.heap_peak (bytes asked for at the worst moment), heap_blocks,
 * and arena_min, the smallest arena the verification completes in (block
 * headers included: 64-bit here, so an upper bound for Cortex-M); exit 1
 * if the verification stopped early. */
#include <stdio.h>
#include <string.h>

#include "mbedtls/memory_buffer_alloc.h"
#include "sig.h"

static unsigned char arena[64 * 1024];

static const uint8_t g[OB_PUBKEY_LEN] = {
    0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
    0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
    0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5};

/* One verification in an arena of n bytes: its peak bytes and blocks. */
static int run(size_t n, size_t *peak, size_t *blocks, size_t *leak)
{
    uint8_t digest[OB_SHA256_LEN], sig[64];
    size_t cur_blocks;
    int rc;
    memset(digest, 0x5a, sizeof digest);
    memset(sig, 0x11, 32);      /* r well inside [1, n-1] */
    memset(sig + 32, 0x22, 32); /* s < n/2: the low-S check passes */
    mbedtls_memory_buffer_alloc_init(arena, n);
    rc = ob_ecdsa_p256_verify(g, digest, sig);
    mbedtls_memory_buffer_alloc_max_get(peak, blocks);
    mbedtls_memory_buffer_alloc_cur_get(leak, &cur_blocks);
    mbedtls_memory_buffer_alloc_free();
    return rc;
}

int main(void)
{
    size_t peak, blocks, leak, p, b, l, lo, hi;
    int rc = run(sizeof arena, &peak, &blocks, &leak);
    printf("sig.heap_peak=%zu\nsig.heap_blocks=%zu\nsig.heap_leak=%zu\n", peak, blocks, leak);
    /* OB_ERR_SIGNATURE is expected; what matters is that the point
     * arithmetic ran: many blocks, all freed. */
    if (rc != OB_ERR_SIGNATURE || blocks < 4 || leak != 0) {
        fprintf(stderr, "sig_heap: verification did not run as expected (rc %d, %zu blocks)\n", rc, blocks);
        return 1;
    }
    /* Smallest arena (headers and fragmentation included) in which the
     * same verification runs to the end: same peak, nothing refused. */
    lo = 64;
    hi = sizeof arena;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        run(mid, &p, &b, &l);
        if (p == peak && b == blocks)
            hi = mid;
        else
            lo = mid + 1;
    }
    printf("sig.arena_min=%zu\nsig.host_pointer_bytes=%zu\n", lo, sizeof(void *));
    return 0;
}
