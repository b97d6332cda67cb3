/* SPDX-License-Identifier: Apache-2.0 */
/* The bad-input matrix: every kind of wrong file the receiver can be sent,
 * each with its one-line reason, on a board running a confirmed application
 * (v1) and, in the slot profile, holding a sealed update (v2):
 *   - the answer is exactly "Update rejected: " + the reason's line;
 *   - rejected in the header: not one erase, not one journal record, the
 *     application and the seal as they were, and bl1 then installs the seal
 *     (slot) or starts v1 (direct);
 *   - rejected later (payload, trailer, content): in the slot profile the
 *     application and the confirmed state are untouched (the transfer
 *     superseded the seal, nothing new is sealed) and bl1 starts v1; in the
 *     direct profile rescue was writing the application area, so the journal
 *     says FAILED and bl1 starts rescue, never the half-written image.
 * The direct profile is tested both as rescue receives (OB_RX_DIRECT) and
 * as the application checks a header before restarting into rescue
 * (OB_RX_VIA_RESCUE). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "fixture.h"

#define RAW_MAX (64 * 1024)
static uint8_t raw[RAW_MAX];
static uint8_t file[2 * RAW_MAX + 8192];
static uint8_t work[2 * RAW_MAX + 8192];
static fx_board B;

#define V1 0x01000000u
#define V2 0x02000000u
#define RAW_V2 6001u

/* ---- the board under test ---- */

typedef struct {
    const ob_layout *l;
    ob_rx_mode mode;     /* how the bad file arrives */
    uint8_t *snap;       /* flash after the base state */
    ob_jstate st0;
    uint8_t v1[5000];
    uint8_t v2[RAW_V2];
    uint8_t good[RAW_V2 + 4096]; /* v2 packed for this layout */
    size_t good_len;
    size_t hdr_len;
    unsigned cases;
} bench;

static bench T;

static void put_rescue(const ob_layout *l)
{
    static uint8_t r[2048];
    fx_make_raw(r, sizeof r, l, 99);
    ob_put_le32(r + 4, l->rescue.addr + 0x101);
    assert_int_equal(simflash_poke(&B.sf, l->rescue.addr, r, sizeof r), OB_OK);
}

/* v1 confirmed; slot: v2 sealed; direct (rescue mode): rescue running. */
static void bench_open(const ob_layout *l, ob_rx_mode mode)
{
    ob_boot_result res;
    memset(&T, 0, sizeof T);
    T.l = l;
    T.mode = mode;
    fx_board_open(&B, l);
    put_rescue(l);
    fx_make_raw(T.v1, sizeof T.v1, l, 1);
    size_t len = fx_pack(l, T.v1, sizeof T.v1, V1, 1, 9, file, sizeof file);
    ob_rx_mode deliver = l->profile == OB_PROFILE_SLOT ? OB_RX_SLOT : OB_RX_DIRECT;
    assert_int_equal(fx_send(&B, file, len, 1460, deliver), OB_OK);
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(fx_confirm(&B), OB_OK);
    fx_make_raw(T.v2, sizeof T.v2, l, 2);
    T.good_len = fx_pack(l, T.v2, sizeof T.v2, V2, 2, 9, T.good, sizeof T.good);
    ob_gzhdr h;
    assert_int_equal(ob_gzhdr_parse(&h, T.good, T.good_len), OB_OK);
    T.hdr_len = h.header_len;
    if (l->profile == OB_PROFILE_SLOT) {
        assert_int_equal(fx_send(&B, T.good, T.good_len, 1460, OB_RX_SLOT), OB_OK);
    } else if (mode == OB_RX_DIRECT) {
        assert_int_equal(fx_send(&B, T.good, T.good_len, 1460, OB_RX_VIA_RESCUE), OB_ERR_VIA_RESCUE);
        assert_int_equal(fx_boot(&B, &res), OB_OK);
        assert_int_equal(res.action, OB_BOOT_START_RESCUE);
    }
    assert_int_equal(ob_journal_open(&B.j, B.f, l), OB_OK);
    T.st0 = B.j.st;
    T.snap = malloc(B.sf.size);
    assert_non_null(T.snap);
    memcpy(T.snap, B.sf.mem, B.sf.size);
}

static void bench_close(void)
{
    free(T.snap);
    fx_board_close(&B);
}

static void restore(void)
{
    memcpy(B.sf.mem, T.snap, B.sf.size);
    simflash_reset_stats(&B.sf);
}

