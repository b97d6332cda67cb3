/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the boot journal.
 *
 * Two dedicated sectors used in turn. Records are fixed-size (256 bytes),
 * appended, never rewritten; each carries a sequence number and a CRC32 in its
 * last word, which is programmed last, so a torn record is recognised and
 * ignored. When the active sector is full, the current state is written as a
 * SNAPSHOT record into the other (freshly erased) sector before the old one is
 * erased. Reading picks the sector holding the valid record with the highest
 * sequence number and replays it from its snapshot. docs/SPEC.md gives the
 * byte layout.
 *
 * A lost record (a flipped bit, a bad program) fails closed: every record
 * carries the stored security counter, the records that describe the
 * application or raise the counter, and the snapshot, are written twice, and
 * a replay that finds more lost than one record sets history_lost. */
#ifndef OB_JOURNAL_H
#define OB_JOURNAL_H

#include "layout.h"
#include "verify.h"

#define OB_JREC_SIZE 256u
#define OB_JREC_MAGIC 0x524A424Fu /* "OBJR" little-endian */

enum {
    OB_JREC_RECV_START = 1,    /* a transfer began overwriting the slot: any seal is gone */
    OB_JREC_SEAL = 2,          /* body: ob_jimage of the verified update in the slot */
    OB_JREC_INSTALL_START = 3, /* body: ob_jimage being installed into the app area */
    OB_JREC_INSTALL_DONE = 4,  /* the app area holds that image, read back and verified (optional body: ob_jimage) */
    OB_JREC_TRIAL_BOOT = 5,    /* bl1 started the trial image once more */
    OB_JREC_CONFIRM = 6,       /* the running image confirmed itself */
    OB_JREC_FAIL = 7,          /* the app is unusable (body: reason); bl1 boots rescue */
    OB_JREC_REJECT = 8,        /* bl1 found the sealed update invalid (body: reason) */
    OB_JREC_RESCUE_REQUEST = 9,/* the app asks bl1 to start rescue once (direct profile updates) */
    OB_JREC_RESCUE_ACK = 10,   /* bl1 honoured the request: rescue runs on the application's request */
    OB_JREC_ROLLBACK = 11,     /* bl1 gives the app up and re-installs prev (body: reason) */
    OB_JREC_SNAPSHOT = 15      /* body: the whole state */
};

enum {
    OB_APP_UNKNOWN = 0,   /* nothing recorded (erased board, or an app flashed by a debugger) */
    OB_APP_INSTALLING = 1,
    OB_APP_TRIAL = 2,
    OB_APP_CONFIRMED = 3,
    OB_APP_FAILED = 4
};

#define OB_JIMG_PLAIN 0x1u  /* plain gzip (development boards): trust rests on the seal */
#define OB_JIMG_DIRECT 0x2u /* written straight into the app area (direct profile) */
#define OB_JIMG_SLOT2 0x4u  /* the payload went into slot2 (rollback profile), else into slot */
#define OB_JIMG_ROLLBACK 0x8u /* re-installed by a rollback: confirmed once installed */

/* rescue_request: NONE; REQUESTED by the application (RESCUE_REQUEST), bl1
 * starts rescue at the next boot; RUNNING: bl1 acknowledged it (RESCUE_ACK)
 * and started rescue, and nothing was recorded since. Any later record ends
 * RUNNING, so rescue (and the application it returns to) reads "rescue was
 * entered on request and nothing has happened since" from the journal alone. */
#define OB_RESCUE_NONE 0u
#define OB_RESCUE_REQUESTED 1u
#define OB_RESCUE_RUNNING 2u

/* What the journal knows of one image. 84 bytes on flash. */
typedef struct {
    uint32_t payload_len;                  /* compressed payload bytes stored in the slot (0: direct) */
    uint8_t payload_sha256[OB_SHA256_LEN]; /* of those bytes */
    uint32_t raw_size;
    uint8_t raw_sha256[OB_SHA256_LEN];
    uint32_t fw_version;
    uint32_t security_counter;
    uint32_t flags;                        /* OB_JIMG_* */
} ob_jimage;

