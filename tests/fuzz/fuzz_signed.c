/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: signed images into the receiver and bl1 of a board with
 * keys (rxboard.h), past the signature check.
 *
 * The harness builds the image from the input and signs its metadata with
 * the published test key tests/keys/test-only-a.pem (the board's key ring
 * holds its public half), so mutations of the firmware bytes, the metadata
 * and the flags below reach the payload, the install and the boot, not only
 * the signature check. Input:
 *   bytes 0-3: rxboard.h's parameters (the board holds the test key); bit 0
 *              of byte 1, the target's own, says: no proof of an owner key,
 *              else the harness proves key a for rxboard's nonce and this
 *              image
 *   byte 4: what the harness leaves as the input gives it instead of making
 *           it right: bit 0 the payload hash, bit 1 the raw size and hash,
 *           bit 2 the vector table (else: stack pointer at the end of RAM,
 *           reset handler in the application area), bit 3 the signature
 *           (else signed: sig_type, key id and signature are overwritten),
 *           bit 4 the deflate stream (else the firmware bytes are deflated
 *           with zlib), bit 5 the gzip trailer (CRC32, ISIZE), bit 6 the key
 *           (signed with test-only-b, which the board does not know); bit 7
 *           is not a flaw: the firmware is the rest of the input repeated up
 *           to 40 KiB (the last copy cut), so that a small input makes an
 *           image past the receiver's 32 KiB window (its dry run then reads
 *           back matches from a ring it has wrapped)
 *   byte 5: zlib level (0-9) and strategy
 *   bytes 6-9: firmware version; byte 10: security counter;
 *   bytes 11-19: gzip trailer and signature seeds used when kept (bits 3, 5)
 *   the rest: the firmware (or, with bit 4, the raw deflate stream)
 * Properties: rxboard.h's (with the signature vouching for whatever bits 1,
 * 2, 4 and 5 left malformed, and for a firmware too short for the vector
 * table or a layout without RAM to point it at), and an image the harness
 * made right in every way (all bits of byte 4 clear, sizes within the
 * layout, counter not below the board's) is accepted, installed and started.
 *
 * P-256 bounds this target: a new record (nearly every mutation changes its
 * hashes) costs a signature and a verification, milliseconds each. With
 * OB_FUZZ_FAST_SIG=1 in the environment both are replaced by a fuzz-only
 * keyed hash under the same key (fast_sig below): key ids, signature type,
 * the signed digest and every gate of the receiver and bl1 run as before,
 * only the P-256 arithmetic of Debian's mbedTLS does not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fuzz_util.h"
#include "hostkeys.h"
#include "rxboard.h"

#define MAX_IN 65536u
#define REPEAT_TO 40960u /* byte 4, bit 7 */

static uint8_t raw[MAX_IN];
static uint8_t image[MAX_IN * 2 + 1024];
static ob_hostkey *key[2];
static uint8_t pub[2][OB_PUBKEY_LEN];
static ob_keyring ring;
static int fast; /* OB_FUZZ_FAST_SIG=1 */

static void load_keys(void)
{
    static const char *const path[2] = {"tests/keys/test-only-a.pem", "tests/keys/test-only-b.pem"};
    char why[200];
    const char *e = getenv("OB_FUZZ_FAST_SIG");
    fast = e && e[0] == '1';
    for (int i = 0; i < 2; i++) {
        key[i] = ob_hostkey_load(path[i], 1, why, sizeof why);
        if (!key[i]) {
            fprintf(stderr, "fuzz_signed: %s (run from the repository root)\n", why);
            abort();
        }
        if (ob_hostkey_public(key[i], pub[i]) != OB_OK)
            abort();
    }
    ring.count = 1;
    memcpy(ring.keys[0].pub, pub[0], OB_PUBKEY_LEN);
    ob_key_id(ring.keys[0].pub, ring.keys[0].id);
}

/* The fuzz-only signature of a digest under a public key: SHA-256 of a
 * label, the key and the digest, then SHA-256 of that. Not a signature
 * scheme (anyone who knows the key can make it): it only stands in for P-256
 * where the harness is both signer and verifier; the mutator cannot make it. */
static void fast_sig(const uint8_t key_pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN], uint8_t sig[64])
{
    static const char label[] = "otaboot fuzz-only signature";
    ob_sha256_ctx c;
    ob_sha256_init(&c);
    ob_sha256_update(&c, label, sizeof label);
    ob_sha256_update(&c, key_pub, OB_PUBKEY_LEN);
    ob_sha256_update(&c, digest, OB_SHA256_LEN);
    ob_sha256_final(&c, sig);
    ob_sha256(sig, 32, sig + 32);
}

/* Signing costs a millisecond: the last signatures are kept, keyed by the
 * signed bytes, so inputs that differ only outside them do not pay it. */
typedef struct {
    uint8_t signed_part[OB_META_SIGNED_LEN + 1];
    uint8_t key_id[8], sig[64];
    int used;
} sig_memo;

