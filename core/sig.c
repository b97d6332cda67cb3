/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: image signature policy (see sig.h). */
#include "sig.h"

#include <string.h>

void ob_key_id(const uint8_t pub[OB_PUBKEY_LEN], uint8_t id[8])
{
    uint8_t d[OB_SHA256_LEN];
    ob_sha256(pub, OB_PUBKEY_LEN, d);
    memcpy(id, d, 8);
}

void ob_sig_digest(const uint8_t rec[OB_META_LEN], uint8_t digest[OB_SHA256_LEN])
{
    ob_sha256(rec, OB_META_SIGNED_LEN, digest);
}

int ob_sig_check(const ob_keyring *keys, const uint8_t rec[OB_META_LEN])
{
    /* record offsets: docs/SPEC.md "Metadata record" */
    enum { SIG_TYPE = 104, KEY_ID = 108, SIG = 116 };
    uint8_t digest[OB_SHA256_LEN];
    if (!keys)
        return OB_OK;
    if (rec[SIG_TYPE] == OB_SIG_NONE)
        return OB_ERR_UNSIGNED;
    if (rec[SIG_TYPE] != OB_SIG_ECDSA_P256)
        return OB_ERR_SIGNATURE;
    for (uint8_t i = 0; i < keys->count && i < OB_MAX_KEYS; i++) {
        if (memcmp(keys->keys[i].id, rec + KEY_ID, 8) != 0)
            continue;
        ob_sig_digest(rec, digest);
        return ob_ecdsa_p256_verify(keys->keys[i].pub, digest, rec + SIG) == OB_OK ? OB_OK : OB_ERR_SIGNATURE;
    }
    return OB_ERR_UNKNOWN_KEY;
}
