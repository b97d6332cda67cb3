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
 * Valid signatures are computed with OpenSSL's arithmetic (p256_gen.c, k
 * from the seed), some by EVP_PKEY_sign itself (its own random k). Every case also
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

#include "ob_port.h"
#include "p256_gen.h"
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

static uint32_t seed, rounds;

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
    want = ossl && pub[0] == 0x04 && BN_cmp(s, gen.half) <= 0;
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

/* The case again with one bit flipped in the 32 bytes that cls names: r, s,
 * the digest, the key's X or its Y. */
static void check_flipped(int cls, const uint8_t pub[65], const uint8_t dig[32], const uint8_t sig[64])
{
    uint8_t p[65], d[32], s[64];
    uint8_t *part = cls == C_FLIP_R        ? s
                    : cls == C_FLIP_S      ? s + 32
                    : cls == C_FLIP_DIGEST ? d
                    : cls == C_FLIP_X      ? p + 1
                                           : p + 33;
    uint32_t bit = xorshift32(&gen.rng) % 256;
    memcpy(p, pub, sizeof p);
    memcpy(d, dig, sizeof d);
    memcpy(s, sig, sizeof s);
    part[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    check(cls, p, d, s, 0);
}

/* A random key (private half in d), digest and valid signature. */
static void valid_case(BIGNUM *d, uint8_t pub[65], uint8_t dig[32], uint8_t sig[64])
{
    gen_scalar(d);
    gen_key(d, pub);
    gen_bytes(dig, 32);
    gen_sign(d, dig, NULL, sig);
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
    unsigned before = mismatches;
    BN_CTX_start(gen.bn);
    BIGNUM *d = BN_CTX_get(gen.bn), *s = BN_CTX_get(gen.bn);
    (void)state;
    assert_non_null(s);
    gen_scalar(d);
    gen_key(d, prev);
    for (uint32_t i = 0; i < rounds; i++) {
        valid_case(d, pub, dig, sig);
        check(C_VALID, pub, dig, sig, 1);
        for (int cls = C_FLIP_R; cls <= C_FLIP_Y; cls++)
            check_flipped(cls, pub, dig, sig);
        memcpy(m, sig, 64);
        assert_true(BN_bin2bn(sig + 32, 32, s) && BN_sub(s, gen.n, s));
        bn_out(s, m + 32);
        check(C_HIGH_S, pub, dig, m, 1);
        check(C_OTHER_KEY, prev, dig, sig, 0);
        memcpy(prev, pub, 65);
        if (i % 10 == 0) {
            gen_evp_sign(d, pub, dig, sig);
            check(C_EVP_SIGNED, pub, dig, sig, 1);
        }
    }
    BN_CTX_end(gen.bn);
    done(before);
}

/* r and s at and beyond the ends of [1, n - 1], and valid signatures with
 * extreme values, made by recovering the key that they sign for. */
static void test_scalar_edges(void **state)
{
    uint8_t pub[65], dig[32], sig[64], m[64];
    unsigned before = mismatches;
    BN_CTX_start(gen.bn);
    BIGNUM *d = BN_CTX_get(gen.bn), *x = BN_CTX_get(gen.bn), *s = BN_CTX_get(gen.bn), *gap = BN_CTX_get(gen.bn), *v[6];
    (void)state;
    for (int j = 0; j < 6; j++)
        v[j] = BN_CTX_get(gen.bn);
    assert_non_null(v[5]);
    BN_zero(v[0]);
    assert_true(BN_one(v[1]) && BN_sub(v[2], gen.n, BN_value_one()) && BN_copy(v[3], gen.n) &&
                BN_add(v[4], gen.n, BN_value_one()) && BN_copy(v[5], gen.top));
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
        gen_bytes(dig, 32);
        if (i % 3 == 0)
            assert_true(BN_set_word(x, (BN_ULONG)i + 1));
        else if (i % 3 == 1)
            assert_true(BN_sub(x, gen.n, BN_value_one()) && BN_sub_word(x, (BN_ULONG)i));
        else
            gen_scalar(x);
        assert_true(which == 0 ? BN_one(s)
                    : which == 1 ? BN_copy(s, gen.half) != NULL
                    : which == 2 ? BN_add(s, gen.half, BN_value_one())
                                 : BN_sub(s, gen.n, BN_value_one()));
        if (!gen_recover(x, s, dig, pub, sig))
            continue;
        found++;
        check(C_RS_EDGE_VALID, pub, dig, sig, 1);
    }
    assert_int_equal(found, 60);
    /* x(R) in [n, p): r = x(R) - n is valid, x(R) itself is out of range
     * (x(R) - n = 1 to 20 first, then random). */
    assert_true(BN_sub(gap, gen.p, gen.n));
    for (i = 0, found = 0; found < 100 && i < 1000; i++) {
        gen_bytes(dig, 32);
        gen_bytes(m, 32);
        assert_true(BN_bin2bn(m, 32, s) && BN_nnmod(s, s, gap, gen.bn));
        if (i < 20)
            assert_true(BN_set_word(s, (BN_ULONG)i + 1));
        assert_true(BN_add(x, gen.n, s));
        gen_scalar(s);
        if (BN_cmp(s, gen.half) > 0)
            assert_true(BN_sub(s, gen.n, s));
        if (!gen_recover(x, s, dig, pub, sig))
            continue;
        found++;
        check(C_R_WRAP, pub, dig, sig, 1);
        bn_out(x, sig);
        check(C_R_UNREDUCED, pub, dig, sig, 0);
    }
    assert_int_equal(found, 100);
    BN_CTX_end(gen.bn);
    done(before);
}

