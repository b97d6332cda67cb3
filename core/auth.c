/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: proof of an owner key (see auth.h). */
#include "auth.h"

#include <string.h>

#include "receiver.h"
#include "sig.h"

static void chain(ob_auth *a, const uint8_t *p, size_t n)
{
    ob_sha256_ctx c;
    ob_sha256_init(&c);
    ob_sha256_update(&c, a->pool, sizeof a->pool);
    ob_sha256_update(&c, p, n);
    ob_sha256_final(&c, a->pool);
}

void ob_auth_init(ob_auth *a, const ob_jstate *st, const uint8_t *seed, size_t n)
{
    uint8_t seq[4];
    memset(a, 0, sizeof *a);
    ob_put_le32(seq, st->seq);
    chain(a, seq, sizeof seq);
    chain(a, seed, n);
}

/* 2n lowercase hex digits, no NUL. */
static void tohex(const uint8_t *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2u * i] = digits[p[i] >> 4];
        out[2u * i + 1u] = digits[p[i] & 15u];
    }
}

void ob_auth_start(ob_auth *a, const ob_jstate *st, ob_platform *p, uint32_t now_ms)
{
    uint8_t seed[32];
    memset(seed, 0, sizeof seed);
    if (p && p->entropy)
        p->entropy(p, seed, sizeof seed);
    ob_put_le32(seed, ob_get_le32(seed) ^ now_ms);
    ob_auth_init(a, st, seed, sizeof seed);
}

void ob_auth_issue(ob_auth *a, uint32_t now_ms, char hex[OB_AUTH_NONCE_HEX])
{
    uint8_t ctr[8], out[OB_SHA256_LEN];
    ob_sha256_ctx c;
    ob_put_le32(ctr, ++a->issued);
    ob_put_le32(ctr + 4, now_ms);
    /* nonce = H(pool || "N" || ctr), then the pool moves on: a nonce tells
     * nothing about the next one. */
    ob_sha256_init(&c);
    ob_sha256_update(&c, a->pool, sizeof a->pool);
    ob_sha256_update(&c, "N", 1);
    ob_sha256_update(&c, ctr, sizeof ctr);
    ob_sha256_final(&c, out);
    chain(a, ctr, sizeof ctr);
    memcpy(a->nonce, out, OB_AUTH_NONCE_LEN);
    a->live = 1;
    a->issued_ms = now_ms;
    tohex(a->nonce, OB_AUTH_NONCE_LEN, hex);
    hex[(size_t)OB_AUTH_NONCE_LEN * 2u] = '\0';
}

void ob_auth_digest(const uint8_t nonce[OB_AUTH_NONCE_LEN], const uint8_t rec[OB_META_LEN],
                    uint8_t digest[OB_SHA256_LEN])
{
    uint8_t meta[OB_SHA256_LEN];
    ob_sha256_ctx c;
    ob_sig_digest(rec, meta);
    ob_sha256_init(&c);
    ob_sha256_update(&c, OB_AUTH_TAG, sizeof OB_AUTH_TAG - 1);
    ob_sha256_update(&c, nonce, OB_AUTH_NONCE_LEN);
    ob_sha256_update(&c, meta, sizeof meta);
    ob_sha256_final(&c, digest);
}

int ob_auth_check(ob_auth *a, const ob_keyring *keys, const uint8_t rec[OB_META_LEN],
                  const uint8_t sig[OB_AUTH_SIG_LEN], uint32_t now_ms)
{
    uint8_t digest[OB_SHA256_LEN];
    int live = a->live && now_ms - a->issued_ms < OB_AUTH_TTL_MS;
    a->live = 0; /* single use */
    if (!live || !keys)
        return OB_ERR_AUTH_REFUSED;
    ob_auth_digest(a->nonce, rec, digest);
    memset(a->nonce, 0, sizeof a->nonce);
    for (uint8_t i = 0; i < keys->count && i < OB_MAX_KEYS; i++)
        if (ob_ecdsa_p256_verify(keys->keys[i].pub, digest, sig) == OB_OK)
            return OB_OK;
    return OB_ERR_AUTH_REFUSED;
}

int ob_auth_required(const ob_keyring *keys, int mode, const ob_jstate *st)
{
    if (!keys)
        return 0; /* development board: documented, unchanged */
    if (mode == OB_RX_VIA_RESCUE)
        return 1;
    if (mode == OB_RX_DIRECT)
        return st->app_status != OB_APP_INSTALLING && st->app_status != OB_APP_FAILED;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* n bytes from 2n hex digits; 0 on a non-hex character. */
static int unhex(const char *hex, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int h = hexval(hex[2u * i]), l = hexval(hex[2u * i + 1u]);
        if (h < 0 || l < 0)
            return 0;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return 1;
}

void ob_auth_format_line(const uint8_t sig[OB_AUTH_SIG_LEN], char line[OB_AUTH_LINE_MAX])
{
    const size_t pre = sizeof OB_AUTH_LINE_PREFIX - 1u;
    memcpy(line, OB_AUTH_LINE_PREFIX, pre);
    tohex(sig, OB_AUTH_SIG_LEN, line + pre);
    line[pre + (size_t)OB_AUTH_SIG_LEN * 2u] = '\n';
    line[pre + (size_t)OB_AUTH_SIG_LEN * 2u + 1u] = '\0';
}

int ob_auth_nonce_parse(const char *hex, uint8_t nonce[OB_AUTH_NONCE_LEN])
{
    return strlen(hex) == (size_t)OB_AUTH_NONCE_LEN * 2u && unhex(hex, nonce, OB_AUTH_NONCE_LEN) ? OB_OK : OB_ERR_ARG;
}

int ob_auth_parse_line(const char *line, size_t len, uint8_t sig[OB_AUTH_SIG_LEN])
{
    const size_t pre = sizeof OB_AUTH_LINE_PREFIX - 1u;
    if (len && line[len - 1u] == '\r')
        len--;
    if (len != pre + (size_t)OB_AUTH_SIG_LEN * 2u || memcmp(line, OB_AUTH_LINE_PREFIX, pre) != 0 ||
        !unhex(line + pre, sig, OB_AUTH_SIG_LEN))
        return OB_ERR_AUTH_FORMAT;
    return OB_OK;
}
