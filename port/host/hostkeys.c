/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host port: P-256 keys and signing on Debian's libmbedcrypto. */
#include "hostkeys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>

struct ob_hostkey {
    mbedtls_pk_context pk;
};

static int rng_init(mbedtls_entropy_context *e, mbedtls_ctr_drbg_context *d, const char *seed)
{
    mbedtls_entropy_init(e);
    mbedtls_ctr_drbg_init(d);
    if (seed) /* deterministic: a DRBG whose only input is the seed (tests) */
        return mbedtls_ctr_drbg_seed(d, mbedtls_entropy_func, e, (const unsigned char *)seed, strlen(seed));
    return mbedtls_ctr_drbg_seed(d, mbedtls_entropy_func, e, (const unsigned char *)"otaboot-keygen", 14);
}

static int is_p256(const mbedtls_pk_context *pk)
{
    return mbedtls_pk_can_do(pk, MBEDTLS_PK_ECKEY) && mbedtls_pk_ec(*pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1;
}

ob_hostkey *ob_hostkey_load(const char *path, int want_private, char *why, size_t whylen)
{
    ob_hostkey *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    mbedtls_pk_init(&k->pk);
    int rc;
    if (want_private) {
        mbedtls_entropy_context e;
        mbedtls_ctr_drbg_context d;
        rng_init(&e, &d, NULL);
        rc = mbedtls_pk_parse_keyfile(&k->pk, path, NULL);
        mbedtls_ctr_drbg_free(&d);
        mbedtls_entropy_free(&e);
    } else {
        rc = mbedtls_pk_parse_public_keyfile(&k->pk, path);
        if (rc != 0) /* a private key file also gives its public half */
            rc = mbedtls_pk_parse_keyfile(&k->pk, path, NULL);
    }
    if (rc != 0) {
        char err[100];
        mbedtls_strerror(rc, err, sizeof err);
        snprintf(why, whylen, "cannot read key %s: %s", path, err);
        ob_hostkey_free(k);
        return NULL;
    }
    if (!is_p256(&k->pk)) {
        snprintf(why, whylen, "key %s is not an EC P-256 (prime256v1) key", path);
        ob_hostkey_free(k);
        return NULL;
    }
    return k;
}

ob_hostkey *ob_hostkey_generate(const char *seed)
{
    mbedtls_entropy_context e;
    mbedtls_ctr_drbg_context d;
    ob_hostkey *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    mbedtls_pk_init(&k->pk);
    int rc = rng_init(&e, &d, seed);
    if (rc == 0)
        rc = mbedtls_pk_setup(&k->pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    if (rc == 0)
        rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(k->pk), mbedtls_ctr_drbg_random, &d);
    mbedtls_ctr_drbg_free(&d);
    mbedtls_entropy_free(&e);
    if (rc != 0) {
        ob_hostkey_free(k);
        return NULL;
    }
    return k;
}

void ob_hostkey_free(ob_hostkey *k)
{
    if (k) {
        mbedtls_pk_free(&k->pk);
        free(k);
    }
}

int ob_hostkey_public(const ob_hostkey *k, uint8_t pub[OB_PUBKEY_LEN])
{
    size_t olen = 0;
    const mbedtls_ecp_keypair *ec = mbedtls_pk_ec(k->pk);
    int rc = mbedtls_ecp_point_write_binary(&ec->grp, &ec->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, pub,
                                            OB_PUBKEY_LEN);
    return (rc == 0 && olen == OB_PUBKEY_LEN) ? OB_OK : OB_ERR_ARG;
}

static int write_pem(const char *path, const unsigned char *pem, int mode)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return OB_ERR_ARG;
    size_t n = strlen((const char *)pem);
    int ok = fwrite(pem, 1, n, f) == n;
    ok &= fclose(f) == 0;
    if (ok && mode)
        ok = chmod(path, (mode_t)mode) == 0;
    return ok ? OB_OK : OB_ERR_ARG;
}

int ob_hostkey_write_private(const ob_hostkey *k, const char *path)
{
    unsigned char pem[1024];
    if (mbedtls_pk_write_key_pem((mbedtls_pk_context *)&k->pk, pem, sizeof pem) != 0)
        return OB_ERR_ARG;
    return write_pem(path, pem, 0600);
}

int ob_hostkey_public_pem(const ob_hostkey *k, char *buf, size_t cap)
{
    return mbedtls_pk_write_pubkey_pem((mbedtls_pk_context *)&k->pk, (unsigned char *)buf, cap) == 0 ? OB_OK
                                                                                                   : OB_ERR_ARG;
}

int ob_hostkey_write_public(const ob_hostkey *k, const char *path)
{
    char pem[512];
    if (ob_hostkey_public_pem(k, pem, sizeof pem) != OB_OK)
        return OB_ERR_ARG;
    return write_pem(path, (const unsigned char *)pem, 0);
}

int ob_hostkey_sign_digest(const ob_hostkey *k, const uint8_t digest[OB_SHA256_LEN], uint8_t sig[64])
{
    const mbedtls_ecp_keypair *ec = mbedtls_pk_ec(k->pk);
    mbedtls_mpi r, s, half;
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    mbedtls_mpi_init(&half);
    /* RFC 6979 deterministic nonce: no RNG needed, same signature every time */
    int e = mbedtls_ecdsa_sign_det_ext((mbedtls_ecp_group *)&ec->grp, &r, &s, &ec->d, digest, OB_SHA256_LEN,
                                       MBEDTLS_MD_SHA256, NULL, NULL);
    /* low-S form (s <= n/2): the only form ob_ecdsa_p256_verify accepts */
    if (e == 0)
        e = mbedtls_mpi_copy(&half, &ec->grp.N);
    if (e == 0)
        e = mbedtls_mpi_shift_r(&half, 1);
    if (e == 0 && mbedtls_mpi_cmp_mpi(&s, &half) > 0)
        e = mbedtls_mpi_sub_mpi(&s, &ec->grp.N, &s);
    if (e == 0)
        e = mbedtls_mpi_write_binary(&r, sig, 32);
    if (e == 0)
        e = mbedtls_mpi_write_binary(&s, sig + 32, 32);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&half);
    return e == 0 ? OB_OK : OB_ERR_SIGNATURE;
}

int ob_hostkey_sign_meta(const ob_hostkey *k, ob_meta *m)
{
    uint8_t pub[OB_PUBKEY_LEN], rec[OB_META_LEN], digest[OB_SHA256_LEN];
    int rc = ob_hostkey_public(k, pub);
    if (rc != OB_OK)
        return rc;
    m->sig_type = OB_SIG_ECDSA_P256;
    ob_key_id(pub, m->key_id);
    memset(m->sig, 0, sizeof m->sig);
    ob_meta_encode(m, rec);
    ob_sig_digest(rec, digest);
    return ob_hostkey_sign_digest(k, digest, m->sig);
}