static int header_stage(int rc)
{
    return (rc <= OB_ERR_GZ_MAGIC && rc >= OB_ERR_GZ_TEXT_LONG) || (rc <= OB_ERR_META_VERSION && rc >= OB_ERR_META_FIELD) ||
           rc == OB_ERR_WRONG_BOARD || rc == OB_ERR_WRONG_PROFILE || rc == OB_ERR_LOAD_ADDR || rc == OB_ERR_TOO_LARGE ||
           rc == OB_ERR_SLOT_FULL || rc == OB_ERR_EMPTY || rc == OB_ERR_PLAIN_REFUSED || rc == OB_ERR_DOWNGRADE ||
           rc == OB_ERR_SIGNATURE || rc == OB_ERR_UNKNOWN_KEY || rc == OB_ERR_UNSIGNED;
}

static const uint8_t *app_bytes(const uint8_t *mem)
{
    return mem + (T.l->app.addr - T.l->geom->base);
}

/* Sends f (to a board with keys if B.keys is set, else to a development
 * board; B.keys is cleared afterwards, before bl1 runs), checks the answer
 * line and what the rejection left; returns the verdict. A transfer that ends with no byte is a header-stage rejection. */
static int send_bad(const uint8_t *f, size_t len, size_t chunk)
{
    const ob_layout *l = T.l;
    ob_boot_result res;
    restore();
    int rc = fx_send(&B, f, len, chunk, T.mode);
    B.keys = NULL; /* bl1 checks what the development board took */
    T.cases++;
    if (rc == OB_OK || (rc == OB_ERR_VIA_RESCUE && T.mode == OB_RX_VIA_RESCUE)) {
        return rc; /* accepted: not a bad input after all (the caller decides) */
    }
    char want[160];
    snprintf(want, sizeof want, "%s%s", OB_ANSWER_REJECT_PREFIX, ob_strerror(rc));
    assert_string_equal(ob_receiver_answer(&B.rx), want);
    int early = header_stage(rc) || (rc == OB_ERR_TRUNCATED && len == 0);
    assert_int_equal(ob_journal_open(&B.j, B.f, l), OB_OK);
    const ob_jstate *st = &B.j.st;
    if (early || T.mode == OB_RX_VIA_RESCUE) {
        /* nothing at all happened: no erase, no record, every byte in place */
        assert_true(early);
        assert_int_equal(B.sf.stats.erases, 0);
        assert_int_equal(B.sf.stats.programs, 0);
        assert_memory_equal(st, &T.st0, sizeof *st);
        assert_memory_equal(B.sf.mem, T.snap, B.sf.size);
    } else if (l->profile == OB_PROFILE_SLOT) {
        /* the running application and the confirmed state untouched */
        assert_memory_equal(app_bytes(B.sf.mem), app_bytes(T.snap), l->app.size);
        assert_int_equal(st->app_status, OB_APP_CONFIRMED);
        assert_memory_equal(&st->app, &T.st0.app, sizeof st->app);
        assert_int_equal(st->security_counter, T.st0.security_counter);
        assert_int_equal(st->pending, 0); /* superseded by this transfer, nothing sealed */
    } else {
        assert_int_equal(st->app_status, OB_APP_FAILED);
        assert_int_equal(st->last_reason, rc);
    }
    /* and bl1 starts what it should */
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    if (l->profile == OB_PROFILE_SLOT) {
        assert_int_equal(res.action, OB_BOOT_START_APP);
        if (early) {
            assert_true(res.trial && res.fw_version == V2); /* the seal was kept */
            assert_true(fx_app_is(&B, T.v2, RAW_V2));
        } else {
            assert_true(!res.trial && res.fw_version == V1);
            assert_true(fx_app_is(&B, T.v1, sizeof T.v1));
        }
    } else if (T.mode == OB_RX_DIRECT && !early) {
        assert_int_equal(res.action, OB_BOOT_START_RESCUE);
    } else {
        assert_int_equal(res.action, OB_BOOT_START_APP);
        assert_true(!res.trial && res.fw_version == V1);
        assert_true(fx_app_is(&B, T.v1, sizeof T.v1));
    }
    return rc;
}

static void expect(int rc, int want)
{
    if (rc != want)
        printf("    got \"%s\" (%d), want \"%s\" (%d)\n", ob_strerror(rc), rc, ob_strerror(want), want);
    assert_int_equal(rc, want);
}

