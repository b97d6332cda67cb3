/* SPDX-License-Identifier: Apache-2.0 */
/* The update receiver (core/receiver.c) on a simulated board, for the fuzz
 * targets: one transfer, fed in chunks of arbitrary sizes, checked.
 *
 * params[0]: board layout (index into ob_all_layouts, modulo their number);
 *            the receiver runs in the layout's mode (direct, or slot for the
 *            slot and rollback profiles)
 * params[1]: bit 0 the target's own (rx_run ignores it); bit 1 no dry-run
 *            window; bit 2 flash not memory-mapped; bit 3 a confirmed
 *            application with security counter params[2] is recorded in the
 *            journal; bit 4 an update is already sealed; rollback profile:
 *            bit 5 the confirmed application has its copy in the slot (the
 *            kept image: the transfer goes into slot2), bit 6 and then a
 *            newer image from slot2 is on trial (the transfer is refused)
 * params[2..3]: seed of the chunk sizes (0..2048 bytes, empty feeds included)
 * Properties, besides no crash and no sanitizer report:
 *  - the verdict is OB_OK or one of the receiver's documented rejections,
 *    never a flash error (the receiver must not program what it did not erase)
 *    and ob_receiver_answer is the matching one line;
 *  - no erase or program outside the slots and the journal in slot mode, nor
 *    in the slot holding the image kept to go back to (rollback profile), and
 *    outside the application area and the journal in direct mode (the hook
 *    aborts at the first such operation);
 *  - a rejection decided in the header (authorization included) erases nothing;
 *  - the journal reads back as the receiver left it, and a rejected transfer
 *    seals nothing;
 *  - an accepted transfer is something bl1 (with the same keys) installs:
 *    running bl1 afterwards starts the new application as a trial, whose
 *    bytes hash to what the journal recorded.
 * Only what the last run touched is restored before the next one. */
#ifndef OB_FUZZ_RXBOARD_H
#define OB_FUZZ_RXBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "receiver.h"
#include "sig.h"

/* The layout params[0] picks. */
const ob_layout *rx_layout(uint8_t pick);
/* Runs the stream p[0, n) through the receiver (keys NULL: a board without
 * keys) and bl1; aborts on a broken property. Returns the verdict.
 * vouched: the stream's signature may vouch for a malformed deflate stream,
 * trailer or raw image; without a dry-run window the slot receiver cannot see
 * that (receiver.h), so bl1 may then refuse to start what was accepted (it
 * must still never start anything but the recorded image). */
int rx_run(const uint8_t params[4], const uint8_t *p, size_t n, const ob_keyring *keys, int vouched,
           const uint8_t *proof);
/* The nonce every run's receiver holds (the same each time), for a proof of
 * an owner key (core/auth.h): given as proof to rx_run, it lets an image
 * past the authorization a board with keys asks in the direct profile;
 * NULL: no proof (such a board then refuses with OB_ERR_AUTH_REQUIRED,
 * nothing erased). */
void rx_nonce(uint8_t nonce[OB_AUTH_NONCE_LEN]);

#endif
