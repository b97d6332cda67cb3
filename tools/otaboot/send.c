/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot send: streams an image to a board's update port and reports the
 * board's one-line answer (docs/CLI.md "send"). */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "cmds.h"
#include "common.h"
#include "hostkeys.h"
#include "net.h"
#include "progress.h"
#include "receiver.h"
#include "status.h"

static const char help[] =
    "usage: otaboot send HOST[:PORT] FILE [options]\n"
    "Sends an image to a board's update service (port 40000 by default), then\n"
    "half-closes the connection and prints the board's answer. Exit 0 only on\n"
    "\"Valid update file received\" or \"Already installed\". A board that\n"
    "installs updates through its rescue firmware (direct profile) answers that\n"
    "it restarts into rescue: the file is then sent again automatically. A board\n"
    "busy with another transfer answers \"Update rejected: busy\": send waits and\n"
    "tries again (exit 8 when it is still busy after the retries).\n"
    "Before sending, the file is checked as the board would check its header: a\n"
    "gzip file, whole, and when it has otaboot metadata, for the board and profile\n"
    "the board's STATUS names (and that board's sizes); what fails is refused with\n"
    "what to do, and nothing is sent.\n"
    "  -k, --key KEY.pem        prove an owner key: a board with keys needs it for\n"
    "                           installs that erase its application (direct profile);\n"
    "                           asks STATUS for a fresh nonce before each transfer\n"
    "  -t, --timeout S          give up after S seconds without progress (default 20)\n"
    "      --connect-timeout S  connect timeout (default 5)\n"
    "  -r, --retries N          resends after a restart into rescue or a busy board (default 5)\n"
    "      --no-check           send the file as it is, without the checks above\n"
    "  -q, --quiet              no progress output\n"
    "  -h, --help               this text\n"
    "Progress goes to stderr (a bar on a terminal, otherwise a line each time the\n"
    "bytes sent pass another tenth of the file, the last at 100%); the board's\n"
    "answer goes to stdout.\n";

typedef struct {
    const char *host;
    uint16_t port;
    int idle_ms, connect_ms;
    int quiet;
    ob_hostkey *key;          /* --key: prove it before each transfer */
    const uint8_t *rec;       /* the image's metadata record, with --key */
    const ob_status *fresh;   /* the STATUS the local check just read: its nonce is unused */
} send_opts;

/* --key: takes a nonce from a STATUS (the one the local check just read, once;
 * otherwise a new one) and writes "AUTH <proof>\n" into line ("" when the board
 * gives no nonce: it needs no proof). NET_OK or a NET_* kind. */
static int authorize(send_opts *o, char line[OB_AUTH_LINE_MAX], char *why, size_t wcap)
{
    int kind;
    char ans[OB_STATUS_LINE_MAX + 8];
    ob_status st;
    line[0] = '\0';
    if (o->fresh) {
        st = *o->fresh;
        o->fresh = NULL; /* a nonce is single use: a retry asks again */
    } else if (status_query(o->host, o->port, o->connect_ms, ans, sizeof ans, &st, why, wcap, &kind) != EXIT_OK) {
        return kind;
    }
    if (st.nonce[0] == '\0')
        return NET_OK;
    uint8_t nonce[OB_AUTH_NONCE_LEN], d[OB_SHA256_LEN], sig[OB_AUTH_SIG_LEN];
    if (ob_auth_nonce_parse(st.nonce, nonce) != OB_OK) { /* ob_status_parse checked it already */
        snprintf(why, wcap, "%s:%u gave a malformed nonce", o->host, o->port);
        return NET_OTHER;
    }
    ob_auth_digest(nonce, o->rec, d);
    if (ob_hostkey_sign_digest(o->key, d, sig) != OB_OK) {
        snprintf(why, wcap, "signing the proof failed");
        return NET_OTHER;
    }
    ob_auth_format_line(sig, line);
    if (!o->quiet)
        fprintf(stderr, "nonce %s from %s:%u: proof of the owner key sent first\n", st.nonce, o->host, o->port);
    return NET_OK;
}

