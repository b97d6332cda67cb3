/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot sim: the update service of the modelled firmware, on real TCP.
 *
 * One connection at a time; a second one is told "Update rejected: busy".
 * The first byte decides what a connection is: 0x1f starts a gzip member
 * (RFC 1952 ID1), anything else is read as a query line ("STATUS", "RESET"),
 * and a line that is no query goes to the receiver, which rejects it. After
 * the answer the write side is closed and the rest of the input is drained
 * (bounded), so the answer is not lost to a reset from unread data. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "image.h"
#include "net.h"
#include "receiver.h"
#include "sim.h"

#define MAX_DRAIN 8
#define DRAIN_MS 2000
#define DRAIN_MAX_BYTES ((size_t)64 << 20)

enum { C_SNIFF, C_QUERY, C_IMAGE };

typedef struct {
    sim *s;
    const char *who;       /* "app" or "rescue" */
    int fd;                /* the client, -1 when none */
    int state;
    char q[OB_QUERY_MAX];
    size_t qlen;
    double last, t0;
    size_t bytes;
    int drain[MAX_DRAIN];
    double drain_until[MAX_DRAIN];
    ob_receiver rx;
} service;

static uint8_t window[32768]; /* the receiver's dry-run inflate window */

static int dead(const service *v)
{
    return simflash_is_dead(&v->s->sf);
}

/* Sends the answer, half-closes, drains what the client still sends (bounded
 * in time and bytes), closes. */
