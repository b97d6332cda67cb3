/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 (FIPS 180-4) for the fuzz targets: the port functions of
 * core/ob_port.h over OpenSSL's libcrypto, linked in place of
 * port/mbedtls/sha256_mbedtls.c (mk/robust.mk).
 *
 * Hashing was the largest single cost of the signed target (a fifth to a
 * quarter of its time: every accepted image is hashed some eight times, by
 * the harness, the receiver, bl1 and the final check). OpenSSL uses the
 * CPU's SHA extensions where it has them, some ten times mbedTLS's portable
 * code. The hash is a pure function: which implementation computes it does
 * not change what the targets test (the core's logic); both are held to the
 * FIPS 180-2 examples by tests/core/test_verify.c. */
#define OPENSSL_API_COMPAT 10101 /* SHA256_Init and friends, deprecated in 3.0 */
#include <openssl/sha.h>

#include "verify.h"

typedef char ob_sha256_ctx_fits_openssl[(sizeof(SHA256_CTX) <= sizeof(ob_sha256_ctx)) ? 1 : -1];

static SHA256_CTX *ctx_of(ob_sha256_ctx *c)
{
    return (SHA256_CTX *)(void *)c->bytes;
}

void ob_sha256_init(ob_sha256_ctx *c)
{
    SHA256_Init(ctx_of(c));
}

void ob_sha256_update(ob_sha256_ctx *c, const void *data, size_t len)
{
    if (len > 0)
        SHA256_Update(ctx_of(c), data, len);
}

void ob_sha256_final(ob_sha256_ctx *c, uint8_t out[OB_SHA256_LEN])
{
    SHA256_Final(out, ctx_of(c));
}

void ob_sha256(const void *data, size_t len, uint8_t out[OB_SHA256_LEN])
{
    SHA256(data, len, out);
}
