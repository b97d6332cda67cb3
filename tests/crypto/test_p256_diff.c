/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the firmware's ECDSA P-256 verifier against OpenSSL's libcrypto.
 * Three verifiers see every case: the firmware's (port/firmware/
 * ecdsa_p256m.c over p256-m, compiled for the host as fw_ecdsa_p256_verify:
 * tests/tests.mk), the host's (port/mbedtls/ecdsa_mbedtls.c over
 * libmbedcrypto) and OpenSSL's EVP_PKEY_verify over the raw digest, with the
 * key imported from the 65-byte point. Both of otaboot's must give
 *   OpenSSL accepts AND the key is 0x04 || X || Y AND s <= (n - 1) / 2,
 * otaboot's policy (docs/SIGNING.md): one encoding per key and signature.
 *
 * The cases come from a fixed seed (P256_DIFF_SEED= changes it,
 * P256_DIFF_ROUNDS= the number of random rounds): valid signatures and
 * mutations of them, values at the edges of the ranges of r, s, the digest
 * and the key's coordinates, wrong point encodings, and signatures that take
 * the rare paths of a verifier (x(R) >= n, R at infinity, u1 G = u2 Q).
 * Valid signatures are computed here with OpenSSL's arithmetic (k from the
 * seed), some by EVP_PKEY_sign itself (its own random k). Every case also
 * says what OpenSSL should answer, so a generator that does not make what
 * it claims fails too. A mismatch prints the case in hex. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "ob_port.h"
#include "xorshift.h"

int fw_ecdsa_p256_verify(const uint8_t pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                         const uint8_t sig[64]);

#define DEFAULT_SEED 0x256d1ffu
#define DEFAULT_ROUNDS 1000u /* 8 cases each (and EVP_PKEY_sign every 10th): 8,100 */
#define MIN_CASES 10000u
#define MAX_SHOWN 20u /* mismatches printed in full */

enum {
    C_VALID, C_FLIP_R, C_FLIP_S, C_FLIP_DIGEST, C_FLIP_X, C_FLIP_Y, C_HIGH_S, C_OTHER_KEY, C_EVP_SIGNED,
    C_RS_OUT, C_RS_EDGE_VALID, C_R_WRAP, C_R_UNREDUCED, C_DOUBLING, C_R_INFINITY, C_DIGEST_EDGE,
    C_DIGEST_PLUS_N, C_EDGE_KEY, C_SMALL_X, C_X_PLUS_P, C_COORD_BIG, C_PREFIX, C_INFINITY, C_COUNT
};

static const char *const class_name[C_COUNT] = {
    [C_VALID] = "valid (random key, random digest)",
    [C_FLIP_R] = "one bit of r flipped",
    [C_FLIP_S] = "one bit of s flipped",
    [C_FLIP_DIGEST] = "one bit of the digest flipped",
    [C_FLIP_X] = "one bit of the key's X flipped",
    [C_FLIP_Y] = "one bit of the key's Y flipped",
    [C_HIGH_S] = "high-S twin (r, n - s) of a valid one",
    [C_OTHER_KEY] = "valid, checked against another key",
    [C_EVP_SIGNED] = "valid, made by EVP_PKEY_sign",
    [C_RS_OUT] = "r or s in {0, 1, n-1, n, n+1, 2^256-1}",
    [C_RS_EDGE_VALID] = "s 1, (n-1)/2, (n+1)/2, n-1; r near 0, n-1",
    [C_R_WRAP] = "valid, r = x(R) - n (x(R) >= n)",
    [C_R_UNREDUCED] = "the same with r = x(R) (>= n)",
    [C_DOUBLING] = "valid, u1 G = u2 Q (doubling)",
    [C_R_INFINITY] = "u1 G + u2 Q at infinity",
    [C_DIGEST_EDGE] = "digest 0, 2^256-1, n, n+1, 2^255 (cross)",
    [C_DIGEST_PLUS_N] = "valid over e, checked over e + n",
    [C_EDGE_KEY] = "valid, private key 1, 2, n-2 or n-1",
    [C_SMALL_X] = "valid, key with X < 2^256 - p",
    [C_X_PLUS_P] = "the same key with X + p in place of X",
    [C_COORD_BIG] = "X or Y in {p, p+1, 2^256-1}",
    [C_PREFIX] = "prefix 00, 02, 03, 05, 06, 07 or ff",
    [C_INFINITY] = "point at infinity (00 or 04, all zeros)",
};

