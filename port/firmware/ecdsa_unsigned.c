/* otaboot firmware: the signature backend of a build without signing keys.
 * ob_sig_check only calls ob_ecdsa_p256_verify when a keyring is configured;
 * these builds pass none (development mode: images are checked for integrity,
 * not authenticity, and bl1 says so on its console). The symbol still has to
 * exist, and must never vouch for anything if it were reached. A signed
 * firmware links port/mbedtls/ecdsa_mbedtls.c with mbedTLS's bignum, ecp,
 * ecp_curves and ecdsa instead. */
#include "sig.h"

int ob_ecdsa_p256_verify(const uint8_t pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                         const uint8_t sig[64])
{
    (void)pub;
    (void)digest;
    (void)sig;
    return OB_ERR_SIGNATURE;
}