/* The layouts each matrix runs on: a slot board, a direct board as rescue
 * receives, and a direct board as its application checks the header. */
typedef void (*bench_fn)(void);

static void on_benches(bench_fn fn)
{
    static const struct {
        const char *board;
        ob_profile profile;
        ob_rx_mode mode;
    } b[] = {
        {"nucleo-f429zi", OB_PROFILE_SLOT, OB_RX_SLOT},
        {"nucleo-f746zg", OB_PROFILE_DIRECT, OB_RX_DIRECT},
        {"olimex-e407", OB_PROFILE_DIRECT, OB_RX_VIA_RESCUE},
    };
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        bench_open(ob_layout_find(b[i].board, b[i].profile), b[i].mode);
        fn();
        bench_close();
    }
}

/* ---- crafted images ---- */

/* T.good with its metadata changed by mut (the payload kept as is). */
static size_t remeta(const uint8_t *src, size_t len, void (*mut)(ob_meta *), uint8_t *out, size_t cap)
{
    ob_gzhdr h;
    assert_int_equal(ob_gzhdr_parse(&h, src, len), OB_OK);
    assert_true(h.has_meta);
    ob_meta m = h.meta;
    mut(&m);
    int hl = ob_gz_write_header(&m, "app.bin", out, cap);
    assert_true(hl > 0);
    assert_true((size_t)hl + len - h.header_len <= cap);
    memcpy(out + hl, src + h.header_len, len - h.header_len);
    return (size_t)hl + len - h.header_len;
}

static uint32_t g_value;
static void set_raw_size(ob_meta *m) { m->raw_size = g_value; }
static void set_payload_size(ob_meta *m) { m->payload_size = g_value; }
static void set_load_addr(ob_meta *m) { m->load_addr = g_value; }
static void set_counter(ob_meta *m) { m->security_counter = g_value; }


/* ---- the matrix ---- */

/* Truncation at every byte offset of the header (and inside the payload). */
static void truncations(void)
{
    for (size_t k = 0; k < T.hdr_len; k++)
        expect(send_bad(T.good, k, 7), k == 0 ? OB_ERR_TRUNCATED : OB_ERR_GZ_TRUNCATED);
    if (T.mode == OB_RX_VIA_RESCUE)
        return; /* the application never sees more than the header */
    for (size_t k = T.hdr_len; k < T.good_len; k += 97)
        expect(send_bad(T.good, k, 1460), OB_ERR_TRUNCATED);
    expect(send_bad(T.good, T.good_len - 1, 1460), OB_ERR_TRUNCATED);
}

static void test_truncated(void **state)
{
    (void)state;
    on_benches(truncations);
}

/* Which verdicts a flipped header bit may give (docs/SPEC.md's header and
 * record layout, the header fx_pack writes: FEXTRA with our subfield, then
 * FNAME "app.bin"). */
static int payload_stage(int rc)
{
    return (rc <= OB_ERR_INF_BLOCK_TYPE && rc >= OB_ERR_INF_NO_EOB) || rc == OB_ERR_TRAILING ||
           rc == OB_ERR_TRUNCATED || rc == OB_ERR_SIZE_MISMATCH || rc == OB_ERR_PAYLOAD_HASH ||
           rc == OB_ERR_GZ_CRC || rc == OB_ERR_GZ_ISIZE || rc == OB_ERR_IMAGE_HASH || rc == OB_ERR_VECTOR;
}

static int flip_allowed_rc(size_t off, int bit, int rc);

static int flip_allowed(size_t off, int bit, int rc)
{
    static const int later[] = {OB_OK, OB_ERR_TRUNCATED, OB_ERR_TRAILING, OB_ERR_SIZE_MISMATCH, OB_ERR_PAYLOAD_HASH,
                                OB_ERR_IMAGE_HASH, OB_ERR_INF_SYMBOL, OB_ERR_GZ_CRC};
    if (T.mode != OB_RX_VIA_RESCUE || rc != OB_ERR_VIA_RESCUE)
        return flip_allowed_rc(off, bit, rc);
    /* the application only checks the header: where the header passes, what
     * rescue would find later is not its business */
    for (size_t i = 0; i < sizeof later / sizeof later[0]; i++)
        if (flip_allowed_rc(off, bit, later[i]))
            return 1;
    return 0;
}