static struct {
    unsigned cases, accepted;
} tally[C_COUNT];
static unsigned mismatches;

static struct {
    EC_GROUP *grp;
    BN_CTX *bn;
    BIGNUM *n, *p, *half, *top; /* order, field prime, (n - 1) / 2, 2^256 - 1 */
    uint32_t seed, rng, rounds;
} S;

/* ---- numbers */

static void rand_bytes(uint8_t *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        b[i] = (uint8_t)(xorshift32(&S.rng) >> 24);
}

/* k in [1, n - 1]. */
static void rand_scalar(BIGNUM *k)
{
    uint8_t b[32];
    rand_bytes(b, sizeof b);
    assert_non_null(BN_bin2bn(b, sizeof b, k));
    BN_CTX_start(S.bn);
    BIGNUM *n1 = BN_CTX_get(S.bn);
    assert_true(BN_sub(n1, S.n, BN_value_one()) && BN_nnmod(k, k, n1, S.bn) && BN_add_word(k, 1));
    BN_CTX_end(S.bn);
}

static void bn_out(const BIGNUM *a, uint8_t out[32]) { assert_int_equal(BN_bn2binpad(a, out, 32), 32); }

static void point_out(const EC_POINT *q, uint8_t pub[65])
{
    assert_int_equal(EC_POINT_point2oct(S.grp, q, POINT_CONVERSION_UNCOMPRESSED, pub, 65, S.bn), 65);
}

/* sig = r || s, s replaced by n - s when above (n - 1) / 2. */
static void sig_out(const BIGNUM *r, BIGNUM *s, uint8_t sig[64])
{
    if (BN_cmp(s, S.half) > 0)
        assert_true(BN_sub(s, S.n, s));
    bn_out(r, sig);
    bn_out(s, sig + 32);
}

/* out = big-endian bytes of in (any size) plus or minus add. */
static void bytes_add(const uint8_t *in, const BIGNUM *add, int sign, uint8_t out[32])
{
    BN_CTX_start(S.bn);
    BIGNUM *a = BN_CTX_get(S.bn);
    assert_non_null(BN_bin2bn(in, 32, a));
    assert_true(sign > 0 ? BN_add(a, a, add) : BN_sub(a, a, add));
    bn_out(a, out);
    BN_CTX_end(S.bn);
}

static void key_of(const BIGNUM *d, uint8_t pub[65])
{
    EC_POINT *q = EC_POINT_new(S.grp);
    assert_true(q && EC_POINT_mul(S.grp, q, d, NULL, NULL, S.bn));
    point_out(q, pub);
    EC_POINT_free(q);
}

/* The textbook signature (SEC 1 4.1.3): r = x(kG) mod n,
 * s = k^-1 (e + r d) mod n, with k from the seed; low-S. */
static void sign(const BIGNUM *d, const uint8_t dig[32], uint8_t sig[64])
{
    BN_CTX_start(S.bn);
    BIGNUM *k = BN_CTX_get(S.bn), *x = BN_CTX_get(S.bn), *r = BN_CTX_get(S.bn), *s = BN_CTX_get(S.bn),
           *e = BN_CTX_get(S.bn);
    EC_POINT *R = EC_POINT_new(S.grp);
    assert_true(R && e && BN_bin2bn(dig, 32, e) && BN_nnmod(e, e, S.n, S.bn));
    do {
        rand_scalar(k);
        assert_true(EC_POINT_mul(S.grp, R, k, NULL, NULL, S.bn) &&
                    EC_POINT_get_affine_coordinates(S.grp, R, x, NULL, S.bn) && BN_nnmod(r, x, S.n, S.bn) &&
                    BN_mod_mul(s, r, d, S.n, S.bn) && BN_mod_add(s, s, e, S.n, S.bn) &&
                    BN_mod_inverse(k, k, S.n, S.bn) && BN_mod_mul(s, s, k, S.n, S.bn));
    } while (BN_is_zero(r) || BN_is_zero(s));
    sig_out(r, s, sig);
    EC_POINT_free(R);
    BN_CTX_end(S.bn);
}

/* A valid signature for a key without its private half: R = u1 G + u2 Q,
 * r = x(R) mod n, s = r / u2, digest e = u1 s (SEC 1 4.1.4 run backwards). */
