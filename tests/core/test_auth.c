/* SPDX-License-Identifier: Apache-2.0 */
/* Authorized installs (core/auth.h) through the update port's session
 * (core/session.c, the logic of the firmware agent and the virtual board):
 * on a board with keys, nothing a peer without an owner key sends makes a
 * direct-profile board erase its application; a proof is single use, short
 * lived, bound to one image and one nonce; the confirmed image is "Already
 * installed" on every board; a development board keeps accepting
 * unauthenticated images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "fixture.h"
#include "session.h"
#include "sig.h"

static uint8_t raw1[40 * 1024], raw2[40 * 1024];
static uint8_t file1[48 * 1024], file2[48 * 1024];
static uint8_t wire[OB_AUTH_LINE_MAX + sizeof file2];
static size_t len1, len2;
static fx_board B;
static ob_auth A;
static ob_session S;
static uint32_t now_ms;

#define REC(f) ((f) + 16) /* the metadata record: after the 10-byte gzip header, XLEN and the subfield header */

static const ob_layout *direct(void)
{
    return ob_layout_find("nucleo-f429zi", OB_PROFILE_DIRECT);
}

/* The update service starts (after a reset) as `running`. */
static void service(ob_running running, const ob_keyring *keys)
{
    ob_session_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.layout = B.l;
    cfg.flash = B.f;
    cfg.journal = &B.j;
    cfg.running = running;
    cfg.keys = keys;
    cfg.window = B.window;
    cfg.window_size = sizeof B.window;
    assert_int_equal(ob_journal_open(&B.j, B.f, B.l), OB_OK);
    now_ms += 1000;
    ob_session_init(&S, &cfg, now_ms);
}

/* One connection: p[0, n) in chunks of `chunk` bytes (0: at once), then the
 * client's end. Returns the answer line without its newline. */
static const char *connect_send(const uint8_t *p, size_t n, size_t chunk)
{
    static char buf[OB_STATUS_LINE_MAX + 1];
    ob_conn c;
    assert_int_equal(ob_session_accept(&S, &c, now_ms), OB_OK);
    for (size_t off = 0; off < n && c.state != OB_CONN_ANSWER;) {
        size_t k = chunk && n - off > chunk ? chunk : n - off;
        ob_session_input(&S, &c, p + off, k, now_ms);
        off += k;
    }
    if (c.state != OB_CONN_ANSWER)
        ob_session_input_end(&S, &c, now_ms);
    assert_int_equal(c.state, OB_CONN_ANSWER);
    memcpy(buf, c.out, c.out_len - 1u);
    buf[c.out_len - 1u] = '\0';
    ob_session_answered(&S, &c, now_ms);
    ob_session_input_end(&S, &c, now_ms);
    ob_session_closed(&S, &c);
    return buf;
}

/* The answer a verdict gives. */
static const char *says(int err)
{
    static char buf[200];
    if (err == OB_OK)
        return OB_ANSWER_OK;
    if (err == OB_ERR_ALREADY_INSTALLED)
        return ob_strerror(err);
    snprintf(buf, sizeof buf, "%s%s", OB_ANSWER_REJECT_PREFIX, ob_strerror(err));
    return buf;
}

/* STATUS, as `otaboot send --key` asks it: the nonce it gives. */
static void status_nonce(uint8_t nonce[OB_AUTH_NONCE_LEN])
{
    ob_status st;
    assert_int_equal(ob_status_parse(connect_send((const uint8_t *)"STATUS\n", 7, 0), &st), OB_OK);
    assert_int_equal(ob_auth_nonce_parse(st.nonce, nonce), OB_OK);
}

/* "AUTH <proof>\n" for nonce by key k over rec, then the file. */
static size_t with_proof(const ob_hostkey *k, const uint8_t nonce[OB_AUTH_NONCE_LEN], const uint8_t *rec,
                         const uint8_t *file, size_t len)
{
    uint8_t d[OB_SHA256_LEN], sig[OB_AUTH_SIG_LEN];
    ob_auth_digest(nonce, rec, d);
    assert_int_equal(ob_hostkey_sign_digest(k, d, sig), OB_OK);
    ob_auth_format_line(sig, (char *)wire);
    size_t n = strlen((char *)wire);
    memcpy(wire + n, file, len);
    return n + len;
}

/* A proof for a fresh nonce of the service, then the file. */
static size_t authorized(const ob_hostkey *k, const uint8_t *rec, const uint8_t *file, size_t len)
{
    uint8_t nonce[OB_AUTH_NONCE_LEN];
    status_nonce(nonce);
    return with_proof(k, nonce, rec, file, len);
}

