/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot tests: P-256 keys and ECDSA signatures made with OpenSSL's
 * arithmetic from a deterministic seed, for tests/crypto/test_p256_diff.c:
 * valid signatures by the private key, for a public key alone (the digest
 * chosen) or for a chosen r and s (the key recovered). Every failure of
 * OpenSSL is a cmocka assertion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "p256_gen.h"
#include "xorshift.h"

p256_gen gen;

int gen_init(uint32_t seed)
{
    gen.rng = seed ? seed : 1;
    gen.grp = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    gen.bn = BN_CTX_new();
    gen.n = BN_new();
    gen.p = BN_new();
    gen.half = BN_new();
    gen.top = BN_new();
    return gen.grp && gen.bn && gen.n && gen.p && gen.half && gen.top &&
           BN_copy(gen.n, EC_GROUP_get0_order(gen.grp)) && EC_GROUP_get_curve(gen.grp, gen.p, NULL, NULL, gen.bn) &&
           BN_rshift1(gen.half, gen.n) && BN_set_word(gen.top, 1) && BN_lshift(gen.top, gen.top, 256) &&
           BN_sub_word(gen.top, 1);
}

void gen_free(void)
{
    BN_free(gen.top);
    BN_free(gen.half);
    BN_free(gen.p);
    BN_free(gen.n);
    BN_CTX_free(gen.bn);
    EC_GROUP_free(gen.grp);
}

void gen_bytes(uint8_t *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        b[i] = (uint8_t)(xorshift32(&gen.rng) >> 24);
}

/* k in [1, n - 1]. */
void gen_scalar(BIGNUM *k)
{
    uint8_t b[32];
    gen_bytes(b, sizeof b);
    assert_non_null(BN_bin2bn(b, sizeof b, k));
    BN_CTX_start(gen.bn);
    BIGNUM *n1 = BN_CTX_get(gen.bn);
    assert_true(BN_sub(n1, gen.n, BN_value_one()) && BN_nnmod(k, k, n1, gen.bn) && BN_add_word(k, 1));
    BN_CTX_end(gen.bn);
}

void bn_out(const BIGNUM *a, uint8_t out[32]) { assert_int_equal(BN_bn2binpad(a, out, 32), 32); }

void point_out(const EC_POINT *q, uint8_t pub[65])
{
    assert_int_equal(EC_POINT_point2oct(gen.grp, q, POINT_CONVERSION_UNCOMPRESSED, pub, 65, gen.bn), 65);
}

/* sig = r || s, s replaced by n - s when above (n - 1) / 2. */
void sig_out(const BIGNUM *r, BIGNUM *s, uint8_t sig[64])
{
    if (BN_cmp(s, gen.half) > 0)
        assert_true(BN_sub(s, gen.n, s));
    bn_out(r, sig);
    bn_out(s, sig + 32);
}

/* out = in + add, both 32 bytes big-endian (the sum must fit). */
void bytes_add(const uint8_t in[32], const BIGNUM *add, uint8_t out[32])
{
    BN_CTX_start(gen.bn);
    BIGNUM *a = BN_CTX_get(gen.bn);
    assert_non_null(BN_bin2bn(in, 32, a));
    assert_true(BN_add(a, a, add));
    bn_out(a, out);
    BN_CTX_end(gen.bn);
}

void gen_key(const BIGNUM *d, uint8_t pub[65])
{
    EC_POINT *q = EC_POINT_new(gen.grp);
    assert_true(q && EC_POINT_mul(gen.grp, q, d, NULL, NULL, gen.bn));
    point_out(q, pub);
    EC_POINT_free(q);
}

/* r = x(kG) mod n. */
void r_of(const BIGNUM *k, BIGNUM *r)
{
    EC_POINT *R = EC_POINT_new(gen.grp);
    assert_true(R && EC_POINT_mul(gen.grp, R, k, NULL, NULL, gen.bn) &&
                EC_POINT_get_affine_coordinates(gen.grp, R, r, NULL, gen.bn) && BN_nnmod(r, r, gen.n, gen.bn));
    EC_POINT_free(R);
}

/* The textbook signature (SEC 1 4.1.3): r = x(kG) mod n,
 * s = k^-1 (e + r d) mod n, low-S; k given, or from the seed if NULL. */
void gen_sign(const BIGNUM *d, const uint8_t dig[32], const BIGNUM *k_given, uint8_t sig[64])
{
    BN_CTX_start(gen.bn);
    BIGNUM *k = BN_CTX_get(gen.bn), *r = BN_CTX_get(gen.bn), *s = BN_CTX_get(gen.bn), *e = BN_CTX_get(gen.bn);
    assert_true(e && BN_bin2bn(dig, 32, e) && BN_nnmod(e, e, gen.n, gen.bn));
    do {
        if (k_given)
            assert_non_null(BN_copy(k, k_given));
        else
            gen_scalar(k);
        r_of(k, r);
        assert_true(BN_mod_mul(s, r, d, gen.n, gen.bn) && BN_mod_add(s, s, e, gen.n, gen.bn) &&
                    BN_mod_inverse(k, k, gen.n, gen.bn) && BN_mod_mul(s, s, k, gen.n, gen.bn));
    } while (!k_given && (BN_is_zero(r) || BN_is_zero(s)));
    sig_out(r, s, sig);
    BN_CTX_end(gen.bn);
}