static void forge(const uint8_t pub[65], uint8_t dig[32], uint8_t sig[64])
{
    BN_CTX_start(S.bn);
    BIGNUM *u1 = BN_CTX_get(S.bn), *u2 = BN_CTX_get(S.bn), *x = BN_CTX_get(S.bn), *r = BN_CTX_get(S.bn),
           *s = BN_CTX_get(S.bn);
    EC_POINT *q = EC_POINT_new(S.grp), *R = EC_POINT_new(S.grp);
    assert_true(s && q && R && EC_POINT_oct2point(S.grp, q, pub, 65, S.bn));
    rand_scalar(u1);
    rand_scalar(u2);
    assert_true(EC_POINT_mul(S.grp, R, u1, q, u2, S.bn) &&
                EC_POINT_get_affine_coordinates(S.grp, R, x, NULL, S.bn) && BN_nnmod(r, x, S.n, S.bn) &&
                BN_mod_inverse(u2, u2, S.n, S.bn) && BN_mod_mul(s, r, u2, S.n, S.bn) &&
                BN_mod_mul(u1, u1, s, S.n, S.bn));
    bn_out(u1, dig);
    sig_out(r, s, sig);
    EC_POINT_free(R);
    EC_POINT_free(q);
    BN_CTX_end(S.bn);
}

/* The key for which (x mod n, s) signs dig, R being the point of abscissa x:
 * Q = r^-1 (s R - e G) (SEC 1 4.1.6). 0 when x is no abscissa of the curve. */
static int recover(const BIGNUM *x, const BIGNUM *s, const uint8_t dig[32], uint8_t pub[65], uint8_t sig[64])
{
    int ok;
    BN_CTX_start(S.bn);
    BIGNUM *r = BN_CTX_get(S.bn), *ri = BN_CTX_get(S.bn), *a = BN_CTX_get(S.bn), *b = BN_CTX_get(S.bn);
    EC_POINT *R = EC_POINT_new(S.grp), *q = EC_POINT_new(S.grp);
    assert_true(b && R && q);
    ok = EC_POINT_set_compressed_coordinates(S.grp, R, x, (int)(xorshift32(&S.rng) & 1), S.bn) == 1;
    ERR_clear_error();
    if (ok) {
        assert_true(BN_nnmod(r, x, S.n, S.bn) && !BN_is_zero(r) && BN_mod_inverse(ri, r, S.n, S.bn) &&
                    BN_bin2bn(dig, 32, a) && BN_mod_mul(a, a, ri, S.n, S.bn) && BN_mod_sub(a, S.n, a, S.n, S.bn) &&
                    BN_mod_mul(b, s, ri, S.n, S.bn) && EC_POINT_mul(S.grp, q, a, R, b, S.bn));
        point_out(q, pub);
        bn_out(r, sig);
        bn_out(s, sig + 32);
    }
    EC_POINT_free(q);
    EC_POINT_free(R);
    BN_CTX_end(S.bn);
    return ok;
}

/* ---- OpenSSL */

static int ossl_verify(const uint8_t pub[65], const uint8_t dig[32], const uint8_t sig[64])
{
    OSSL_PARAM params[] = {
        OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"prime256v1", 0),
        OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, 65),
        OSSL_PARAM_END,
    };
    EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL), *vc = NULL;
    EVP_PKEY *key = NULL;
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, 32, NULL), *s = BN_bin2bn(sig + 32, 32, NULL);
    unsigned char *der = NULL;
    int derlen, ok = 0;
    assert_true(kc && es && r && s && ECDSA_SIG_set0(es, r, s));
    derlen = i2d_ECDSA_SIG(es, &der);
    assert_true(derlen > 0);
    if (EVP_PKEY_fromdata_init(kc) == 1 && EVP_PKEY_fromdata(kc, &key, EVP_PKEY_PUBLIC_KEY, params) == 1) {
        vc = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
        assert_non_null(vc);
        ok = EVP_PKEY_verify_init(vc) == 1 && EVP_PKEY_verify(vc, der, (size_t)derlen, dig, 32) == 1;
    }
    ERR_clear_error();
    OPENSSL_free(der);
    ECDSA_SIG_free(es);
    EVP_PKEY_CTX_free(vc);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(kc);
    return ok;
}

/* A signature by EVP_PKEY_sign (OpenSSL's random k), made low-S. */
static void evp_sign(const BIGNUM *d, const uint8_t pub[65], const uint8_t dig[32], uint8_t sig[64])
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