static int flip_allowed_rc(size_t off, int bit, int rc)
{
    if (off < 2)
        return rc == OB_ERR_GZ_MAGIC;
    if (off == 2)
        return rc == OB_ERR_GZ_METHOD;
    if (off == 3) {
        switch (bit) {
        case 0: return rc == OB_OK;                 /* FTEXT: a hint only */
        case 1: return rc == OB_ERR_GZ_HCRC;        /* FHCRC: deflate bytes read as a CRC */
        case 2: return payload_stage(rc);           /* no FEXTRA: plain gzip, XLEN read as deflate */
        case 3: case 4: /* the header ends elsewhere, or deflate bytes make an endless name */
            return payload_stage(rc) || rc == OB_ERR_GZ_TRUNCATED || rc == OB_ERR_GZ_TEXT_LONG;
        default: return rc == OB_ERR_GZ_FLAGS;
        }
    }
    if (off < 10)
        return rc == OB_OK;                         /* MTIME, XFL, OS */
    if (off < 12)
        return header_stage(rc) && rc != OB_ERR_PLAIN_REFUSED; /* XLEN */
    if (off < 14)
        return rc == OB_OK;                         /* SI1 SI2: a foreign subfield, a good plain gzip */
    if (off < 16)
        return rc == OB_ERR_META_LENGTH;            /* LEN */
    if (off < 16 + OB_META_LEN) {
        size_t r = off - 16;
        if (r == 0)
            return rc == OB_ERR_META_VERSION;
        if (r == 1)
            return rc == OB_ERR_META_FIELD || rc == OB_ERR_WRONG_PROFILE;
        if (r < 4)
            return rc == OB_ERR_META_FIELD;
        if (r < 20)
            return rc == OB_ERR_META_FIELD || rc == OB_ERR_WRONG_BOARD;
        if (r < 24)
            return rc == OB_OK;                     /* fw_version: not authenticated on an open board */
        if (r < 28)
            return rc == OB_ERR_LOAD_ADDR;
        if (r < 32)
            return rc == OB_ERR_TOO_LARGE || rc == OB_ERR_SIZE_MISMATCH;
        if (r < 36)
            return rc == OB_ERR_SLOT_FULL || rc == OB_ERR_TRUNCATED || rc == OB_ERR_TRAILING ||
                   rc == OB_ERR_SIZE_MISMATCH;
        if (r < 40)
            return rc == OB_OK || rc == OB_ERR_DOWNGRADE;
        if (r < 72)
            return rc == OB_ERR_IMAGE_HASH;
        if (r < 104)
            return rc == OB_ERR_PAYLOAD_HASH;
        if (r == 104)
            return rc == OB_ERR_META_FIELD || rc == OB_ERR_UNSIGNED || rc == OB_OK;
        return rc == OB_ERR_META_FIELD;             /* reserved, key id, signature */
    }
    if (off < T.hdr_len - 1)
        return rc == OB_OK;                         /* a character of FNAME */
    /* FNAME's NUL: the name runs on into the payload, until its end or its bound */
    return payload_stage(rc) || rc == OB_ERR_GZ_TRUNCATED || rc == OB_ERR_GZ_TEXT_LONG;
}

static void header_flips(void)
{
    unsigned hist[128] = {0};
    for (size_t off = 0; off < T.hdr_len; off++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(work, T.good, T.good_len);
            work[off] ^= (uint8_t)(1u << bit);
            int rc = send_bad(work, T.good_len, 512);
            if (!flip_allowed(off, bit, rc))
                printf("    header byte %zu bit %d: \"%s\" (%d)\n", off, bit, ob_strerror(rc), rc);
            assert_true(flip_allowed(off, bit, rc));
            hist[-rc & 127]++;
        }
    }
    printf("  %s/%s (%s): %zu header bits:", T.l->board, ob_profile_name(T.l->profile),
           T.mode == OB_RX_SLOT ? "slot" : T.mode == OB_RX_DIRECT ? "rescue" : "application", T.hdr_len * 8);
    for (int e = 0; e < 128; e++)
        if (hist[e])
            printf(" %s %u;", e ? ob_strerror(-e) : "accepted", hist[e]);
    printf("\n");
}

static void test_header_bit_flips(void **state)
{
    (void)state;
    on_benches(header_flips);
}

