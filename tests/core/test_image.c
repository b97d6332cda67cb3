/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for core/image.c: the metadata record, version strings, the gzip
 * header writer and the layout check. The gzip header parser and the
 * committed vectors: test_gzhdr.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "fixture.h"
#include "image.h"
#include "xorshift.h"

/* ---- helpers ------------------------------------------------------------ */

static uint32_t rng_state = 0x12345678u;
static uint32_t rnd(void) { return xorshift32(&rng_state); }

/* ---- metadata record ---------------------------------------------------- */

static void test_meta_roundtrip(void **state)
{
    uint8_t rec[OB_META_LEN], rec2[OB_META_LEN];
    ob_meta m, d;
    int i, k;

    (void)state;
    for (k = 0; k < 200; k++) {
        fx_sample_meta(&m);
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
    fx_sample_meta(&m);
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
    fx_sample_meta(&m);
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
    EXPECT_FIELD(bad[1] = 3); /* profiles: 0 slot, 1 direct, 2 rollback */
    EXPECT_FIELD(bad[1] = 0xff);
    memcpy(bad, rec, OB_META_LEN);
    bad[1] = OB_PROFILE_ROLLBACK;
    assert_int_equal(ob_meta_decode(bad, OB_META_LEN, &m), OB_OK);
    assert_int_equal(m.profile, OB_PROFILE_ROLLBACK);
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

/* ---- writer --------------------------------------------------------------- */

static void test_write_header(void **state)
{
    uint8_t out[512];
    ob_meta m, bad;
    ob_gzhdr h;
    size_t cap;
    int n;

    (void)state;
    fx_sample_meta(&m);
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
    fx_sample_meta(&m);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta_roundtrip),
        cmocka_unit_test(test_meta_layout),
        cmocka_unit_test(test_meta_decode_errors),
        cmocka_unit_test(test_version_parse),
        cmocka_unit_test(test_version_format),
        cmocka_unit_test(test_write_header),
        cmocka_unit_test(test_check_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
