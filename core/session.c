/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update port's connection logic (see session.h). */
#include "session.h"

#include <string.h>

#include "line.h"

#define GZ_ID1 0x1fu /* RFC 1952 2.3.1 */
#define RATE_MAX 4000000u /* keeps rate_ms free of overflow */

/* Milliseconds from then to now; a clock that went backwards gives 0. */
static uint32_t since(uint32_t now, uint32_t then)
{
    uint32_t d = now - then;
    return d > 0x7FFFFFFFu ? 0u : d;
}

/* Time to move `bytes` at `rate` bytes/s, in ms, without 64-bit division. */
static uint32_t rate_ms(uint32_t bytes, uint32_t rate)
{
    uint32_t whole = bytes / rate;
    if (whole > 0x7FFFFFFFu / 1000u)
        return 0x7FFFFFFFu;
    return whole * 1000u + bytes % rate * 1000u / rate;
}

static void say(const ob_session *s, const ob_line *l)
{
    if (s->cfg.platform && s->cfg.platform->log)
        s->cfg.platform->log(s->cfg.platform, l->buf);
}

/* Starts a console line with the driver's prefix. */
static ob_line *line_start(const ob_session *s, ob_line *l)
{
    ob_line_init(l);
    return s->cfg.log_prefix ? ob_line_str(l, s->cfg.log_prefix) : l;
}

static void say2(const ob_session *s, const char *a, const char *b)
{
    ob_line l;
    line_start(s, &l);
    ob_line_str(ob_line_str(&l, a), b);
    say(s, &l);
}

void ob_session_init(ob_session *s, const ob_session_cfg *cfg, uint32_t now)
{
    const ob_jstate *st = &cfg->journal->st;
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    if (!s->cfg.idle_ms)
        s->cfg.idle_ms = OB_SESSION_IDLE_MS;
    if (!s->cfg.linger_ms)
        s->cfg.linger_ms = OB_SESSION_LINGER_MS;
    if (!s->cfg.base_ms)
        s->cfg.base_ms = OB_SESSION_BASE_MS;
    if (!s->cfg.min_rate)
        s->cfg.min_rate = OB_SESSION_MIN_RATE;
    if (s->cfg.min_rate > RATE_MAX)
        s->cfg.min_rate = RATE_MAX;
    if (!s->cfg.rescue_return_ms)
        s->cfg.rescue_return_ms = OB_SESSION_RESCUE_RETURN_MS;
    s->started_ms = now;
    if (cfg->keys) /* nonces: only a board with keys gives them */
        ob_auth_start(&s->auth, st, cfg->platform, now);
    /* bl1 acknowledged the application's request and started us, and the
     * application is not known to be broken: it is there to go back to. */
    s->by_request = cfg->running == OB_RUN_RESCUE && st->rescue_request == OB_RESCUE_RUNNING &&
                    st->app_status != OB_APP_FAILED && st->app_status != OB_APP_INSTALLING && !st->history_lost;
    if (s->by_request) {
        ob_line l;
        line_start(s, &l);
        ob_line_str(&l, "rescue on the application's request: back to it unless an install starts within ");
        ob_line_str(ob_line_u32(&l, s->cfg.rescue_return_ms / 1000u), " s");
        say(s, &l);
    }
}

void ob_session_answer(ob_conn *c, const char *line, uint32_t now)
{
    size_t n = strlen(line);
    if (n > sizeof c->out - 1)
        n = sizeof c->out - 1;
    memcpy(c->out, line, n);
    c->out[n] = '\n';
    c->out_len = (uint16_t)(n + 1);
    c->state = OB_CONN_ANSWER;
    c->last_ms = now;
}

static void reject(ob_conn *c, int err, uint32_t now)
{
    char buf[OB_STATUS_LINE_MAX];
    const char *why = ob_strerror(err);
    size_t k = sizeof OB_ANSWER_REJECT_PREFIX - 1, n = strlen(why);
    if (n > sizeof buf - k - 1)
        n = sizeof buf - k - 1;
    memcpy(buf, OB_ANSWER_REJECT_PREFIX, k);
    memcpy(buf + k, why, n);
    buf[k + n] = '\0';
    ob_session_answer(c, buf, now);
}

int ob_session_accept(ob_session *s, ob_conn *c, uint32_t now)
{
    if (s->reset)
        return OB_ERR_BUSY;
    memset(c, 0, sizeof *c);
    c->state = OB_CONN_SNIFF;
    c->opened_ms = c->last_ms = now;
    c->limit_ms = s->cfg.base_ms;
    return OB_OK;
}

