/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the status query and its answer (docs/SPEC.md, "The status line").
 *
 * On the update port a client may send a short text query instead of an
 * image: "STATUS\n". A gzip member always
 * starts with 0x1f (RFC 1952, ID1), so the service tells the two apart by the
 * first byte. The answer to STATUS is one line of space-separated key=value
 * pairs after the word "otaboot", e.g.
 *   otaboot board=nucleo-f429zi profile=slot running=app version=1.2.0
 *   app=confirmed trials=0 update=none counter=0 reason=0 transfer=none
 * (one line on the wire); after bl1 went back from a failed update to the
 * previous application, " rolled_back=<the version given up>",
 * and on a board that needs a proof of an owner key
 * for some installs, " nonce=<32 hex digits>" at the end. Portable: the
 * firmware agent and the host share it. */
#ifndef OB_STATUS_H
#define OB_STATUS_H

#include "journal.h"

#define OB_STATUS_QUERY "STATUS"
#define OB_QUERY_MAX 16        /* longest query line the service buffers, newline included */
#define OB_STATUS_LINE_MAX 296 /* longest answer line, without newline, plus its NUL */

typedef enum { OB_RUN_APP = 0, OB_RUN_RESCUE = 1 } ob_running;

typedef struct {
    char board[OB_BOARD_NAME_MAX];
    ob_profile profile;
    ob_running running;
    int has_version;          /* 0: the journal holds no record of the application */
    uint32_t version;         /* of the application in the application area */
    uint8_t app_status;       /* OB_APP_* */
    uint8_t trials;
    int pending;              /* a sealed update waits for the next reset */
    uint32_t update_version;  /* its version, when pending */
    uint32_t counter;         /* stored security counter */
    int32_t reason;           /* last FAIL/REJECT reason (an ob_err), 0 if none */
    int receiving;            /* an image is being received (on another connection) */
    uint32_t received;        /* its bytes so far */
    uint32_t expected;        /* its size from its header; 0: not known yet */
    int rolled_back;          /* bl1 went back to this application from a newer one that failed */
    uint32_t rollback_from;   /* the version given up, when rolled_back (0.0.0: a plain-gzip image) */
    char nonce[33];           /* optional: 32 lowercase hex digits of a fresh nonce
                                 (core/auth.h), "" when the board gives none */
} ob_status;

/* Fills s from a board's layout, its journal state and what is running. */
void ob_status_from_journal(ob_status *s, const ob_layout *l, const ob_jstate *st, ob_running running);

/* Writes the answer line (no newline) into buf. Returns its length, or
 * OB_ERR_ARG for NULL arguments, a board name that is not [a-z0-9-]{1,15},
 * an unknown profile, running or app_status, or a cap too small for the line
 * (cap >= OB_STATUS_LINE_MAX always suffices). */
int ob_status_format(const ob_status *s, char *buf, size_t cap);

/* Parses an answer line (a trailing "\r\n" or "\n" is allowed). Keys may come
 * in any order; unknown keys are ignored so later versions can add some;
 * every key listed above is required, once, except transfer, rolled_back
 * and nonce (absent: none). Returns OB_OK, or OB_ERR_ARG for
 * NULL arguments, a line not starting with "otaboot ", a missing, repeated or
 * malformed key or value, or a line of OB_STATUS_LINE_MAX bytes or more. */
int ob_status_parse(const char *line, ob_status *s);

/* Which query a received line is (without its newline, "\r" tolerated):
 * 1 STATUS, 0 none. (No network reset is offered: docs/SPEC.md.) */
#define OB_QUERY_NONE 0
#define OB_QUERY_STATUS 1
int ob_query_kind(const char *line, size_t len);

const char *ob_running_name(ob_running r);

#endif