static void sign(ob_meta *m, int k)
{
    if (fast) { /* as ob_hostkey_sign_meta, with fast_sig for P-256 */
        uint8_t rec[OB_META_LEN], digest[OB_SHA256_LEN];
        m->sig_type = OB_SIG_ECDSA_P256;
        ob_key_id(pub[k], m->key_id);
        memset(m->sig, 0, sizeof m->sig);
        ob_meta_encode(m, rec);
        ob_sig_digest(rec, digest);
        fast_sig(pub[k], digest, m->sig);
        return;
    }
    static sig_memo memo[64];
    uint8_t rec[OB_META_LEN];
    ob_meta t = *m;
    t.sig_type = OB_SIG_ECDSA_P256;
    memset(t.key_id, 0, sizeof t.key_id);
    memset(t.sig, 0, sizeof t.sig);
    ob_meta_encode(&t, rec);
    rec[OB_META_SIGNED_LEN] = (uint8_t)k; /* the key is part of the memo key */
    uint32_t h = ob_crc32(0, rec, OB_META_SIGNED_LEN + 1) % 64;
    sig_memo *e = &memo[h];
    if (!e->used || memcmp(e->signed_part, rec, sizeof e->signed_part)) {
        if (ob_hostkey_sign_meta(key[k], &t) != OB_OK)
            abort();
        memcpy(e->signed_part, rec, sizeof e->signed_part);
        memcpy(e->key_id, t.key_id, sizeof e->key_id);
        memcpy(e->sig, t.sig, sizeof e->sig);
        e->used = 1;
    }
    m->sig_type = OB_SIG_ECDSA_P256;
    memcpy(m->key_id, e->key_id, sizeof m->key_id);
    memcpy(m->sig, e->sig, sizeof m->sig);
}

/* The owner's proof (core/auth.h) for rxboard's nonce and this record, by
 * the board's key; kept like the signatures. */
static const uint8_t *prove(const ob_meta *m)
{
    static struct {
        uint8_t rec[OB_META_LEN], sig[OB_AUTH_SIG_LEN];
        int used;
    } memo[64];
    uint8_t rec[OB_META_LEN], nonce[OB_AUTH_NONCE_LEN], digest[OB_SHA256_LEN];
    ob_meta_encode(m, rec);
    uint32_t h = ob_crc32(0, rec, sizeof rec) % 64;
    if (!memo[h].used || memcmp(memo[h].rec, rec, sizeof rec)) {
        rx_nonce(nonce);
        ob_auth_digest(nonce, rec, digest);
        if (fast)
            fast_sig(pub[0], digest, memo[h].sig);
        else if (ob_hostkey_sign_digest(key[0], digest, memo[h].sig) != OB_OK)
            abort();
        memcpy(memo[h].rec, rec, sizeof rec);
        memo[h].used = 1;
    }
    return memo[h].sig;
}

/* Linked with -Wl,--wrap=ob_ecdsa_p256_verify: the same memo for the
 * verifications of the receiver and of bl1 (a pure function of its
 * arguments, so remembering a result changes nothing but the time), or the
 * fuzz-only check. */
int __real_ob_ecdsa_p256_verify(const uint8_t key_pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                                const uint8_t sig[64]);
int __wrap_ob_ecdsa_p256_verify(const uint8_t key_pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                                const uint8_t sig[64]);
int __wrap_ob_ecdsa_p256_verify(const uint8_t key_pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                                const uint8_t sig[64])
{
    static struct {
        uint8_t args[OB_PUBKEY_LEN + OB_SHA256_LEN + 64];
        int rc, used;
    } memo[64];
    uint8_t args[sizeof memo[0].args];
    if (fast) {
        uint8_t want[64];
        fast_sig(key_pub, digest, want);
        return memcmp(want, sig, sizeof want) == 0 ? OB_OK : OB_ERR_SIGNATURE;
    }
    memcpy(args, key_pub, OB_PUBKEY_LEN);
    memcpy(args + OB_PUBKEY_LEN, digest, OB_SHA256_LEN);
    memcpy(args + OB_PUBKEY_LEN + OB_SHA256_LEN, sig, 64);
    uint32_t h = ob_crc32(0, args, sizeof args) % 64;
    if (!memo[h].used || memcmp(memo[h].args, args, sizeof args)) {
        memo[h].rc = __real_ob_ecdsa_p256_verify(key_pub, digest, sig);
        memcpy(memo[h].args, args, sizeof args);
        memo[h].used = 1;
    }
    return memo[h].rc;
}

/* Raw deflate of raw[0, n) into out; returns its length. One stream for
 * the whole run, reset and given the level and strategy each time (setting
 * up a new one allocates and clears some 300 KiB). */
