/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot pack: application -> gzip image with otaboot metadata
 * (docs/SPEC.md "Image"; RFC 1952 for the member, RFC 1951 for the data). */
#include "pack.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "appcheck.h"
#include "cmds.h"
#include "common.h"
#include "image.h"
#include "hostkeys.h"
#include "loadimg.h"

static const char help[] =
    "usage: otaboot pack APP -b BOARD -v VERSION [options]\n"
    "Packs a firmware image (.bin, Intel .hex or .elf) for BOARD into a gzip file\n"
    "with otaboot metadata; `gunzip -c OUT` gives the raw binary back.\n"
    "  -b, --board NAME          target board (e.g. nucleo-f429zi)\n"
    "  -v, --version M.m[.p]     firmware version\n"
    "  -p, --profile PROFILE     flash layout profile: slot (default), direct or rollback\n"
    "  -o, --output OUT          output file (default: APP without .bin/.hex/.elf + .bin.gz)\n"
    "      --security-counter N  anti-rollback counter recorded in the metadata (default 0)\n"
    "      --dev-plain           write a plain gzip without metadata (development boards)\n"
    "      --key KEY.pem         sign the image (ECDSA P-256, private key from `otaboot keygen`\n"
    "                            or `openssl ecparam -name prime256v1 -genkey`)\n"
    "      --force               overwrite OUT if it exists (refused otherwise)\n"
    "  -q, --quiet               print nothing on success\n"
    "  -h, --help                this text\n"
    "The image is refused, with the check that failed, when APP is already gzip'd, it\n"
    "does not fit the application area, its compressed form does not fit the update\n"
    "slot (rollback: the smaller of the two), its load address is not the\n"
    "application area or its vector table is not\n"
    "plausible for the board; for an ELF also when its vector table is not as long as\n"
    "the chip's or a RAM section lies outside the board's RAM.\n";

static int deflate_raw(const uint8_t *raw, size_t len, uint8_t *out, size_t cap, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    /* windowBits -15: a raw RFC 1951 stream; we write the gzip wrapper ourselves. */
    if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    z.next_in = (Bytef *)(uintptr_t)raw;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *outlen = z.total_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -1;
}

/* The refusal of a payload that does not fit the layout's slots: by how much,
 * and what to do. In the rollback profile the image must fit the smaller
 * slot, since the next update goes to whichever slot is free; the board's
 * slot profile is suggested when its one slot would take the image. */
static int slot_full(const ob_layout *l, size_t raw, size_t plen, char *why, size_t cap)
{
    uint32_t room = ob_layout_payload_max(l);
    const ob_layout *alt = l->profile == OB_PROFILE_ROLLBACK ? ob_layout_find(l->board, OB_PROFILE_SLOT) : NULL;
    snprintf(why, cap, "%s: %zu bytes (%zu%% of %zu), %s %s takes %u (sized for %u%%): shrink the application by %zu"
             " compressed bytes, or use the %s profile",
             ob_strerror(OB_ERR_SLOT_FULL), plen, plen * 100 / raw, raw, l->profile == OB_PROFILE_ROLLBACK ?
             "each slot of" : "the slot of", l->board, room, (unsigned)l->slot_ratio_pct, plen - room,
             alt != NULL && ob_layout_payload_max(alt) >= plen ? "slot (no rollback) or direct" : "direct");
    return OB_ERR_SLOT_FULL;
}

