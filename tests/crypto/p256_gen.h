/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot tests: P-256 keys and ECDSA signatures made with OpenSSL's
 * arithmetic from a deterministic seed, for tests/crypto/test_p256_diff.c:
 * valid signatures by the private key, for a public key alone (the digest
 * chosen) or for a chosen r and s (the key recovered). Every failure of
 * OpenSSL is a cmocka assertion. */
#ifndef OB_P256_GEN_H
#define OB_P256_GEN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/bn.h>
#include <openssl/ec.h>

/* P-256's numbers (OpenSSL's) and the state of every random choice. */
typedef struct {
    EC_GROUP *grp;
    BN_CTX *bn;
    BIGNUM *n, *p, *half, *top; /* order, field prime, (n - 1) / 2, 2^256 - 1 */
    uint32_t rng;               /* xorshift32 */
} p256_gen;

extern p256_gen gen;

/* 1 when set up; gen_free releases it. */
int gen_init(uint32_t seed);
void gen_free(void);

void gen_bytes(uint8_t *b, size_t len);
/* k in [1, n - 1]. */
void gen_scalar(BIGNUM *k);

/* Big-endian encodings: a 32-byte number, an uncompressed point (04 || X
 * || Y), a signature r || s with s replaced by n - s when above (n - 1) / 2;
 * out = in + add over 32 bytes (the sum must fit). */
void bn_out(const BIGNUM *a, uint8_t out[32]);
void point_out(const EC_POINT *q, uint8_t pub[65]);
void sig_out(const BIGNUM *r, BIGNUM *s, uint8_t sig[64]);
void bytes_add(const uint8_t in[32], const BIGNUM *add, uint8_t out[32]);

/* pub = d G. */
void gen_key(const BIGNUM *d, uint8_t pub[65]);
/* r = x(kG) mod n. */
void r_of(const BIGNUM *k, BIGNUM *r);
/* Valid low-S signatures: by the private key d (nonce k, or from the seed
 * if NULL); by EVP_PKEY_sign (OpenSSL's own random nonce); for the public
 * key alone, over a digest it chooses; for a chosen s and r = x mod n, with
 * the key it recovers (0 when x is no abscissa of the curve; s is kept as
 * given, even high). */
void gen_sign(const BIGNUM *d, const uint8_t dig[32], const BIGNUM *k, uint8_t sig[64]);
void gen_evp_sign(const BIGNUM *d, const uint8_t pub[65], const uint8_t dig[32], uint8_t sig[64]);
void gen_forge(const uint8_t pub[65], uint8_t dig[32], uint8_t sig[64]);
int gen_recover(const BIGNUM *x, const BIGNUM *s, const uint8_t dig[32], uint8_t pub[65], uint8_t sig[64]);

#endif