/* ---- the comparison */

static void hex(const char *name, const uint8_t *b, size_t len)
{
    char line[2 * 65 + 1];
    for (size_t i = 0; i < len; i++)
        snprintf(line + 2 * i, 3, "%02x", b[i]);
    print_error("    %s %s\n", name, line);
}

/* One case: the three verdicts, against each other and against the verdict
 * the class expects of OpenSSL (ossl_should). */
static void check(int cls, const uint8_t pub[65], const uint8_t dig[32], const uint8_t sig[64], int ossl_should)
{
    int ossl = ossl_verify(pub, dig, sig);
    int fw = fw_ecdsa_p256_verify(pub, dig, sig) == OB_OK;
    int host = ob_ecdsa_p256_verify(pub, dig, sig) == OB_OK;
    BIGNUM *s = BN_bin2bn(sig + 32, 32, NULL);
    int want;
    assert_non_null(s);
    want = ossl && pub[0] == 0x04 && BN_cmp(s, S.half) <= 0;
    BN_free(s);
    tally[cls].cases++;
    tally[cls].accepted += (unsigned)want;
    if (fw == want && host == want && ossl == ossl_should)
        return;
    if (++mismatches > MAX_SHOWN)
        return;
    print_error("MISMATCH [%s]: firmware %s, host %s, OpenSSL %s (this case expects OpenSSL to %s), "
                "want %s\n",
                class_name[cls], fw ? "accepts" : "refuses", host ? "accepts" : "refuses",
                ossl ? "accepts" : "refuses", ossl_should ? "accept" : "refuse", want ? "accept" : "refuse");
    hex("pub   ", pub, 65);
    hex("digest", dig, 32);
    hex("sig   ", sig, 64);
}

static void flip(uint8_t *b, size_t len)
{
    uint32_t bit = xorshift32(&S.rng) % (uint32_t)(8 * len);
    b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
}

/* A random key (private half in d), digest and valid signature. */
static void valid_case(BIGNUM *d, uint8_t pub[65], uint8_t dig[32], uint8_t sig[64])
{
    rand_scalar(d);
    key_of(d, pub);
    rand_bytes(dig, 32);
    sign(d, dig, sig);
}

/* Ends a test: it fails if any of its cases did (all of them ran). */
static void done(unsigned before)
{
    if (mismatches != before)
        fail_msg("%u mismatches (printed above, at most %u in all)", mismatches - before, MAX_SHOWN);
}

/* ---- the cases */

static void test_random(void **state)
{
    uint8_t pub[65], dig[32], sig[64], prev[65], m[65];
    BIGNUM *d = BN_new(), *s = BN_new();
    unsigned before = mismatches;
    (void)state;
    assert_true(d && s);
    rand_scalar(d);
    key_of(d, prev);
    for (uint32_t i = 0; i < S.rounds; i++) {
        valid_case(d, pub, dig, sig);
        check(C_VALID, pub, dig, sig, 1);
        memcpy(m, sig, 64);
        flip(m, 32);
        check(C_FLIP_R, pub, dig, m, 0);
        memcpy(m, sig, 64);
        flip(m + 32, 32);
        check(C_FLIP_S, pub, dig, m, 0);
        memcpy(m, dig, 32);
        flip(m, 32);
        check(C_FLIP_DIGEST, pub, m, sig, 0);
        memcpy(m, pub, 65);
        flip(m + 1, 32);
        check(C_FLIP_X, m, dig, sig, 0);
        memcpy(m, pub, 65);
        flip(m + 33, 32);
        check(C_FLIP_Y, m, dig, sig, 0);
        memcpy(m, sig, 64);
        assert_true(BN_bin2bn(sig + 32, 32, s) && BN_sub(s, S.n, s));
        bn_out(s, m + 32);
        check(C_HIGH_S, pub, dig, m, 1);
        check(C_OTHER_KEY, prev, dig, sig, 0);
        memcpy(prev, pub, 65);
        if (i % 10 == 0) {
            evp_sign(d, pub, dig, sig);
            check(C_EVP_SIGNED, pub, dig, sig, 1);
        }
    }
    BN_free(s);
    BN_free(d);
    done(before);
}

/* r and s at and beyond the ends of [1, n - 1], and valid signatures with
 * extreme values, made by recovering the key that they sign for. */
