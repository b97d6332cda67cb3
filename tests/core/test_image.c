/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for core/image.c: the metadata record, version strings, the gzip
 * header parser and writer, the layout check, and the committed vectors in
 * tests/vectors (checked against tests/vectors/EXPECTED on every run). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "image.h"

/* ---- helpers ------------------------------------------------------------ */

static char vec_dir[1024];

static uint32_t rng_state = 0x12345678u;
static uint32_t rnd(void)
{
    /* xorshift32: deterministic, so a failure reproduces. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static const char *err_name(int rc)
{
    switch (rc) {
    case OB_OK: return "ok";
    case OB_ERR_GZ_MAGIC: return "OB_ERR_GZ_MAGIC";
    case OB_ERR_GZ_METHOD: return "OB_ERR_GZ_METHOD";
    case OB_ERR_GZ_FLAGS: return "OB_ERR_GZ_FLAGS";
    case OB_ERR_GZ_TRUNCATED: return "OB_ERR_GZ_TRUNCATED";
    case OB_ERR_GZ_HCRC: return "OB_ERR_GZ_HCRC";
    case OB_ERR_GZ_TEXT_LONG: return "OB_ERR_GZ_TEXT_LONG";
    case OB_ERR_META_VERSION: return "OB_ERR_META_VERSION";
    case OB_ERR_META_LENGTH: return "OB_ERR_META_LENGTH";
    case OB_ERR_META_MISSING: return "OB_ERR_META_MISSING";
    case OB_ERR_META_DUPLICATE: return "OB_ERR_META_DUPLICATE";
    case OB_ERR_META_FIELD: return "OB_ERR_META_FIELD";
    case OB_ERR_ARG: return "OB_ERR_ARG";
    case OB_ERR_STATE: return "OB_ERR_STATE";
    default: return "OB_ERR_UNEXPECTED";
    }
}

/* Formats a parse outcome exactly as tests/vectors/gen.py writes EXPECTED. */
static void result_line(char *out, size_t cap, const char *name, int rc, size_t used,
                        const ob_gzhdr *h)
{
    int n;
    char ver[16];

    if (rc != OB_OK) {
        snprintf(out, cap, "%s %s used=%zu", name, err_name(rc), used);
        return;
    }
    n = snprintf(out, cap, "%s ok used=%zu os=%u mtime=%lu", name, used, h->os,
                 (unsigned long)h->mtime);
    if (!h->has_meta) {
        snprintf(out + n, cap - (size_t)n, " meta=none");
        return;
    }
    snprintf(out + n, cap - (size_t)n,
             " meta=v%u board=%.16s profile=%s fw=%s load=0x%08lx raw_size=%lu"
             " payload_size=%lu seccnt=%lu sig=%u raw_sha=%02x%02x%02x%02x"
             " payload_sha=%02x%02x%02x%02x",
             h->meta.version, h->meta.board, h->meta.profile == 0 ? "slot" : "direct",
             ob_version_format(h->meta.fw_version, ver, sizeof ver),
             (unsigned long)h->meta.load_addr, (unsigned long)h->meta.raw_size,
             (unsigned long)h->meta.payload_size, (unsigned long)h->meta.security_counter,
             h->meta.sig_type, h->meta.raw_sha256[0], h->meta.raw_sha256[1],
             h->meta.raw_sha256[2], h->meta.raw_sha256[3], h->meta.payload_sha256[0],
             h->meta.payload_sha256[1], h->meta.payload_sha256[2], h->meta.payload_sha256[3]);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

static uint8_t *read_vector(const char *name, size_t *len)
{
    char path[1200];
    uint8_t *buf;

    snprintf(path, sizeof path, "%s/%s.gz", vec_dir, name);
    buf = read_file(path, len);
    if (buf == NULL)
        fail_msg("cannot read vector %s", path);
    return buf;
}

/* EXPECTED, split into lines (in place). */
#define MAX_VECTORS 64
static char *expected_buf;
static char *expected_line[MAX_VECTORS];
static size_t expected_count;

static void load_expected(void)
{
    char path[1200];
    size_t len, i;
    char *p;

    if (expected_buf != NULL)
        return;
    snprintf(path, sizeof path, "%s/EXPECTED", vec_dir);
    expected_buf = (char *)read_file(path, &len);
    if (expected_buf == NULL)
        fail_msg("cannot read %s (set OB_VECTORS_DIR)", path);
    expected_buf[len] = '\0';
    p = expected_buf;
    for (i = 0; *p != '\0'; i++) {
        assert_true(i < MAX_VECTORS);
        expected_line[i] = p;
        p = strchr(p, '\n');
        assert_non_null(p);
        *p++ = '\0';
    }
    expected_count = i;
    assert_true(expected_count >= 20);
}

/* Name of vector i (its first token) into buf. */
static const char *vector_name(size_t i, char *buf, size_t cap)
{
    size_t n = strcspn(expected_line[i], " ");

    assert_true(n < cap);
    memcpy(buf, expected_line[i], n);
    buf[n] = '\0';
    return buf;
}

/* Feeds buf in pieces whose sizes come from `chunk` (0: all at once) and
 * returns the outcome as gen.py states it: rc, and total bytes consumed. */
static int feed_chunks(ob_gzhdr *h, const uint8_t *buf, size_t len, size_t chunk, size_t *total)
{
    size_t off = 0;
    int rc = OB_GZHDR_MORE;

    ob_gzhdr_init(h);
    *total = 0;
    while (off < len) {
        size_t n = chunk == 0 ? len - off : OB_MIN(chunk, len - off);
        size_t used = 99999;

        rc = ob_gzhdr_feed(h, buf + off, n, &used);
        assert_true(used <= n);
        *total += used;
        if (rc != OB_GZHDR_MORE) {
            assert_int_equal(h->header_len, *total);
            return rc;
        }
        assert_int_equal(used, n); /* MORE means everything was taken */
        off += n;
    }
    return rc == OB_GZHDR_MORE ? OB_ERR_GZ_TRUNCATED : rc;
}

/* A valid record to start from. */
static void sample_meta(ob_meta *m)
{
    size_t i;

    memset(m, 0, sizeof *m);
    m->version = OB_META_VERSION;
    m->profile = OB_PROFILE_SLOT;
    strcpy(m->board, "nucleo-f429zi");
    m->fw_version = 0x01020003u;
    m->load_addr = 0x08020000u;
    m->raw_size = 100000;
    m->payload_size = 60000;
    m->security_counter = 5;
    for (i = 0; i < OB_SHA256_LEN; i++) {
        m->raw_sha256[i] = (uint8_t)(i + 1);
        m->payload_sha256[i] = (uint8_t)(0xa0 + i);
    }
}

/* ---- the committed vectors ---------------------------------------------- */

/* Every vector, fed whole, 1 byte at a time, and split in two at every
 * position, gives exactly its EXPECTED line. */
static void test_vectors_expected(void **state)
{
    size_t i, len, split, used, total;
    char name[64], line[512];
    ob_gzhdr h;
    int rc;

    (void)state;
    load_expected();
    for (i = 0; i < expected_count; i++) {
        uint8_t *buf = read_vector(vector_name(i, name, sizeof name), &len);

        /* whole buffer, through feed and through parse */
        rc = feed_chunks(&h, buf, len, 0, &total);
        result_line(line, sizeof line, name, rc, total, &h);
        assert_string_equal(line, expected_line[i]);
        assert_int_equal(ob_gzhdr_parse(&h, buf, len), rc);
        /* one byte at a time */
        rc = feed_chunks(&h, buf, len, 1, &total);
        result_line(line, sizeof line, name, rc, total, &h);
        assert_string_equal(line, expected_line[i]);
        /* every 2-way split; after completion or an error the second feed
         * must consume nothing and repeat the outcome */
        for (split = 0; split <= len; split++) {
            int rc1, rc2;
            size_t u1, u2;

            ob_gzhdr_init(&h);
            rc1 = ob_gzhdr_feed(&h, buf, split, &u1);
            rc2 = ob_gzhdr_feed(&h, buf + split, len - split, &u2);
            if (rc1 != OB_GZHDR_MORE) {
                assert_int_equal(rc2, rc1);
                assert_int_equal(u2, 0);
            }
            used = u1 + u2;
            rc = rc2 == OB_GZHDR_MORE ? OB_ERR_GZ_TRUNCATED : rc2;
            result_line(line, sizeof line, name, rc, used, &h);
            assert_string_equal(line, expected_line[i]);
        }
        free(buf);
    }
}

/* Accepted vectors are whole, consistent gzip files: what follows the header
 * is exactly the payload the metadata describes, and it inflates (zlib) to
 * the raw image with its size, SHA-256 and the trailer's CRC32 (ob_crc32). */
static void test_vectors_payload(void **state)
{
    size_t i, len, checked = 0;
    char name[64];
    static uint8_t raw[65536];

    (void)state;
    load_expected();
    for (i = 0; i < expected_count; i++) {
        uint8_t *buf;
        ob_gzhdr h;
        const uint8_t *pay;
        size_t pay_len;
        z_stream z;
        uint8_t sha[OB_SHA256_LEN];

        if (strncmp(expected_line[i] + strcspn(expected_line[i], " "), " ok ", 4) != 0)
            continue;
        buf = read_vector(vector_name(i, name, sizeof name), &len);
        assert_int_equal(ob_gzhdr_parse(&h, buf, len), OB_OK);
        pay = buf + h.header_len;
        pay_len = len - h.header_len;
        assert_true(pay_len > 8);

        memset(&z, 0, sizeof z);
        assert_int_equal(inflateInit2(&z, -15), Z_OK);
        z.next_in = (Bytef *)(uintptr_t)pay;
        z.avail_in = (uInt)pay_len;
        z.next_out = raw;
        z.avail_out = sizeof raw;
        assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
        assert_int_equal(z.avail_in, 8); /* exactly the trailer is left */
        assert_int_equal(ob_get_le32(pay + pay_len - 8), ob_crc32(0, raw, z.total_out));
        assert_int_equal(ob_get_le32(pay + pay_len - 4), z.total_out);
        if (h.has_meta) {
            assert_int_equal(h.meta.payload_size, pay_len);
            ob_sha256(pay, pay_len, sha);
            assert_memory_equal(sha, h.meta.payload_sha256, OB_SHA256_LEN);
            assert_int_equal(h.meta.raw_size, z.total_out);
            ob_sha256(raw, z.total_out, sha);
            assert_memory_equal(sha, h.meta.raw_sha256, OB_SHA256_LEN);
        }
        inflateEnd(&z);
        free(buf);
        checked++;
    }
    assert_true(checked >= 8);
}

/* ob_gz_write_header writes byte for byte what the independent generator
 * wrote for ok_minimal and ok_fname. */
static void test_vectors_writer_matches(void **state)
{
    static const struct { const char *name; const char *fname; } cases[] = {
        {"ok_minimal", NULL}, {"ok_fname", "app.bin"},
    };
    size_t i, len;
    uint8_t out[512];

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *buf = read_vector(cases[i].name, &len);
        ob_gzhdr h;
        int n;

        assert_int_equal(ob_gzhdr_parse(&h, buf, len), OB_OK);
        n = ob_gz_write_header(&h.meta, cases[i].fname, out, sizeof out);
        assert_int_equal(n, h.header_len);
        assert_memory_equal(out, buf, (size_t)n);
        free(buf);
    }
}

/* No vector file is left out of EXPECTED (and so unchecked). */
static void test_vectors_all_listed(void **state)
{
    DIR *d;
    struct dirent *e;
    size_t files = 0;

    (void)state;
    load_expected();
    d = opendir(vec_dir);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name), i, found = 0;
        char name[64];

        if (n < 4 || strcmp(e->d_name + n - 3, ".gz") != 0)
            continue;
        files++;
        for (i = 0; i < expected_count; i++)
            if (strlen(vector_name(i, name, sizeof name)) == n - 3 &&
                strncmp(name, e->d_name, n - 3) == 0)
                found = 1;
        if (!found)
            fail_msg("vector %s is not in EXPECTED", e->d_name);
    }
    closedir(d);
    assert_int_equal(files, expected_count);
}