/* A keyed direct board running v1, confirmed, installed by its owner. */
static void keyed_direct_board(void)
{
    const ob_layout *l = direct();
    ob_boot_result res;
    fx_board_open(&B, l);
    B.keys = &fx_ring;
    fx_make_raw(raw1, 30000, l, 1);
    fx_make_raw(raw2, 32000, l, 2);
    len1 = fx_pack_key(l, raw1, 30000, 0x01000000, 1, 9, fx_k1, file1, sizeof file1);
    len2 = fx_pack_key(l, raw2, 32000, 0x01010000, 2, 9, fx_k1, file2, sizeof file2);
    service(OB_RUN_RESCUE, &fx_ring);
    size_t n = authorized(fx_k1, REC(file1), file1, len1);
    assert_string_equal(connect_send(wire, n, 1000), says(OB_OK));
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(fx_confirm(&B), OB_OK);
    assert_int_equal(B.j.st.app_status, OB_APP_CONFIRMED);
}

/* F1: a truncated replay of a genuine signed image from a peer without a
 * key: the application refuses to ask for rescue, and rescue (reachable by
 * anyone) refuses to erase. */
static void test_keyless_replay_erases_nothing(void **state)
{
    (void)state;
    keyed_direct_board();
    uint64_t erases = B.sf.stats.erases;
    service(OB_RUN_APP, &fx_ring);
    uint32_t seq = B.j.st.seq;
    assert_string_equal(connect_send(file2, 8000, 1460),
                        "Update rejected: not authorized (send it with: otaboot send --key KEY.pem)");
    assert_int_equal(B.j.st.rescue_request, 0);
    assert_int_equal(ob_session_reset_due(&S), 0); /* the application runs on */
    service(OB_RUN_RESCUE, &fx_ring);
    assert_string_equal(connect_send(file2, 8000, 1460), says(OB_ERR_AUTH_REQUIRED));
    assert_string_equal(connect_send(file2, len2, 0), says(OB_ERR_AUTH_REQUIRED));
    assert_int_equal(B.sf.stats.erases, erases);
    assert_int_equal(B.j.st.seq, seq); /* not one journal record */
    assert_int_equal(B.j.st.app_status, OB_APP_CONFIRMED);
    assert_true(fx_app_is(&B, raw1, 30000));
    fx_board_close(&B);
}

/* The proof: bound to the nonce, the image and the key; single use; expires. */
static void test_proof_single_use_bound(void **state)
{
    (void)state;
    keyed_direct_board();
    uint64_t erases = B.sf.stats.erases;
    uint8_t nonce[OB_AUTH_NONCE_LEN], old[OB_AUTH_NONCE_LEN];
    service(OB_RUN_APP, &fx_ring);
    size_t n = authorized(fx_k1, REC(file2), file2, len2);
    assert_string_equal(connect_send(wire, n, 1460), says(OB_ERR_VIA_RESCUE));
    assert_int_equal(B.j.st.rescue_request, 1);
    assert_int_equal(ob_session_reset_due(&S), 1);
    /* replayed as captured, whole or cut short, in rescue (after the reset)
     * and in the application; a STATUS in between changes nothing */
    service(OB_RUN_RESCUE, &fx_ring);
    assert_string_equal(connect_send(wire, n, 1460), says(OB_ERR_AUTH_REFUSED));
    status_nonce(nonce);
    assert_string_equal(connect_send(wire, 8000, 1460), says(OB_ERR_AUTH_REFUSED));
    assert_int_equal(B.sf.stats.erases, erases);
    /* a fresh nonce: wrong key */
    n = authorized(fx_k2, REC(file2), file2, len2);
    assert_string_equal(connect_send(wire, n, 0), says(OB_ERR_AUTH_REFUSED));
    /* proof for another image */
    n = authorized(fx_k1, REC(file1), file2, len2);
    assert_string_equal(connect_send(wire, n, 0), says(OB_ERR_AUTH_REFUSED));
    /* a nonce replaced by a newer STATUS */
    status_nonce(old);
    status_nonce(nonce);
    n = with_proof(fx_k1, old, REC(file2), file2, len2);
    assert_string_equal(connect_send(wire, n, 0), says(OB_ERR_AUTH_REFUSED));
    /* expired */
    n = authorized(fx_k1, REC(file2), file2, len2);
    now_ms += OB_AUTH_TTL_MS;
    assert_string_equal(connect_send(wire, n, 0), says(OB_ERR_AUTH_REFUSED));
    /* a nonce does not survive a reset */
    n = authorized(fx_k1, REC(file2), file2, len2);
    service(OB_RUN_RESCUE, &fx_ring);
    assert_string_equal(connect_send(wire, n, 0), says(OB_ERR_AUTH_REFUSED));
    assert_int_equal(B.sf.stats.erases, erases);
    assert_true(fx_app_is(&B, raw1, 30000));
    /* malformed AUTH lines: refused before any image */
    assert_string_equal(connect_send((const uint8_t *)"AUTH 00\n", 8, 0), says(OB_ERR_AUTH_FORMAT));
    memcpy(wire, "AUTH ", 5);
    memset(wire + 5, 'a', 400);
    assert_string_equal(connect_send(wire, 405, 0), says(OB_ERR_AUTH_FORMAT));
    /* a proof and no image after it */
    n = authorized(fx_k1, REC(file2), file2, len2);
    assert_string_equal(connect_send(wire, n - len2, 0), says(OB_ERR_TRUNCATED));
    /* two AUTH lines: the second is no image */
    n = authorized(fx_k1, REC(file2), file2, len2);
    memcpy(wire + (n - len2), wire, n - len2);
    assert_string_equal(connect_send(wire, 2 * (n - len2), 0), says(OB_ERR_GZ_MAGIC));
    assert_int_equal(B.sf.stats.erases, erases);
    /* and the owner, with a fresh nonce, installs */
    n = authorized(fx_k1, REC(file2), file2, len2);
    assert_string_equal(connect_send(wire, n, 1460), says(OB_OK));
    assert_true(fx_app_is(&B, raw2, 32000));
    fx_board_close(&B);
}