int pack_build(const pack_opts *o, const uint8_t *raw, size_t len, uint8_t **out, size_t *outlen,
               char *why, size_t cap)
{
    const ob_layout *l = o->layout;
    *out = NULL;
    *outlen = 0;
    if (len == 0) {
        snprintf(why, cap, "%s", ob_strerror(OB_ERR_EMPTY));
        return OB_ERR_EMPTY;
    }
    if (len > l->app.size) {
        snprintf(why, cap, "%s: %zu bytes, the %s %s application area holds %u", ob_strerror(OB_ERR_TOO_LARGE),
                 len, l->board, ob_profile_name(l->profile), l->app.size);
        return OB_ERR_TOO_LARGE;
    }
    int rc = vector_why(l, raw, len, why, cap);
    if (rc != OB_OK)
        return rc;
    size_t hdr_cap = 512 + (o->fname ? strlen(o->fname) : 0);
    size_t dcap = deflateBound(NULL, (uLong)len) + 64;
    uint8_t *buf = malloc(hdr_cap + dcap + 8);
    if (buf == NULL) {
        snprintf(why, cap, "out of memory");
        return OB_ERR_ARG;
    }
    /* The payload goes after the largest header; moved into place at the end. */
    uint8_t *payload = buf + hdr_cap;
    size_t dlen;
    if (deflate_raw(raw, len, payload, dcap, &dlen) != 0) {
        free(buf);
        snprintf(why, cap, "zlib deflate failed");
        return OB_ERR_ARG;
    }
    ob_put_le32(payload + dlen, ob_crc32(0, raw, len));
    ob_put_le32(payload + dlen + 4, (uint32_t)len);
    size_t plen = dlen + 8;

    int hlen;
    if (o->plain) {
        if (l->profile != OB_PROFILE_DIRECT && plen > ob_layout_payload_max(l)) {
            free(buf);
            return slot_full(l, len, plen, why, cap);
        }
        /* RFC 1952 2.3: ID1 ID2 CM=8 FLG MTIME=0 XFL=2 (max compression) OS=3 (Unix) */
        uint8_t h[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3 };
        size_t fl = o->fname ? strlen(o->fname) + 1 : 0;
        if (fl)
            h[3] = 0x08; /* FNAME */
        memcpy(buf, h, 10);
        if (fl)
            memcpy(buf + 10, o->fname, fl);
        hlen = (int)(10 + fl);
    } else {
        ob_meta m;
        memset(&m, 0, sizeof m);
        m.version = OB_META_VERSION;
        m.profile = (uint8_t)l->profile;
        memcpy(m.board, l->board, strlen(l->board));
        m.fw_version = o->version;
        m.load_addr = l->app.addr;
        m.raw_size = (uint32_t)len;
        m.payload_size = (uint32_t)plen;
        m.security_counter = o->security_counter;
        ob_sha256(raw, len, m.raw_sha256);
        ob_sha256(payload, plen, m.payload_sha256);
        m.sig_type = OB_SIG_NONE;
        if (o->key && ob_hostkey_sign_meta(o->key, &m) != OB_OK) {
            free(buf);
            snprintf(why, cap, "signing failed");
            return OB_ERR_SIGNATURE;
        }
        rc = ob_meta_check_layout(&m, l, 0);
        if (rc != OB_OK) {
            free(buf);
            if (rc == OB_ERR_SLOT_FULL)
                return slot_full(l, len, plen, why, cap);
            snprintf(why, cap, "%s", ob_strerror(rc));
            return rc;
        }
        hlen = ob_gz_write_header(&m, o->fname, buf, hdr_cap);
        if (hlen < 0) {
            free(buf);
            snprintf(why, cap, "cannot write the header: %s", ob_strerror(hlen));
            return hlen;
        }
    }
    memmove(buf + hlen, payload, plen);
    *out = buf;
    *outlen = (size_t)hlen + plen;
    return OB_OK;
}

/* "dir/app.elf" -> "dir/app.bin.gz"; the FNAME is "app.bin". */
static char *default_output(const char *app)
{
    size_t n = strlen(app);
    const char *dot = strrchr(app, '.'), *slash = strrchr(app, '/');
    if (dot != NULL && (slash == NULL || dot > slash) &&
        (!strcmp(dot, ".bin") || !strcmp(dot, ".hex") || !strcmp(dot, ".ihex") || !strcmp(dot, ".elf") ||
         !strcmp(dot, ".axf")))
        n = (size_t)(dot - app);
    char *out = malloc(n + 8);
    if (out != NULL)
        snprintf(out, n + 8, "%.*s.bin.gz", (int)n, app);
    return out;
}

static char *fname_of(const char *out)
{
    const char *slash = strrchr(out, '/');
    const char *base = slash ? slash + 1 : out;
    size_t n = strlen(base);
    if (n > 3 && !strcmp(base + n - 3, ".gz"))
        n -= 3;
    char *f = malloc(n + 1);
    if (f != NULL) {
        memcpy(f, base, n);
        f[n] = '\0';
    }
    return f;
}