typedef struct {
    uint32_t seq;          /* sequence number of the last valid record; 0: empty journal */
    uint8_t app_status;    /* OB_APP_* */
    uint8_t trials;        /* trial boots started since INSTALL_DONE */
    uint8_t pending;       /* 1: a sealed update waits in the slot */
    uint8_t rescue_request; /* OB_RESCUE_* */
    uint8_t history_lost;  /* 1: records were lost; what the app area holds is unknown until
                            * the next INSTALL_START, and bl1 starts no application */
    uint8_t rolled_back;   /* 1: the last install was a rollback (until the next update installs) */
    uint8_t unused[2];     /* always 0 (states are compared with memcmp) */
    uint32_t security_counter; /* stored security counter: rises only on CONFIRM */
    int32_t last_reason;   /* reason of the last FAIL, REJECT or ROLLBACK (an ob_err), 0 if none */
    uint32_t rollback_from; /* when rolled_back: the version of the image given up (0: plain) */
    ob_jimage app;         /* the image app_status speaks of */
    ob_jimage seal;        /* the pending update when pending, all zero otherwise */
    /* rollback profile: the previous confirmed image, kept in its slot while
     * a newer one installs or is on trial; all zero when there is none. Set
     * by an INSTALL_START over a confirmed app whose copy is in the other
     * slot, cleared by CONFIRM, ROLLBACK and SEAL (never set while pending). */
    ob_jimage prev;
} ob_jstate;

typedef struct {
    ob_flash *flash;
    ob_region sectors[2];
    uint8_t active;        /* sector holding the current state */
    uint32_t next_off;     /* offset of the next free record in the active sector */
    /* 1: the active sector's one valid record is a snapshot whose twin was
     * never written, and the other sector still holds the history it was
     * made from: that history is the state's second copy, so the next
     * compaction rebuilds the active sector instead of erasing it */
    uint8_t single;
    ob_jstate st;
} ob_journal;

/* Reads both sectors and rebuilds the state. Never fails on bad content
 * (garbage and torn records are ignored); fails only if flash reads fail. */
int ob_journal_open(ob_journal *j, ob_flash *f, const ob_layout *l);

/* Appends one record (compacting first when the active sector is full) and
 * applies it to j->st; INSTALL_START, INSTALL_DONE and CONFIRM are written
 * twice. body_len <= OB_JREC_BODY_MAX. On a flash error the in-memory state
 * is reloaded from flash, so it never claims what is not there. */
#define OB_JREC_BODY_MAX 236u
int ob_journal_append(ob_journal *j, uint8_t type, const void *body, uint32_t body_len);

/* Typed helpers over ob_journal_append. */
int ob_journal_recv_start(ob_journal *j);
int ob_journal_seal(ob_journal *j, const ob_jimage *img);
int ob_journal_install_start(ob_journal *j, const ob_jimage *img);
/* img: the installed image's final description (direct installs learn their
 * hashes only at the end); NULL keeps the one from INSTALL_START. */
int ob_journal_install_done(ob_journal *j, const ob_jimage *img);
int ob_journal_trial_boot(ob_journal *j);
int ob_journal_confirm(ob_journal *j);
int ob_journal_fail(ob_journal *j, int reason);
int ob_journal_reject(ob_journal *j, int reason);
int ob_journal_rescue_request(ob_journal *j);
int ob_journal_rescue_ack(ob_journal *j);
int ob_journal_rollback(ob_journal *j, int reason);

/* The rollback point: prev if set, else the app when it is confirmed and its
 * compressed copy is in a slot; NULL if none. */
const ob_jimage *ob_jstate_rollback_point(const ob_jstate *st);
/* Which slot (0: slot, 1: slot2) the next transfer writes in a layout: in the
 * rollback profile the one not holding the rollback point (nor, without one,
 * the app's copy); slot otherwise. */
unsigned ob_jstate_update_slot(const ob_jstate *st, const ob_layout *l);
/* The slot that holds (or held) an image's payload. */
const ob_region *ob_jimage_slot(const ob_jimage *img, const ob_layout *l);

/* Pure replay step, exposed for tests and the fuzzer: applies one decoded
 * record to a state. Returns OB_OK, or OB_ERR_ARG for an unknown type. */
int ob_jstate_apply(ob_jstate *st, uint32_t seq, uint8_t type, const uint8_t *body);

/* Encodes/decodes the 84-byte image descriptor. */
#define OB_JIMAGE_LEN 84u
void ob_jimage_encode(const ob_jimage *img, uint8_t out[OB_JIMAGE_LEN]);
void ob_jimage_decode(const uint8_t in[OB_JIMAGE_LEN], ob_jimage *img);

const char *ob_app_status_name(uint8_t status);

#endif
