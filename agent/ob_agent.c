/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update agent (see ob_agent.h). lwIP raw API, NO_SYS: every
 * callback and ob_agent_poll run in the same main loop, so no locking.
 *
 * A thin lwIP driver of the shared connection logic (core/session.h), the
 * same the virtual board drives with POSIX sockets: the callbacks only queue
 * what lwIP hands over; ob_agent_poll gives it to the session with the time
 * of each call and carries out what the session decides (answer and FIN,
 * close, reset). */
#include "ob_agent.h"

#include <string.h>

#include "lwip/priv/tcp_priv.h" /* tcp_active_pcbs: is our FIN acknowledged yet */
#include "lwip/tcp.h"
#include "session.h"

#define FLUSH_MAX_MS 2000u /* bound on waiting for our last FIN's ACK before a reset */
#define NCONN 3 /* a transfer, a STATUS (or busy) beside it, one lingering; see free_slot */

typedef struct {
    struct tcp_pcb *pcb;    /* NULL: none, or lwIP has let go of it */
    struct pbuf *queue;     /* received, not yet handed to the session */
    uint8_t peer_closed;    /* the peer's FIN arrived (handed over after the queue) */
    uint8_t end_told;       /* ... and the session was told */
    uint8_t lost;           /* reset by the peer or aborted: lwIP freed the pcb */
    ob_conn c;
} slot;

static struct {
    int started;
    ob_agent_cfg cfg;
    ob_journal journal;
    ob_session ses;
    struct tcp_pcb *listen;
    slot cn[NCONN];
    int resetting;
    uint32_t reset_ms;
} ag;

static uint32_t now(void)
{
    return ag.cfg.platform->now_ms(ag.cfg.platform);
}

static void log_line(const char *line)
{
    ob_platform *p = ag.cfg.platform;
    if (p->log)
        p->log(p, line);
}

static void drop_queue(slot *s)
{
    if (s->queue)
        pbuf_free(s->queue);
    s->queue = NULL;
}

/* Lets go of the pcb: FIN if not sent yet; lwIP finishes the close. Only
 * once the peer has closed or gone silent: data arriving after this would
 * make lwIP answer with a reset. */
static void detach(slot *s)
{
    struct tcp_pcb *pcb = s->pcb;
    s->pcb = NULL;
    drop_queue(s);
    if (!pcb)
        return;
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, NULL);
    tcp_err(pcb, NULL);
    if (tcp_close(pcb) != ERR_OK)
        tcp_abort(pcb);
}

/* ---- lwIP callbacks ---- */

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    slot *s = (slot *)arg;
    (void)err;
    if (!s || s->pcb != pcb) {
        if (p) {
            tcp_recved(pcb, p->tot_len);
            pbuf_free(p);
        }
        return ERR_OK;
    }
    if (!p) {
        s->peer_closed = 1;
        /* Answered and our FIN sent: the conversation is over. Let go now,
         * before lwIP may recycle the pcb from TIME_WAIT. */
        if (s->c.state == OB_CONN_LINGER)
            detach(s);
        return ERR_OK;
    }
    /* Held until ob_agent_poll has handed it over: the window stays closed. */
    if (s->queue)
        pbuf_cat(s->queue, p);
    else
        s->queue = p;
    return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
    slot *s = (slot *)arg;
    (void)err;
    if (!s)
        return;
    s->pcb = NULL; /* freed by lwIP */
    s->lost = 1;
}

/* A free slot, or the one of a connection that lingers after its answer
 * (reset to make room), or NULL. */
