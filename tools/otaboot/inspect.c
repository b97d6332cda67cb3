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
    "usage: otaboot inspect FILE [--board NAME] [-p PROFILE] [--key PUB.pem]... [--json]\n"
    "Prints an image's metadata and checks it: payload SHA-256, a full inflate\n"
    "(with the board's own inflater), raw SHA-256, gzip CRC32 and ISIZE, data\n"
    "after the member. A plain gzip (no metadata) is inflated and its CRC32 and\n"
    "ISIZE checked. With --board, also what that board checks: identity,\n"
    "profile, load address, sizes against its layout, the vector table (for a\n"
    "plain gzip: what a development board checks).\n"
    "  -b, --board NAME          check against this board's layout\n"
    "  -p, --profile PROFILE     slot, direct or rollback: the layout profile (default:\n"
    "                            the image's, else slot)\n"
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

/* What the command line asks for. */
typedef struct {
    const char *path;
    const char *board; /* NULL: no board's checks */
    ob_profile profile;
    int have_profile;
    int json;
    ob_keyring ring;
} inspect_opts;

/* One file and what was found in it. */
typedef struct {
    uint8_t *buf;
    size_t n;
    ob_gzhdr h;
    int hrc;               /* the gzip header's parse */
    const ob_meta *m;      /* NULL: no metadata (plain gzip, or an invalid header) */
    const ob_layout *l;    /* the board's layout, NULL without --board */
    inflated r;
    size_t deflate_len;
    long raw;              /* inflated length, -1 when the inflate failed */
    checks cs;
} inspection;

