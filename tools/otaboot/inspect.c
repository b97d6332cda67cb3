/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot inspect: shows an image's metadata and checks every hash with the
 * core's own inflater, so it checks exactly what a board would. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "common.h"
#include "image.h"
#include "inflate.h"
#include "keys.h"

static const char help[] =
    "usage: otaboot inspect FILE [--board NAME] [-p slot|direct] [--key PUB.pem]... [--json]\n"
    "Prints an image's metadata and checks it: payload SHA-256, a full inflate\n"
    "(with the board's own inflater), raw SHA-256, gzip CRC32 and ISIZE, data\n"
    "after the member. A plain gzip (no metadata) is inflated and its CRC32 and\n"
    "ISIZE checked. With --board, also what that board checks: identity,\n"
    "profile, load address, sizes against its layout, the vector table (for a\n"
    "plain gzip: what a development board checks).\n"
    "  -b, --board NAME          check against this board's layout\n"
    "  -p, --profile slot|direct layout profile (default: the image's, else slot)\n"
    "  -k, --key PUB.pem         verify the signature against this key (up to 4,\n"
    "                            as a board built with them would)\n"
    "      --json                one JSON object on stdout\n"
    "  -h, --help                this text\n"
    "Exit status 0 when every check passes, 1 when one fails.\n";

#define MAX_CHECKS 16

typedef struct {
    const char *name;
    int ok;
    char detail[192];
} check;

typedef struct {
    check c[MAX_CHECKS];
    int n;
    int failed;
    const char *first_fail;
    char first_detail[192];
} checks;

static void add(checks *cs, const char *name, int ok, const char *fmt, ...)
{
    if (cs->n == MAX_CHECKS)
        return;
    check *c = &cs->c[cs->n++];
    va_list ap;
    c->name = name;
    c->ok = ok;
    va_start(ap, fmt);
    vsnprintf(c->detail, sizeof c->detail, fmt, ap);
    va_end(ap);
    if (!ok && !cs->failed) {
        cs->first_fail = name;
        snprintf(cs->first_detail, sizeof cs->first_detail, "%s", c->detail);
    }
    if (!ok)
        cs->failed = 1;
}

/* What the full inflate found. */
typedef struct {
    ob_sha256_ctx sha;
    uint32_t crc;
    uint32_t len;
    uint8_t vt[8];
    const uint8_t *src;
    size_t srclen;
} inflated;

static int on_data(void *ctx, const uint8_t *p, uint32_t n)
{
    inflated *r = ctx;
    for (uint32_t i = 0; i < n && r->len + i < 8; i++)
        r->vt[r->len + i] = p[i];
    ob_sha256_update(&r->sha, p, n);
    r->crc = ob_crc32(r->crc, p, n);
    r->len += n;
    return OB_OK;
}

static size_t pull_all(void *ctx, const uint8_t **chunk)
{
    inflated *r = ctx;
    size_t n = r->srclen;
    *chunk = r->src;
    r->srclen = 0;
    return n;
}

static void hex(char *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
    out[2 * n] = '\0';
}

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

/* Inflates payload[0..n) (everything after the gzip header) and records the
 * stream checks. Returns the raw length, or -1 when the inflate failed. */