/* ---- metadata record ---------------------------------------------------- */

static void test_meta_roundtrip(void **state)
{
    uint8_t rec[OB_META_LEN], rec2[OB_META_LEN];
    ob_meta m, d;
    int i, k;

    (void)state;
    for (k = 0; k < 200; k++) {
        sample_meta(&m);
        m.profile = (uint8_t)(rnd() & 1);
        m.fw_version = rnd();
        m.load_addr = rnd();
        m.raw_size = rnd();
        m.payload_size = rnd();
        m.security_counter = rnd();
        for (i = 0; i < OB_SHA256_LEN; i++) {
            m.raw_sha256[i] = (uint8_t)rnd();
            m.payload_sha256[i] = (uint8_t)rnd();
        }
        memset(m.board, 0, sizeof m.board);
        for (i = 0; i < (int)(1 + rnd() % 15); i++)
            m.board[i] = "abcxyz0189-"[rnd() % 11];
        if (rnd() & 1) {
            m.sig_type = OB_SIG_ECDSA_P256;
            for (i = 0; i < 8; i++)
                m.key_id[i] = (uint8_t)rnd();
            for (i = 0; i < 64; i++)
                m.sig[i] = (uint8_t)rnd();
        }
        ob_meta_encode(&m, rec);
        assert_int_equal(ob_meta_decode(rec, sizeof rec, &d), OB_OK);
        assert_memory_equal(&m.board, &d.board, sizeof m.board);
        assert_int_equal(d.fw_version, m.fw_version);
        assert_int_equal(d.load_addr, m.load_addr);
        assert_int_equal(d.raw_size, m.raw_size);
        assert_int_equal(d.payload_size, m.payload_size);
        assert_int_equal(d.security_counter, m.security_counter);
        assert_int_equal(d.profile, m.profile);
        assert_int_equal(d.sig_type, m.sig_type);
        assert_memory_equal(d.raw_sha256, m.raw_sha256, OB_SHA256_LEN);
        assert_memory_equal(d.payload_sha256, m.payload_sha256, OB_SHA256_LEN);
        assert_memory_equal(d.key_id, m.key_id, 8);
        assert_memory_equal(d.sig, m.sig, 64);
        ob_meta_encode(&d, rec2);
        assert_memory_equal(rec, rec2, OB_META_LEN);
    }
}

