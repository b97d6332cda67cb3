/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot firmware: ECDSA P-256 verification (FIPS 186-4, ECDSA with the
 * secp256r1 curve of SEC 2) by p256-m, from mbedTLS 3.6's 3rdparty/p256-m
 * (mk/sources.mk). No heap and no table: a verification runs in its own
 * stack frame. The same verdicts as the host's verifier (port/mbedtls/
 * ecdsa_mbedtls.c) and OpenSSL's, checked by tests/crypto/test_p256_diff.c. */
#include <string.h>

#include <p256-m.h>

#include "sig.h"

/* (n - 1) / 2, big-endian, for the order n of the P-256 base point (SEC 2
 * 2.4.2). For any valid (r, s), (r, n - s) is valid too; otaboot accepts
 * only the form with s <= (n - 1) / 2 (`otaboot sign` makes no other), so
 * a signature has one encoding. p256-m itself accepts both. */
static const uint8_t half_n[32] = {
    0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xde, 0x73, 0x7d, 0x56, 0xd3, 0x8b, 0xcf, 0x42, 0x79, 0xdc, 0xe5, 0x61, 0x7e, 0x31, 0x92, 0xa8,
};

int ob_ecdsa_p256_verify(const uint8_t pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                         const uint8_t sig[64])
{
    /* pub is an uncompressed point, 0x04 || X || Y (SEC 1 2.3.3); p256-m
     * takes X || Y and checks that the point is on the curve, and that r
     * and s are in [1, n - 1]. Big-endian arrays of equal length compare
     * as numbers under memcmp. */
    if (pub[0] != 0x04 || memcmp(sig + 32, half_n, sizeof half_n) > 0)
        return OB_ERR_SIGNATURE;
    return p256_ecdsa_verify(sig, pub + 1, digest, OB_SHA256_LEN) == P256_SUCCESS ? OB_OK : OB_ERR_SIGNATURE;
}
