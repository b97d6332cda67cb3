/* SPDX-License-Identifier: Apache-2.0 */
/* Writes the fuzzers' seed corpora (make fuzz-corpus; the files are committed):
 *   <dir>/gzhdr     every tests/vectors .gz file, and a packed image per layout
 *   <dir>/inflate   2 parameter bytes + raw deflate streams: the vectors'
 *                   payloads and zlib streams of each strategy and level
 *   <dir>/receiver  4 parameter bytes + a small packed image for each layout
 *                   (and a plain gzip for a development board)
 *   <dir>/journal   little programs (see fuzz_journal.c): a typical history,
 *                   a full sector, torn records, a snapshot
 * Deterministic: the same tree gives the same files. */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cmocka.h>

#include "fixture.h"

static const char *root;
static uint8_t buf[1 << 16], raw[1 << 15];

static void put(const char *target, const char *name, const uint8_t *pre, size_t npre, const uint8_t *p,
                size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, target);
    mkdir(root, 0755);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s", root, target, name);
    FILE *f = fopen(path, "wb");
    if (!f || (npre && fwrite(pre, 1, npre, f) != npre) || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "mkcorpus: cannot write %s\n", path);
        exit(1);
    }
}

static size_t load(const char *path, uint8_t *dst, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(dst, 1, cap, f);
    fclose(f);
    return n;
}

static size_t deflate_raw(const uint8_t *src, size_t n, int level, int strategy, uint8_t *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy) != Z_OK)
        exit(1);
    z.next_in = (Bytef *)src;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        exit(1);
    size_t len = z.total_out;
    deflateEnd(&z);
    return len;
}

static void vectors(void)
{
    glob_t g;
    if (glob("tests/vectors/*.gz", 0, NULL, &g) != 0)
        exit(1);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        size_t n = load(g.gl_pathv[i], buf, sizeof buf);
        const char *name = strrchr(g.gl_pathv[i], '/') + 1;
        put("gzhdr", name, NULL, 0, buf, n);
        ob_gzhdr h;
        if (ob_gzhdr_parse(&h, buf, n) == OB_OK && h.header_len < n) {
            static const uint8_t pre[2] = {0x07, 0x33};
            put("inflate", name, pre, 2, buf + h.header_len, n - h.header_len - 8);
        }
        if (strncmp(name, "ok_minimal", 10) == 0) {
            static const uint8_t pre[4] = {4, 0, 0x12, 0x34}; /* nucleo-f429zi slot */
            put("receiver", name, pre, 4, buf, n);
        }
    }
    globfree(&g);
}

static void inflate_streams(void)
{
    static const struct {
        const char *name;
        int level, strategy;
    } kinds[] = {
        {"stored", 0, Z_DEFAULT_STRATEGY}, {"fast", 1, Z_DEFAULT_STRATEGY}, {"best", 9, Z_DEFAULT_STRATEGY},
        {"fixed", 6, Z_FIXED},             {"huffman", 6, Z_HUFFMAN_ONLY},  {"rle", 6, Z_RLE},
    };
    const ob_layout *l = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
    static const char text[] = "otaboot: no update, however it is interrupted or whatever is sent, "
                               "bricks a board or loses the confirmed image. ";
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        char name[64];
        uint8_t pre[2] = {(uint8_t)(k * 11), (uint8_t)(0x40 | k)};
        fx_make_raw(raw, 3000, l, (uint32_t)k);
        size_t n = deflate_raw(raw, 3000, kinds[k].level, kinds[k].strategy, buf, sizeof buf);
        snprintf(name, sizeof name, "fw_%s", kinds[k].name);
        put("inflate", name, pre, 2, buf, n);
        n = deflate_raw((const uint8_t *)text, sizeof text - 1, kinds[k].level, kinds[k].strategy, buf, sizeof buf);
        snprintf(name, sizeof name, "text_%s", kinds[k].name);
        put("inflate", name, pre, 2, buf, n);
    }
    /* far matches: the same block twice, 20000 bytes apart */
    fx_make_raw(raw, 24000, l, 42);
    memcpy(raw + 20000, raw, 4000);
    uint8_t pre[2] = {0x45, 0x99};
    put("inflate", "far", pre, 2, buf, deflate_raw(raw, 24000, 9, Z_DEFAULT_STRATEGY, buf, sizeof buf));
    put("inflate", "empty", pre, 2, buf, deflate_raw(raw, 0, 9, Z_DEFAULT_STRATEGY, buf, sizeof buf));
}