/* Field offsets as SPEC lists them, checked on the encoded bytes. */
static void test_meta_layout(void **state)
{
    uint8_t rec[OB_META_LEN];
    ob_meta m;

    (void)state;
    sample_meta(&m);
    m.sig_type = OB_SIG_ECDSA_P256;
    m.key_id[0] = 0x11;
    m.key_id[7] = 0x18;
    m.sig[0] = 0x21;
    m.sig[63] = 0x22;
    ob_meta_encode(&m, rec);
    assert_int_equal(rec[0], 1);
    assert_int_equal(rec[1], 0);
    assert_int_equal(ob_get_le16(rec + 2), 0);
    assert_memory_equal(rec + 4, "nucleo-f429zi\0\0\0", 16);
    assert_int_equal(ob_get_le32(rec + 20), 0x01020003u);
    assert_int_equal(ob_get_le32(rec + 24), 0x08020000u);
    assert_int_equal(ob_get_le32(rec + 28), 100000);
    assert_int_equal(ob_get_le32(rec + 32), 60000);
    assert_int_equal(ob_get_le32(rec + 36), 5);
    assert_int_equal(rec[40], 1);
    assert_int_equal(rec[71], 32);
    assert_int_equal(rec[72], 0xa0);
    assert_int_equal(rec[103], 0xa0 + 31);
    assert_int_equal(rec[104], 1);
    assert_int_equal(rec[105] | rec[106] | rec[107], 0);
    assert_int_equal(rec[108], 0x11);
    assert_int_equal(rec[115], 0x18);
    assert_int_equal(rec[116], 0x21);
    assert_int_equal(rec[179], 0x22);
}

