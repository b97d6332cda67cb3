/* SPDX-License-Identifier: Apache-2.0 */
/* Signatures and downgrade protection: the policy (ob_sig_check), the P-256
 * backend, OpenSSL-made keys, and the receiver and bl1 enforcing both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>

#include "fixture.h"
#include "sig.h"
#include "slot.h"

static uint8_t raw[48 * 1024];
static uint8_t file[64 * 1024];
static fx_board B;


static void signed_record(const ob_hostkey *k, uint8_t rec[OB_META_LEN])
{
    ob_meta m;
    memset(&m, 0, sizeof m);
    m.version = OB_META_VERSION;
    strcpy(m.board, "nucleo-f429zi");
    m.fw_version = 0x01020003;
    m.load_addr = 0x08020000;
    m.raw_size = 1234;
    m.payload_size = 700;
    m.security_counter = 3;
    memset(m.raw_sha256, 0xAB, sizeof m.raw_sha256);
    memset(m.payload_sha256, 0xCD, sizeof m.payload_sha256);
    if (k)
        assert_int_equal(ob_hostkey_sign_meta(k, &m), OB_OK);
    ob_meta_encode(&m, rec);
}

static void test_policy(void **state)
{
    (void)state;
    uint8_t rec[OB_META_LEN], bad[OB_META_LEN];
    signed_record(fx_k1, rec);
    assert_int_equal(ob_sig_check(&fx_ring, rec), OB_OK);
    assert_int_equal(ob_sig_check(NULL, rec), OB_OK); /* development board */
    /* deterministic (RFC 6979): signing twice gives the same bytes */
    signed_record(fx_k1, bad);
    assert_memory_equal(rec, bad, OB_META_LEN);

    signed_record(NULL, bad);
    assert_int_equal(ob_sig_check(&fx_ring, bad), OB_ERR_UNSIGNED);
    assert_int_equal(ob_sig_check(NULL, bad), OB_OK);
    signed_record(fx_k2, bad);
    assert_int_equal(ob_sig_check(&fx_ring, bad), OB_ERR_UNKNOWN_KEY);
    /* fx_k2's signature under fx_k1's key id */
    memcpy(bad + 108, rec + 108, 8);
    assert_int_equal(ob_sig_check(&fx_ring, bad), OB_ERR_SIGNATURE);
    /* any signed byte changed */
    for (size_t i = 0; i < OB_META_SIGNED_LEN; i += 7) {
        if (i >= 104 && i < 116)
            continue; /* sig type / key id: other errors */
        memcpy(bad, rec, OB_META_LEN);
        bad[i] ^= 0x01;
        assert_int_equal(ob_sig_check(&fx_ring, bad), OB_ERR_SIGNATURE);
    }
    /* any signature byte changed, or truncated (zeroed tail) */
    for (size_t i = 116; i < OB_META_LEN; i += 5) {
        memcpy(bad, rec, OB_META_LEN);
        bad[i] ^= 0x80;
        assert_int_equal(ob_sig_check(&fx_ring, bad), OB_ERR_SIGNATURE);
    }
    memcpy(bad, rec, OB_META_LEN);
    memset(bad + 116 + 40, 0, 24);
    assert_int_equal(ob_sig_check(&fx_ring, bad), OB_ERR_SIGNATURE);
    memset(bad + 116, 0, 64); /* r = s = 0 */
    assert_int_equal(ob_sig_check(&fx_ring, bad), OB_ERR_SIGNATURE);
    /* unknown signature type */
    memcpy(bad, rec, OB_META_LEN);
    bad[104] = 2;
    assert_int_equal(ob_sig_check(&fx_ring, bad), OB_ERR_SIGNATURE);
}

/* (r, n - s) verifies under textbook ECDSA; we accept only the low-S form. */
static void test_malleated(void **state)
{
    (void)state;
    uint8_t rec[OB_META_LEN];
    signed_record(fx_k1, rec);
    mbedtls_ecp_group grp;
    mbedtls_mpi s;
    mbedtls_ecp_group_init(&grp);
    mbedtls_mpi_init(&s);
    assert_int_equal(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1), 0);
    assert_int_equal(mbedtls_mpi_read_binary(&s, rec + 116 + 32, 32), 0);
    assert_int_equal(mbedtls_mpi_sub_mpi(&s, &grp.N, &s), 0);
    assert_int_equal(mbedtls_mpi_write_binary(&s, rec + 116 + 32, 32), 0);
    assert_int_equal(ob_sig_check(&fx_ring, rec), OB_ERR_SIGNATURE);
    mbedtls_mpi_free(&s);
    mbedtls_ecp_group_free(&grp);
}