static void answer_close(service *v, const char *line)
{
    char buf[65536];
    int kind, err;
    if (line != NULL) {
        size_t n = strlen(line);
        char out[256];
        snprintf(out, sizeof out, "%s\n", line);
        (void)net_send_all(v->fd, out, n + 1 < sizeof out ? n + 1 : sizeof out - 1, 2000, &kind, &err);
    }
    shutdown(v->fd, SHUT_WR);
    double until = net_now() + DRAIN_MS / 1000.0;
    size_t drained = 0;
    for (;;) {
        ssize_t k = recv(v->fd, buf, sizeof buf, 0);
        if (k > 0) {
            drained += (size_t)k;
            if (drained > DRAIN_MAX_BYTES)
                break;
            continue;
        }
        if (k == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            break;
        double left = until - net_now();
        if (left <= 0)
            break;
        struct pollfd p = { v->fd, POLLIN, 0 };
        poll(&p, 1, (int)(left * 1000) + 1);
    }
    close(v->fd);
    v->fd = -1;
}

/* A power cut: the board goes dark mid-conversation, the peer sees a reset. */
static void abort_close(service *v)
{
    struct linger lg = { 1, 0 };
    setsockopt(v->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(v->fd);
    v->fd = -1;
}

static void start_image(service *v)
{
    sim *s = v->s;
    ob_receiver_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.layout = s->l;
    cfg.flash = &s->sf.dev;
    cfg.journal = &s->j;
    /* The application stores into the slot; in a direct layout it has none:
     * it checks the header and, if the image is for this board, restarts
     * into rescue, which writes the application area itself. */
    if (s->l->profile == OB_PROFILE_DIRECT)
        cfg.mode = s->running == OB_RUN_RESCUE ? OB_RX_DIRECT : OB_RX_VIA_RESCUE;
    else
        cfg.mode = OB_RX_SLOT;
    cfg.keys = s->o.keys.count ? &s->o.keys : NULL;
    cfg.window = window;
    cfg.window_size = sizeof window;
    ob_receiver_init(&v->rx, &cfg);
    v->state = C_IMAGE;
}

/* The transfer is over (verdict in rx): report, answer, decide. */
static serve_result conclude(service *v, int rc)
{
    sim *s = v->s;
    if (dead(v)) {
        abort_close(v);
        return SERVE_POWER_CUT;
    }
    double dt = net_now() - v->t0;
    const ob_meta *m = ob_receiver_meta(&v->rx);
    char ver[16] = "";
    if (m != NULL)
        ob_version_format(m->fw_version, ver, sizeof ver);
    const char *ans = ob_receiver_answer(&v->rx);
    if (rc == OB_OK) {
        sim_say("%s: received %s%s (%zu bytes in %.3f s, %.2f MB/s): %s", v->who, m ? "v" : "a plain gzip image",
                ver, v->bytes, dt, dt > 0 ? (double)v->bytes / dt / 1e6 : 0.0, ans);
        answer_close(v, ans);
        sim_say("%s: update sealed%s, resetting", v->who,
                v->rx.cfg.mode == OB_RX_DIRECT ? " (written straight into the application area)" : " in the slot");
        return SERVE_RESET;
    }
    sim_say("%s: %s (after %zu bytes)", v->who, ans, v->bytes);
    answer_close(v, ans);
    /* The application of a direct layout has nowhere to store an update:
     * the header passed, the receiver journalled a rescue request, and the
     * board restarts into rescue; the sender sends again (otaboot send does). */
    if (rc == OB_ERR_VIA_RESCUE)
        return SERVE_RESET;
    /* A rescue entered only because the application asked for it goes back
     * to the application when the transfer left it untouched. */
    if (s->running == OB_RUN_RESCUE && s->via_request &&
        (s->j.st.app_status == OB_APP_CONFIRMED || s->j.st.app_status == OB_APP_TRIAL)) {
        sim_say("rescue: the application is intact: resetting into it");
        return SERVE_RESET;
    }
    return (serve_result)-1;
}

static serve_result feed(service *v, const uint8_t *p, size_t n)
{
    int rc = ob_receiver_feed(&v->rx, p, n);
    if (rc == OB_RX_MORE && !dead(v))
        return (serve_result)-1;
    if (rc == OB_OK)
        rc = ob_receiver_finish(&v->rx);
    return conclude(v, rc);
}

static serve_result query(service *v, int kind)
{
    sim *s = v->s;
    char line[OB_STATUS_LINE_MAX];
    if (kind == OB_QUERY_STATUS) {
        ob_status st;
        ob_status_from_journal(&st, s->l, &s->j.st, s->running);
        if (ob_status_format(&st, line, sizeof line) < 0)
            snprintf(line, sizeof line, "Update rejected: %s", ob_strerror(OB_ERR_STATE));
        answer_close(v, line);
        return (serve_result)-1;
    }
    sim_say("%s: reset requested over the network", v->who);
    answer_close(v, "Resetting");
    return SERVE_RESET;
}

static serve_result on_bytes(service *v, const uint8_t *p, size_t n)
{
    if (v->state == C_SNIFF) {
        v->t0 = net_now();
        if (p[0] == 0x1f) {
            start_image(v);
        } else {
            v->state = C_QUERY;
        }
    }
    if (v->state == C_QUERY) {
        size_t k = 0;
        int nl = 0;
        while (k < n && v->qlen < sizeof v->q) {
            char c = (char)p[k++];
            if (c == '\n') {
                nl = 1;
                break;
            }
            v->q[v->qlen++] = c;
        }
        if (nl) {
            int kind = ob_query_kind(v->q, v->qlen);
            if (kind != OB_QUERY_NONE)
                return query(v, kind);
        } else if (v->qlen < sizeof v->q) {
            return (serve_result)-1; /* the line goes on */
        }
        /* no query: the whole input goes to the receiver, which judges it */
        uint8_t q[OB_QUERY_MAX + 1];
        size_t ql = v->qlen;
        memcpy(q, v->q, ql);
        if (nl)
            q[ql++] = '\n';
        start_image(v);
        serve_result r = feed(v, q, ql);
        if ((int)r != -1 || v->fd < 0 || k == n)
            return r;
        return feed(v, p + k, n - k);
    }
    return feed(v, p, n);
}

static serve_result on_eof(service *v)
{
    if (v->state == C_SNIFF) {
        close(v->fd);
        v->fd = -1;
        return (serve_result)-1;
    }
    if (v->state == C_QUERY) {
        int kind = ob_query_kind(v->q, v->qlen);
        if (kind != OB_QUERY_NONE)
            return query(v, kind);
        start_image(v);
        (void)ob_receiver_feed(&v->rx, (const uint8_t *)v->q, v->qlen);
    }
    return conclude(v, ob_receiver_finish(&v->rx));
}

static void busy(service *v, int fd)
{
    static const char msg[] = OB_ANSWER_REJECT_PREFIX "busy\n";
    ssize_t k = send(fd, msg, sizeof msg - 1, MSG_NOSIGNAL);
    (void)k;
    shutdown(fd, SHUT_WR);
    for (int i = 0; i < MAX_DRAIN; i++)
        if (v->drain[i] < 0) {
            v->drain[i] = fd;
            v->drain_until[i] = net_now() + DRAIN_MS / 1000.0;
            return;
        }
    close(fd);
}

static void accept_all(service *v)
{
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept(v->s->lfd, (struct sockaddr *)&ss, &sl);
        if (fd < 0)
            return;
        net_set_nonblock(fd, 1);
        char addr[64] = "?";
        uint16_t port = 0;
        if (ss.ss_family == AF_INET) {
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr, sizeof addr);
            port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr, sizeof addr);
            port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
        }
        if (v->fd >= 0) {
            sim_say("%s: connection from %s:%u while busy: Update rejected: busy", v->who, addr, port);
            busy(v, fd);
            continue;
        }
        sim_say("%s: connection from %s:%u", v->who, addr, port);
        v->fd = fd;
        v->state = C_SNIFF;
        v->qlen = 0;
        v->bytes = 0;
        v->last = net_now();
    }
}