static void test_meta_decode_errors(void **state)
{
    uint8_t rec[OB_META_LEN + 8], bad[OB_META_LEN];
    ob_meta m;
    size_t i;
    int c;

    (void)state;
    sample_meta(&m);
    ob_meta_encode(&m, rec);
    assert_int_equal(ob_meta_decode(rec, OB_META_LEN, &m), OB_OK);
    /* version first, then length */
    assert_int_equal(ob_meta_decode(rec, 0, &m), OB_ERR_META_LENGTH);
    assert_int_equal(ob_meta_decode(rec, 1, &m), OB_ERR_META_LENGTH);
    assert_int_equal(ob_meta_decode(rec, OB_META_LEN - 1, &m), OB_ERR_META_LENGTH);
    assert_int_equal(ob_meta_decode(rec, OB_META_LEN + 1, &m), OB_ERR_META_LENGTH);
    for (c = 0; c < 256; c++) {
        if (c == 1)
            continue;
        memcpy(bad, rec, OB_META_LEN);
        bad[0] = (uint8_t)c;
        assert_int_equal(ob_meta_decode(bad, OB_META_LEN, &m), OB_ERR_META_VERSION);
        assert_int_equal(ob_meta_decode(bad, 7, &m), OB_ERR_META_VERSION);
    }
    assert_int_equal(ob_meta_decode(NULL, OB_META_LEN, &m), OB_ERR_ARG);
    assert_int_equal(ob_meta_decode(rec, OB_META_LEN, NULL), OB_ERR_ARG);

    /* every byte of the fields with rules */
#define EXPECT_FIELD(mutation)                                                    \
    do {                                                                          \
        memcpy(bad, rec, OB_META_LEN);                                            \
        mutation;                                                                 \
        assert_int_equal(ob_meta_decode(bad, OB_META_LEN, &m), OB_ERR_META_FIELD); \
    } while (0)
    EXPECT_FIELD(bad[1] = 2);
    EXPECT_FIELD(bad[1] = 0xff);
    EXPECT_FIELD(bad[2] = 1);
    EXPECT_FIELD(bad[3] = 0x80);
    EXPECT_FIELD(bad[4] = 0);                      /* empty board name */
    EXPECT_FIELD(memset(bad + 4, 'a', 16));         /* unterminated */
    EXPECT_FIELD(bad[19] = 'x');                    /* padding not NUL */
    EXPECT_FIELD(bad[4] = 'N');                     /* upper case */
    EXPECT_FIELD(bad[5] = ' ');
    EXPECT_FIELD(bad[5] = '_');
    EXPECT_FIELD(bad[5] = '.');
    EXPECT_FIELD(bad[5] = 0xc3);
    EXPECT_FIELD(bad[104] = 2);
    EXPECT_FIELD(bad[104] = 0xff);
    for (i = 105; i < 108; i++)
        EXPECT_FIELD(bad[i] = 1);
    for (i = 108; i < OB_META_LEN; i++)             /* unsigned: key id and sig zero */
        EXPECT_FIELD(bad[i] = 0x40);
    /* reserved bytes must be zero in a signed record too */
    memcpy(bad, rec, OB_META_LEN);
    bad[104] = OB_SIG_ECDSA_P256;
    assert_int_equal(ob_meta_decode(bad, OB_META_LEN, &m), OB_OK);
    bad[106] = 1;
    assert_int_equal(ob_meta_decode(bad, OB_META_LEN, &m), OB_ERR_META_FIELD);
    /* all characters of the alphabet, and the longest name */
    memcpy(bad, rec, OB_META_LEN);
    memcpy(bad + 4, "az09-abcdefghij\0", 16);
    assert_int_equal(ob_meta_decode(bad, OB_META_LEN, &m), OB_OK);
    assert_string_equal(m.board, "az09-abcdefghij");
    /* fields without rules accept anything */
    memcpy(bad, rec, OB_META_LEN);
    memset(bad + 20, 0xff, 20);
    memset(bad + 40, 0xff, 64);
    assert_int_equal(ob_meta_decode(bad, OB_META_LEN, &m), OB_OK);
    assert_int_equal(m.raw_size, 0xffffffffu);
}