int send_precheck(const char *file, const uint8_t *d, size_t n, const ob_status *st, char *why, size_t cap)
{
    if (n < 2 || d[0] != 0x1f || d[1] != 0x8b) {
        const char *what = n >= 4 && !memcmp(d, "\x7f" "ELF", 4) ? "an ELF executable"
                           : n >= 1 && d[0] == ':'              ? "an Intel HEX file"
                                                                : "not a gzip file (a raw binary?)";
        snprintf(why, cap, "%s is %s, not an image: make one with: otaboot pack %s -b BOARD -v VERSION", file, what,
                 file);
        return OB_ERR_GZ_MAGIC;
    }
    ob_gzhdr h;
    ob_gzhdr_init(&h);
    int rc = ob_gzhdr_parse(&h, d, n);
    if (rc != OB_OK) {
        snprintf(why, cap, "%s: %s (otaboot inspect %s tells more)", file, ob_strerror(rc), file);
        return rc;
    }
    if (!h.has_meta)
        return OB_OK; /* a plain gzip: the board judges it (a development board checks it, one with keys refuses it) */
    if ((uint64_t)h.header_len + h.meta.payload_size != n) {
        snprintf(why, cap, "%s is %zu bytes, its metadata says %llu: truncated or damaged (otaboot inspect %s)", file,
                 n, (unsigned long long)h.header_len + h.meta.payload_size, file);
        return OB_ERR_SIZE_MISMATCH;
    }
    if (st == NULL)
        return OB_OK;
    if (strcmp(h.meta.board, st->board) != 0) {
        snprintf(why, cap, "%s is for board %s, the board is a %s: pack the application with -b %s", file,
                 h.meta.board, st->board, st->board);
        return OB_ERR_WRONG_BOARD;
    }
    if (h.meta.profile != st->profile) {
        snprintf(why, cap, "%s is for the %s profile, the board runs the %s profile: pack the application with -p %s",
                 file, ob_profile_name((ob_profile)h.meta.profile), ob_profile_name(st->profile),
                 ob_profile_name(st->profile));
        return OB_ERR_WRONG_PROFILE;
    }
    const ob_layout *l = ob_layout_find(st->board, st->profile);
    rc = l ? ob_meta_check_layout(&h.meta, l, h.header_len) : OB_OK;
    if (rc != OB_OK) {
        snprintf(why, cap, "%s: %s (the %s %s layout)", file, ob_strerror(rc), st->board, ob_profile_name(st->profile));
        return rc;
    }
    return OB_OK;
}