/* Once the journal says the application is gone, rescue takes any signed
 * image again (nothing left to protect, and the owner's recovery needs no
 * nonce round trip); the counter still holds. */
static void test_rescue_after_failed_install(void **state)
{
    (void)state;
    keyed_direct_board();
    assert_int_equal(ob_journal_fail(&B.j, OB_ERR_TRUNCATED), OB_OK);
    service(OB_RUN_RESCUE, &fx_ring);
    assert_string_equal(connect_send(file2, len2, 1460), says(OB_OK));
    fx_board_close(&B);
}

/* On every board, the confirmed image sent again erases nothing. */
static void test_already_installed(void **state)
{
    (void)state;
    keyed_direct_board();
    uint64_t erases = B.sf.stats.erases;
    uint32_t seq = B.j.st.seq;
    service(OB_RUN_APP, &fx_ring);
    assert_string_equal(connect_send(file1, len1, 1460), "Already installed");
    assert_int_equal(ob_session_reset_due(&S), 0); /* no restart into rescue */
    service(OB_RUN_RESCUE, &fx_ring);
    assert_string_equal(connect_send(file1, len1, 1460), "Already installed");
    assert_int_equal(B.sf.stats.erases, erases);
    assert_int_equal(B.j.st.seq, seq);
    fx_board_close(&B);

    /* slot profile, development board */
    const ob_layout *l = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
    ob_boot_result res;
    fx_board_open(&B, l);
    fx_make_raw(raw1, 30000, l, 3);
    len1 = fx_pack(l, raw1, 30000, 0x01000000, 0, 9, file1, sizeof file1);
    assert_int_equal(fx_send(&B, file1, len1, 0, OB_RX_SLOT), OB_OK);
    assert_int_equal(fx_send(&B, file1, len1, 0, OB_RX_SLOT), OB_OK); /* not installed yet: stored again */
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(fx_send(&B, file1, len1, 0, OB_RX_SLOT), OB_OK); /* on trial: not confirmed yet */
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(fx_confirm(&B), OB_OK);
    erases = B.sf.stats.erases;
    seq = B.j.st.seq;
    service(OB_RUN_APP, NULL);
    assert_string_equal(connect_send(file1, 9000, 1460), "Already installed");
    assert_int_equal(B.sf.stats.erases, erases);
    assert_int_equal(B.j.st.seq, seq);
    fx_board_close(&B);
}

/* A development board (no keys) keeps taking unauthenticated images, and
 * its STATUS gives no nonce. */
static void test_development_board_unchanged(void **state)
{
    (void)state;
    const ob_layout *l = direct();
    ob_status st;
    fx_board_open(&B, l);
    fx_make_raw(raw2, 32000, l, 2);
    len2 = fx_pack(l, raw2, 32000, 0x01010000, 0, 9, file2, sizeof file2);
    service(OB_RUN_APP, NULL);
    assert_int_equal(ob_status_parse(connect_send((const uint8_t *)"STATUS\n", 7, 0), &st), OB_OK);
    assert_string_equal(st.nonce, "");
    assert_string_equal(connect_send(file2, len2, 1460), says(OB_ERR_VIA_RESCUE));
    service(OB_RUN_RESCUE, NULL);
    assert_string_equal(connect_send(file2, len2, 1460), says(OB_OK));
    fx_board_close(&B);
}