int cmd_pack(int argc, char **argv)
{
    static const struct option opts[] = {
        { "board", required_argument, NULL, 'b' },   { "version", required_argument, NULL, 'v' },
        { "profile", required_argument, NULL, 'p' }, { "output", required_argument, NULL, 'o' },
        { "key", required_argument, NULL, 'k' },     { "security-counter", required_argument, NULL, 'c' },
        { "dev-plain", no_argument, NULL, 'D' },     { "quiet", no_argument, NULL, 'q' },
        { "force", no_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
    };
    const char *board = NULL, *version = NULL, *output = NULL, *key = NULL;
    ob_profile profile = OB_PROFILE_SLOT;
    pack_opts po;
    int quiet = 0, force = 0, c;
    memset(&po, 0, sizeof po);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":b:v:p:o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'b': board = optarg; break;
        case 'v': version = optarg; break;
        case 'p':
            if (ob_profile_parse(optarg, &profile) != OB_OK)
                return fail(EXIT_USAGE, "unknown profile '%s' (slot, direct or rollback)", optarg);
            break;
        case 'o': output = optarg; break;
        case 'k': key = optarg; break;
        case 'c':
            if (parse_uint(optarg, 0xFFFFFFFFu, &po.security_counter) != 0)
                return fail(EXIT_USAGE, "bad security counter '%s' (0..4294967295)", optarg);
            break;
        case 'D': po.plain = 1; break;
        case 'q': quiet = 1; break;
        case 'f': force = 1; break;
        case 'h': return print_help(help);
        case ':': return fail(EXIT_USAGE, "option %s needs a value (see --help)", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return fail(EXIT_USAGE, "expects one APP file (see --help)");
    const char *app = argv[optind];
    if (board == NULL)
        return fail(EXIT_USAGE, "--board is required (see --help)");
    if (version == NULL && !po.plain)
        return fail(EXIT_USAGE, "--version is required (see --help)");
    if (version != NULL && ob_version_parse(version, &po.version) != OB_OK)
        return fail(EXIT_USAGE, "bad version '%s': MAJOR.MINOR[.PATCH], 0-255.0-255.0-65535, no leading zeros",
                    version);
    if (key != NULL && po.plain)
        return fail(EXIT_USAGE, "--key signs the metadata: not with --dev-plain");
    if (po.plain && po.security_counter != 0)
        return fail(EXIT_USAGE, "--security-counter needs metadata: not with --dev-plain");
    po.layout = find_layout(board, profile);
    if (po.layout == NULL)
        return EXIT_USAGE;

    app_image img;
    char why[256];
    ob_hostkey *hk = NULL;
    if (key != NULL && (hk = ob_hostkey_load(key, 1, why, sizeof why)) == NULL)
        return fail(EXIT_IO, "%s", why);
    po.key = hk;
    if (load_app(app, &img, why, sizeof why) != 0) {
        ob_hostkey_free(hk);
        if (why[0] == '\0')
            return EXIT_IO;
        return fail(EXIT_REJECTED, "%s: %s", app, why);
    }
    if (app_check(&img, po.layout, why, sizeof why) != OB_OK) {
        int rc = fail(EXIT_REJECTED, "%s: %s", app, why);
        app_image_free(&img);
        ob_hostkey_free(hk);
        return rc;
    }
    char *out = output ? strdup(output) : default_output(app);
    char *fname = out ? fname_of(out) : NULL;
    po.fname = fname;
    uint8_t *gz = NULL;
    size_t gzlen = 0;
    int rc = out && fname ? pack_build(&po, img.data, img.len, &gz, &gzlen, why, sizeof why) : OB_ERR_ARG;
    int ret = EXIT_OK;
    if (out == NULL || fname == NULL)
        ret = fail(EXIT_INTERNAL, "out of memory");
    else if (rc != OB_OK)
        ret = fail(EXIT_REJECTED, "%s: %s", app, why);
    else if (!force && access(out, F_OK) == 0)
        ret = fail(EXIT_IO, "%s exists: not overwritten (give --force, or another -o)", out);
    else if (write_file(out, gz, gzlen) != 0)
        ret = EXIT_IO;
    else if (!quiet) {
        char vbuf[16];
        printf("%s: %s %s, %zu bytes at 0x%08x -> %s, %zu bytes (%.1f%%), %s%s for %s (%s)%s\n", out, img.format,
               app, img.len, po.layout->app.addr, po.plain ? "plain gzip" : "image", gzlen,
               100.0 * (double)gzlen / (double)img.len, po.plain ? "" : "v",
               po.plain ? "no metadata" : ob_version_format(po.version, vbuf, sizeof vbuf), board,
               ob_profile_name(profile), hk ? ", signed" : "");
    }
    free(gz);
    free(fname);
    free(out);
    app_image_free(&img);
    ob_hostkey_free(hk);
    return ret;
}
