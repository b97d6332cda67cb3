/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for core/image.c's gzip header parser: the committed vectors in
 * tests/vectors (checked against tests/vectors/EXPECTED on every run), then
 * what the vectors do not cover (flag bytes, random valid headers, random
 * corruptions). The metadata record and the writer: test_image.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fixture.h"
#include "image.h"
#include "xorshift.h"

/* ---- helpers ------------------------------------------------------------ */

static char vec_dir[1024];

static uint32_t rng_state = 0x12345678u;
static uint32_t rnd(void) { return xorshift32(&rng_state); }

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
             h->meta.version, h->meta.board, ob_profile_name((ob_profile)h->meta.profile),
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
    fx_sample_meta(&m);
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
    fx_sample_meta(&m);
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

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors_expected),
        cmocka_unit_test(test_vectors_payload),
        cmocka_unit_test(test_vectors_writer_matches),
        cmocka_unit_test(test_vectors_all_listed),
        cmocka_unit_test(test_gzhdr_args_and_sticky),
        cmocka_unit_test(test_gzhdr_every_flag_byte),
        cmocka_unit_test(test_gzhdr_random_valid),
        cmocka_unit_test(test_gzhdr_fuzz),
    };
    const char *env = getenv("OB_VECTORS_DIR");
    FILE *f;

    /* Vectors: $OB_VECTORS_DIR, else ./tests/vectors (make runs from the top),
     * else relative to the binary (build/host/tests/test_gzhdr). */
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