/* Keys made by OpenSSL sign, and OpenSSL's public key equals ours. */
static void test_openssl_keys(void **state)
{
    (void)state;
    char dir[] = "/tmp/otaboot-sig-XXXXXX";
    char cmd[512], priv[128], pub[128], why[200];
    assert_non_null(mkdtemp(dir));
    snprintf(priv, sizeof priv, "%s/k.pem", dir);
    snprintf(pub, sizeof pub, "%s/k.pub.pem", dir);
    snprintf(cmd, sizeof cmd, "openssl ecparam -name prime256v1 -genkey -noout -out %s && openssl ec -in %s -pubout -out %s 2>/dev/null",
             priv, priv, pub);
    assert_int_equal(system(cmd), 0);
    ob_hostkey *k = ob_hostkey_load(priv, 1, why, sizeof why);
    assert_non_null(k);
    ob_hostkey *p = ob_hostkey_load(pub, 0, why, sizeof why);
    assert_non_null(p);
    ob_keyring r;
    memset(&r, 0, sizeof r);
    r.count = 1;
    uint8_t pub2[OB_PUBKEY_LEN];
    assert_int_equal(ob_hostkey_public(k, r.keys[0].pub), OB_OK);
    assert_int_equal(ob_hostkey_public(p, pub2), OB_OK);
    assert_memory_equal(r.keys[0].pub, pub2, OB_PUBKEY_LEN);
    ob_key_id(r.keys[0].pub, r.keys[0].id);
    uint8_t rec[OB_META_LEN];
    signed_record(k, rec);
    assert_int_equal(ob_sig_check(&r, rec), OB_OK);
    /* our PEM output reads back in OpenSSL */
    snprintf(priv, sizeof priv, "%s/ours.pem", dir);
    assert_int_equal(ob_hostkey_write_private(fx_k1, priv), OB_OK);
    snprintf(cmd, sizeof cmd, "openssl ec -in %s -noout -check 2>/dev/null", priv);
    assert_int_equal(system(cmd), 0);
    /* a key on another curve is refused with a reason */
    snprintf(priv, sizeof priv, "%s/k384.pem", dir);
    snprintf(cmd, sizeof cmd, "openssl ecparam -name secp384r1 -genkey -noout -out %s", priv);
    assert_int_equal(system(cmd), 0);
    assert_null(ob_hostkey_load(priv, 1, why, sizeof why));
    assert_non_null(strstr(why, "P-256"));
    ob_hostkey_free(k);
    ob_hostkey_free(p);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static const ob_layout *L(void)
{
    return ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
}

/* The receiver authenticates at the header, before any erase. */
static void test_receiver_enforces(void **state)
{
    (void)state;
    const ob_layout *l = L();
    fx_make_raw(raw, 20000, l, 1);
    fx_board_open(&B, l);
    B.keys = &fx_ring;
    size_t len = fx_pack_key(l, raw, 20000, 0x01000000, 1, 9, fx_k1, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 512, OB_RX_SLOT), OB_OK);
    uint64_t erases = B.sf.stats.erases;
    len = fx_pack_key(l, raw, 20000, 0x01000000, 1, 9, NULL, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 512, OB_RX_SLOT), OB_ERR_UNSIGNED);
    assert_string_equal(ob_receiver_answer(&B.rx), "Update rejected: unsigned image");
    len = fx_pack_key(l, raw, 20000, 0x01000000, 1, 9, fx_k2, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 512, OB_RX_SLOT), OB_ERR_UNKNOWN_KEY);
    assert_string_equal(ob_receiver_answer(&B.rx), "Update rejected: unknown key");
    len = fx_pack_key(l, raw, 20000, 0x01000000, 1, 9, fx_k1, file, sizeof file);
    file[16 + 21] ^= 1; /* record byte 21: inside fw_version, which no layout check looks at */
    int rc = fx_send(&B, file, len, 512, OB_RX_SLOT);
    assert_int_equal(rc, OB_ERR_SIGNATURE);
    assert_int_equal(B.sf.stats.erases, erases); /* none of them erased anything */
    assert_int_equal(B.j.st.pending, 1);         /* and the sealed update is still there */
    fx_board_close(&B);
}