/* ---- version strings ---------------------------------------------------- */

static void test_version_parse(void **state)
{
    static const struct { const char *s; uint32_t v; } good[] = {
        {"0.0.0", 0}, {"1.2.3", 0x01020003u}, {"255.255.65535", 0xffffffffu},
        {"10.0", 0x0a000000u}, {"0.1", 0x00010000u}, {"2.10.300", 0x020a012cu},
        {"1.0.65534", 0x0100fffeu},
    };
    static const char *const bad[] = {
        "", "1", "1.", ".1", "1..2", "1.2.", "1.2.3.", "1.2.3.4", " 1.2.3", "1.2.3 ",
        "1 .2.3", "+1.2.3", "-1.2.3", "1.+2.3", "1.2.-3", "256.0.0", "0.256.0", "0.0.65536",
        "01.2.3", "1.02.3", "1.2.03", "1.2.3a", "a.b.c", "1,2,3", "99999999999.0.0",
        "1.2.4294967296", "1.2.3\n",
    };
    uint32_t v;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        v = 0x5a5a5a5au;
        assert_int_equal(ob_version_parse(good[i].s, &v), OB_OK);
        assert_int_equal(v, good[i].v);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 0x5a5a5a5au;
        if (ob_version_parse(bad[i], &v) != OB_ERR_ARG)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(v, 0x5a5a5a5au); /* untouched on error */
    }
    assert_int_equal(ob_version_parse(NULL, &v), OB_ERR_ARG);
    assert_int_equal(ob_version_parse("1.2.3", NULL), OB_ERR_ARG);
}

static void test_version_format(void **state)
{
    char buf[16], small[6];
    uint32_t v, back;
    int k;

    (void)state;
    assert_string_equal(ob_version_format(0x01020003u, buf, sizeof buf), "1.2.3");
    assert_string_equal(ob_version_format(0, buf, sizeof buf), "0.0.0");
    assert_string_equal(ob_version_format(0xffffffffu, buf, sizeof buf), "255.255.65535");
    /* truncates like snprintf, always terminated */
    assert_ptr_equal(ob_version_format(0xffffffffu, small, sizeof small), small);
    assert_string_equal(small, "255.2");
    small[0] = 'x';
    ob_version_format(1, small, 1);
    assert_int_equal(small[0], '\0');
    small[0] = 'x';
    assert_ptr_equal(ob_version_format(1, small, 0), small);
    assert_int_equal(small[0], 'x');
    assert_null(ob_version_format(1, NULL, 16));
    /* format -> parse is the identity on every value */
    for (k = 0; k < 2000; k++) {
        v = rnd();
        assert_int_equal(ob_version_parse(ob_version_format(v, buf, sizeof buf), &back), OB_OK);
        assert_int_equal(back, v);
    }
}

/* ---- gzip header parser: behaviour not covered by the vectors ------------ */

static void test_gzhdr_args_and_sticky(void **state)
{
    uint8_t hdr[300];
    ob_gzhdr h;
    ob_meta m;
    size_t used = 7;
    int n;

    (void)state;
    ob_gzhdr_init(NULL); /* harmless */
    assert_int_equal(ob_gzhdr_feed(NULL, hdr, 1, &used), OB_ERR_ARG);
    assert_int_equal(used, 0);
    ob_gzhdr_init(&h);
    assert_int_equal(ob_gzhdr_feed(&h, hdr, 1, NULL), OB_ERR_ARG);
    assert_int_equal(ob_gzhdr_feed(&h, NULL, 1, &used), OB_ERR_ARG);
    assert_int_equal(ob_gzhdr_feed(&h, NULL, 0, &used), OB_GZHDR_MORE);
    assert_int_equal(ob_gzhdr_parse(NULL, hdr, 1), OB_ERR_ARG);
    assert_int_equal(ob_gzhdr_parse(&h, hdr, 0), OB_ERR_GZ_TRUNCATED);

    /* after completion: OK, nothing consumed, bytes after it are untouched */
    sample_meta(&m);
    n = ob_gz_write_header(&m, NULL, hdr, sizeof hdr);
    assert_true(n > 0);
    hdr[n] = 0x1f; /* not part of the header */
    ob_gzhdr_init(&h);
    assert_int_equal(ob_gzhdr_feed(&h, hdr, (size_t)n + 1, &used), OB_OK);
    assert_int_equal(used, (size_t)n);
    assert_int_equal(h.header_len, n);
    assert_int_equal(ob_gzhdr_feed(&h, hdr + n, 1, &used), OB_OK);
    assert_int_equal(used, 0);

    /* an error is sticky: same code, nothing consumed, even for good bytes */
    ob_gzhdr_init(&h);
    hdr[0] = 0x1e;
    assert_int_equal(ob_gzhdr_feed(&h, hdr, 10, &used), OB_ERR_GZ_MAGIC);
    assert_int_equal(used, 1);
    hdr[0] = 0x1f;
    assert_int_equal(ob_gzhdr_feed(&h, hdr, 10, &used), OB_ERR_GZ_MAGIC);
    assert_int_equal(used, 0);
    assert_int_equal(ob_gzhdr_feed(&h, hdr, 0, &used), OB_ERR_GZ_MAGIC);
}

