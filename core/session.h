/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update port's connection logic, sans-IO.
 *
 * Every decision the update service makes about its TCP connections lives
 * here, once, for the firmware agent (agent/ob_agent.c, lwIP raw API) and the
 * virtual board (tools/otaboot/sim_service.c, POSIX sockets). Those two only
 * move bytes and report events; they cannot decide differently. This module
 * has no sockets, no lwIP, no clock and no malloc: the caller owns the
 * connection slots (ob_conn) and passes the time (milliseconds, any origin,
 * wrapping) into every call; a time that runs backwards counts as no time.
 *
 * Per connection:
 *   - the first byte decides: 0x1f (gzip ID1, RFC 1952) starts an image,
 *     anything else is a line: a query of at most OB_QUERY_MAX bytes
 *     ("STATUS"), or an "AUTH" line of at most OB_SESSION_LINE_MAX bytes
 *     before an image; any other line goes to the receiver, which rejects
 *     it as an image;
 *   - one image at a time: it owns the receiver until its verdict. A second
 *     connection gets its STATUS answered (with the transfer's progress);
 *     an image or anything else on it is answered "Update rejected: busy";
 *   - one answer line per connection, then the driver closes its sending side
 *     (FIN after the line) and the connection lingers: what the client still
 *     sends is read and dropped until it closes, goes silent for linger_ms,
 *     or the connection's deadline passes; then it is closed gracefully.
 *     A client that is still sending is never reset;
 *   - idle: silent for idle_ms before its answer: "Update rejected: timeout";
 *   - deadline: base_ms after it opened, plus the declared image size at
 *     min_rate bytes/s once the header is known; past it the transfer is
 *     refused ("Update rejected: transfer too slow ...") and the lingering
 *     ends.
 * Per board:
 *   - after a valid image, or a direct-profile application's "restarting
 *     into rescue", the board restarts once every connection is closed (the
 *     image is sealed before the answer, so a client's reset cannot stop it);
 *     no new connection is taken meanwhile;
 *   - rescue entered on the application's request (the journal says
 *     OB_RESCUE_RUNNING and the application is not known broken) goes back
 *     to the application when no install has started within
 *     rescue_return_ms, or as soon as a transfer is refused before anything
 *     was erased. Nothing needs recording: bl1 acknowledged the request
 *     before starting rescue, so the next boot starts the application.
 *
 * Driver loop, for each open connection c:
 *   bytes in: ob_session_input; end of the peer's stream: ob_session_input_end;
 *   reset or error from the peer: ob_session_lost (the slot is free again);
 *   then ob_session_conn_tick and act on c->state:
 *     OB_CONN_ANSWER: send c->out (c->out_len bytes), shut the sending side,
 *                     call ob_session_answered;
 *     OB_CONN_CLOSE:  close gracefully, call ob_session_closed.
 * and once per loop ob_session_tick; ob_session_reset_due says when to
 * restart (every slot OB_CONN_FREE first).
 *
 * Authorized installs (core/auth.h), on a board with keys: every STATUS
 * answer carries a fresh nonce (nonce=, replacing the one before); an image
 * may be preceded on its connection by the line "AUTH <128 hex digits>",
 * the proof of an owner key that the receiver checks at the header where an
 * install would erase the application (ob_auth_required). The line is read
 * here like a query line; a malformed one is refused before any image. */
#ifndef OB_SESSION_H
#define OB_SESSION_H

#include "auth.h"
#include "receiver.h"
#include "status.h"

#define OB_SESSION_IDLE_MS 10000u         /* silence before the answer */
#define OB_SESSION_LINGER_MS 2000u        /* silence that ends the linger after the answer */
#define OB_SESSION_BASE_MS 20000u         /* every connection's deadline without a declared size */
#define OB_SESSION_MIN_RATE 4096u         /* bytes per second a transfer must average */
#define OB_SESSION_RESCUE_RETURN_MS 60000u /* rescue on request: back to the application */
#define OB_SESSION_LINE_MAX OB_AUTH_LINE_MAX /* longest first line (an AUTH line), "\r\n" included */

typedef struct ob_conn ob_conn;