static void test_scalar_edges(void **state)
{
    uint8_t pub[65], dig[32], sig[64], m[64];
    BIGNUM *d = BN_new(), *x = BN_new(), *s = BN_new(), *gap = BN_new(), *v[6]; /* gap: p - n */
    unsigned before = mismatches;
    (void)state;
    assert_true(d && x && s && gap);
    for (int j = 0; j < 6; j++)
        assert_non_null(v[j] = BN_new());
    BN_zero(v[0]);
    assert_true(BN_one(v[1]) && BN_sub(v[2], S.n, BN_value_one()) && BN_copy(v[3], S.n) &&
                BN_add(v[4], S.n, BN_value_one()) && BN_copy(v[5], S.top));
    for (int i = 0; i < 40; i++) {
        valid_case(d, pub, dig, sig);
        for (int j = 0; j < 6; j++) {
            memcpy(m, sig, 64);
            bn_out(v[j], m);
            check(C_RS_OUT, pub, dig, m, 0);
            memcpy(m, sig, 64);
            bn_out(v[j], m + 32);
            check(C_RS_OUT, pub, dig, m, 0);
        }
    }
    /* s = 1, (n-1)/2 (accepted), (n+1)/2, n-1 (high: refused); r = x(R)
     * for x near 0 and near n - 1. */
    int i, found;
    for (i = 0, found = 0; found < 60 && i < 1000; i++) {
        int which = i % 4;
        rand_bytes(dig, 32);
        if (i % 3 == 0)
            assert_true(BN_set_word(x, (BN_ULONG)i + 1));
        else if (i % 3 == 1)
            assert_true(BN_sub(x, S.n, BN_value_one()) && BN_sub_word(x, (BN_ULONG)i));
        else
            rand_scalar(x);
        assert_true(which == 0 ? BN_one(s)
                    : which == 1 ? BN_copy(s, S.half) != NULL
                    : which == 2 ? BN_add(s, S.half, BN_value_one())
                                 : BN_sub(s, S.n, BN_value_one()));
        if (!recover(x, s, dig, pub, sig))
            continue;
        found++;
        check(C_RS_EDGE_VALID, pub, dig, sig, 1);
    }
    assert_int_equal(found, 60);
    /* x(R) in [n, p): r = x(R) - n is valid, x(R) itself is out of range
     * (x(R) - n = 1 to 20 first, then random). */
    assert_true(BN_sub(gap, S.p, S.n));
    for (i = 0, found = 0; found < 100 && i < 1000; i++) {
        rand_bytes(dig, 32);
        rand_bytes(m, 32);
        assert_true(BN_bin2bn(m, 32, s) && BN_nnmod(s, s, gap, S.bn));
        if (i < 20)
            assert_true(BN_set_word(s, (BN_ULONG)i + 1));
        assert_true(BN_add(x, S.n, s));
        rand_scalar(s);
        if (BN_cmp(s, S.half) > 0)
            assert_true(BN_sub(s, S.n, s));
        if (!recover(x, s, dig, pub, sig))
            continue;
        found++;
        check(C_R_WRAP, pub, dig, sig, 1);
        bn_out(x, sig);
        check(C_R_UNREDUCED, pub, dig, sig, 0);
    }
    assert_int_equal(found, 100);
    for (int j = 0; j < 6; j++)
        BN_free(v[j]);
    BN_free(gap);
    BN_free(s);
    BN_free(x);
    BN_free(d);
    done(before);
}

/* The two points of u1 G + u2 Q are equal (e = r d) or opposite
 * (e = -r d): the doubling and the infinity of the last addition. */