/* ---- the image ---- */

static void start_image(ob_session *s, ob_conn *c, uint32_t now)
{
    const ob_layout *l = s->cfg.layout;
    ob_receiver_cfg rc;
    memset(&rc, 0, sizeof rc);
    rc.layout = l;
    rc.flash = s->cfg.flash;
    rc.journal = s->cfg.journal;
    /* A direct layout's application runs from the area an image would
     * overwrite: it only checks the header, then restarts into rescue. */
    if (l->profile == OB_PROFILE_DIRECT)
        rc.mode = s->cfg.running == OB_RUN_APP ? OB_RX_VIA_RESCUE : OB_RX_DIRECT;
    else
        rc.mode = OB_RX_SLOT;
    rc.window = rc.mode == OB_RX_SLOT ? s->cfg.window : NULL;
    rc.window_size = s->cfg.window_size;
    rc.keys = s->cfg.keys;
    rc.auth = &s->auth;
    rc.proof = c->has_proof ? c->proof : NULL;
    rc.now_ms = now;
    ob_receiver_init(&s->rx, &rc);
    s->transfer = c;
    c->state = OB_CONN_IMAGE;
    say2(s, "receiving an update", rc.mode == OB_RX_DIRECT       ? " into the application area"
                                   : rc.mode == OB_RX_VIA_RESCUE ? " (checking it before restarting into rescue)"
                                                                 : " into the update slot");
}

/* Bytes the image declares (header and payload); 0 while not known. */
static uint32_t expected(const ob_session *s)
{
    const ob_meta *m = ob_receiver_meta(&s->rx);
    return m ? s->rx.hdr.header_len + m->payload_size : 0u;
}

/* The transfer is over with rc (the connection may be gone): what the board
 * does next. */
static void decide(ob_session *s, int rc)
{
    const ob_meta *m = ob_receiver_meta(&s->rx);
    ob_line l;
    if (rc == OB_OK || rc == OB_ERR_VIA_RESCUE) {
        if (rc == OB_OK) {
            line_start(s, &l);
            ob_line_str(&l, "update");
            if (m)
                ob_line_version(ob_line_str(&l, " v"), m->fw_version);
            ob_line_str(&l, s->rx.cfg.mode == OB_RX_DIRECT        ? " written to the application area"
                            : s->rx.slot == &s->cfg.layout->slot2 ? " stored in slot2 and sealed"
                                                                  : " stored in the update slot and sealed");
            ob_line_str(&l, ", restarting");
            say(s, &l);
        }
        s->reset = 1;
    } else if (s->by_request && !s->rx.journal_touched) {
        say2(s, "the transfer was refused before anything was erased: back to the application", "");
        s->reset = 1;
    }
    s->by_request = 0;
    s->transfer = NULL;
}

static void verdict(ob_session *s, ob_conn *c, int rc, uint32_t now)
{
    const char *line = ob_receiver_answer(&s->rx);
    const ob_meta *m = ob_receiver_meta(&s->rx);
    uint32_t ms = since(now, c->opened_ms);
    ob_line l;
    line_start(s, &l);
    ob_line_str(&l, rc == OB_OK ? "received " : rc == OB_ERR_ALREADY_INSTALLED ? "already installed: " : "refused ");
    if (m)
        ob_line_version(ob_line_str(&l, "v"), m->fw_version);
    else
        ob_line_str(&l, rc == OB_OK ? "a plain gzip image" : "the transfer");
    ob_line_u32(ob_line_str(&l, " ("), s->rx.total_in);
    ob_line_u32(ob_line_str(&l, " bytes in "), ms / 1000u);
    ob_line_str(&l, ".");
    ob_line_str(&l, ms % 1000u < 100u ? (ms % 1000u < 10u ? "00" : "0") : "");
    ob_line_str(ob_line_u32(&l, ms % 1000u), " s)");
    say(s, &l);
    say2(s, line, "");
    ob_session_answer(c, line, now);
    decide(s, rc);
}

static void feed(ob_session *s, ob_conn *c, const uint8_t *p, size_t n, uint32_t now)
{
    int rc = ob_receiver_feed(&s->rx, p, n);
    if (rc == OB_OK)
        rc = ob_receiver_finish(&s->rx);
    if (s->rx.journal_touched)
        s->by_request = 0; /* an install started: rescue stays until it ends */
    /* The header is known (accepted or not): the deadline, which bounds the
     * linger too, grows with the declared size. */
    if (c->limit_ms == s->cfg.base_ms) {
        uint32_t size = expected(s);
        if (!size && s->rx.payload_max) /* plain gzip: at most what the board can take */
            size = s->rx.cfg.mode == OB_RX_SLOT ? s->rx.slot->size : s->cfg.layout->app.size;
        c->limit_ms += rate_ms(size, s->cfg.min_rate);
    }
    if (rc != OB_RX_MORE)
        verdict(s, c, rc, now);
}

