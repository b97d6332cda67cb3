/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update agent (see ob_agent.h). lwIP raw API, NO_SYS: every
 * callback and ob_agent_poll run in the same main loop, so no locking. */
#include "ob_agent.h"

#include <string.h>

#include "line.h"
#include "lwip/priv/tcp_priv.h" /* tcp_active_pcbs: is our FIN acknowledged yet */
#include "lwip/tcp.h"

#define IDLE_DEFAULT_MS 10000u
#define FLUSH_MAX_MS 2000u  /* bound on waiting for the answer's ACK and our FIN's */
#define BUSY_HOLD_MS 1000u  /* a turned-away connection is closed after this */

enum { C_NONE, C_RECV, C_DRAIN };
enum { K_UNKNOWN, K_IMAGE, K_QUERY };

static struct {
    int started;
    ob_agent_cfg cfg;
    ob_journal journal;
    ob_receiver rx;
    struct tcp_pcb *listen;
    /* the update connection */
    struct tcp_pcb *conn;
    int state, kind, peer_closed, reset_after;
    struct pbuf *queue;       /* received, not yet in flash */
    uint32_t last_ms;         /* last sign of life from the peer */
    uint32_t answered_ms;
    char query[OB_QUERY_MAX];
    uint8_t nquery;
    /* a second connection being turned away */
    struct tcp_pcb *busy;
    uint32_t busy_ms;
    /* after a valid update: waiting for the close to complete, then reset */
    int resetting;
    uint32_t reset_ms;
} ag;

static void say(const char *a, const char *b)
{
    ob_line l;
    if (!ag.cfg.log)
        return;
    ob_line_init(&l);
    ob_line_str(ob_line_str(&l, a), b);
    ag.cfg.log(l.buf);
}

static uint32_t now(void)
{
    return ag.cfg.now_ms();
}

static void send_line(struct tcp_pcb *pcb, const char *line)
{
    /* Copied into lwIP's buffers: the caller's line may be on its stack. */
    (void)tcp_write(pcb, line, (u16_t)strlen(line), TCP_WRITE_FLAG_COPY | TCP_WRITE_FLAG_MORE);
    (void)tcp_write(pcb, "\n", 1, TCP_WRITE_FLAG_COPY);
    (void)tcp_output(pcb);
}

static void answer(const char *line)
{
    send_line(ag.conn, line);
    ag.state = C_DRAIN;
    ag.answered_ms = now();
}

static void drop_queue(void)
{
    if (ag.queue)
        pbuf_free(ag.queue);
    ag.queue = NULL;
}

static void conn_forget(void)
{
    drop_queue();
    ag.conn = NULL;
    ag.state = C_NONE;
}

/* Closes the update connection (FIN after the queued answer). */
static void conn_close(void)
{
    struct tcp_pcb *pcb = ag.conn;
    /* Data still queued is acknowledged as read: closing with unread data
     * would make lwIP send a reset, and the peer could lose the answer. */
    if (ag.queue)
        tcp_recved(pcb, ag.queue->tot_len);
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, NULL);
    tcp_sent(pcb, NULL);
    tcp_err(pcb, NULL);
    conn_forget();
    if (tcp_close(pcb) != ERR_OK)
        tcp_abort(pcb);
}

/* ---- the verdict on an image ---- */

static void verdict(int rc)
{
    const char *line = ob_receiver_answer(&ag.rx);
    say("agent: ", line);
    if (rc == OB_OK) {
        const ob_meta *m = ob_receiver_meta(&ag.rx);
        ob_line l;
        ob_line_init(&l);
        ob_line_str(&l, "agent: update");
        if (m) {
            ob_line_str(&l, " v");
            ob_line_version(&l, m->fw_version);
        }
        ob_line_str(&l, ag.rx.cfg.mode == OB_RX_DIRECT ? " written to the application area"
                                                       : " stored in the update slot and sealed");
        ob_line_str(&l, ", restarting");
        if (ag.cfg.log)
            ag.cfg.log(l.buf);
        ag.reset_after = 1;
    }
    /* A direct layout's application: the header passed and the receiver
     * journalled a rescue request; restart into rescue after the answer. */
    if (rc == OB_ERR_VIA_RESCUE)
        ag.reset_after = 1;
    answer(line);
}