/* Every value of the FLG byte: bits 5-7 are refused, the others accepted. */
static void test_gzhdr_every_flag_byte(void **state)
{
    int flg;

    (void)state;
    for (flg = 0; flg < 256; flg++) {
        uint8_t b[10] = {0x1f, 0x8b, 8, (uint8_t)flg, 0, 0, 0, 0, 0, 3};
        ob_gzhdr h;
        size_t used;
        int rc;

        ob_gzhdr_init(&h);
        rc = ob_gzhdr_feed(&h, b, sizeof b, &used);
        if (flg & 0xe0) {
            assert_int_equal(rc, OB_ERR_GZ_FLAGS);
            assert_int_equal(used, 4);
        } else if (flg & 0x1e) {
            assert_int_equal(rc, OB_GZHDR_MORE); /* an optional field follows */
        } else {
            assert_int_equal(rc, OB_OK); /* FTEXT alone: fixed part only */
            assert_int_equal(used, 10);
        }
    }
    /* every method byte but 8 */
    for (flg = 0; flg < 256; flg++) {
        uint8_t b[3] = {0x1f, 0x8b, (uint8_t)flg};
        ob_gzhdr h;

        assert_int_equal(ob_gzhdr_parse(&h, b, 3),
                         flg == 8 ? OB_ERR_GZ_TRUNCATED : OB_ERR_GZ_METHOD);
    }
}

/* Builds a random valid header the way any RFC 1952 writer might: random
 * FTEXT/FHCRC/FNAME/FCOMMENT, MTIME, XFL, OS, foreign subfields around ours
 * (or no metadata). The FHCRC is computed with zlib, not ob_crc32. */
static size_t random_header(uint8_t *out, const uint8_t *rec, int *with_meta)
{
    size_t n = 10, xstart, i, k, nsub;
    uint8_t flg = (uint8_t)(rnd() & (0x01 | 0x02 | 0x08 | 0x10));
    int ours_at;

    if (rnd() % 4 != 0)
        flg |= 0x04;
    out[0] = 0x1f;
    out[1] = 0x8b;
    out[2] = 8;
    out[3] = flg;
    for (i = 4; i < 10; i++)
        out[i] = (uint8_t)rnd();
    *with_meta = 0;
    if (flg & 0x04) {
        nsub = rnd() % 4;
        ours_at = (int)(rnd() % (nsub + 2)) - 1; /* -1 or past the end: none */
        xstart = n;
        n += 2;
        for (k = 0; k <= nsub; k++) {
            if ((int)k == ours_at) {
                out[n++] = 'O';
                out[n++] = 'B';
                ob_put_le16(out + n, OB_META_LEN);
                n += 2;
                memcpy(out + n, rec, OB_META_LEN);
                n += OB_META_LEN;
                *with_meta = 1;
            }
            if (k < nsub) {
                size_t len = rnd() % 24;

                out[n++] = (uint8_t)('A' + rnd() % 26);
                out[n++] = (uint8_t)rnd();
                if (out[n - 2] == 'O' && out[n - 1] == 'B')
                    out[n - 1] = 'C';
                ob_put_le16(out + n, (uint16_t)len);
                n += 2;
                for (i = 0; i < len; i++)
                    out[n++] = (uint8_t)rnd();
            }
        }
        ob_put_le16(out + xstart, (uint16_t)(n - xstart - 2));
    }
    for (k = 0; k < 2; k++) {
        if (flg & (k == 0 ? 0x08 : 0x10)) {
            size_t len = rnd() % 300; /* beyond any buffer a parser might keep */

            for (i = 0; i < len; i++)
                out[n++] = (uint8_t)(1 + rnd() % 255);
            out[n++] = 0;
        }
    }
    if (flg & 0x02) {
        ob_put_le16(out + n, (uint16_t)(crc32(0, out, (uInt)n) & 0xffff));
        n += 2;
    }
    return n;
}

static void test_gzhdr_random_valid(void **state)
{
    static uint8_t buf[2048];
    uint8_t rec[OB_META_LEN];
    ob_meta m;
    int k;

    (void)state;
    sample_meta(&m);
    ob_meta_encode(&m, rec);
    for (k = 0; k < 3000; k++) {
        int with_meta, rc;
        size_t len = random_header(buf, rec, &with_meta), total;
        ob_gzhdr h;

        buf[len] = 0xaa; /* first deflate byte: must not be consumed */
        rc = feed_chunks(&h, buf, len + 1, 1 + rnd() % 40, &total);
        assert_int_equal(rc, OB_OK);
        assert_int_equal(total, len);
        assert_int_equal(h.header_len, len);
        assert_int_equal(h.has_meta, with_meta);
        assert_int_equal(h.mtime, ob_get_le32(buf + 4));
        assert_int_equal(h.os, buf[9]);
        if (with_meta) {
            assert_memory_equal(h.rec, rec, OB_META_LEN);
            assert_string_equal(h.meta.board, "nucleo-f429zi");
            assert_int_equal(h.meta.payload_size, m.payload_size);
        }
        /* a single flipped bit in a protected header is always caught */
        if (buf[3] & 0x02) {
            size_t pos = rnd() % len;

            if (pos == 3) /* FLG itself changes the header's shape: not this test */
                pos = 4;

            buf[pos] ^= (uint8_t)(1u << (rnd() % 8));
            assert_int_not_equal(ob_gzhdr_parse(&h, buf, len), OB_OK);
        }
    }
}