/* Ends the transfer on c without a verdict from the receiver (timeout,
 * deadline, rescue going back): a direct install cut short is recorded. */
static void abandon(ob_session *s, ob_conn *c, int why, uint32_t now)
{
    int rc = ob_receiver_finish(&s->rx);
    decide(s, rc == OB_OK ? why : rc);
    reject(c, why, now);
}

/* ---- the first line ---- */

static void status_answer(ob_session *s, ob_conn *c, uint32_t now)
{
    char buf[OB_STATUS_LINE_MAX];
    ob_status st;
    ob_session_status(s, &st);
    if (s->cfg.keys) /* authorized installs: a fresh nonce */
        ob_auth_issue(&s->auth, now, st.nonce);
    if (ob_status_format(&st, buf, sizeof buf) < 0) {
        reject(c, OB_ERR_STATE, now);
        return;
    }
    ob_session_answer(c, buf, now);
}

/* The first line is complete (or cut by the client's end). Returns 1 when
 * the bytes that follow are to be read as a new start (an AUTH line). */
static int line_done(ob_session *s, ob_conn *c, uint32_t now)
{
    size_t len = c->nline;
    if (len && c->line[len - 1] == '\n')
        len--;
    if (ob_query_kind(c->line, len) == OB_QUERY_STATUS) {
        status_answer(s, c, now);
        return 0;
    }
    if (!c->has_proof && len >= sizeof OB_AUTH_LINE_PREFIX - 1 &&
        memcmp(c->line, OB_AUTH_LINE_PREFIX, sizeof OB_AUTH_LINE_PREFIX - 1) == 0) {
        if (ob_auth_parse_line(c->line, len, c->proof) != OB_OK) {
            say2(s, OB_ANSWER_REJECT_PREFIX, ob_strerror(OB_ERR_AUTH_FORMAT));
            reject(c, OB_ERR_AUTH_FORMAT, now);
            return 0;
        }
        /* the image follows on this connection: its first byte starts again */
        c->has_proof = 1;
        c->nline = 0;
        c->state = OB_CONN_SNIFF;
        return 1;
    }
    /* Neither a query nor an image: the receiver judges it (and refuses it). */
    if (s->transfer || s->reset) {
        reject(c, OB_ERR_BUSY, now);
        return 0;
    }
    start_image(s, c, now);
    feed(s, c, (const uint8_t *)c->line, c->nline, now);
    return c->state == OB_CONN_IMAGE;
}

/* ---- events ---- */

/* A query line ends at OB_QUERY_MAX bytes, an AUTH line at OB_SESSION_LINE_MAX. */
static size_t line_max(const ob_conn *c)
{
    const size_t k = sizeof OB_AUTH_LINE_PREFIX - 1;
    return c->nline >= k && memcmp(c->line, OB_AUTH_LINE_PREFIX, k) == 0 ? sizeof c->line : OB_QUERY_MAX;
}

void ob_session_input(ob_session *s, ob_conn *c, const uint8_t *p, size_t n, uint32_t now)
{
    if (c->state == OB_CONN_FREE || n == 0)
        return;
    c->last_ms = now;
    c->bytes += (uint32_t)n;
    while (n) {
        switch (c->state) {
        case OB_CONN_SNIFF:
            /* after an AUTH line, whatever follows is the image */
            if (p[0] != GZ_ID1 && !c->has_proof)
                c->state = OB_CONN_LINE;
            else if (s->transfer || s->reset)
                reject(c, OB_ERR_BUSY, now);
            else
                start_image(s, c, now);
            break;
        case OB_CONN_LINE:
            while (n && c->nline < line_max(c)) {
                char ch = (char)*p++;
                n--;
                c->line[c->nline++] = ch;
                if (ch == '\n')
                    break;
            }
            if (c->line[c->nline - 1] == '\n' || c->nline == line_max(c)) {
                if (!line_done(s, c, now))
                    return;
            }
            break;
        case OB_CONN_IMAGE:
            feed(s, c, p, n, now);
            return;
        default: /* answered: dropped */
            return;
        }
    }
}

