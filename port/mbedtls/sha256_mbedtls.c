/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot mbedTLS glue, shared by the host (Debian 12's libmbedcrypto,
 * mbedTLS 2.28) and the firmware (mbedTLS 3.6 from Debian 13's source
 * package, mk/sources.mk): SHA-256 (FIPS 180-4). */
#include "verify.h"

#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

/* 2.28 names the functions that return an error code *_ret (its plain names
 * are deprecated); 3.x keeps only the plain names, with that code. */
#if MBEDTLS_VERSION_MAJOR < 3
#define mbedtls_sha256_starts mbedtls_sha256_starts_ret
#define mbedtls_sha256_update mbedtls_sha256_update_ret
#define mbedtls_sha256_finish mbedtls_sha256_finish_ret
#endif

/* The opaque core context must hold mbedTLS's. C99 has no static_assert: an
 * array of negative size stops the build if it does not fit. The union's
 * uint64_t member gives it at least the alignment of mbedTLS's uint32_t and
 * unsigned char members. */
typedef char ob_sha256_ctx_fits_mbedtls[(sizeof(mbedtls_sha256_context) <= sizeof(ob_sha256_ctx)) ? 1 : -1];

static mbedtls_sha256_context *ctx_of(ob_sha256_ctx *c)
{
    return (mbedtls_sha256_context *)(void *)c->bytes;
}

/* mbedTLS's software SHA-256 cannot fail in these calls (the return codes
 * exist for hardware accelerators), so they are not propagated. */
void ob_sha256_init(ob_sha256_ctx *c)
{
    mbedtls_sha256_init(ctx_of(c));
    (void)mbedtls_sha256_starts(ctx_of(c), 0 /* SHA-256, not SHA-224 */);
}

void ob_sha256_update(ob_sha256_ctx *c, const void *data, size_t len)
{
    if (len > 0)
        (void)mbedtls_sha256_update(ctx_of(c), data, len);
}

void ob_sha256_final(ob_sha256_ctx *c, uint8_t out[OB_SHA256_LEN])
{
    (void)mbedtls_sha256_finish(ctx_of(c), out);
    mbedtls_sha256_free(ctx_of(c));
}

void ob_sha256(const void *data, size_t len, uint8_t out[OB_SHA256_LEN])
{
    ob_sha256_ctx c;

    ob_sha256_init(&c);
    ob_sha256_update(&c, data, len);
    ob_sha256_final(&c, out);
}