static long run_inflate(checks *cs, const uint8_t *payload, size_t n, uint32_t limit, inflated *r,
                        uint8_t trailer[8], size_t *deflate_len, size_t *extra)
{
    static uint8_t ring[32768];
    static ob_inflate inf;
    ob_window_sink w;
    ob_window_sink_init(&w, ring, sizeof ring, limit, on_data, r);
    ob_sha256_init(&r->sha);
    r->crc = 0;
    r->len = 0;
    r->src = payload;
    r->srclen = n;
    ob_inflate_init(&inf);
    int rc = ob_inflate_run(&inf, pull_all, r, &w.sink);
    if (rc == OB_INFLATE_NEED_INPUT)
        rc = OB_ERR_TRUNCATED;
    if (rc == OB_OK)
        rc = ob_sink_finish(&w.sink);
    if (rc != OB_OK) {
        add(cs, "inflate", 0, "%s (after %u bytes of output)", ob_strerror(rc), r->len);
        return -1;
    }
    size_t unused = ob_inflate_unused(&inf, trailer, 8), k;
    uint8_t tmp[64];
    *extra = 0;
    while ((k = ob_inflate_unused(&inf, tmp, sizeof tmp)) > 0)
        *extra += k;
    *deflate_len = n - unused - *extra;
    add(cs, "inflate", 1, "%u bytes from %zu bytes of deflate data", r->len, *deflate_len);
    if (unused < 8) {
        add(cs, "gzip trailer", 0, "%s: %zu of 8 trailer bytes", ob_strerror(OB_ERR_TRUNCATED), unused);
        return -1;
    }
    if (*extra)
        add(cs, "end of member", 0, "%s: %zu bytes", ob_strerror(OB_ERR_TRAILING), *extra);
    else
        add(cs, "end of member", 1, "nothing after the trailer");
    uint32_t crc = ob_get_le32(trailer), isize = ob_get_le32(trailer + 4);
    add(cs, "gzip crc32", crc == r->crc, crc == r->crc ? "0x%08x" : "trailer says 0x%08x, data gives 0x%08x", crc,
        r->crc);
    add(cs, "gzip isize", isize == r->len, isize == r->len ? "%u" : "trailer says %u, data gives %u", isize,
        r->len);
    return r->len;
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option opts[] = {
        { "board", required_argument, NULL, 'b' }, { "profile", required_argument, NULL, 'p' },
        { "json", no_argument, NULL, 'j' },        { "help", no_argument, NULL, 'h' },
        { "key", required_argument, NULL, 'k' },
        { NULL, 0, NULL, 0 },
    };
    const char *board = NULL;
    ob_keyring ring;
    int json = 0, c, have_profile = 0;
    memset(&ring, 0, sizeof ring);
    ob_profile profile = OB_PROFILE_SLOT;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":b:p:k:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': board = optarg; break;
        case 'k':
            if (keys_add(&ring, optarg) != 0)
                return EXIT_USAGE;
            break;
        case 'p':
            if (ob_profile_parse(optarg, &profile) != OB_OK)
                return fail(EXIT_USAGE, "unknown profile '%s' (slot or direct)", optarg);
            have_profile = 1;
            break;
        case 'j': json = 1; break;
        case 'h': return print_help(help);
        case ':': return fail(EXIT_USAGE, "option %s needs a value (see --help)", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return fail(EXIT_USAGE, "expects one FILE (see --help)");
    const char *path = argv[optind];
    uint8_t *buf;
    size_t n;
    if (read_file(path, (size_t)256 << 20, &buf, &n) != 0)
        return EXIT_IO;

    static ob_gzhdr h;
    checks cs;
    memset(&cs, 0, sizeof cs);
    int hrc = ob_gzhdr_parse(&h, buf, n);
    const ob_layout *l = NULL;
    if (hrc == OB_OK && board != NULL) {
        if (h.has_meta && !have_profile)
            profile = (ob_profile)h.meta.profile;
        l = find_layout(board, profile);
        if (l == NULL) {
            free(buf);
            return EXIT_USAGE;
        }
    }
    const ob_meta *m = hrc == OB_OK && h.has_meta ? &h.meta : NULL;
    inflated r;
    uint8_t trailer[8];
    size_t deflate_len = 0, extra = 0;
    long raw = -1;
    memset(&r, 0, sizeof r);

    if (hrc != OB_OK) {
        add(&cs, "gzip header", 0, "%s", ob_strerror(hrc));
    } else if (m != NULL) {
        add(&cs, "gzip header", 1, "%u bytes, otaboot metadata v%u", h.header_len, m->version);
        size_t avail = n - h.header_len;
        uint8_t digest[OB_SHA256_LEN];
        add(&cs, "payload size", avail >= m->payload_size,
            avail >= m->payload_size ? "%u bytes" : "%u bytes expected, the file holds %zu", m->payload_size, avail);
        if (avail >= m->payload_size) {
            ob_sha256(buf + h.header_len, m->payload_size, digest);
            int ok = ob_memcmp_ct(digest, m->payload_sha256, OB_SHA256_LEN) == 0;
            add(&cs, "payload sha256", ok, ok ? "matches the metadata" : "%s", ob_strerror(OB_ERR_PAYLOAD_HASH));
        }
        raw = run_inflate(&cs, buf + h.header_len, avail, m->raw_size, &r, trailer, &deflate_len, &extra);
        if (raw >= 0) {
            add(&cs, "payload end", deflate_len + 8 == m->payload_size,
                deflate_len + 8 == m->payload_size ? "deflate + trailer = %u bytes"
                                                   : "deflate + trailer = %zu bytes, metadata says %u",
                deflate_len + 8 == m->payload_size ? m->payload_size : (unsigned)(deflate_len + 8),
                m->payload_size);
            add(&cs, "raw size", (uint32_t)raw == m->raw_size,
                (uint32_t)raw == m->raw_size ? "%u bytes" : "metadata says %u, inflated %ld", m->raw_size, raw);
            ob_sha256_final(&r.sha, digest);
            int ok = ob_memcmp_ct(digest, m->raw_sha256, OB_SHA256_LEN) == 0;
            add(&cs, "raw sha256", ok, ok ? "matches the metadata" : "%s", ob_strerror(OB_ERR_IMAGE_HASH));
        }
        if (ring.count) {
            int rc = ob_sig_check(&ring, h.rec);
            char id[17];
            keys_id_hex(m->key_id, id);
            add(&cs, "signature", rc == OB_OK, rc == OB_OK ? "ECDSA P-256, key %s" : "%s (key id %s)",
                rc == OB_OK ? id : ob_strerror(rc), id);
        }
        if (l != NULL) {
            int rc = ob_meta_check_layout(m, l, h.header_len);
            add(&cs, "layout", rc == OB_OK, rc == OB_OK ? "%s %s: image %u of %u bytes%s" : "%s", rc == OB_OK ? l->board : ob_strerror(rc),
                ob_profile_name(l->profile), m->raw_size, l->app.size,
                l->profile == OB_PROFILE_SLOT ? ", payload fits the slot" : "");
        }
    } else {
        add(&cs, "gzip header", 1, "%u bytes, no otaboot metadata (plain gzip)", h.header_len);
        uint32_t limit = l != NULL ? l->app.size : 0xFFFFFFFFu;
        raw = run_inflate(&cs, buf + h.header_len, n - h.header_len, limit, &r, trailer, &deflate_len, &extra);
        if (l != NULL) {
            add(&cs, "board mode", 1, "plain gzip: only a development board (built without keys) accepts it");
            if (raw >= 0) {
                add(&cs, "size", raw > 0 && (uint32_t)raw <= l->app.size, "%ld of %u bytes of the application area",
                    raw, l->app.size);
                if (l->profile == OB_PROFILE_SLOT) {
                    uint32_t room = l->slot.size - OB_SLOT_HDR_LEN;
                    add(&cs, "slot", deflate_len + 8 <= room, "payload %zu of %u bytes", deflate_len + 8, room);
                }
            }
        }
    }
    if (l != NULL && raw >= 0) {
        int rc = ob_vector_check(l, &l->app, r.vt, (uint32_t)raw);
        add(&cs, "vector table", rc == OB_OK, "%s: SP 0x%08x, reset 0x%08x",
            rc == OB_OK ? "plausible" : ob_strerror(rc), ob_get_le32(r.vt), ob_get_le32(r.vt + 4));
    }

    char vbuf[16], sha_raw[65], sha_pay[65], keyid[17];
    if (m != NULL) {
        hex(sha_raw, m->raw_sha256, 32);
        hex(sha_pay, m->payload_sha256, 32);
        hex(keyid, m->key_id, 8);
        ob_version_format(m->fw_version, vbuf, sizeof vbuf);
    }
    if (json) {
        printf("{\"file\":");
        json_str(path);
        printf(",\"size\":%zu,\"format\":\"%s\"", n, hrc != OB_OK ? "invalid" : m ? "otaboot" : "plain-gzip");
        if (m != NULL) {
            printf(",\"meta\":{\"format_version\":%u,\"board\":", m->version);
            json_str(m->board);
            printf(",\"profile\":\"%s\",\"version\":\"%s\",\"load_addr\":%u,\"raw_size\":%u,"
                   "\"payload_size\":%u,\"security_counter\":%u,\"raw_sha256\":\"%s\","
                   "\"payload_sha256\":\"%s\",\"signature\":\"%s\"",
                   ob_profile_name((ob_profile)m->profile), vbuf, m->load_addr, m->raw_size, m->payload_size,
                   m->security_counter, sha_raw, sha_pay, m->sig_type == OB_SIG_ECDSA_P256 ? "ecdsa-p256" : "none");
            if (m->sig_type != OB_SIG_NONE)
                printf(",\"key_id\":\"%s\"", keyid);
            printf("}");
        }
        if (l != NULL)
            printf(",\"board\":\"%s\",\"profile\":\"%s\"", l->board, ob_profile_name(l->profile));
        printf(",\"checks\":[");
        for (int i = 0; i < cs.n; i++) {
            printf("%s{\"name\":\"%s\",\"ok\":%s,\"detail\":", i ? "," : "", cs.c[i].name, cs.c[i].ok ? "true" : "false");
            json_str(cs.c[i].detail);
            printf("}");
        }
        printf("],\"ok\":%s}\n", cs.failed ? "false" : "true");
    } else {
        printf("file:             %s (%zu bytes)\n", path, n);
        printf("format:           %s\n", hrc != OB_OK ? "not a valid gzip header"
                                         : m          ? "otaboot image (gzip with metadata)"
                                                      : "plain gzip (no otaboot metadata)");
        if (m != NULL) {
            printf("metadata version: %u\n", m->version);
            printf("board:            %s (%s profile)\n", m->board, ob_profile_name((ob_profile)m->profile));
            printf("version:          %s\n", vbuf);
            printf("load address:     0x%08x\n", m->load_addr);
            printf("raw size:         %u\n", m->raw_size);
            printf("payload size:     %u\n", m->payload_size);
            printf("security counter: %u\n", m->security_counter);
            printf("raw sha256:       %s\n", sha_raw);
            printf("payload sha256:   %s\n", sha_pay);
            if (m->sig_type == OB_SIG_NONE)
                printf("signature:        none\n");
            else
                printf("signature:        ecdsa-p256, key id %s (not verified by this tool yet)\n", keyid);
        }
        printf("checks:\n");
        for (int i = 0; i < cs.n; i++)
            printf("  %-4s  %-15s %s\n", cs.c[i].ok ? "ok" : "FAIL", cs.c[i].name, cs.c[i].detail);
        printf("result:           %s\n", cs.failed ? "FAILED" : "ok");
    }
    fflush(stdout);
    free(buf);
    if (cs.failed)
        return fail(EXIT_REJECTED, "%s: %s: %s", path, cs.first_fail, cs.first_detail);
    return EXIT_OK;
}