static void test_addition_paths(void **state)
{
    uint8_t pub[65], dig[32], sig[64];
    BIGNUM *d = BN_new(), *e = BN_new(), *r = BN_new(), *s = BN_new(), *k = BN_new();
    unsigned before = mismatches;
    (void)state;
    assert_true(d && e && r && s && k);
    for (int i = 0; i < 100; i++) {
        rand_scalar(d);
        key_of(d, pub);
        rand_scalar(k);
        /* R = kG with k = 2 r d / s, so s = 2 r d / k and e = r d. */
        {
            EC_POINT *R = EC_POINT_new(S.grp);
            assert_true(R && EC_POINT_mul(S.grp, R, k, NULL, NULL, S.bn) &&
                        EC_POINT_get_affine_coordinates(S.grp, R, r, NULL, S.bn) && BN_nnmod(r, r, S.n, S.bn) &&
                        BN_mod_mul(e, r, d, S.n, S.bn) && BN_mod_add(s, e, e, S.n, S.bn) &&
                        BN_mod_inverse(k, k, S.n, S.bn) && BN_mod_mul(s, s, k, S.n, S.bn));
            EC_POINT_free(R);
        }
        bn_out(e, dig);
        sig_out(r, s, sig);
        check(C_DOUBLING, pub, dig, sig, 1);
        /* Any r and s, and e = -r d: u1 + u2 d = 0. */
        rand_scalar(r);
        rand_scalar(s);
        assert_true(BN_mod_mul(e, r, d, S.n, S.bn) && BN_mod_sub(e, S.n, e, S.n, S.bn));
        bn_out(e, dig);
        sig_out(r, s, sig);
        check(C_R_INFINITY, pub, dig, sig, 0);
    }
    BN_free(k);
    BN_free(s);
    BN_free(r);
    BN_free(e);
    BN_free(d);
    done(before);
}

/* Digests beyond n and their values mod n: each signature checked over
 * every digest of the list, accepted where the two are equal mod n. */
static void test_digests(void **state)
{
    enum { ND = 5 };
    uint8_t pub[65], dig[ND][32], sig[64], small[32], big[32];
    BIGNUM *d = BN_new(), *a = BN_new(), *b = BN_new();
    unsigned before = mismatches;
    (void)state;
    assert_true(d && a && b);
    memset(dig[0], 0x00, 32);
    memset(dig[1], 0xff, 32);
    bn_out(S.n, dig[2]);
    bytes_add(dig[2], BN_value_one(), 1, dig[3]);
    memset(dig[4], 0x00, 32);
    dig[4][0] = 0x80;
    for (int i = 0; i < 20; i++) {
        rand_scalar(d);
        key_of(d, pub);
        for (int j = 0; j < ND; j++) {
            sign(d, dig[j], sig);
            for (int t = 0; t < ND; t++) {
                assert_true(BN_bin2bn(dig[j], 32, a) && BN_nnmod(a, a, S.n, S.bn) && BN_bin2bn(dig[t], 32, b) &&
                            BN_nnmod(b, b, S.n, S.bn));
                check(C_DIGEST_EDGE, pub, dig[t], sig, BN_cmp(a, b) == 0);
            }
        }
        /* e < 2^256 - n, and e + n, which is the same number mod n. */
        rand_bytes(small, 32);
        memset(small, 0, 5); /* below 2^216, and 2^256 - n > 2^223 */
        bytes_add(small, S.n, 1, big);
        sign(d, small, sig);
        check(C_DIGEST_PLUS_N, pub, big, sig, 1);
        sign(d, big, sig);
        check(C_DIGEST_PLUS_N, pub, small, sig, 1);
    }
    BN_free(b);
    BN_free(a);
    BN_free(d);
    done(before);
}

/* Keys at the edges: private key 1 (G itself), 2, n-2, n-1; coordinates
 * >= p (also X + p, which is X mod p); wrong prefixes; the point at
 * infinity. */