static size_t deflate_raw(const uint8_t *in, size_t n, uint8_t *out, size_t cap, uint8_t how)
{
    static const int strategies[4] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_FIXED};
    static z_stream z;
    static int ready;
    if (!ready && deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    ready = 1;
    if (deflateReset(&z) != Z_OK || deflateParams(&z, how % 10, strategies[how / 10 % 4]) != Z_OK)
        abort();
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        abort();
    return z.total_out;
}

/* What zlib inflates the raw deflate stream p[0, n) to (up to MAX_IN bytes). */
static size_t inflate_raw(const uint8_t *p, size_t n, uint8_t *out)
{
    size_t len, used;
    (void)zlib_inflate_raw(p, n, out, MAX_IN, &len, &used);
    return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 20 || size > MAX_IN)
        return 0;
    if (!key[0])
        load_keys();
    uint8_t params[4] = {data[0], (uint8_t)(data[1] & ~1u), data[2], data[3]};
    uint8_t keep = data[4];
    const ob_layout *l = rx_layout(params[0]);
    const uint8_t *body = data + 20;
    size_t blen = size - 20, rawlen;

    /* the firmware and the deflate stream (after the header in image[]) */
    uint8_t *payload = image + 512;
    size_t dlen;
    /* the harness writes a plausible vector table only where one fits */
    int vectors = !(keep & (4 | 16)) && blen >= 9 && l->nram;
    if (keep & 16) {
        rawlen = inflate_raw(body, blen, raw);
        memcpy(payload, body, blen);
        dlen = blen;
    } else {
        memcpy(raw, body, blen);
        rawlen = blen;
        /* repeated: each copy matches the one before it. What is there is
         * whole copies of the body, so copying it doubles them (a one-byte
         * body takes 16 steps, not 40,960). */
        if ((keep & 128) && blen)
            for (; rawlen < REPEAT_TO; rawlen += OB_MIN(rawlen, REPEAT_TO - rawlen))
                memcpy(raw + rawlen, raw, OB_MIN(rawlen, REPEAT_TO - rawlen));
        if (vectors) {
            ob_put_le32(raw, l->ram[0].base + l->ram[0].size);
            ob_put_le32(raw + 4, (l->app.addr + 8u) | 1u); /* just after the two vectors */
        }
        dlen = deflate_raw(raw, rawlen, payload, sizeof image - 512 - 8, data[5]);
    }
    if (keep & 32) {
        memcpy(payload + dlen, data + 11, 8);
    } else {
        ob_put_le32(payload + dlen, ob_crc32(0, raw, rawlen));
        ob_put_le32(payload + dlen + 4, (uint32_t)rawlen);
    }
    size_t plen = dlen + 8;

    ob_meta m;
    memset(&m, 0, sizeof m);
    m.version = OB_META_VERSION;
    m.profile = (uint8_t)l->profile;
    strncpy(m.board, l->board, sizeof m.board - 1);
    m.fw_version = ob_get_le32(data + 6);
    m.load_addr = l->app.addr;
    m.raw_size = (uint32_t)rawlen;
    m.payload_size = (uint32_t)plen;
    m.security_counter = data[10];
    if (keep & 1)
        memset(m.payload_sha256, data[19], sizeof m.payload_sha256);
    else
        ob_sha256(payload, plen, m.payload_sha256);
    if (keep & 2) {
        m.raw_size ^= data[18];
        memset(m.raw_sha256, data[18], sizeof m.raw_sha256);
    } else {
        ob_sha256(raw, rawlen, m.raw_sha256);
    }
    if (keep & 8) {
        m.sig_type = OB_SIG_ECDSA_P256;
        memcpy(m.key_id, ring.keys[0].id, sizeof m.key_id);
        memset(m.sig, data[17], sizeof m.sig);
    } else {
        sign(&m, (keep & 64) ? 1 : 0);
    }
    int hlen = ob_gz_write_header(&m, NULL, image, 512);
    if (hlen < 0)
        abort(); /* everything above is a well-formed record */
    memmove(image + hlen, payload, plen);

    /* bit 0 of byte 1 (the development bit, which a board with keys has
     * not): no proof of the owner key */
    int rc = rx_run(params, image, (size_t)hlen + plen, &ring, (keep & (2 | 16 | 32)) || !vectors,
                    (data[1] & 1) ? NULL : prove(&m));

    uint32_t board_counter = (params[1] & 8) ? params[2] : 0;
    int made_right = (keep & 0x7F) == 0 && vectors && rawlen <= l->app.size &&
                     (l->profile == OB_PROFILE_DIRECT || plen <= ob_layout_payload_max(l)) &&
                     m.security_counter >= board_counter &&
                     (l->profile != OB_PROFILE_DIRECT || !(data[1] & 1)) &&
                     /* rollback: a newer image on trial and the one before it kept fill both slots */
                     !(l->profile == OB_PROFILE_ROLLBACK && (params[1] & (8 | 32 | 64)) == (8 | 32 | 64));
    if (made_right && rc != OB_OK) {
        fprintf(stderr, "a signed image made right was refused: %s\n", ob_strerror(rc));
        abort();
    }
    return 0;
}
