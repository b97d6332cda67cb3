/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: signing keys (keygen, keyring, and --key options). */
#ifndef OTABOOT_KEYS_H
#define OTABOOT_KEYS_H

#include "hostkeys.h"
#include "sig.h"

/* Adds the public half of the PEM key at path (public or private key file)
 * to ring. Prints the reason and returns -1 on error, a full ring included. */
int keys_add(ob_keyring *ring, const char *path);

/* "0123abcd..." (16 hex digits) */
void keys_id_hex(const uint8_t id[8], char out[17]);

#endif