static void start_image(void)
{
    const ob_layout *l = ag.cfg.layout;
    ob_receiver_cfg rc;
    memset(&rc, 0, sizeof rc);
    rc.layout = l;
    rc.flash = ag.cfg.flash;
    rc.journal = &ag.journal;
    /* A direct layout's application runs from the area an image would
     * overwrite: it only checks the header, then restarts into rescue. */
    if (l->profile == OB_PROFILE_DIRECT)
        rc.mode = ag.cfg.running == OB_RUN_APP ? OB_RX_VIA_RESCUE : OB_RX_DIRECT;
    else
        rc.mode = OB_RX_SLOT;
    rc.window = rc.mode == OB_RX_SLOT ? ag.cfg.window : NULL;
    rc.window_size = ag.cfg.window_size;
    rc.keys = ag.cfg.keys;
    ob_receiver_init(&ag.rx, &rc);
    ag.kind = K_IMAGE;
    say("agent: receiving an update", rc.mode == OB_RX_DIRECT       ? " into the application area"
                                      : rc.mode == OB_RX_VIA_RESCUE ? " (checking it before restarting into rescue)"
                                                                    : " into the update slot");
}

/* ---- the status query ---- */

static void finish_query(void)
{
    char buf[OB_STATUS_LINE_MAX];
    size_t len = ag.nquery;
    if (len && ag.query[len - 1] == '\n')
        len--;
    if (ob_query_kind(ag.query, len) == OB_QUERY_STATUS) {
        ob_status s;
        ob_status_from_journal(&s, ag.cfg.layout, &ag.journal.st, ag.cfg.running);
        if (ob_status_format(&s, buf, sizeof buf) < 0)
            strcpy(buf, OB_ANSWER_REJECT_PREFIX "status unavailable");
    } else {
        /* Neither a gzip member nor a known query. */
        strcpy(buf, OB_ANSWER_REJECT_PREFIX);
        strcat(buf, ob_strerror(OB_ERR_GZ_MAGIC));
    }
    answer(buf);
}

/* ---- bytes in ---- */

static void take(const uint8_t *p, size_t n)
{
    while (n && ag.state == C_RECV) {
        if (ag.kind == K_UNKNOWN) {
            if (p[0] == 0x1f) /* gzip ID1 (RFC 1952 2.3.1) */
                start_image();
            else
                ag.kind = K_QUERY;
            continue;
        }
        if (ag.kind == K_IMAGE) {
            int rc = ob_receiver_feed(&ag.rx, p, n);
            if (rc == OB_OK)
                rc = ob_receiver_finish(&ag.rx);
            if (rc != OB_RX_MORE)
                verdict(rc);
            return;
        }
        /* query: one short line */
        while (n && ag.nquery < sizeof ag.query) {
            char c = (char)*p++;
            n--;
            ag.query[ag.nquery++] = c;
            if (c == '\n')
                break;
        }
        if (ag.query[ag.nquery - 1] == '\n' || ag.nquery == sizeof ag.query)
            finish_query();
    }
}

/* End of the peer's stream before a verdict. */
static void peer_done(void)
{
    if (ag.kind == K_IMAGE)
        verdict(ob_receiver_finish(&ag.rx));
    else if (ag.kind == K_QUERY)
        finish_query();
    else
        conn_close(); /* connected and sent nothing */
}

/* ---- lwIP callbacks ---- */

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    (void)arg;
    (void)err;
    if (pcb != ag.conn) {
        if (p)
            pbuf_free(p);
        return ERR_OK;
    }
    ag.last_ms = now();
    if (!p) {
        ag.peer_closed = 1;
        return ERR_OK;
    }
    /* Held until ob_agent_poll has written it: the window stays closed. */
    if (ag.queue)
        pbuf_cat(ag.queue, p);
    else
        ag.queue = p;
    return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    (void)arg;
    (void)pcb;
    (void)len;
    ag.last_ms = now();
    return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
    (void)arg;
    (void)err;
    /* lwIP has freed the pcb (reset by the peer or aborted). A direct install
     * cut short is recorded as failed by finish. */
    if (ag.kind == K_IMAGE && ag.state == C_RECV)
        (void)ob_receiver_finish(&ag.rx);
    say("agent: connection lost", "");
    conn_forget();
}

static err_t busy_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    (void)arg;
    (void)err;
    if (p) {
        tcp_recved(pcb, p->tot_len); /* discard */
        pbuf_free(p);
    } else if (pcb == ag.busy) {
        ag.busy_ms = now() - BUSY_HOLD_MS; /* peer done: close at the next poll */
    }
    return ERR_OK;
}

static void busy_err(void *arg, err_t err)
{
    (void)arg;
    (void)err;
    ag.busy = NULL;
}