/* Security counter: downgrade refused; the stored counter rises only when
 * the new image confirms, so a failed trial can still be reverted. */
static void test_downgrade(void **state)
{
    (void)state;
    const ob_layout *l = L();
    ob_boot_result res;
    fx_board_open(&B, l);
    B.keys = &fx_ring;
    fx_make_raw(raw, 16000, l, 2);
    size_t len = fx_pack_key(l, raw, 16000, 0x01000000, 5, 9, fx_k1, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_SLOT), OB_OK);
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(res.action, OB_BOOT_START_APP);
    assert_int_equal(B.j.st.security_counter, 0); /* not during the trial */
    assert_int_equal(fx_confirm(&B), OB_OK);
    assert_int_equal(B.j.st.security_counter, 5);
    len = fx_pack_key(l, raw, 16000, 0x00090000, 4, 9, fx_k1, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_SLOT), OB_ERR_DOWNGRADE);
    assert_string_equal(ob_receiver_answer(&B.rx), "Update rejected: downgrade");
    /* a newer counter on trial, never confirmed: counter stays, the old level is still accepted
     * (another build: the same raw image would be "Already installed") */
    fx_make_raw(raw, 16000, l, 22);
    len = fx_pack_key(l, raw, 16000, 0x02000000, 7, 9, fx_k1, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_SLOT), OB_OK);
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(res.trial, 1);
    assert_int_equal(B.j.st.security_counter, 5);
    len = fx_pack_key(l, raw, 16000, 0x01000001, 5, 9, fx_k1, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_SLOT), OB_OK);
    fx_board_close(&B);
}

/* bl1 checks the signature again before erasing anything. */
static void test_bl1_rechecks(void **state)
{
    (void)state;
    const ob_layout *l = L();
    ob_boot_result res;
    fx_board_open(&B, l);
    fx_make_raw(raw, 12000, l, 3);
    size_t len = fx_pack_key(l, raw, 12000, 0x01000000, 1, 9, fx_k2, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_SLOT), OB_OK); /* a development receiver seals it */
    B.keys = &fx_ring;                                                /* bl1 knows only fx_k1 */
    uint64_t erases = B.sf.stats.erases;
    fx_boot(&B, &res);
    assert_true(fx_logged(&B, "unknown key"));
    assert_int_equal(B.sf.stats.erases, erases);
    assert_int_equal(B.j.st.pending, 0);
    /* a development bl1 says so on every boot */
    B.keys = NULL;
    fx_boot(&B, &res);
    assert_true(fx_logged(&B, "development board"));
    fx_board_close(&B);
}

/* bl1 takes the counter and the version from the verified metadata, not from
 * the journal's seal: a seal that says 0xFFFFFFFF cannot lock the board out. */
static void test_bl1_counter_from_metadata(void **state)
{
    (void)state;
    const ob_layout *l = L();
    ob_boot_result res;
    fx_board_open(&B, l);
    B.keys = &fx_ring;
    fx_make_raw(raw, 12000, l, 4);
    size_t len = fx_pack_key(l, raw, 12000, 0x01020003, 5, 9, fx_k1, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_SLOT), OB_OK);
    ob_jimage forged = B.j.st.seal;
    forged.security_counter = 0xFFFFFFFFu;
    forged.fw_version = 0x09000000u;
    assert_int_equal(ob_journal_seal(&B.j, &forged), OB_OK);
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(res.action, OB_BOOT_START_APP);
    assert_int_equal(B.j.st.app.fw_version, 0x01020003);
    assert_int_equal(fx_confirm(&B), OB_OK);
    assert_int_equal(B.j.st.security_counter, 5);
    /* so a later image with counter 6 is still accepted */
    len = fx_pack_key(l, raw, 11000, 0x01020004, 6, 9, fx_k1, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_SLOT), OB_OK);
    fx_board_close(&B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy),          cmocka_unit_test(test_malleated),
        cmocka_unit_test(test_openssl_keys),    cmocka_unit_test(test_receiver_enforces),
        cmocka_unit_test(test_downgrade),       cmocka_unit_test(test_bl1_rechecks),
        cmocka_unit_test(test_bl1_counter_from_metadata),
    };
    return cmocka_run_group_tests_name("signatures", tests, fx_keys_setup, fx_keys_teardown);
}