static void receiver_images(void)
{
    unsigned idx = 0;
    for (const ob_layout *const *l = ob_all_layouts; *l; l++, idx++) {
        char name[64];
        uint8_t pre[4] = {(uint8_t)idx, 0, (uint8_t)(idx * 7), (uint8_t)(idx * 13 + 1)};
        fx_make_raw(raw, 2048 + idx * 64, *l, idx);
        size_t n = fx_pack(*l, raw, 2048 + idx * 64, 0x01000000u + idx, idx, 9, buf, sizeof buf);
        snprintf(name, sizeof name, "%s_%s", (*l)->board, ob_profile_name((*l)->profile));
        put("receiver", name, pre, 4, buf, n);
        if (idx < 2)
            put("gzhdr", name, NULL, 0, buf, 400);
        if (idx == 2 || idx == 3) {
            pre[1] = 0; /* a development board: plain gzip */
            n = fx_pack_plain(raw, 2048, buf, sizeof buf);
            snprintf(name, sizeof name, "%s_%s_plain", (*l)->board, ob_profile_name((*l)->profile));
            put("receiver", name, pre, 4, buf, n);
        }
    }
}

/* journal programs: command bytes as fuzz_journal.c reads them. The command
 * is c % 6 and the sector c >> 7. */
static uint8_t cmd(int kind, int sector)
{
    return (uint8_t)(sector ? 128 + (kind + 4) % 6 : kind);
}

static size_t rec_cmd(uint8_t *p, int sector, uint8_t slot, uint16_t dseq, uint8_t type)
{
    size_t n = 0;
    p[n++] = cmd(0, sector);
    p[n++] = slot;
    p[n++] = (uint8_t)(dseq >> 8);
    p[n++] = (uint8_t)dseq;
    p[n++] = type;
    for (int i = 0; i < 8; i++)
        p[n++] = (uint8_t)(type * 17 + i);
    return n;
}

static void journal_programs(void)
{
    uint8_t *p = buf;
    size_t n = 0;
    /* a typical history in sector 0 */
    static const uint8_t hist[] = {OB_JREC_SEAL, OB_JREC_INSTALL_START, OB_JREC_INSTALL_DONE,
                                   OB_JREC_TRIAL_BOOT, OB_JREC_CONFIRM, OB_JREC_SEAL};
    p[n++] = 0;
    p[n++] = 4;
    p[n++] = 2;
    for (unsigned i = 0; i < sizeof hist; i++)
        n += rec_cmd(p + n, 0, (uint8_t)i, 1, hist[i]);
    put("journal", "history", NULL, 0, p, n);
    /* the same with the last record torn (commit left erased) */
    p[n - 13] = cmd(1, 0);
    p[n++] = 0; /* nbits 0: commit left erased */
    p[n++] = 0;
    put("journal", "torn_commit", NULL, 0, p, n);
    /* a full sector 0 (64 records) and a stale sector 1 */
    n = 0;
    p[n++] = 1;
    p[n++] = 1;
    p[n++] = 9;
    for (unsigned i = 0; i < 64; i++)
        n += rec_cmd(p + n, 0, (uint8_t)i, 1, hist[i % sizeof hist]);
    n += rec_cmd(p + n, 1, 0, 0, OB_JREC_TRIAL_BOOT);
    put("journal", "full", NULL, 0, p, n);
    /* a snapshot in sector 1 above an older sector 0, then garbage */
    n = 0;
    p[n++] = 0;
    p[n++] = 5;
    p[n++] = 17;
    n += rec_cmd(p + n, 0, 0, 3, OB_JREC_CONFIRM);
    p[n++] = cmd(4, 1); /* snapshot */
    p[n++] = 0;
    p[n++] = 5;
    p[n++] = 12;
    for (int i = 0; i < 12; i++)
        p[n++] = (uint8_t)(i == 0 ? 3 : i);
    p[n++] = cmd(2, 0); /* garbage */
    p[n++] = 8;
    for (int i = 0; i < 16; i++)
        p[n++] = (uint8_t)(i * 37);
    put("journal", "snapshot_garbage", NULL, 0, p, n);
}

int main(int argc, char **argv)
{
    root = argc > 1 ? argv[1] : "tests/fuzz/corpus";
    vectors();
    inflate_streams();
    receiver_images();
    journal_programs();
    return 0;
}