/* The two points of u1 G + u2 Q are equal (e = r d) or opposite
 * (e = -r d): the doubling and the infinity of the last addition. */
static void test_addition_paths(void **state)
{
    uint8_t pub[65], dig[32], sig[64];
    unsigned before = mismatches;
    BN_CTX_start(gen.bn);
    BIGNUM *d = BN_CTX_get(gen.bn), *e = BN_CTX_get(gen.bn), *r = BN_CTX_get(gen.bn), *s = BN_CTX_get(gen.bn),
           *k = BN_CTX_get(gen.bn);
    (void)state;
    assert_non_null(k);
    for (int i = 0; i < 100; i++) {
        gen_scalar(d);
        gen_key(d, pub);
        gen_scalar(k);
        /* e = r d: then u1 = e / s = u2 d, and s = 2 r d / k. */
        r_of(k, r);
        assert_true(BN_mod_mul(e, r, d, gen.n, gen.bn));
        bn_out(e, dig);
        gen_sign(d, dig, k, sig);
        check(C_DOUBLING, pub, dig, sig, 1);
        /* Any r and s, and e = -r d: u1 + u2 d = 0. */
        gen_scalar(r);
        gen_scalar(s);
        assert_true(BN_mod_mul(e, r, d, gen.n, gen.bn) && BN_mod_sub(e, gen.n, e, gen.n, gen.bn));
        bn_out(e, dig);
        sig_out(r, s, sig);
        check(C_R_INFINITY, pub, dig, sig, 0);
    }
    BN_CTX_end(gen.bn);
    done(before);
}

/* Digests beyond n and their values mod n: each signature checked over
 * every digest of the list, accepted where the two are equal mod n. */
