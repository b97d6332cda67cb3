/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot status: asks a board what it runs (docs/SPEC.md "The status line"). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmds.h"
#include "common.h"
#include "image.h"
#include "net.h"
#include "status.h"

static const char help[] =
    "usage: otaboot status HOST[:PORT] [--raw] [--timeout S]\n"
    "Sends the query \"STATUS\" on the board's update port and prints the answer:\n"
    "board, profile, what runs, the application's version and journal state, a\n"
    "pending update, the security counter, and the progress of a transfer that\n"
    "another connection is making.\n"
    "  --raw            print the answer line as received (key=value pairs)\n"
    "  -t, --timeout S  connect and answer timeout (default 5)\n"
    "  -h, --help       this text\n";

static void print_status(const ob_status *s)
{
    char v[16];
    printf("board:            %s (%s profile)\n", s->board, ob_profile_name(s->profile));
    if (s->running == OB_RUN_RESCUE)
        printf("running:          rescue firmware\n");
    else
        printf("running:          application%s%s\n", s->has_version ? " v" : "",
               s->has_version                      ? ob_version_format(s->version, v, sizeof v)
               : s->app_status != OB_APP_UNKNOWN ? " (a plain gzip: no version)"
                                                   : " (no journal record)");
    printf("application:      %s", ob_app_status_name(s->app_status));
    if (s->has_version)
        printf(" v%s", ob_version_format(s->version, v, sizeof v));
    if (s->app_status == OB_APP_TRIAL)
        printf(" (%u trial boot(s))", s->trials);
    printf("\n");
    if (s->rolled_back)
        printf("rolled back:      from v%s, which failed; bl1 went back to this one\n",
               ob_version_format(s->rollback_from, v, sizeof v));
    if (s->pending)
        printf("update:           v%s sealed, installs at the next reset\n",
               ob_version_format(s->update_version, v, sizeof v));
    else
        printf("update:           none pending\n");
    printf("security counter: %u\n", s->counter);
    if (s->receiving && s->expected)
        printf("receiving:        %u of %u bytes (%u%%)\n", s->received, s->expected,
               (unsigned)((uint64_t)s->received * 100u / s->expected));
    else if (s->receiving)
        printf("receiving:        %u bytes (size not known yet)\n", s->received);
    if (s->reason != 0)
        printf("last error:       %s (%d)\n", ob_strerror(s->reason), (int)s->reason);
}

int status_query(const char *host, uint16_t port, int timeout_ms, char *line, size_t cap, ob_status *s, char *why,
                 size_t wcap, int *net_kind)
{
    int kind, err;
    if (!net_kind)
        net_kind = &kind;
    *net_kind = NET_OTHER;
    int fd = net_connect(host, port, timeout_ms, net_kind, why, wcap);
    if (fd < 0)
        return EXIT_NET;
    static const char q[] = OB_STATUS_QUERY "\n";
    if (net_send_all(fd, q, sizeof q - 1, timeout_ms, net_kind, &err) != 0) {
        close(fd);
        snprintf(why, wcap, "connection to %s:%u lost while asking: %s", host, port, strerror(err));
        return EXIT_NET;
    }
    shutdown(fd, SHUT_WR);
    long n = net_read_line(fd, line, cap, timeout_ms, net_kind, &err);
    close(fd);
    if (n <= 0) {
        if (n < 0)
            snprintf(why, wcap, "%s from %s:%u", *net_kind == NET_TIMEOUT ? "no answer in time" : "connection reset",
                     host, port);
        else
            snprintf(why, wcap, "%s:%u closed the connection without an answer", host, port);
        return EXIT_NET;
    }
    if (ob_status_parse(line, s) != OB_OK) {
        snprintf(why, wcap, "%s:%u answered something that is not a status line: %.80s", host, port, line);
        *net_kind = NET_OTHER;
        return EXIT_REJECTED;
    }
    *net_kind = NET_OK;
    return EXIT_OK;
}

int cmd_status(int argc, char **argv)
{
    static const struct option opts[] = {
        { "raw", no_argument, NULL, 'R' },
        { "timeout", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int raw = 0, c;
    uint32_t timeout = 5;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'R': raw = 1; break;
        case 't':
            if (parse_uint(optarg, 3600, &timeout) != 0 || timeout == 0)
                return fail(EXIT_USAGE, "bad --timeout '%s' (1..3600 s)", optarg);
            break;
        case 'h': return print_help(help);
        case ':': return fail(EXIT_USAGE, "option %s needs a value (see --help)", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return fail(EXIT_USAGE, "expects HOST[:PORT] (see --help)");
    char host[256], why[256], line[OB_STATUS_LINE_MAX + 8];
    uint16_t port;
    if (net_parse_hostport(argv[optind], host, sizeof host, &port, why, sizeof why) != 0)
        return fail(EXIT_USAGE, "%s", why);
    ob_status s;
    int rc = status_query(host, port, (int)timeout * 1000, line, sizeof line, &s, why, sizeof why, NULL);
    if (rc != EXIT_OK)
        return fail(rc, "%s", why);
    if (raw)
        printf("%s\n", line);
    else
        print_status(&s);
    return EXIT_OK;
}