/* Flips in the deflate stream (every 5th byte, rotating bits) and in every
 * bit of the trailer: with metadata the payload hash covers both, so the
 * verdict is an inflate error on the way or the payload hash at the end. */
static void payload_flips(void)
{
    if (T.mode == OB_RX_VIA_RESCUE)
        return;
    size_t end = T.good_len - 8;
    for (size_t off = T.hdr_len; off < T.good_len; off += off < end ? 5 : 1) {
        for (int bit = off < end ? (int)(off % 8) : 0; bit < 8; bit += off < end ? 8 : 1) {
            memcpy(work, T.good, T.good_len);
            work[off] ^= (uint8_t)(1u << bit);
            int rc = send_bad(work, T.good_len, 1460);
            if (off >= end) {
                expect(rc, OB_ERR_PAYLOAD_HASH);
            } else {
                if (!payload_stage(rc))
                    printf("    payload byte %zu bit %d: %s\n", off, bit, ob_strerror(rc));
                assert_true(payload_stage(rc) && rc != OB_ERR_TRUNCATED);
            }
        }
    }
}

static void test_payload_and_trailer_flips(void **state)
{
    (void)state;
    on_benches(payload_flips);
}

/* Plain gzip on a development board: the trailer is all there is to
 * catch a bad CRC or length. */
static void plain_trailer(void)
{
    if (T.mode == OB_RX_VIA_RESCUE)
        return;
    size_t len = fx_pack_plain(T.v2, RAW_V2, file, sizeof file);
    for (size_t off = len - 8; off < len; off++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(work, file, len);
            work[off] ^= (uint8_t)(1u << bit);
            expect(send_bad(work, len, 1000), off < len - 4 ? OB_ERR_GZ_CRC : OB_ERR_GZ_ISIZE);
        }
    }
}

static void test_plain_trailer_flips(void **state)
{
    (void)state;
    on_benches(plain_trailer);
}

/* An image for every other board, and for the other profile of this one. */
static void wrong_targets(void)
{
    for (const ob_layout *const *o = ob_all_layouts; *o; o++) {
        if (*o == T.l)
            continue;
        fx_make_raw(raw, 3000, *o, 5);
        size_t len = fx_pack(*o, raw, 3000, V2, 2, 9, file, sizeof file);
        int want = strcmp((*o)->board, T.l->board) != 0 ? OB_ERR_WRONG_BOARD : OB_ERR_WRONG_PROFILE;
        expect(send_bad(file, len, 1460), want);
    }
}

static void test_wrong_board_and_profile(void **state)
{
    (void)state;
    on_benches(wrong_targets);
}

/* Sizes and addresses in the metadata that the board cannot take. */
static void bad_sizes(void)
{
    const ob_layout *l = T.l;
    size_t len;
    g_value = l->app.size + 1;
    len = remeta(T.good, T.good_len, set_raw_size, file, sizeof file);
    expect(send_bad(file, len, 1460), OB_ERR_TOO_LARGE);
    g_value = 0;
    len = remeta(T.good, T.good_len, set_raw_size, file, sizeof file);
    expect(send_bad(file, len, 1460), OB_ERR_EMPTY);
    g_value = l->app.addr + 0x4000;
    len = remeta(T.good, T.good_len, set_load_addr, file, sizeof file);
    expect(send_bad(file, len, 1460), OB_ERR_LOAD_ADDR);
    if (l->profile == OB_PROFILE_SLOT) {
        g_value = l->slot.size - OB_SLOT_HDR_LEN + 1;
        len = remeta(T.good, T.good_len, set_payload_size, file, sizeof file);
        expect(send_bad(file, len, 1460), OB_ERR_SLOT_FULL);
    }
    /* an older security counter than the confirmed image's */
    g_value = 0;
    len = remeta(T.good, T.good_len, set_counter, file, sizeof file);
    expect(send_bad(file, len, 1460), OB_ERR_DOWNGRADE);
}

static void test_sizes_too_large(void **state)
{
    (void)state;
    on_benches(bad_sizes);
}

/* A valid gzip with metadata whose content is no firmware for this board:
 * the initial stack pointer outside RAM. */
