/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot sim: the update service of the modelled firmware, on real TCP.
 *
 * A thin POSIX-socket driver of the shared connection logic (core/session.h),
 * the same the firmware agent drives with lwIP: this file only accepts,
 * reads, writes and closes sockets and hands every event and the time to the
 * session, which decides what the first bytes are, the answer, the linger
 * after it, the idle timeout and the deadline, busy, and when to reset. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "net.h"
#include "session.h"
#include "sim.h"

#define MAX_CONN 8
#define POLL_MS 50

typedef struct {
    int fd; /* -1: slot unused */
    ob_conn c;
} conn_slot;

static uint8_t window[32768]; /* the receiver's dry-run inflate window */

static uint32_t now_ms(void)
{
    return (uint32_t)(uint64_t)(net_now() * 1000.0);
}

static void console(ob_platform *p, const char *line)
{
    sim_say("%s: %s", (const char *)p->ctx, line);
}

/* A power cut: the board goes dark mid-conversation, the peer sees a reset. */
static void abort_fd(int fd)
{
    struct linger lg = { 1, 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
}

static void accept_all(sim *s, ob_session *ses, conn_slot *cs, const char *who)
{
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept(s->lfd, (struct sockaddr *)&ss, &sl);
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
        conn_slot *slot = NULL;
        ob_conn *conns[MAX_CONN];
        for (int i = 0; i < MAX_CONN && !slot; i++) {
            if (cs[i].fd < 0)
                slot = &cs[i];
            conns[i] = &cs[i].c;
        }
        ob_conn *victim = slot ? NULL : ob_session_evict(conns, MAX_CONN, now_ms());
        for (int i = 0; victim && i < MAX_CONN; i++)
            if (&cs[i].c == victim) {
                sim_say("%s: connection reset after its answer, to make room for a new one", who);
                abort_fd(cs[i].fd);
                cs[i].fd = -1;
                ob_session_closed(ses, victim);
                slot = &cs[i];
            }
        if (!slot || ob_session_accept(ses, &slot->c, now_ms()) != OB_OK) {
            sim_say("%s: connection from %s:%u refused (%s)", who, addr, port,
                    slot ? "restarting" : "too many connections");
            close(fd);
            continue;
        }
        slot->fd = fd;
        sim_say("%s: connection from %s:%u", who, addr, port);
    }
}

void sim_drop_pending(sim *s)
{
    for (;;) {
        int fd = accept(s->lfd, NULL, NULL);
        if (fd < 0)
            return;
        sim_say("sim: a connection made while the application hung is reset");
        abort_fd(fd);
    }
}

/* Reads what is there and tells the session. */
static void take(ob_session *ses, conn_slot *cs, uint8_t *buf, size_t cap)
{
    ssize_t k = recv(cs->fd, buf, cap, 0);
    if (k > 0) {
        ob_session_input(ses, &cs->c, buf, (size_t)k, now_ms());
    } else if (k == 0) {
        ob_session_input_end(ses, &cs->c, now_ms());
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        ob_session_lost(ses, &cs->c, now_ms());
        close(cs->fd);
        cs->fd = -1;
    }
}

/* Carries out what the session wants of this connection. */
static void act(ob_session *ses, conn_slot *cs)
{
    if (cs->fd < 0)
        return;
    ob_session_conn_tick(ses, &cs->c, now_ms());
    if (cs->c.state == OB_CONN_ANSWER) {
        int kind, err;
        (void)net_send_all(cs->fd, cs->c.out, cs->c.out_len, 2000, &kind, &err);
        shutdown(cs->fd, SHUT_WR);
        ob_session_answered(ses, &cs->c, now_ms());
    }
    if (cs->c.state == OB_CONN_CLOSE) {
        close(cs->fd);
        cs->fd = -1;
        ob_session_closed(ses, &cs->c);
    }
}

/* The nonces' seed (board with keys), fresh at every boot: /dev/urandom. */
static void urandom(ob_platform *p, uint8_t *buf, size_t n)
{
    (void)p;
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(buf, 1, n, f) != n)
        fprintf(stderr, "otaboot sim: /dev/urandom unreadable: nonces seeded from the clock and the journal only\n");
    if (f)
        fclose(f);
}

serve_result sim_serve(sim *s)
{
    static uint8_t buf[65536];
    static conn_slot cs[MAX_CONN];
    static ob_session ses;
    const char *who = s->running == OB_RUN_RESCUE ? "rescue" : "app";
    ob_platform platform = {.log = console, .entropy = urandom, .ctx = (void *)who};
    ob_session_cfg cfg = {
        .layout = s->l,
        .flash = &s->sf.dev,
        .journal = &s->j,
        .running = s->running,
        .keys = s->o.keys.count ? &s->o.keys : NULL,
        .window = window,
        .window_size = sizeof window,
        .idle_ms = (uint32_t)s->o.idle_ms,
        .base_ms = s->o.deadline_ms,
        .min_rate = s->o.min_rate,
        .rescue_return_ms = s->o.rescue_return_ms,
        .platform = &platform,
    };
    for (int i = 0; i < MAX_CONN; i++)
        cs[i].fd = -1;
    sim_say("%s: update service listening on %s:%u", who, s->o.bind, s->port);
    ob_session_init(&ses, &cfg, now_ms());
    serve_result r = (serve_result)-1;
    while ((int)r == -1) {
        struct pollfd pf[1 + MAX_CONN];
        pf[0].fd = s->lfd;
        pf[0].events = POLLIN;
        for (int i = 0; i < MAX_CONN; i++) {
            /* after the client's end there is nothing more to read */
            pf[1 + i].fd = cs[i].fd >= 0 && !cs[i].c.peer_done ? cs[i].fd : -1;
            pf[1 + i].events = POLLIN;
        }
        for (int i = 0; i < 1 + MAX_CONN; i++)
            pf[i].revents = 0;
        int n = poll(pf, 1 + MAX_CONN, POLL_MS);
        if (sim_stop) {
            r = SERVE_STOP;
            break;
        }
        if (n < 0 && errno != EINTR) {
            r = SERVE_FATAL;
            break;
        }
        ob_session_tick(&ses, now_ms());
        int open = 0;
        for (int i = 0; i < MAX_CONN; i++) {
            if (cs[i].fd >= 0 && (pf[1 + i].revents & (POLLIN | POLLHUP | POLLERR)))
                take(&ses, &cs[i], buf, sizeof buf);
            if (simflash_is_dead(&s->sf)) {
                r = SERVE_POWER_CUT;
                break;
            }
            act(&ses, &cs[i]);
            open += cs[i].fd >= 0;
        }
        if ((int)r != -1)
            break;
        if (ob_session_reset_due(&ses)) {
            if (!open)
                r = SERVE_RESET;
        } else if (pf[0].revents & POLLIN) {
            accept_all(s, &ses, cs, who);
        }
    }
    for (int i = 0; i < MAX_CONN; i++)
        if (cs[i].fd >= 0) {
            if (r == SERVE_POWER_CUT)
                abort_fd(cs[i].fd);
            else
                close(cs[i].fd);
            cs[i].fd = -1;
        }
    return r;
}
