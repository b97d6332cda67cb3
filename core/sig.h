/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: image authenticity. ECDSA P-256 over SHA-256 of the metadata
 * record's first 116 bytes (which hold the hashes of the compressed payload
 * and of the raw image), so verifying the record authenticates the whole
 * image once the payload hash is checked. docs/SPEC.md, "Signature". */
#ifndef OB_SIG_H
#define OB_SIG_H

#include "image.h"

#define OB_MAX_KEYS 4 /* so keys can be rotated: old and new side by side */

typedef struct {
    uint8_t id[8];               /* first 8 bytes of SHA-256 of pub */
    uint8_t pub[OB_PUBKEY_LEN];
} ob_pubkey;

typedef struct ob_keyring {
    uint8_t count;
    ob_pubkey keys[OB_MAX_KEYS];
} ob_keyring;

/* key id = first 8 bytes of SHA-256 of the 65-byte public key. */
void ob_key_id(const uint8_t pub[OB_PUBKEY_LEN], uint8_t id[8]);

/* Checks the signature of a metadata record (OB_META_LEN bytes as received).
 * keys NULL: a development board, every image is accepted (OB_OK).
 * Otherwise: OB_ERR_UNSIGNED (sig_type none), OB_ERR_UNKNOWN_KEY (key id not
 * in the ring), OB_ERR_SIGNATURE (anything else that does not verify,
 * including a non-canonical high-S signature), or OB_OK. */
int ob_sig_check(const ob_keyring *keys, const uint8_t rec[OB_META_LEN]);

/* The digest that is signed: SHA-256 of rec[0, OB_META_SIGNED_LEN). */
void ob_sig_digest(const uint8_t rec[OB_META_LEN], uint8_t digest[OB_SHA256_LEN]);

/* The backend, ob_ecdsa_p256_verify, is the port's: core/ob_port.h. */

#endif
