/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host: ECDSA P-256 verification (FIPS 186-4 ECDSA with the
 * secp256r1 curve of SEC 2) over Debian 12's libmbedcrypto, for the host
 * tool, the virtual board and the tests. The firmware verifies with p256-m
 * (port/firmware/ecdsa_p256m.c); tests/crypto/test_p256_diff.c holds both
 * to OpenSSL's verdicts. */

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>

#include "sig.h"

int ob_ecdsa_p256_verify(const uint8_t pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                         const uint8_t sig[64])
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi r, s, half;
    int ok = 0;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    mbedtls_mpi_init(&half);
    if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1) == 0 &&
        mbedtls_ecp_point_read_binary(&grp, &q, pub, OB_PUBKEY_LEN) == 0 &&
        mbedtls_ecp_check_pubkey(&grp, &q) == 0 && mbedtls_mpi_read_binary(&r, sig, 32) == 0 &&
        mbedtls_mpi_read_binary(&s, sig + 32, 32) == 0 && mbedtls_mpi_copy(&half, &grp.N) == 0 &&
        mbedtls_mpi_shift_r(&half, 1) == 0 && mbedtls_mpi_cmp_mpi(&s, &half) <= 0 &&
        mbedtls_ecdsa_verify(&grp, digest, OB_SHA256_LEN, &q, &r, &s) == 0)
        ok = 1;
    mbedtls_mpi_free(&half);
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&r);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return ok ? OB_OK : OB_ERR_SIGNATURE;
}