/* Returns -1 when o is filled, otherwise the exit status. */
static int parse_args(int argc, char **argv, inspect_opts *o)
{
    static const struct option opts[] = {
        { "board", required_argument, NULL, 'b' }, { "profile", required_argument, NULL, 'p' },
        { "json", no_argument, NULL, 'j' },        { "help", no_argument, NULL, 'h' },
        { "key", required_argument, NULL, 'k' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    memset(o, 0, sizeof *o);
    o->profile = OB_PROFILE_SLOT;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":b:p:k:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': o->board = optarg; break;
        case 'k':
            if (keys_add(&o->ring, optarg) != 0)
                return EXIT_USAGE;
            break;
        case 'p':
            if (ob_profile_parse(optarg, &o->profile) != OB_OK)
                return fail(EXIT_USAGE, "unknown profile '%s' (slot, direct or rollback)", optarg);
            o->have_profile = 1;
            break;
        case 'j': o->json = 1; break;
        case 'h': return print_help(help);
        case ':': return fail(EXIT_USAGE, "option %s needs a value (see --help)", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return fail(EXIT_USAGE, "expects one FILE (see --help)");
    o->path = argv[optind];
    return -1;
}

/* An otaboot image: the metadata against the payload, the inflate, the
 * signature and the board's layout. */
static void check_meta(inspection *in, const inspect_opts *o)
{
    const ob_meta *m = in->m;
    const ob_layout *l = in->l;
    checks *cs = &in->cs;
    uint8_t trailer[8];
    size_t extra = 0;
    add(cs, "gzip header", 1, "%u bytes, otaboot metadata v%u", in->h.header_len, m->version);
    size_t avail = in->n - in->h.header_len;
    uint8_t digest[OB_SHA256_LEN];
    add(cs, "payload size", avail >= m->payload_size,
        avail >= m->payload_size ? "%u bytes" : "%u bytes expected, the file holds %zu", m->payload_size, avail);
    if (avail >= m->payload_size) {
        ob_sha256(in->buf + in->h.header_len, m->payload_size, digest);
        int ok = ob_memcmp_ct(digest, m->payload_sha256, OB_SHA256_LEN) == 0;
        add(cs, "payload sha256", ok, ok ? "matches the metadata" : "%s", ob_strerror(OB_ERR_PAYLOAD_HASH));
    }
    in->raw = run_inflate(cs, in->buf + in->h.header_len, avail, m->raw_size, &in->r, trailer, &in->deflate_len,
                          &extra);
    if (in->raw >= 0) {
        size_t deflate_len = in->deflate_len;
        long raw = in->raw;
        add(cs, "payload end", deflate_len + 8 == m->payload_size,
            deflate_len + 8 == m->payload_size ? "deflate + trailer = %u bytes"
                                               : "deflate + trailer = %zu bytes, metadata says %u",
            deflate_len + 8 == m->payload_size ? m->payload_size : (unsigned)(deflate_len + 8),
            m->payload_size);
        add(cs, "raw size", (uint32_t)raw == m->raw_size,
            (uint32_t)raw == m->raw_size ? "%u bytes" : "metadata says %u, inflated %ld", m->raw_size, raw);
        ob_sha256_final(&in->r.sha, digest);
        int ok = ob_memcmp_ct(digest, m->raw_sha256, OB_SHA256_LEN) == 0;
        add(cs, "raw sha256", ok, ok ? "matches the metadata" : "%s", ob_strerror(OB_ERR_IMAGE_HASH));
    }
    if (o->ring.count) {
        int rc = ob_sig_check(&o->ring, in->h.rec);
        char id[17];
        keys_id_hex(m->key_id, id);
        add(cs, "signature", rc == OB_OK, rc == OB_OK ? "ECDSA P-256, key %s" : "%s (key id %s)",
            rc == OB_OK ? id : ob_strerror(rc), id);
    }
    if (l != NULL) {
        int rc = ob_meta_check_layout(m, l, in->h.header_len);
        if (rc == OB_OK)
            add(cs, "layout", 1, "%s %s: image %u of %u bytes%s", l->board, ob_profile_name(l->profile),
                m->raw_size, l->app.size,
                l->profile == OB_PROFILE_SLOT       ? ", payload fits the slot"
                : l->profile == OB_PROFILE_ROLLBACK ? ", payload fits both slots"
                                                    : "");
        else if (rc == OB_ERR_SLOT_FULL)
            add(cs, "layout", 0, "%s: payload %u bytes, %s %s %s takes %u", ob_strerror(rc), m->payload_size,
                l->profile == OB_PROFILE_ROLLBACK ? "each slot of" : "the slot of", l->board,
                ob_profile_name(l->profile), ob_layout_payload_max(l));
        else
            add(cs, "layout", 0, "%s", ob_strerror(rc));
    }
}

/* A plain gzip: the inflate, and what a development board checks. */
static void check_plain(inspection *in)
{
    const ob_layout *l = in->l;
    checks *cs = &in->cs;
    uint8_t trailer[8];
    size_t extra = 0;
    add(cs, "gzip header", 1, "%u bytes, no otaboot metadata (plain gzip)", in->h.header_len);
    uint32_t limit = l != NULL ? l->app.size : 0xFFFFFFFFu;
    in->raw = run_inflate(cs, in->buf + in->h.header_len, in->n - in->h.header_len, limit, &in->r, trailer,
                          &in->deflate_len, &extra);
    if (l != NULL) {
        add(cs, "board mode", 1, "plain gzip: only a development board (built without keys) accepts it");
        if (in->raw >= 0) {
            add(cs, "size", in->raw > 0 && (uint32_t)in->raw <= l->app.size, "%ld of %u bytes of the application area",
                in->raw, l->app.size);
            if (l->profile != OB_PROFILE_DIRECT) {
                uint32_t room = ob_layout_payload_max(l);
                add(cs, "slot", in->deflate_len + 8 <= room, "payload %zu of %u bytes%s", in->deflate_len + 8, room,
                    l->profile == OB_PROFILE_ROLLBACK ? " (each of the two slots)" : "");
            }
        }
    }
}

/* Every check, in the order they are printed. */
static void check_image(inspection *in, const inspect_opts *o)
{
    if (in->hrc != OB_OK)
        add(&in->cs, "gzip header", 0, "%s", ob_strerror(in->hrc));
    else if (in->m != NULL)
        check_meta(in, o);
    else
        check_plain(in);
    if (in->l != NULL && in->raw >= 0) {
        const ob_layout *l = in->l;
        int rc = ob_vector_check(l, &l->app, in->r.vt, (uint32_t)in->raw);
        add(&in->cs, "vector table", rc == OB_OK, "%s: SP 0x%08x, reset 0x%08x",
            rc == OB_OK ? "plausible" : ob_strerror(rc), ob_get_le32(in->r.vt), ob_get_le32(in->r.vt + 4));
    }
}

/* The metadata's fields as text. */
typedef struct {
    char version[16], sha_raw[65], sha_pay[65], keyid[17];
} meta_text;

static void meta_format(const ob_meta *m, meta_text *t)
{
    hex(t->sha_raw, m->raw_sha256, 32);
    hex(t->sha_pay, m->payload_sha256, 32);
    hex(t->keyid, m->key_id, 8);
    ob_version_format(m->fw_version, t->version, sizeof t->version);
}

static void print_json(const inspection *in, const char *path)
{
    const ob_meta *m = in->m;
    const ob_layout *l = in->l;
    const checks *cs = &in->cs;
    printf("{\"file\":");
    json_str(path);
    printf(",\"size\":%zu,\"format\":\"%s\"", in->n, in->hrc != OB_OK ? "invalid" : m ? "otaboot" : "plain-gzip");
    if (m != NULL) {
        meta_text t;
        meta_format(m, &t);
        printf(",\"meta\":{\"format_version\":%u,\"board\":", m->version);
        json_str(m->board);
        printf(",\"profile\":\"%s\",\"version\":\"%s\",\"load_addr\":%u,\"raw_size\":%u,"
               "\"payload_size\":%u,\"security_counter\":%u,\"raw_sha256\":\"%s\","
               "\"payload_sha256\":\"%s\",\"signature\":\"%s\"",
               ob_profile_name((ob_profile)m->profile), t.version, m->load_addr, m->raw_size, m->payload_size,
               m->security_counter, t.sha_raw, t.sha_pay, m->sig_type == OB_SIG_ECDSA_P256 ? "ecdsa-p256" : "none");
        if (m->sig_type != OB_SIG_NONE)
            printf(",\"key_id\":\"%s\"", t.keyid);
        printf("}");
    }
    if (l != NULL)
        printf(",\"board\":\"%s\",\"profile\":\"%s\"", l->board, ob_profile_name(l->profile));
    printf(",\"checks\":[");
    for (int i = 0; i < cs->n; i++) {
        printf("%s{\"name\":\"%s\",\"ok\":%s,\"detail\":", i ? "," : "", cs->c[i].name, cs->c[i].ok ? "true" : "false");
        json_str(cs->c[i].detail);
        printf("}");
    }
    printf("],\"ok\":%s}\n", cs->failed ? "false" : "true");
}

static void print_text(const inspection *in, const char *path)
{
    const ob_meta *m = in->m;
    const checks *cs = &in->cs;
    printf("file:             %s (%zu bytes)\n", path, in->n);
    printf("format:           %s\n", in->hrc != OB_OK ? "not a valid gzip header"
                                     : m              ? "otaboot image (gzip with metadata)"
                                                      : "plain gzip (no otaboot metadata)");
    if (m != NULL) {
        meta_text t;
        meta_format(m, &t);
        printf("metadata version: %u\n", m->version);
        printf("board:            %s (%s profile)\n", m->board, ob_profile_name((ob_profile)m->profile));
        printf("version:          %s\n", t.version);
        printf("load address:     0x%08x\n", m->load_addr);
        printf("raw size:         %u\n", m->raw_size);
        printf("payload size:     %u\n", m->payload_size);
        printf("security counter: %u\n", m->security_counter);
        printf("raw sha256:       %s\n", t.sha_raw);
        printf("payload sha256:   %s\n", t.sha_pay);
        if (m->sig_type == OB_SIG_NONE)
            printf("signature:        none\n");
        else
            printf("signature:        ecdsa-p256, key id %s (not verified by this tool yet)\n", t.keyid);
    }
    printf("checks:\n");
    for (int i = 0; i < cs->n; i++)
        printf("  %-4s  %-15s %s\n", cs->c[i].ok ? "ok" : "FAIL", cs->c[i].name, cs->c[i].detail);
    printf("result:           %s\n", cs->failed ? "FAILED" : "ok");
}

int cmd_inspect(int argc, char **argv)
{
    static inspect_opts o;
    static inspection in;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    memset(&in, 0, sizeof in);
    in.raw = -1;
    if (read_file(o.path, (size_t)256 << 20, &in.buf, &in.n) != 0)
        return EXIT_IO;
    in.hrc = ob_gzhdr_parse(&in.h, in.buf, in.n);
    if (in.hrc == OB_OK && o.board != NULL) {
        if (in.h.has_meta && !o.have_profile)
            o.profile = (ob_profile)in.h.meta.profile;
        in.l = find_layout(o.board, o.profile);
        if (in.l == NULL) {
            free(in.buf);
            return EXIT_USAGE;
        }
    }
    in.m = in.hrc == OB_OK && in.h.has_meta ? &in.h.meta : NULL;

    check_image(&in, &o);
    if (o.json)
        print_json(&in, o.path);
    else
        print_text(&in, o.path);
    fflush(stdout);
    free(in.buf);
    if (in.cs.failed)
        return fail(EXIT_REJECTED, "%s: %s: %s", o.path, in.cs.first_fail, in.cs.first_detail);
    return EXIT_OK;
}