static void test_keys(void **state)
{
    static const uint8_t prefixes[] = {0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0xff};
    uint8_t pub[65], dig[32], sig[64], m[65], big[3][32];
    BIGNUM *d = BN_new(), *x = BN_new();
    unsigned before = mismatches;
    (void)state;
    assert_true(d && x);
    for (int i = 0; i < 40; i++) {
        assert_true(i % 4 < 2 ? BN_set_word(d, (BN_ULONG)(i % 4) + 1)
                              : BN_sub(d, S.n, BN_value_one()) && BN_sub_word(d, (BN_ULONG)(i % 4) - 2));
        key_of(d, pub);
        rand_bytes(dig, 32);
        sign(d, dig, sig);
        check(C_EDGE_KEY, pub, dig, sig, 1);
    }
    /* A point with a small X (x = 0, 1, 2, ... where one exists): X + p
     * still fits in 32 bytes and is X mod p. */
    BN_ULONG t, found;
    for (t = 0, found = 0; found < 40 && t < 1000; t++) {
        EC_POINT *q = EC_POINT_new(S.grp);
        int on;
        assert_true(q && BN_set_word(x, t));
        on = EC_POINT_set_compressed_coordinates(S.grp, q, x, (int)(t & 1), S.bn) == 1;
        ERR_clear_error();
        if (on) {
            found++;
            point_out(q, pub);
            forge(pub, dig, sig);
            check(C_SMALL_X, pub, dig, sig, 1);
            memcpy(m, pub, 65);
            bytes_add(pub + 1, S.p, 1, m + 1);
            check(C_X_PLUS_P, m, dig, sig, 0);
        }
        EC_POINT_free(q);
    }
    assert_int_equal(found, 40);
    bn_out(S.p, big[0]);
    bytes_add(big[0], BN_value_one(), 1, big[1]);
    bn_out(S.top, big[2]);
    for (int i = 0; i < 20; i++) {
        valid_case(d, pub, dig, sig);
        for (int j = 0; j < 3; j++) {
            memcpy(m, pub, 65);
            memcpy(m + 1, big[j], 32);
            check(C_COORD_BIG, m, dig, sig, 0);
            memcpy(m, pub, 65);
            memcpy(m + 33, big[j], 32);
            check(C_COORD_BIG, m, dig, sig, 0);
        }
        /* OpenSSL takes X9.62's hybrid form too (06 or 07 by the parity
         * of Y); otaboot takes 04 only. */
        for (size_t j = 0; j < sizeof prefixes; j++) {
            memcpy(m, pub, 65);
            m[0] = prefixes[j];
            check(C_PREFIX, m, dig, sig, m[0] == (0x06 | (pub[64] & 1)));
        }
        memset(m, 0, 65);
        check(C_INFINITY, m, dig, sig, 0);
        m[0] = 0x04;
        check(C_INFINITY, m, dig, sig, 0);
    }
    BN_free(x);
    BN_free(d);
    done(before);
}

/* ---- setup and summary */

static uint32_t env_u32(const char *name, uint32_t dflt)
{
    const char *v = getenv(name);
    return v && *v ? (uint32_t)strtoul(v, NULL, 0) : dflt;
}

static int setup(void **state)
{
    (void)state;
    S.seed = env_u32("P256_DIFF_SEED", DEFAULT_SEED);
    S.rounds = env_u32("P256_DIFF_ROUNDS", DEFAULT_ROUNDS);
    S.rng = S.seed ? S.seed : 1;
    S.grp = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    S.bn = BN_CTX_new();
    S.n = BN_new();
    S.p = BN_new();
    S.half = BN_new();
    S.top = BN_new();
    if (!S.grp || !S.bn || !S.n || !S.p || !S.half || !S.top || !BN_copy(S.n, EC_GROUP_get0_order(S.grp)) ||
        !EC_GROUP_get_curve(S.grp, S.p, NULL, NULL, S.bn) || !BN_rshift1(S.half, S.n) ||
        !BN_set_word(S.top, 1) || !BN_lshift(S.top, S.top, 256) || !BN_sub_word(S.top, 1))
        return -1;
    printf("p256 diff: seed 0x%08x (P256_DIFF_SEED=), %u random rounds (P256_DIFF_ROUNDS=)\n", S.seed,
           S.rounds);
    return 0;
}

static int teardown(void **state)
{
    unsigned total = 0, accepted = 0;
    (void)state;
    printf("p256 diff: %-44s %6s %8s\n", "case class", "cases", "accepted");
    for (int c = 0; c < C_COUNT; c++) {
        printf("p256 diff: %-44s %6u %8u\n", class_name[c], tally[c].cases, tally[c].accepted);
        total += tally[c].cases;
        accepted += tally[c].accepted;
    }
    printf("p256 diff: %u cases (%u valid under otaboot's policy), each verified by the firmware's verifier "
           "(p256-m), the host's (mbedTLS) and OpenSSL: %u mismatches\n",
           total, accepted, mismatches);
    BN_free(S.top);
    BN_free(S.half);
    BN_free(S.p);
    BN_free(S.n);
    BN_CTX_free(S.bn);
    EC_GROUP_free(S.grp);
    if (total < MIN_CASES && S.rounds >= DEFAULT_ROUNDS) {
        print_error("p256 diff: only %u cases, fewer than %u\n", total, MIN_CASES);
        return -1;
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random),  cmocka_unit_test(test_scalar_edges), cmocka_unit_test(test_addition_paths),
        cmocka_unit_test(test_digests), cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests_name("p256 differential", tests, setup, teardown);
}