typedef struct {
    const ob_layout *layout;
    ob_flash *flash;
    ob_journal *journal;      /* opened; the receiver appends to it */
    ob_running running;
    const struct ob_keyring *keys; /* NULL: a development board (unsigned images, plain gzip) */
    uint8_t *window;          /* dry-run window (slot profile), see receiver.h; may be NULL */
    uint32_t window_size;
    uint32_t idle_ms;         /* 0: OB_SESSION_IDLE_MS */
    uint32_t linger_ms;       /* 0: OB_SESSION_LINGER_MS */
    uint32_t base_ms;         /* 0: OB_SESSION_BASE_MS */
    uint32_t min_rate;        /* bytes/s, 0: OB_SESSION_MIN_RATE */
    uint32_t rescue_return_ms; /* 0: OB_SESSION_RESCUE_RETURN_MS */
    /* Console lines (log) and the seed of the nonces on a board with keys
     * (entropy; without it the nonces come from the clock and the journal
     * only, which a peer may guess: docs/SIGNING.md "Entropy"). core/ob_port.h;
     * NULL, like either callback: none. */
    ob_platform *platform;
    const char *log_prefix;   /* put before every console line (NULL: none) */
} ob_session_cfg;

typedef enum {
    OB_CONN_FREE = 0, /* slot unused */
    OB_CONN_SNIFF,    /* open, waiting for the first byte */
    OB_CONN_LINE,     /* reading the first line */
    OB_CONN_IMAGE,    /* feeding the receiver */
    OB_CONN_ANSWER,   /* c->out is to be sent, then the sending side shut */
    OB_CONN_LINGER,   /* answered: reading and dropping until close, silence or deadline */
    OB_CONN_CLOSE     /* to be closed gracefully */
} ob_conn_state;

struct ob_conn {
    ob_conn_state state;
    uint8_t peer_done;      /* the client closed its sending side */
    uint8_t nline;
    uint8_t has_proof;      /* an AUTH line came first: proof holds it */
    char line[OB_SESSION_LINE_MAX];
    uint8_t proof[OB_AUTH_SIG_LEN];
    uint32_t opened_ms, last_ms, limit_ms; /* limit: the deadline, relative to opened_ms */
    uint32_t bytes;         /* received on this connection */
    char out[OB_STATUS_LINE_MAX + 1]; /* the answer, newline included */
    uint16_t out_len;
};

typedef struct {
    ob_session_cfg cfg;
    ob_receiver rx;
    ob_conn *transfer;      /* the connection that owns the receiver, NULL when none */
    uint32_t started_ms;
    uint8_t by_request;     /* rescue on request, nothing installed yet: may go back */
    uint8_t reset;          /* restart once every connection is closed */
    ob_auth auth;           /* the nonce STATUS gave last (board with keys) */
} ob_session;

void ob_session_init(ob_session *s, const ob_session_cfg *cfg, uint32_t now);

/* A connection was accepted into slot c. OB_OK, or OB_ERR_BUSY when the board
 * is about to restart (the driver closes it; c stays free). */
int ob_session_accept(ob_session *s, ob_conn *c, uint32_t now);
void ob_session_input(ob_session *s, ob_conn *c, const uint8_t *p, size_t n, uint32_t now);
void ob_session_input_end(ob_session *s, ob_conn *c, uint32_t now);
/* The connection is gone (reset by the peer, aborted): no answer possible. */
void ob_session_lost(ob_session *s, ob_conn *c, uint32_t now);
/* The driver sent c->out and shut its sending side. */
void ob_session_answered(ob_session *s, ob_conn *c, uint32_t now);
/* The driver closed the connection. */
void ob_session_closed(ob_session *s, ob_conn *c);
void ob_session_conn_tick(ob_session *s, ob_conn *c, uint32_t now);
void ob_session_tick(ob_session *s, uint32_t now);
/* 1: restart the board as soon as every connection is closed. */
int ob_session_reset_due(const ob_session *s);

/* Every slot is taken when a client connects: the connection to let go
 * (the driver resets it and calls ob_session_closed) so that the new one gets
 * its place: of those lingering after their answer, the one silent longest.
 * NULL when none lingers: the new connection is refused. */
ob_conn *ob_session_evict(ob_conn *const conns[], size_t n, uint32_t now);

/* Puts a line (without newline) in c->out and moves c to OB_CONN_ANSWER. */
void ob_session_answer(ob_conn *c, const char *line, uint32_t now);

/* Fills st for a STATUS answer: the journal's state and, while an image is
 * being received, its progress. */
void ob_session_status(const ob_session *s, ob_status *st);

#endif