/* A valid signature for a key without its private half: R = u1 G + u2 Q,
 * r = x(R) mod n, s = r / u2, digest e = u1 s (SEC 1 4.1.4 run backwards). */
void gen_forge(const uint8_t pub[65], uint8_t dig[32], uint8_t sig[64])
{
    BN_CTX_start(gen.bn);
    BIGNUM *u1 = BN_CTX_get(gen.bn), *u2 = BN_CTX_get(gen.bn), *x = BN_CTX_get(gen.bn), *r = BN_CTX_get(gen.bn),
           *s = BN_CTX_get(gen.bn);
    EC_POINT *q = EC_POINT_new(gen.grp), *R = EC_POINT_new(gen.grp);
    assert_true(s && q && R && EC_POINT_oct2point(gen.grp, q, pub, 65, gen.bn));
    gen_scalar(u1);
    gen_scalar(u2);
    assert_true(EC_POINT_mul(gen.grp, R, u1, q, u2, gen.bn) &&
                EC_POINT_get_affine_coordinates(gen.grp, R, x, NULL, gen.bn) && BN_nnmod(r, x, gen.n, gen.bn) &&
                BN_mod_inverse(u2, u2, gen.n, gen.bn) && BN_mod_mul(s, r, u2, gen.n, gen.bn) &&
                BN_mod_mul(u1, u1, s, gen.n, gen.bn));
    bn_out(u1, dig);
    sig_out(r, s, sig);
    EC_POINT_free(R);
    EC_POINT_free(q);
    BN_CTX_end(gen.bn);
}

/* The key for which (x mod n, s) signs dig, R being the point of abscissa x:
 * Q = r^-1 (s R - e G) (SEC 1 4.1.6). 0 when x is no abscissa of the curve. */
int gen_recover(const BIGNUM *x, const BIGNUM *s, const uint8_t dig[32], uint8_t pub[65], uint8_t sig[64])
{
    int ok;
    BN_CTX_start(gen.bn);
    BIGNUM *r = BN_CTX_get(gen.bn), *ri = BN_CTX_get(gen.bn), *a = BN_CTX_get(gen.bn), *b = BN_CTX_get(gen.bn);
    EC_POINT *R = EC_POINT_new(gen.grp), *q = EC_POINT_new(gen.grp);
    assert_true(b && R && q);
    ok = EC_POINT_set_compressed_coordinates(gen.grp, R, x, (int)(xorshift32(&gen.rng) & 1), gen.bn) == 1;
    ERR_clear_error();
    if (ok) {
        /* a = -e / r, b = s / r: Q = a G + b R. */
        assert_true(BN_nnmod(r, x, gen.n, gen.bn) && !BN_is_zero(r) && BN_mod_inverse(ri, r, gen.n, gen.bn) &&
                    BN_bin2bn(dig, 32, a) && BN_mod_mul(a, a, ri, gen.n, gen.bn) &&
                    BN_mod_sub(a, gen.n, a, gen.n, gen.bn) && BN_mod_mul(b, s, ri, gen.n, gen.bn) &&
                    EC_POINT_mul(gen.grp, q, a, R, b, gen.bn));
        point_out(q, pub);
        bn_out(r, sig);
        bn_out(s, sig + 32);
    }
    EC_POINT_free(q);
    EC_POINT_free(R);
    BN_CTX_end(gen.bn);
    return ok;
}

/* A signature by EVP_PKEY_sign (OpenSSL's random k), made low-S. */
void gen_evp_sign(const BIGNUM *d, const uint8_t pub[65], const uint8_t dig[32], uint8_t sig[64])
{
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params;
    EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL), *sc;
    EVP_PKEY *key = NULL;
    unsigned char der[80];
    const unsigned char *pd = der;
    size_t derlen = sizeof der;
    ECDSA_SIG *es;
    const BIGNUM *r, *s;
    BIGNUM *s2 = BN_new();
    assert_true(bld && kc && s2 && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
                OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
                OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, 65));
    params = OSSL_PARAM_BLD_to_param(bld);
    assert_true(params && EVP_PKEY_fromdata_init(kc) == 1 &&
                EVP_PKEY_fromdata(kc, &key, EVP_PKEY_KEYPAIR, params) == 1);
    sc = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    assert_true(sc && EVP_PKEY_sign_init(sc) == 1 && EVP_PKEY_sign(sc, der, &derlen, dig, 32) == 1);
    es = d2i_ECDSA_SIG(NULL, &pd, (long)derlen);
    assert_non_null(es);
    ECDSA_SIG_get0(es, &r, &s);
    assert_non_null(BN_copy(s2, s));
    sig_out(r, s2, sig);
    BN_free(s2);
    ECDSA_SIG_free(es);
    EVP_PKEY_CTX_free(sc);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(kc);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
}