static void bad_vectors(void)
{
    if (T.mode == OB_RX_VIA_RESCUE)
        return;
    memcpy(raw, T.v2, RAW_V2);
    ob_put_le32(raw, 0x12345678u);
    size_t len = fx_pack(T.l, raw, RAW_V2, V2, 2, 9, file, sizeof file);
    expect(send_bad(file, len, 1460), OB_ERR_VECTOR);
    memcpy(raw, T.v2, RAW_V2);
    ob_put_le32(raw + 4, T.l->app.addr + 0x100); /* reset handler without the Thumb bit */
    len = fx_pack(T.l, raw, RAW_V2, V2, 2, 9, file, sizeof file);
    expect(send_bad(file, len, 1460), OB_ERR_VECTOR);
}

static void test_vector_check_fails(void **state)
{
    (void)state;
    on_benches(bad_vectors);
}

/* A gzip'd text file: refused as plain gzip on a board with keys, and on a
 * development board it fails the vector-table check. */
static void gzip_text(void)
{
    static const char line[] = "This is a README, not a firmware image. ";
    for (size_t i = 0; i < 3000; i++)
        raw[i] = (uint8_t)line[i % (sizeof line - 1)];
    size_t len = fx_pack_plain(raw, 3000, file, sizeof file);
    B.keys = &fx_keys_nobody;
    expect(send_bad(file, len, 1460), OB_ERR_PLAIN_REFUSED);
    if (T.mode == OB_RX_VIA_RESCUE)
        return;
    expect(send_bad(file, len, 1460), OB_ERR_VECTOR);
}

static void test_gzip_text(void **state)
{
    (void)state;
    on_benches(gzip_text);
}

/* Zip bombs: a few KiB that inflate past the application area, stopped
 * there: plain gzip on a development board, and an image whose metadata
 * claims a size that fits. */
static void zip_bombs(void)
{
    if (T.mode == OB_RX_VIA_RESCUE)
        return;
    const ob_layout *l = T.l;
    uint32_t n = l->app.size + 65536;
    uint8_t *z = calloc(n, 1);
    static uint8_t bomb[65536];
    assert_non_null(z);
    memcpy(z, T.v2, 64); /* a plausible vector table, then zeros */
    size_t blen = fx_pack_plain(z, n, bomb, sizeof bomb);
    assert_true(blen < 8192);
    expect(send_bad(bomb, blen, 1460), OB_ERR_INF_LIMIT);
    assert_string_equal(ob_receiver_answer(&B.rx), "Update rejected: image inflates beyond the application area");
    blen = fx_pack(l, z, n, V2, 2, 9, bomb, sizeof bomb);
    g_value = l->app.size;
    size_t len = remeta(bomb, blen, set_raw_size, file, sizeof file);
    expect(send_bad(file, len, 1460), OB_ERR_INF_LIMIT);
    free(z);
}

static void test_zip_bomb(void **state)
{
    (void)state;
    on_benches(zip_bombs);
}

/* Two gzip members one after the other, and trailing garbage, arriving with
 * the end of the member (the agent and the virtual board answer as soon as
 * the member is complete: bytes in a later segment are never read; see
 * docs/ROBUSTNESS.md). */
static void extra_data(void)
{
    if (T.mode == OB_RX_VIA_RESCUE)
        return;
    memcpy(work, T.good, T.good_len);
    memcpy(work + T.good_len, T.good, T.good_len);
    expect(send_bad(work, 2 * T.good_len, 1460), OB_ERR_TRAILING);
    expect(send_bad(work, T.good_len + 1, 1460), OB_ERR_TRAILING);
    memset(work + T.good_len, 0, 100);
    expect(send_bad(work, T.good_len + 100, 0), OB_ERR_TRAILING);
    /* the same for plain gzip on a development board */
    size_t len = fx_pack_plain(T.v2, RAW_V2, work, sizeof work / 2);
    memcpy(work + len, work, len);
    expect(send_bad(work, 2 * len, 1460), OB_ERR_TRAILING);
    work[len] = 'x';
    expect(send_bad(work, len + 1, 0), OB_ERR_TRAILING);
}

static void test_concatenated_and_trailing(void **state)
{
    (void)state;
    on_benches(extra_data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_header_bit_flips),
        cmocka_unit_test(test_payload_and_trailer_flips),
        cmocka_unit_test(test_plain_trailer_flips),
        cmocka_unit_test(test_wrong_board_and_profile),
        cmocka_unit_test(test_sizes_too_large),
        cmocka_unit_test(test_vector_check_fails),
        cmocka_unit_test(test_gzip_text),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_concatenated_and_trailing),
    };
    return cmocka_run_group_tests_name("badinput", tests, NULL, NULL);
}