static void service_drains(service *v, const struct pollfd *pf, int base, double now)
{
    char buf[4096];
    for (int i = 0; i < MAX_DRAIN; i++) {
        if (v->drain[i] < 0)
            continue;
        int done = now >= v->drain_until[i];
        if (!done && (pf[base + i].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t k = recv(v->drain[i], buf, sizeof buf, 0);
            done = k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR);
        }
        if (done) {
            close(v->drain[i]);
            v->drain[i] = -1;
        }
    }
}

serve_result sim_serve(sim *s)
{
    static uint8_t buf[65536];
    static service v;
    memset(&v, 0, sizeof v);
    v.s = s;
    v.fd = -1;
    v.who = s->running == OB_RUN_RESCUE ? "rescue" : "app";
    for (int i = 0; i < MAX_DRAIN; i++)
        v.drain[i] = -1;
    sim_say("%s: update service listening on %s:%u", v.who, s->o.bind, s->port);
    serve_result r = (serve_result)-1;
    while ((int)r == -1) {
        struct pollfd pf[2 + MAX_DRAIN];
        double now = net_now();
        int timeout = 1000;
        pf[0].fd = s->lfd;
        pf[0].events = POLLIN;
        pf[1].fd = v.fd;
        pf[1].events = POLLIN;
        if (v.fd >= 0) {
            int left = (int)((v.last + s->o.idle_ms / 1000.0 - now) * 1000) + 1;
            timeout = left < timeout ? (left > 0 ? left : 0) : timeout;
        }
        for (int i = 0; i < MAX_DRAIN; i++) {
            pf[2 + i].fd = v.drain[i];
            pf[2 + i].events = POLLIN;
        }
        for (int i = 0; i < 2 + MAX_DRAIN; i++)
            pf[i].revents = 0;
        int n = poll(pf, 2 + MAX_DRAIN, timeout);
        if (sim_stop) {
            r = SERVE_STOP;
            break;
        }
        if (n < 0 && errno != EINTR) {
            r = SERVE_FATAL;
            break;
        }
        now = net_now();
        service_drains(&v, pf, 2, now);
        if (v.fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t k = recv(v.fd, buf, sizeof buf, 0);
            if (k > 0) {
                v.bytes += (size_t)k;
                v.last = now;
                r = on_bytes(&v, buf, (size_t)k);
            } else if (k == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                if (k < 0)
                    sim_say("%s: connection lost: %s", v.who, strerror(errno));
                r = on_eof(&v);
            }
        } else if (v.fd >= 0 && now - v.last >= s->o.idle_ms / 1000.0) {
            sim_say("%s: client silent for %d s: %s%s", v.who, s->o.idle_ms / 1000, OB_ANSWER_REJECT_PREFIX,
                    ob_strerror(OB_ERR_TIMEOUT));
            char ans[64];
            snprintf(ans, sizeof ans, "%s%s", OB_ANSWER_REJECT_PREFIX, ob_strerror(OB_ERR_TIMEOUT));
            answer_close(&v, ans);
        }
        if ((int)r == -1 && (pf[0].revents & POLLIN))
            accept_all(&v);
    }
    if (v.fd >= 0)
        close(v.fd);
    for (int i = 0; i < MAX_DRAIN; i++)
        if (v.drain[i] >= 0)
            close(v.drain[i]);
    return r;
}