static void test_digests(void **state)
{
    enum { ND = 5 };
    uint8_t pub[65], dig[ND][32], sig[64], small[32], big[32];
    unsigned before = mismatches;
    BN_CTX_start(gen.bn);
    BIGNUM *d = BN_CTX_get(gen.bn), *a = BN_CTX_get(gen.bn), *b = BN_CTX_get(gen.bn);
    (void)state;
    assert_non_null(b);
    memset(dig[0], 0x00, 32);
    memset(dig[1], 0xff, 32);
    bn_out(gen.n, dig[2]);
    bytes_add(dig[2], BN_value_one(), dig[3]);
    memset(dig[4], 0x00, 32);
    dig[4][0] = 0x80;
    for (int i = 0; i < 20; i++) {
        gen_scalar(d);
        gen_key(d, pub);
        for (int j = 0; j < ND; j++) {
            gen_sign(d, dig[j], NULL, sig);
            for (int t = 0; t < ND; t++) {
                assert_true(BN_bin2bn(dig[j], 32, a) && BN_nnmod(a, a, gen.n, gen.bn) && BN_bin2bn(dig[t], 32, b) &&
                            BN_nnmod(b, b, gen.n, gen.bn));
                check(C_DIGEST_EDGE, pub, dig[t], sig, BN_cmp(a, b) == 0);
            }
        }
        /* e < 2^256 - n, and e + n, which is the same number mod n. */
        gen_bytes(small, 32);
        memset(small, 0, 5); /* below 2^216, and 2^256 - n > 2^223 */
        bytes_add(small, gen.n, big);
        gen_sign(d, small, NULL, sig);
        check(C_DIGEST_PLUS_N, pub, big, sig, 1);
        gen_sign(d, big, NULL, sig);
        check(C_DIGEST_PLUS_N, pub, small, sig, 1);
    }
    BN_CTX_end(gen.bn);
    done(before);
}

/* Keys at the edges: private key 1 (G itself), 2, n-2, n-1; coordinates
 * >= p (also X + p, which is X mod p); wrong prefixes; the point at
 * infinity. */
static void test_keys(void **state)
{
    static const uint8_t prefixes[] = {0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0xff};
    uint8_t pub[65], dig[32], sig[64], m[65], big[3][32];
    unsigned before = mismatches;
    BN_CTX_start(gen.bn);
    BIGNUM *d = BN_CTX_get(gen.bn), *x = BN_CTX_get(gen.bn);
    (void)state;
    assert_non_null(x);
    for (int i = 0; i < 40; i++) {
        assert_true(i % 4 < 2 ? BN_set_word(d, (BN_ULONG)(i % 4) + 1)
                              : BN_sub(d, gen.n, BN_value_one()) && BN_sub_word(d, (BN_ULONG)(i % 4) - 2));
        gen_key(d, pub);
        gen_bytes(dig, 32);
        gen_sign(d, dig, NULL, sig);
        check(C_EDGE_KEY, pub, dig, sig, 1);
    }
    /* A point with a small X (x = 0, 1, 2, ... where one exists): X + p
     * still fits in 32 bytes and is X mod p. */
    BN_ULONG t, found;
    for (t = 0, found = 0; found < 40 && t < 1000; t++) {
        EC_POINT *q = EC_POINT_new(gen.grp);
        int on;
        assert_true(q && BN_set_word(x, t));
        on = EC_POINT_set_compressed_coordinates(gen.grp, q, x, (int)(t & 1), gen.bn) == 1;
        ERR_clear_error();
        if (on) {
            found++;
            point_out(q, pub);
            gen_forge(pub, dig, sig);
            check(C_SMALL_X, pub, dig, sig, 1);
            memcpy(m, pub, 65);
            bytes_add(pub + 1, gen.p, m + 1);
            check(C_X_PLUS_P, m, dig, sig, 0);
        }
        EC_POINT_free(q);
    }
    assert_int_equal(found, 40);
    bn_out(gen.p, big[0]);
    bytes_add(big[0], BN_value_one(), big[1]);
    bn_out(gen.top, big[2]);
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
    BN_CTX_end(gen.bn);
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
    seed = env_u32("P256_DIFF_SEED", DEFAULT_SEED);
    rounds = env_u32("P256_DIFF_ROUNDS", DEFAULT_ROUNDS);
    if (!gen_init(seed))
        return -1;
    printf("p256 diff: seed 0x%08x (P256_DIFF_SEED=), %u random rounds (P256_DIFF_ROUNDS=)\n", seed, rounds);
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
    gen_free();
    if (total < MIN_CASES && rounds >= DEFAULT_ROUNDS) {
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