static void busy_close(void)
{
    struct tcp_pcb *pcb = ag.busy;
    ag.busy = NULL;
    tcp_recv(pcb, NULL);
    tcp_err(pcb, NULL);
    if (tcp_close(pcb) != ERR_OK)
        tcp_abort(pcb);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if (err != ERR_OK || !pcb)
        return ERR_VAL;
    if (ag.conn || ag.resetting || ag.busy) {
        if (ag.busy || ag.resetting) {
            tcp_abort(pcb);
            return ERR_ABRT;
        }
        /* Turned away politely: the line, its data discarded, then closed. */
        ag.busy = pcb;
        ag.busy_ms = now();
        tcp_recv(pcb, busy_recv);
        tcp_err(pcb, busy_err);
        send_line(pcb, OB_ANSWER_REJECT_PREFIX "busy");
        say("agent: second connection turned away: busy", "");
        return ERR_OK;
    }
    ag.conn = pcb;
    ag.state = C_RECV;
    ag.kind = K_UNKNOWN;
    ag.peer_closed = 0;
    ag.reset_after = 0;
    ag.nquery = 0;
    ag.queue = NULL;
    ag.last_ms = now();
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, on_recv);
    tcp_sent(pcb, on_sent);
    tcp_err(pcb, on_err);
    return ERR_OK;
}

/* ---- API ---- */

int ob_agent_start(struct netif *netif, const ob_agent_cfg *cfg)
{
    if (!netif || !cfg || !cfg->layout || !cfg->flash || !cfg->now_ms || !cfg->reset)
        return OB_ERR_ARG;
    if (ag.started)
        return OB_ERR_STATE;
    memset(&ag, 0, sizeof ag);
    ag.cfg = *cfg;
    if (!ag.cfg.port)
        ag.cfg.port = OB_AGENT_PORT;
    if (!ag.cfg.idle_timeout_ms)
        ag.cfg.idle_timeout_ms = IDLE_DEFAULT_MS;
    if (ob_journal_open(&ag.journal, cfg->flash, cfg->layout) != OB_OK)
        return OB_ERR_FLASH;
    struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (!pcb)
        return OB_ERR_BUSY;
    if (tcp_bind(pcb, IP4_ADDR_ANY, ag.cfg.port) != ERR_OK) {
        tcp_abort(pcb);
        return OB_ERR_BUSY;
    }
    ag.listen = tcp_listen(pcb);
    if (!ag.listen) {
        tcp_abort(pcb);
        return OB_ERR_BUSY;
    }
    tcp_accept(ag.listen, on_accept);
    ag.started = 1;
    return OB_OK;
}

static int our_pcb_active(void)
{
    for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next)
        if (p->local_port == ag.cfg.port)
            return 1;
    return 0;
}

void ob_agent_poll(void)
{
    if (!ag.started)
        return;
    uint32_t t = now();

    if (ag.busy && t - ag.busy_ms >= BUSY_HOLD_MS)
        busy_close();

    if (ag.resetting) {
        /* Our FIN acknowledged (the pcb left the active list) or bounded. */
        if (!our_pcb_active() || t - ag.reset_ms >= FLUSH_MAX_MS)
            ag.cfg.reset();
        return;
    }
    if (!ag.conn)
        return;

    if (ag.queue) {
        struct pbuf *q = ag.queue;
        u16_t total = q->tot_len;
        ag.queue = NULL;
        for (struct pbuf *s = q; s && ag.conn; s = s->next)
            take((const uint8_t *)s->payload, s->len);
        pbuf_free(q);
        if (!ag.conn)
            return;
        tcp_recved(ag.conn, total); /* the data is in flash: open the window */
    }

    if (ag.state == C_RECV) {
        if (ag.peer_closed) {
            peer_done();
        } else if (t - ag.last_ms >= ag.cfg.idle_timeout_ms) {
            if (ag.kind == K_IMAGE)
                (void)ob_receiver_finish(&ag.rx); /* records a broken direct install */
            say("agent: ", OB_ANSWER_REJECT_PREFIX "timeout");
            send_line(ag.conn, OB_ANSWER_REJECT_PREFIX "timeout");
            conn_close();
            return;
        }
    }
    if (!ag.conn || ag.state != C_DRAIN)
        return;

    /* Answered: close once the answer is acknowledged and, for a rejection,
     * once the peer has stopped sending (so it reads the line, not a reset). */
    int acked = ag.conn->unsent == NULL && ag.conn->unacked == NULL;
    int done = ag.reset_after ? acked : (acked && ag.peer_closed);
    if (done || t - ag.answered_ms >= (ag.reset_after ? FLUSH_MAX_MS : ag.cfg.idle_timeout_ms) ||
        t - ag.last_ms >= ag.cfg.idle_timeout_ms) {
        int reset = ag.reset_after;
        conn_close();
        if (reset) {
            ag.resetting = 1;
            ag.reset_ms = t;
        }
    }
}

int ob_agent_confirm(void)
{
    if (!ag.started || ag.cfg.running != OB_RUN_APP)
        return OB_ERR_STATE;
    if (ag.journal.st.app_status != OB_APP_TRIAL)
        return OB_OK;
    return ob_journal_confirm(&ag.journal);
}

const ob_jstate *ob_agent_journal(void)
{
    return ag.started ? &ag.journal.st : NULL;
}