/* Nonces: fresh each time, single use, consumed by a failed check too. */
static void test_nonce(void **state)
{
    (void)state;
    char h1[OB_AUTH_NONCE_HEX], h2[OB_AUTH_NONCE_HEX];
    uint8_t rec[OB_META_LEN], d[OB_SHA256_LEN], sig[OB_AUTH_SIG_LEN];
    ob_jstate st;
    memset(&st, 0, sizeof st);
    st.seq = 40;
    memset(rec, 7, sizeof rec);
    ob_auth_init(&A, &st, (const uint8_t *)"x", 1);
    ob_auth_issue(&A, 0, h1);
    ob_auth_issue(&A, 0, h2);
    assert_string_not_equal(h1, h2);
    ob_auth_digest(A.nonce, rec, d);
    assert_int_equal(ob_hostkey_sign_digest(fx_k1, d, sig), OB_OK);
    assert_int_equal(ob_auth_check(&A, &fx_ring, rec, sig, 10), OB_OK);
    assert_int_equal(ob_auth_check(&A, &fx_ring, rec, sig, 10), OB_ERR_AUTH_REFUSED);
    ob_auth_issue(&A, 100, h1);
    ob_auth_digest(A.nonce, rec, d);
    assert_int_equal(ob_hostkey_sign_digest(fx_k1, d, sig), OB_OK);
    sig[5] ^= 1;
    assert_int_equal(ob_auth_check(&A, &fx_ring, rec, sig, 100), OB_ERR_AUTH_REFUSED);
    sig[5] ^= 1;
    assert_int_equal(ob_auth_check(&A, &fx_ring, rec, sig, 100), OB_ERR_AUTH_REFUSED); /* consumed */
    /* another seed, or the same seed after a journal record: another sequence */
    ob_auth_init(&A, &st, (const uint8_t *)"x", 1);
    ob_auth_issue(&A, 0, h2);
    ob_auth_init(&A, &st, (const uint8_t *)"y", 1);
    ob_auth_issue(&A, 0, h1);
    assert_string_not_equal(h1, h2);
    st.seq++;
    ob_auth_init(&A, &st, (const uint8_t *)"x", 1);
    ob_auth_issue(&A, 0, h1);
    assert_string_not_equal(h1, h2);
    st.seq--;
    ob_auth_init(&A, &st, (const uint8_t *)"x", 1);
    ob_auth_issue(&A, 0, h1);
    assert_string_equal(h1, h2); /* a port without entropy: only the journal tells boots apart */
}

/* The test vector of docs/SPEC.md "Authorization". */
static void test_vector(void **state)
{
    (void)state;
    uint8_t nonce[OB_AUTH_NONCE_LEN], rec[OB_META_LEN], d[OB_SHA256_LEN], sig[OB_AUTH_SIG_LEN];
    char hex[2 * OB_SHA256_LEN + 1], why[200];
    for (unsigned i = 0; i < OB_AUTH_NONCE_LEN; i++)
        nonce[i] = (uint8_t)i;
    for (int i = 0; i < OB_META_LEN; i++)
        rec[i] = (uint8_t)i;
    ob_auth_digest(nonce, rec, d);
    for (int i = 0; i < OB_SHA256_LEN; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
    assert_string_equal(hex, "1beae8b7a8326182a96beea70273d738db02a2bd5deb585d14907f0de4830d88");
    ob_hostkey *k = ob_hostkey_load("tests/keys/test-only-a.pem", 1, why, sizeof why);
    assert_non_null(k);
    assert_int_equal(ob_hostkey_sign_digest(k, d, sig), OB_OK);
    char line[OB_AUTH_LINE_MAX];
    ob_auth_format_line(sig, line);
    assert_string_equal(line, "AUTH 048c07c3168831c97f214d18fc46dbed64d469e673cb28167770d0ffa83fc08351772b9d4cc3198bbd707992ce43408ac1fdb6f2d95289fd7e8e22c74a106034\n");
    ob_keyring r;
    memset(&r, 0, sizeof r);
    r.count = 1;
    assert_int_equal(ob_hostkey_public(k, r.keys[0].pub), OB_OK);
    uint8_t parsed[OB_AUTH_SIG_LEN];
    assert_int_equal(ob_auth_parse_line(line, strlen(line) - 1, parsed), OB_OK);
    ob_jstate st;
    memset(&st, 0, sizeof st);
    ob_auth_init(&A, &st, (const uint8_t *)"v", 1);
    ob_auth_issue(&A, 0, hex);
    memcpy(A.nonce, nonce, sizeof nonce);
    assert_int_equal(ob_auth_check(&A, &r, rec, parsed, 0), OB_OK);
    ob_hostkey_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyless_replay_erases_nothing),
        cmocka_unit_test(test_proof_single_use_bound),
        cmocka_unit_test(test_rescue_after_failed_install),
        cmocka_unit_test(test_already_installed),
        cmocka_unit_test(test_development_board_unchanged),
        cmocka_unit_test(test_nonce),
        cmocka_unit_test(test_vector),
    };
    return cmocka_run_group_tests_name("auth", tests, fx_keys_setup, fx_keys_teardown);
}
