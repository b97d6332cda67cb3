/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot firmware: the signature side of a development build (DEV_MODE=1,
 * no signing keys). No keyring: ob_sig_check accepts every image without
 * calling the backend (images are checked for integrity, not authenticity,
 * and bl1 says so on its console). The backend symbol still has to exist,
 * and must never vouch for anything if it were reached. A signed build
 * links port/firmware/signed.c, port/firmware/ecdsa_p256m.c and mbedTLS's
 * p256-m instead (mk/sources.mk, mk/crypto.mk). */
#include "sig.h"

const ob_keyring *const ob_fw_keys = 0;

int ob_ecdsa_p256_verify(const uint8_t pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                         const uint8_t sig[64])
{
    (void)pub;
    (void)digest;
    (void)sig;
    return OB_ERR_SIGNATURE;
}