/* One transfer. Returns NET_OK with the answer, or a NET_* kind with why. */
static int transfer(send_opts *o, const uint8_t *data, size_t n, char *answer, size_t acap, char *why,
                    size_t wcap)
{
    int kind, err;
    char auth[OB_AUTH_LINE_MAX] = "";
    if (o->key && (kind = authorize(o, auth, why, wcap)) != NET_OK)
        return kind;
    int fd = net_connect(o->host, o->port, o->connect_ms, &kind, why, wcap);
    if (fd < 0)
        return kind;
    if (auth[0] && net_send_all(fd, auth, strlen(auth), o->idle_ms, &kind, &err) != 0) {
        snprintf(why, wcap, "%s:%u: sending the proof failed", o->host, o->port);
        close(fd);
        return kind;
    }
    progress pr;
    progress_init(&pr, stderr, n, o->quiet);
    size_t off = 0;
    int early = 0, reset = 0;
    progress_update(&pr, 0, net_now());
    while (off < n) {
        struct pollfd p = { fd, POLLOUT | POLLIN, 0 };
        int r = poll(&p, 1, o->idle_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            progress_end(&pr, off, net_now());
            snprintf(why, wcap, "timed out: %s:%u took nothing for %d s after %zu of %zu bytes", o->host, o->port,
                     o->idle_ms / 1000, off, n);
            close(fd);
            return NET_TIMEOUT;
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            early = 1; /* the board answered (or went away) before the end */
            break;
        }
        ssize_t k = send(fd, data + off, OB_MIN(n - off, (size_t)65536), MSG_NOSIGNAL);
        if (k < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                continue;
            early = reset = 1;
            break;
        }
        off += (size_t)k;
        progress_update(&pr, off, net_now());
    }
    progress_end(&pr, off, net_now());
    if (!early) {
        shutdown(fd, SHUT_WR);
        if (!o->quiet && !pr.tty)
            fprintf(stderr, "sent %zu bytes, waiting for the board's answer\n", n);
    }
    long len = net_read_line(fd, answer, acap, o->idle_ms, &kind, &err);
    close(fd);
    if (len > 0)
        return NET_OK;
    if (len < 0 && kind == NET_TIMEOUT) {
        snprintf(why, wcap, "timed out: no answer from %s:%u within %d s after sending %zu bytes", o->host, o->port,
                 o->idle_ms / 1000, off);
        return NET_TIMEOUT;
    }
    if (reset || (len < 0 && (err == ECONNRESET || err == EPIPE)))
        snprintf(why, wcap, "connection reset by %s:%u after %zu of %zu bytes, no answer", o->host, o->port, off, n);
    else
        snprintf(why, wcap, "%s:%u closed the connection after %zu of %zu bytes without an answer", o->host, o->port,
                 off, n);
    return NET_OTHER;
}

