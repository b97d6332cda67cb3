/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot firmware: what a signed build adds besides the ECDSA verifier
 * (port/firmware/ecdsa_p256m.c and p256-m): the keys (core/ob_port.h). */
#include "sig.h"

const ob_keyring *const ob_fw_keys = &ob_signing_keys;