void ob_session_input_end(ob_session *s, ob_conn *c, uint32_t now)
{
    c->peer_done = 1;
    switch (c->state) {
    case OB_CONN_SNIFF:
        if (c->has_proof) /* an AUTH line and no image after it */
            reject(c, OB_ERR_TRUNCATED, now);
        else /* connected and sent nothing */
            c->state = OB_CONN_CLOSE;
        break;
    case OB_CONN_LINE:
        if (line_done(s, c, now) && c->state == OB_CONN_IMAGE)
            verdict(s, c, ob_receiver_finish(&s->rx), now);
        else if (c->state == OB_CONN_SNIFF)
            reject(c, OB_ERR_TRUNCATED, now); /* an AUTH line and no image after it */
        break;
    case OB_CONN_IMAGE:
        verdict(s, c, ob_receiver_finish(&s->rx), now);
        break;
    case OB_CONN_LINGER:
        c->state = OB_CONN_CLOSE;
        break;
    default:
        break;
    }
}

void ob_session_lost(ob_session *s, ob_conn *c, uint32_t now)
{
    (void)now;
    if (c->state == OB_CONN_IMAGE && s->transfer == c) {
        int rc = ob_receiver_finish(&s->rx);
        say2(s, "connection lost: ", ob_receiver_answer(&s->rx));
        decide(s, rc);
    }
    c->state = OB_CONN_FREE;
}

void ob_session_answered(ob_session *s, ob_conn *c, uint32_t now)
{
    (void)s;
    c->out_len = 0;
    c->last_ms = now;
    c->state = c->peer_done ? OB_CONN_CLOSE : OB_CONN_LINGER;
}

void ob_session_closed(ob_session *s, ob_conn *c)
{
    if (s->transfer == c)
        ob_session_lost(s, c, c->last_ms);
    c->state = OB_CONN_FREE;
}

void ob_session_conn_tick(ob_session *s, ob_conn *c, uint32_t now)
{
    uint32_t age = since(now, c->opened_ms), quiet = since(now, c->last_ms);
    switch (c->state) {
    case OB_CONN_SNIFF:
    case OB_CONN_LINE:
    case OB_CONN_IMAGE: {
        int why;
        if (age >= c->limit_ms) {
            why = OB_ERR_TOO_SLOW;
        } else if (quiet >= s->cfg.idle_ms) {
            ob_line l;
            line_start(s, &l);
            ob_line_str(ob_line_u32(ob_line_str(&l, "client silent for "), s->cfg.idle_ms / 1000u), " s: ");
            ob_line_str(ob_line_str(&l, OB_ANSWER_REJECT_PREFIX), ob_strerror(OB_ERR_TIMEOUT));
            say(s, &l);
            why = OB_ERR_TIMEOUT;
        } else {
            break;
        }
        if (why == OB_ERR_TOO_SLOW)
            say2(s, OB_ANSWER_REJECT_PREFIX, ob_strerror(OB_ERR_TOO_SLOW));
        if (c->state == OB_CONN_IMAGE)
            abandon(s, c, why, now);
        else
            reject(c, why, now);
        break;
    }
    case OB_CONN_LINGER:
        if (quiet >= s->cfg.linger_ms || age >= c->limit_ms + s->cfg.linger_ms)
            c->state = OB_CONN_CLOSE;
        break;
    default:
        break;
    }
}

void ob_session_tick(ob_session *s, uint32_t now)
{
    if (!s->by_request || s->reset || since(now, s->started_ms) < s->cfg.rescue_return_ms)
        return;
    say2(s, "no install started in time: back to the application", "");
    s->by_request = 0;
    s->reset = 1;
    if (s->transfer) /* a header still arriving: nothing was erased */
        abandon(s, s->transfer, OB_ERR_TIMEOUT, now);
}

ob_conn *ob_session_evict(ob_conn *const conns[], size_t n, uint32_t now)
{
    ob_conn *victim = NULL;
    for (size_t i = 0; i < n; i++)
        if (conns[i]->state == OB_CONN_LINGER &&
            (!victim || since(now, conns[i]->last_ms) > since(now, victim->last_ms)))
            victim = conns[i];
    return victim;
}

int ob_session_reset_due(const ob_session *s)
{
    return s->reset;
}

void ob_session_status(const ob_session *s, ob_status *st)
{
    ob_status_from_journal(st, s->cfg.layout, &s->cfg.journal->st, s->cfg.running);
    if (s->transfer) {
        st->receiving = 1;
        st->received = s->rx.total_in;
        st->expected = expected(s);
    }
}
