/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: small POSIX TCP helpers (client and server side). */
#ifndef OTABOOT_NET_H
#define OTABOOT_NET_H

#include <stddef.h>
#include <stdint.h>

#define OTABOOT_PORT 40000

/* "host", "host:port" or "[v6addr]:port" (port 1..65535; default 40000).
 * 0 or -1 (why filled). */
int net_parse_hostport(const char *s, char *host, size_t hcap, uint16_t *port, char *why, size_t cap);

enum { NET_OK = 0, NET_REFUSED, NET_UNREACHABLE, NET_TIMEOUT, NET_RESOLVE, NET_OTHER };

/* Connects within timeout_ms. Returns a non-blocking socket, or -1 with
 * *kind (NET_*) and a one-line reason in why. */
int net_connect(const char *host, uint16_t port, int timeout_ms, int *kind, char *why, size_t cap);

/* Listening TCP socket on bind_addr:port (port 0: any free port); *bound gets
 * the port in use. -1 with why on failure. */
int net_listen(const char *bind_addr, uint16_t port, uint16_t *bound, char *why, size_t cap);

int net_set_nonblock(int fd, int on);

/* Monotonic seconds. */
double net_now(void);
void net_sleep_ms(int ms);

/* Reads one line (up to '\n', EOF or cap-1 bytes) from a non-blocking socket,
 * waiting at most idle_ms between bytes. Returns the length (the line is
 * NUL-terminated, without "\r\n"), or -1 with *kind NET_TIMEOUT or NET_OTHER
 * (errno in *err). A closed connection with nothing read returns 0. */
long net_read_line(int fd, char *buf, size_t cap, int idle_ms, int *kind, int *err);

/* Sends all of p[0..n) on a non-blocking socket within idle_ms of no
 * progress. 0 or -1 (errno in *err, *kind NET_TIMEOUT/NET_OTHER). */
int net_send_all(int fd, const void *p, size_t n, int idle_ms, int *kind, int *err);

#endif
