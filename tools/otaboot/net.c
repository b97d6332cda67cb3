/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: TCP helpers over POSIX sockets (see net.h). */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

int net_parse_hostport(const char *s, char *host, size_t hcap, uint16_t *port, char *why, size_t cap)
{
    const char *colon = NULL, *h = s, *hend;
    *port = OTABOOT_PORT;
    if (s == NULL || *s == '\0') {
        snprintf(why, cap, "empty host");
        return -1;
    }
    if (*s == '[') {
        const char *rb = strchr(s, ']');
        if (rb == NULL) {
            snprintf(why, cap, "'%s': missing ']'", s);
            return -1;
        }
        h = s + 1;
        hend = rb;
        if (rb[1] == ':')
            colon = rb + 1;
        else if (rb[1] != '\0') {
            snprintf(why, cap, "'%s': unexpected text after ']'", s);
            return -1;
        }
    } else {
        colon = strrchr(s, ':');
        if (colon != NULL && strchr(s, ':') != colon)
            colon = NULL; /* a bare IPv6 address: no port */
        hend = colon ? colon : s + strlen(s);
    }
    if (colon != NULL) {
        uint32_t p;
        if (parse_uint(colon + 1, 65535, &p) != 0 || p == 0) {
            snprintf(why, cap, "'%s': port must be 1..65535", s);
            return -1;
        }
        *port = (uint16_t)p;
    }
    size_t n = (size_t)(hend - h);
    if (n == 0 || n >= hcap) {
        snprintf(why, cap, "'%s': bad host name", s);
        return -1;
    }
    memcpy(host, h, n);
    host[n] = '\0';
    return 0;
}

double net_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void net_sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int net_set_nonblock(int fd, int on)
{
    int fl = fcntl(fd, F_GETFL, 0);
    if (fl < 0)
        return -1;
    return fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

static int classify(int e)
{
    switch (e) {
    case ECONNREFUSED: return NET_REFUSED;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
    case EADDRNOTAVAIL: return NET_UNREACHABLE;
    case ETIMEDOUT: return NET_TIMEOUT;
    default: return NET_OTHER;
    }
}

static int try_connect(const struct addrinfo *ai, int timeout_ms, int *err)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        *err = errno;
        return -1;
    }
    net_set_nonblock(fd, 1);
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        return fd;
    if (errno != EINPROGRESS) {
        *err = errno;
        close(fd);
        return -1;
    }
    struct pollfd p = { fd, POLLOUT, 0 };
    int r;
    do
        r = poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r == 0) {
        *err = ETIMEDOUT;
        close(fd);
        return -1;
    }
    int so = 0;
    socklen_t sl = sizeof so;
    if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &sl) != 0 || so != 0) {
        *err = r < 0 ? errno : so;
        close(fd);
        return -1;
    }
    return fd;
}

int net_connect(const char *host, uint16_t port, int timeout_ms, int *kind, char *why, size_t cap)
{
    struct addrinfo hints, *res = NULL;
    char ps[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(ps, sizeof ps, "%u", port);
    int g = getaddrinfo(host, ps, &hints, &res);
    if (g != 0) {
        *kind = NET_RESOLVE;
        snprintf(why, cap, "cannot resolve %s: %s", host, gai_strerror(g));
        return -1;
    }
    int err = 0, fd = -1;
    for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next)
        fd = try_connect(ai, timeout_ms, &err);
    freeaddrinfo(res);
    if (fd >= 0) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        *kind = NET_OK;
        return fd;
    }
    *kind = classify(err);
    switch (*kind) {
    case NET_REFUSED:
        snprintf(why, cap, "connection refused by %s:%u (is the board up and listening?)", host, port);
        break;
    case NET_UNREACHABLE:
        snprintf(why, cap, "%s:%u is unreachable (%s)", host, port, strerror(err));
        break;
    case NET_TIMEOUT:
        snprintf(why, cap, "no answer from %s:%u within %d s (connect timed out)", host, port, timeout_ms / 1000);
        break;
    default:
        snprintf(why, cap, "cannot connect to %s:%u: %s", host, port, strerror(err));
    }
    return -1;
}

int net_listen(const char *bind_addr, uint16_t port, uint16_t *bound, char *why, size_t cap)
{
    struct addrinfo hints, *res = NULL;
    char ps[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
    snprintf(ps, sizeof ps, "%u", port);
    int g = getaddrinfo(bind_addr, ps, &hints, &res);
    if (g != 0) {
        snprintf(why, cap, "bad bind address '%s': %s", bind_addr, gai_strerror(g));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 8) != 0) {
        snprintf(why, cap, "cannot listen on %s:%u: %s", bind_addr, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    *bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                            : ((struct sockaddr_in *)&ss)->sin_port);
    net_set_nonblock(fd, 1);
    return fd;
}

static int wait_fd(int fd, short ev, int ms)
{
    struct pollfd p = { fd, ev, 0 };
    int r;
    do
        r = poll(&p, 1, ms);
    while (r < 0 && errno == EINTR);
    return r;
}

long net_read_line(int fd, char *buf, size_t cap, int idle_ms, int *kind, int *err)
{
    size_t n = 0;
    *kind = NET_OK;
    *err = 0;
    while (n + 1 < cap) {
        ssize_t k = recv(fd, buf + n, 1, 0);
        if (k == 1) {
            if (buf[n] == '\n')
                break;
            n++;
            continue;
        }
        if (k == 0)
            break;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            *err = errno;
            *kind = classify(errno);
            if (*kind != NET_TIMEOUT)
                *kind = NET_OTHER;
            if (n > 0)
                break; /* keep what arrived before the reset */
            return -1;
        }
        int r = wait_fd(fd, POLLIN, idle_ms);
        if (r == 0) {
            *kind = NET_TIMEOUT;
            return -1;
        }
    }
    while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == '\n'))
        n--;
    buf[n] = '\0';
    return (long)n;
}

int net_send_all(int fd, const void *p, size_t n, int idle_ms, int *kind, int *err)
{
    const uint8_t *b = p;
    *kind = NET_OK;
    while (n > 0) {
        ssize_t k = send(fd, b, n, MSG_NOSIGNAL);
        if (k > 0) {
            b += k;
            n -= (size_t)k;
            continue;
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            *err = errno;
            *kind = NET_OTHER;
            return -1;
        }
        if (wait_fd(fd, POLLOUT, idle_ms) == 0) {
            *kind = NET_TIMEOUT;
            *err = ETIMEDOUT;
            return -1;
        }
    }
    return 0;
}
