/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host port: P-256 keys and signing for the host tool and tests, on
 * Debian's libmbedcrypto. PEM files are interchangeable with OpenSSL's
 * (`openssl ecparam -name prime256v1 -genkey`, `openssl ec -pubout`). */
#ifndef OB_HOSTKEYS_H
#define OB_HOSTKEYS_H

#include "sig.h"

typedef struct ob_hostkey ob_hostkey; /* opaque: an mbedTLS pk context */

/* Loads a PEM (or DER) private key or public key. NULL on error, with a
 * one-line reason in why (at least 160 bytes). */
ob_hostkey *ob_hostkey_load(const char *path, int want_private, char *why, size_t whylen);
/* A new P-256 key pair from the system's entropy (or, seed != NULL, from a
 * deterministic DRBG seeded with it: tests only). */
ob_hostkey *ob_hostkey_generate(const char *seed);
void ob_hostkey_free(ob_hostkey *k);
/* The 65-byte uncompressed public point. */
int ob_hostkey_public(const ob_hostkey *k, uint8_t pub[OB_PUBKEY_LEN]);
/* Writes the private key (PEM, SEC1 "EC PRIVATE KEY", mode 0600) or the public key (PEM SPKI). */
int ob_hostkey_write_private(const ob_hostkey *k, const char *path);
int ob_hostkey_write_public(const ob_hostkey *k, const char *path);
/* The public key as PEM text into buf (NUL-terminated). */
int ob_hostkey_public_pem(const ob_hostkey *k, char *buf, size_t cap);
/* Signs a metadata record: sets sig_type, key_id and sig (deterministic
 * RFC 6979, low-S) so that ob_sig_check accepts it with this key's public half. */
int ob_hostkey_sign_meta(const ob_hostkey *k, ob_meta *m);
/* Signs a SHA-256 digest: r || s, deterministic (RFC 6979), low-S. */
int ob_hostkey_sign_digest(const ob_hostkey *k, const uint8_t digest[OB_SHA256_LEN], uint8_t sig[64]);

#endif
