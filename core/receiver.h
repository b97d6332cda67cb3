/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update receiver, sans-IO.
 *
 * Bytes of one transfer go in through ob_receiver_feed in chunks of any size;
 * flash writes and journal records come out through the flash and journal it
 * was given; ob_receiver_finish at the end of the stream gives the verdict and
 * ob_receiver_answer the one line to send back:
 *   "Valid update file received", "Already installed" (the image is the
 *   confirmed application: nothing is erased) or "Update rejected: <reason>".
 * A board with keys needs the proof of an owner key (core/auth.h, carried by
 * the "AUTH" line before the image, core/session.h) before an install that
 * erases the application.
 *
 * Nothing is erased before the gzip header is complete and its metadata passed
 * every check against the board (identity, profile, load address, sizes), so
 * garbage, a wrong board or an oversized image cost no flash wear and never
 * touch a sealed update. The slot is erased just ahead of the data. The
 * application area and the last confirmed image are never touched in slot
 * mode. At the end the hashes are verified (and, when a RAM window is given,
 * a dry-run inflate checks CRC32, ISIZE, the raw-image hash and the vector
 * table) before the update is sealed in the journal. */
#ifndef OB_RECEIVER_H
#define OB_RECEIVER_H

#include "auth.h"
#include "flash_sink.h"
#include "image.h"
#include "inflate.h"
#include "journal.h"

struct ob_keyring;

typedef enum {
    OB_RX_SLOT = 0,   /* store into the update slot, seal for bl1 (slot profile) */
    OB_RX_DIRECT = 1, /* rescue in the direct profile: inflate straight into the app area */
    OB_RX_VIA_RESCUE = 2 /* the application in the direct profile: check the header (board,
                            sizes, signature, counter) and, if it passes, journal a rescue
                            request and end with OB_ERR_VIA_RESCUE: the caller answers and resets.
                            A header that fails is rejected as usual and nothing happens. */
} ob_rx_mode;

typedef struct {
    const ob_layout *layout;
    ob_flash *flash;
    ob_journal *journal;
    ob_rx_mode mode;
    uint8_t *window;        /* dry-run ring; >= 32768 bytes, a power of two. NULL: no dry run,
                               and plain gzip is refused (it cannot be checked) */
    uint32_t window_size;
    /* Signing keys; NULL: a development board, which takes unsigned images
     * and plain gzip without metadata (fully checked, and only with a dry-run
     * window in the slot profile). With keys, plain gzip is always refused. */
    const struct ob_keyring *keys;
    /* Installs that erase the application (ob_auth_required) need a proof
     * of an owner key (proof: OB_AUTH_SIG_LEN bytes) for the nonce auth gave
     * last; without either, such installs are refused on a board with keys. */
    ob_auth *auth;
    const uint8_t *proof;
    uint32_t now_ms;        /* when the transfer started, for the nonce's age */
} ob_receiver_cfg;

#define OB_RX_MORE 1 /* feed: keep sending */

typedef struct {
    ob_receiver_cfg cfg;
    uint8_t phase;          /* private: header, payload, trailer, done, failed */
    int err;                /* the verdict once failed or finished */
    uint32_t total_in;      /* bytes fed so far */
    uint32_t payload_in;    /* payload bytes received */
    uint32_t payload_max;   /* where the payload must end (metadata) or may end at most */
    ob_gzhdr hdr;
    ob_sha256_ctx payload_sha;
    const ob_region *slot;  /* slot mode: the slot this transfer writes (ob_jstate_update_slot) */
    ob_flash_sink out;      /* slot writer (slot mode) or app writer (direct mode) */
    uint8_t stage[256];
    /* dry run / direct inflate */
    int inflating;
    int inflate_done;
    ob_inflate inf;
    ob_window_sink win;
    ob_sha256_ctx raw_sha;
    uint32_t raw_crc;
    uint32_t raw_len;
    uint8_t vt[8];
    uint8_t trailer[8];
    uint8_t ntrailer;
    const uint8_t *cur;     /* chunk being fed (pull source) */
    size_t cur_len;
    int journal_touched;    /* RECV_START or INSTALL_START written */
    char answer[160];       /* the line for the sender, once decided */
} ob_receiver;

void ob_receiver_init(ob_receiver *r, const ob_receiver_cfg *cfg);
/* Returns OB_RX_MORE while the transfer may go on, OB_OK when the image is
 * complete (feed nothing more; call finish), or the error that rejects it
 * (final: later calls return it again). */
int ob_receiver_feed(ob_receiver *r, const uint8_t *p, size_t n);
/* End of stream: verifies and seals. OB_OK or the reason. Idempotent. */
int ob_receiver_finish(ob_receiver *r);
/* The line for the sender (no newline). */
const char *ob_receiver_answer(const ob_receiver *r);
/* Metadata of the image, once the header was accepted (NULL before or for plain gzip). */
const ob_meta *ob_receiver_meta(const ob_receiver *r);

#define OB_ANSWER_OK "Valid update file received"
#define OB_ANSWER_REJECT_PREFIX "Update rejected: "

#endif