int cmd_send(int argc, char **argv)
{
    static const struct option opts[] = {
        { "timeout", required_argument, NULL, 't' }, { "connect-timeout", required_argument, NULL, 'c' },
        { "retries", required_argument, NULL, 'r' }, { "quiet", no_argument, NULL, 'q' },
        { "no-check", no_argument, NULL, 'N' },      { "key", required_argument, NULL, 'k' },
        { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
    };
    send_opts o;
    ob_status checked;
    uint32_t idle = 20, conn = 5, retries = 5;
    int c, check = 1;
    const char *keyfile = NULL;
    memset(&o, 0, sizeof o);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":t:r:k:qh", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (parse_uint(optarg, 3600, &idle) != 0 || idle == 0)
                return fail(EXIT_USAGE, "bad --timeout '%s' (1..3600 s)", optarg);
            break;
        case 'c':
            if (parse_uint(optarg, 3600, &conn) != 0 || conn == 0)
                return fail(EXIT_USAGE, "bad --connect-timeout '%s' (1..3600 s)", optarg);
            break;
        case 'r':
            if (parse_uint(optarg, 100, &retries) != 0)
                return fail(EXIT_USAGE, "bad --retries '%s' (0..100)", optarg);
            break;
        case 'k': keyfile = optarg; break;
        case 'q': o.quiet = 1; break;
        case 'N': check = 0; break;
        case 'h': return print_help(help);
        case ':': return fail(EXIT_USAGE, "option %s needs a value (see --help)", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind != argc - 2)
        return fail(EXIT_USAGE, "expects HOST[:PORT] FILE (see --help)");
    char host[256], why[256], answer[256];
    if (net_parse_hostport(argv[optind], host, sizeof host, &o.port, why, sizeof why) != 0)
        return fail(EXIT_USAGE, "%s", why);
    o.host = host;
    o.idle_ms = (int)idle * 1000;
    o.connect_ms = (int)conn * 1000;
    uint8_t *data;
    size_t n;
    if (read_file(argv[optind + 1], (size_t)256 << 20, &data, &n) != 0)
        return EXIT_IO;
    if (n == 0) {
        free(data);
        return fail(EXIT_USAGE, "%s is empty", argv[optind + 1]);
    }
    if (check) {
        /* The board's STATUS names its board and profile; a board that does
         * not answer it (busy, older firmware) is checked without them. */
        char line[OB_STATUS_LINE_MAX + 8];
        int have = status_query(host, o.port, o.connect_ms, line, sizeof line, &checked, why, sizeof why, NULL) == EXIT_OK;
        if (send_precheck(argv[optind + 1], data, n, have ? &checked : NULL, why, sizeof why) != OB_OK) {
            free(data);
            return fail(EXIT_REJECTED, "%s; nothing sent", why);
        }
        o.fresh = have ? &checked : NULL;
    }
    ob_gzhdr hdr;
    if (keyfile) {
        size_t used = 0;
        ob_gzhdr_init(&hdr);
        if (ob_gzhdr_feed(&hdr, data, n, &used) != OB_OK || !hdr.has_meta) {
            free(data);
            return fail(EXIT_USAGE, "%s has no otaboot metadata: --key proves an owner key for a signed image "
                        "(otaboot pack --key)", argv[optind + 1]);
        }
        o.rec = hdr.rec;
        o.key = ob_hostkey_load(keyfile, 1, why, sizeof why);
        if (!o.key) {
            free(data);
            return fail(EXIT_USAGE, "--key %s: %s", keyfile, why);
        }
    }
    const char *via_rescue = ob_strerror(OB_ERR_VIA_RESCUE);
    int ret = EXIT_NET;
    for (uint32_t attempt = 0;; attempt++) {
        int kind = transfer(&o, data, n, answer, sizeof answer, why, sizeof why);
        /* After a restart into rescue the board may be booting: a refused
         * connection then means "not yet", within the same retry budget. */
        if (kind == NET_REFUSED && attempt > 0 && attempt < retries) {
            if (!o.quiet)
                fprintf(stderr, "board not listening yet, retrying in 1 s (attempt %u of %u)\n", attempt + 1, retries);
            net_sleep_ms(1000);
            continue;
        }
        if (kind != NET_OK) {
            ret = fail(EXIT_NET, "%s", why);
            break;
        }
        printf("%s\n", answer);
        fflush(stdout);
        if (strstr(answer, via_rescue) != NULL) {
            if (attempt >= retries) {
                ret = fail(EXIT_REJECTED, "the board still asks for a resend after %u retries", retries);
                break;
            }
            if (!o.quiet)
                fprintf(stderr, "the board restarts into rescue: sending again in 1 s (retry %u of %u)\n",
                        attempt + 1, retries);
            net_sleep_ms(1000);
            continue;
        }
        if (strcmp(answer, OB_ANSWER_REJECT_PREFIX "busy") == 0) {
            if (attempt >= retries) {
                ret = fail(EXIT_BUSY, "%s:%u is busy with another transfer (tried %u times): try again later",
                           host, o.port, attempt + 1);
                break;
            }
            unsigned wait_s = attempt < 3 ? 2u : 5u;
            if (!o.quiet)
                fprintf(stderr, "the board is busy with another transfer: trying again in %u s (retry %u of %u)\n",
                        wait_s, attempt + 1, retries);
            net_sleep_ms((int)wait_s * 1000);
            continue;
        }
        if (strcmp(answer, OB_ANSWER_OK) == 0 || strcmp(answer, ob_strerror(OB_ERR_ALREADY_INSTALLED)) == 0) {
            ret = EXIT_OK;
        } else if (strncmp(answer, OB_ANSWER_REJECT_PREFIX, sizeof OB_ANSWER_REJECT_PREFIX - 1) == 0) {
            ret = fail(EXIT_REJECTED, "%s:%u rejected %s: %s", host, o.port, argv[optind + 1],
                       answer + sizeof OB_ANSWER_REJECT_PREFIX - 1);
        } else {
            ret = fail(EXIT_REJECTED, "unexpected answer from %s:%u", host, o.port);
        }
        break;
    }
    if (o.key)
        ob_hostkey_free(o.key);
    free(data);
    return ret;
}