static slot *free_slot(void)
{
    ob_conn *cs[NCONN];
    for (int i = 0; i < NCONN; i++) {
        if (!ag.cn[i].pcb && ag.cn[i].c.state == OB_CONN_FREE && !ag.cn[i].lost)
            return &ag.cn[i];
        cs[i] = &ag.cn[i].c;
    }
    ob_conn *victim = ob_session_evict(cs, NCONN, now());
    for (int i = 0; victim && i < NCONN; i++) {
        slot *s = &ag.cn[i];
        if (&s->c != victim)
            continue;
        if (s->pcb) {
            tcp_arg(s->pcb, NULL);
            tcp_err(s->pcb, NULL);
            tcp_abort(s->pcb);
            s->pcb = NULL;
        }
        drop_queue(s);
        s->lost = 0;
        ob_session_closed(&ag.ses, &s->c);
        log_line("agent: connection reset after its answer, to make room for a new one");
        return s;
    }
    return NULL;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if (err != ERR_OK || !pcb)
        return ERR_VAL;
    slot *s = ag.resetting ? NULL : free_slot();
    if (!s || ag.resetting || ob_session_accept(&ag.ses, &s->c, now()) != OB_OK) {
        log_line(s ? "agent: connection reset: restarting" : "agent: connection reset: too many connections");
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    s->pcb = pcb;
    s->queue = NULL;
    s->peer_closed = s->end_told = s->lost = 0;
    tcp_arg(pcb, s);
    tcp_recv(pcb, on_recv);
    tcp_err(pcb, on_err);
    return ERR_OK;
}

/* ---- API ---- */

int ob_agent_start(struct netif *netif, const ob_agent_cfg *cfg)
{
    if (!netif || !cfg || !cfg->layout || !cfg->flash || !cfg->platform ||
        !cfg->platform->now_ms || !cfg->platform->reset)
        return OB_ERR_ARG;
    if (ag.started)
        return OB_ERR_STATE;
    memset(&ag, 0, sizeof ag);
    ag.cfg = *cfg;
    if (!ag.cfg.port)
        ag.cfg.port = OB_AGENT_PORT;
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
    ob_session_cfg sc = {
        .layout = cfg->layout,
        .flash = cfg->flash,
        .journal = &ag.journal,
        .running = cfg->running,
        .keys = cfg->keys,
        .window = cfg->window,
        .window_size = cfg->window_size,
        .idle_ms = cfg->idle_timeout_ms,
        .rescue_return_ms = cfg->rescue_return_ms,
        .platform = cfg->platform,
        .log_prefix = "agent: ",
    };
    ob_session_init(&ag.ses, &sc, now());
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

/* Hands what lwIP queued to the session, then does what it decided. */
static void serve(slot *s)
{
    if (s->lost) {
        s->lost = 0;
        drop_queue(s);
        if (s->c.state != OB_CONN_FREE)
            ob_session_lost(&ag.ses, &s->c, now());
        return;
    }
    if (s->c.state == OB_CONN_FREE)
        return;
    if (s->queue) {
        struct pbuf *q = s->queue;
        u16_t total = q->tot_len;
        s->queue = NULL;
        for (struct pbuf *b = q; b; b = b->next)
            ob_session_input(&ag.ses, &s->c, (const uint8_t *)b->payload, b->len, now());
        pbuf_free(q);
        if (s->pcb)
            tcp_recved(s->pcb, total); /* the data is in flash: open the window */
    }
    if (s->peer_closed && !s->end_told) {
        s->end_told = 1;
        ob_session_input_end(&ag.ses, &s->c, now());
    }
    ob_session_conn_tick(&ag.ses, &s->c, now());
    if (s->c.state == OB_CONN_ANSWER) {
        if (s->pcb) {
            /* copied into lwIP's buffers, then our FIN; we go on reading */
            (void)tcp_write(s->pcb, s->c.out, s->c.out_len, TCP_WRITE_FLAG_COPY);
            (void)tcp_shutdown(s->pcb, 0, 1);
            (void)tcp_output(s->pcb);
        }
        ob_session_answered(&ag.ses, &s->c, now());
    }
    if (s->c.state == OB_CONN_CLOSE || (s->c.state != OB_CONN_FREE && !s->pcb)) {
        detach(s);
        ob_session_closed(&ag.ses, &s->c);
    }
}

void ob_agent_poll(void)
{
    if (!ag.started)
        return;
    if (ag.resetting) {
        /* Our FIN acknowledged (the pcb left the active list) or bounded. */
        if (!our_pcb_active() || now() - ag.reset_ms >= FLUSH_MAX_MS)
            ag.cfg.platform->reset(ag.cfg.platform);
        return;
    }
    ob_session_tick(&ag.ses, now());
    int open = 0;
    for (int i = 0; i < NCONN; i++) {
        serve(&ag.cn[i]);
        open += ag.cn[i].c.state != OB_CONN_FREE;
    }
    if (ob_session_reset_due(&ag.ses) && !open) {
        ag.resetting = 1;
        ag.reset_ms = now();
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