/* Random corruptions of every vector: any outcome but a crash is allowed, the
 * outcome does not depend on how the input is split, and an accepted header
 * holds a record that re-encodes to its own bytes. */
static void test_gzhdr_fuzz(void **state)
{
    static uint8_t buf[8192];
    size_t i, len, total1, total2;
    char name[64];
    int k, rc1, rc2, accepted = 0, rejected = 0;

    (void)state;
    load_expected();
    for (i = 0; i < expected_count; i++) {
        uint8_t *orig = read_vector(vector_name(i, name, sizeof name), &len);

        for (k = 0; k < 400; k++) {
            size_t n = len, j, flips = 1 + rnd() % 4;
            ob_gzhdr h;
            uint8_t rec[OB_META_LEN];

            memcpy(buf, orig, len);
            for (j = 0; j < flips; j++) {
                size_t pos = rnd() % (n < 260 ? n : 260); /* mostly header bytes */

                switch (rnd() % 4) {
                case 0: buf[pos] ^= (uint8_t)(1u << (rnd() % 8)); break;
                case 1: buf[pos] = (uint8_t)rnd(); break;
                case 2: n = pos + 1; break; /* truncate */
                default: /* insert a byte */
                    if (n + 1 < sizeof buf) {
                        memmove(buf + pos + 1, buf + pos, n - pos);
                        buf[pos] = (uint8_t)rnd();
                        n++;
                    }
                }
            }
            rc1 = feed_chunks(&h, buf, n, 0, &total1);
            rc2 = feed_chunks(&h, buf, n, 1 + rnd() % 7, &total2);
            assert_int_equal(rc1, rc2);
            assert_int_equal(total1, total2);
            if (rc1 == OB_OK) {
                accepted++;
                assert_true(h.header_len <= n);
                if (h.has_meta) {
                    ob_meta_encode(&h.meta, rec);
                    assert_memory_equal(rec, h.rec, OB_META_LEN);
                }
            } else {
                rejected++;
                assert_true(rc1 < 0);
            }
        }
        free(orig);
    }
    assert_true(accepted > 0 && rejected > 0);
}

/* ---- writer --------------------------------------------------------------- */

static void test_write_header(void **state)
{
    uint8_t out[512];
    ob_meta m, bad;
    ob_gzhdr h;
    size_t cap;
    int n;

    (void)state;
    sample_meta(&m);
    n = ob_gz_write_header(&m, NULL, out, sizeof out);
    assert_int_equal(n, 196);
    assert_memory_equal(out, "\x1f\x8b\x08\x04\0\0\0\0\x02\x03\xb8\x00OB\xb4\x00\x01", 17);
    assert_int_equal(ob_gzhdr_parse(&h, out, (size_t)n), OB_OK);
    assert_true(h.has_meta);
    assert_int_equal(h.header_len, 196);
    assert_memory_equal(&h.meta, &m, sizeof m);

    n = ob_gz_write_header(&m, "fw.bin", out, sizeof out);
    assert_int_equal(n, 196 + 7);
    assert_int_equal(out[3], 0x04 | 0x08);
    assert_memory_equal(out + 196, "fw.bin", 7);
    assert_int_equal(ob_gzhdr_parse(&h, out, (size_t)n), OB_OK);
    assert_memory_equal(&h.meta, &m, sizeof m);
    n = ob_gz_write_header(&m, "", out, sizeof out); /* empty name is still FNAME */
    assert_int_equal(n, 197);
    assert_int_equal(ob_gzhdr_parse(&h, out, (size_t)n), OB_OK);

    /* every capacity short of the length is refused without writing past it */
    for (cap = 0; cap < 203; cap++) {
        memset(out, 0xee, sizeof out);
        assert_int_equal(ob_gz_write_header(&m, "fw.bin", out, cap), OB_ERR_ARG);
        assert_int_equal(out[cap], 0xee);
    }
    assert_int_equal(ob_gz_write_header(&m, "fw.bin", out, 203), 203);
    assert_int_equal(ob_gz_write_header(NULL, NULL, out, sizeof out), OB_ERR_ARG);
    assert_int_equal(ob_gz_write_header(&m, NULL, NULL, sizeof out), OB_ERR_ARG);

    /* a record that would not parse back is not written */
    bad = m;
    bad.version = 2;
    assert_int_equal(ob_gz_write_header(&bad, NULL, out, sizeof out), OB_ERR_META_VERSION);
    bad = m;
    bad.flags = 1;
    assert_int_equal(ob_gz_write_header(&bad, NULL, out, sizeof out), OB_ERR_META_FIELD);
    bad = m;
    memset(bad.board, 'a', sizeof bad.board);
    assert_int_equal(ob_gz_write_header(&bad, NULL, out, sizeof out), OB_ERR_META_FIELD);
    bad = m;
    bad.sig[3] = 1; /* unsigned with a signature */
    assert_int_equal(ob_gz_write_header(&bad, NULL, out, sizeof out), OB_ERR_META_FIELD);
    /* junk after the board's NUL is normalised away by the encoder */
    bad = m;
    bad.board[15] = 'z';
    assert_int_equal(ob_gz_write_header(&bad, NULL, out, sizeof out), 196);
    assert_int_equal(out[16 + 4 + 15], 0);
}

