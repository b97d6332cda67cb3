/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: proof of an owner key for installs that erase the application
 * (docs/SIGNING.md "Authorized installs", docs/SPEC.md "Authorization").
 *
 * A signed image is public once released, so its signature alone cannot stop
 * a peer from replaying it, cut short, into a board whose install erases the
 * running application (the direct profile). There the board asks for more:
 * the sender first reads a fresh nonce from the STATUS line, then opens the
 * transfer with the line "AUTH <128 hex digits>\n", an ECDSA P-256 signature
 * (r || s, low-S) by one of the board's keys over
 *   SHA-256("otaboot-auth-v1\n" || nonce (16 bytes) || SHA-256(metadata[0, 116)))
 * that is, over this nonce and this image. A nonce is used once: the first
 * check consumes it, whatever its outcome; a newer STATUS replaces it; it
 * expires OB_AUTH_TTL_MS after it was given. Nonces come from a hash chain
 * over a seed the port gathers from its entropy source at start-up.
 * Portable: no clock, no RNG of its own; the caller passes the time. */
#ifndef OB_AUTH_H
#define OB_AUTH_H

#include "image.h"
#include "journal.h"
#include "verify.h"

struct ob_keyring;

#define OB_AUTH_NONCE_LEN 16u
#define OB_AUTH_NONCE_HEX 33u /* 2 * OB_AUTH_NONCE_LEN hex digits and the NUL */
#define OB_AUTH_SIG_LEN 64u
#define OB_AUTH_TTL_MS 60000u
#define OB_AUTH_TAG "otaboot-auth-v1\n" /* 16 bytes, domain separation from image signatures */
#define OB_AUTH_LINE_PREFIX "AUTH "
/* "AUTH " + 2 * OB_AUTH_SIG_LEN hex digits + "\r\n" (or "\n" and the NUL) */
#define OB_AUTH_LINE_MAX 135u

typedef struct {
    uint8_t pool[OB_SHA256_LEN]; /* hash-chain state, from the seed */
    uint32_t issued;             /* nonces given so far */
    uint8_t nonce[OB_AUTH_NONCE_LEN];
    uint8_t live;                /* 1: nonce given and not used yet */
    uint32_t issued_ms;
} ob_auth;

/* Seeds the nonce generator with n bytes from the port's entropy source
 * (docs/SIGNING.md "Entropy" lists the source of each port) and the journal's
 * sequence number. The sequence rises with every accepted proof (it journals
 * a rescue request or an install), so even a port without entropy never
 * gives a nonce again for which a proof was accepted, across resets. */
void ob_auth_init(ob_auth *a, const ob_jstate *st, const uint8_t *seed, size_t n);

/* The same, as a service starts: 32 bytes from the platform's entropy (p or
 * p->entropy NULL: none, a port without a source) mixed with the clock now. */
void ob_auth_start(ob_auth *a, const ob_jstate *st, ob_platform *p, uint32_t now_ms);

/* Gives a fresh nonce (replacing any earlier one) and writes it as 32
 * lowercase hex digits into hex. */
void ob_auth_issue(ob_auth *a, uint32_t now_ms, char hex[OB_AUTH_NONCE_HEX]);

/* The digest the sender signs, for a nonce and a metadata record. */
void ob_auth_digest(const uint8_t nonce[OB_AUTH_NONCE_LEN], const uint8_t rec[OB_META_LEN],
                    uint8_t digest[OB_SHA256_LEN]);

/* Checks a proof for this record. Consumes the nonce (whatever the result).
 * OB_OK, or OB_ERR_AUTH_REFUSED: no live nonce, expired, key not in the ring
 * or a signature that does not verify. keys must not be NULL. */
int ob_auth_check(ob_auth *a, const struct ob_keyring *keys, const uint8_t rec[OB_META_LEN],
                  const uint8_t sig[OB_AUTH_SIG_LEN], uint32_t now_ms);

/* Whether a transfer must carry a proof: only on a board with keys, and only
 * where accepting the image's header would lead to erasing an application
 * that may still be good (the direct profile: the application's request for
 * rescue, and rescue itself while the journal does not say the application
 * is gone). mode is an ob_rx_mode. */
int ob_auth_required(const struct ob_keyring *keys, int mode, const ob_jstate *st);

/* Writes the line "AUTH <128 hex digits>\n" and its NUL (OB_AUTH_LINE_MAX bytes
 * in all: the line without "\r", plus the NUL). */
void ob_auth_format_line(const uint8_t sig[OB_AUTH_SIG_LEN], char line[OB_AUTH_LINE_MAX]);

/* Parses the 32 hex digits of a nonce (a STATUS line's nonce=). OB_OK or OB_ERR_ARG. */
int ob_auth_nonce_parse(const char *hex, uint8_t nonce[OB_AUTH_NONCE_LEN]);

/* Parses "AUTH <128 hex>" (line without its "\n"; a trailing "\r" is
 * tolerated). OB_OK or OB_ERR_AUTH_FORMAT. */
int ob_auth_parse_line(const char *line, size_t len, uint8_t sig[OB_AUTH_SIG_LEN]);

#endif