/* ---- layout check --------------------------------------------------------- */

static const ob_layout test_layout = {
    .board = "nucleo-f429zi",
    .mcu = "STM32F429ZI",
    .profile = OB_PROFILE_SLOT,
    .app = {0x08020000u, 0x00060000u},
    .slot = {0x08100000u, 0x00040000u},
};

static void test_check_layout(void **state)
{
    ob_layout l = test_layout;
    ob_meta m;

    (void)state;
    sample_meta(&m);
    assert_int_equal(ob_meta_check_layout(&m, &l, 196), OB_OK);
    assert_int_equal(ob_meta_check_layout(NULL, &l, 0), OB_ERR_ARG);
    assert_int_equal(ob_meta_check_layout(&m, NULL, 0), OB_ERR_ARG);

    strcpy(m.board, "nucleo-f429");
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_WRONG_BOARD);
    strcpy(m.board, "nucleo-f429zig");
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_WRONG_BOARD);
    strcpy(m.board, "nucleo-f429zi");
    l.board = "nucleo-f429zi-and-more"; /* too long to be any record's name */
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_WRONG_BOARD);
    l.board = NULL;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_ARG);
    l = test_layout;

    m.profile = OB_PROFILE_DIRECT;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_WRONG_PROFILE);
    m.profile = OB_PROFILE_SLOT;

    m.load_addr = 0x08000000u;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_LOAD_ADDR);
    m.load_addr = l.app.addr;

    m.raw_size = 0;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_EMPTY);
    m.raw_size = l.app.size;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_OK);
    m.raw_size = l.app.size + 1;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_TOO_LARGE);
    m.raw_size = 1000;

    /* the slot holds a 256-byte slot header then the payload */
    m.payload_size = l.slot.size - OB_SLOT_HDR_LEN;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0xffffffffu), OB_OK); /* header_len ignored */
    m.payload_size++;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_SLOT_FULL);
    m.payload_size = 0xffffffffu; /* payload + 256 would wrap to a small number */
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_SLOT_FULL);
    m.payload_size = 0xffffff00u;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_SLOT_FULL);
    m.payload_size = 0;
    l.slot.size = OB_SLOT_HDR_LEN - 1; /* a slot too small for its own header */
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_ERR_SLOT_FULL);

    /* the direct profile has no slot: payload size does not matter */
    l = test_layout;
    l.profile = OB_PROFILE_DIRECT;
    l.slot.size = 0;
    m.profile = OB_PROFILE_DIRECT;
    m.payload_size = 0xffffffffu;
    assert_int_equal(ob_meta_check_layout(&m, &l, 0), OB_OK);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors_expected),
        cmocka_unit_test(test_vectors_payload),
        cmocka_unit_test(test_vectors_writer_matches),
        cmocka_unit_test(test_vectors_all_listed),
        cmocka_unit_test(test_meta_roundtrip),
        cmocka_unit_test(test_meta_layout),
        cmocka_unit_test(test_meta_decode_errors),
        cmocka_unit_test(test_version_parse),
        cmocka_unit_test(test_version_format),
        cmocka_unit_test(test_gzhdr_args_and_sticky),
        cmocka_unit_test(test_gzhdr_every_flag_byte),
        cmocka_unit_test(test_gzhdr_random_valid),
        cmocka_unit_test(test_gzhdr_fuzz),
        cmocka_unit_test(test_write_header),
        cmocka_unit_test(test_check_layout),
    };
    const char *env = getenv("OB_VECTORS_DIR");
    FILE *f;

    /* Vectors: $OB_VECTORS_DIR, else ./tests/vectors (make runs from the top),
     * else relative to the binary (build/host/tests/test_image). */
    if (env != NULL) {
        snprintf(vec_dir, sizeof vec_dir, "%s", env);
    } else if ((f = fopen("tests/vectors/EXPECTED", "r")) != NULL) {
        fclose(f);
        snprintf(vec_dir, sizeof vec_dir, "tests/vectors");
    } else {
        const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
        int n = slash != NULL ? (int)(slash - argv[0]) : 1;

        snprintf(vec_dir, sizeof vec_dir, "%.*s/../../../tests/vectors", n,
                 slash != NULL ? argv[0] : ".");
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
