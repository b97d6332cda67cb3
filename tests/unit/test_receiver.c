/* SPDX-License-Identifier: Apache-2.0 */
/* Receiver: good images to the slot and directly into the app area, and each
 * rejection with its reason; nothing is erased before the header passed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "slot.h"

#define RAW_MAX (96 * 1024)
static uint8_t raw[RAW_MAX];
static uint8_t file[RAW_MAX + 4096];
static fx_board B;

static const ob_layout *slot_layout(void)
{
    return ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
}

static void test_good_slot_any_chunking(void **state)
{
    (void)state;
    const ob_layout *l = slot_layout();
    fx_make_raw(raw, 40000, l, 1);
    size_t len = fx_pack(l, raw, 40000, 0x01020003, 0, 9, file, sizeof file);
    static const size_t chunks[] = {0, 1, 7, 1460, 4096};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        fx_board_open(&B, l);
        assert_int_equal(fx_send(&B, file, len, chunks[c], OB_RX_SLOT), OB_OK);
        assert_string_equal(ob_receiver_answer(&B.rx), "Valid update file received");
        assert_int_equal(B.j.st.pending, 1);
        assert_int_equal(B.j.st.seal.raw_size, 40000);
        assert_int_equal(B.j.st.seal.fw_version, 0x01020003);
        /* the application area was not touched */
        assert_int_equal(ob_flash_is_erased(B.f, l->app.addr, l->app.size), 1);
        /* only the sectors the data reached were erased */
        uint32_t erased = 0;
        for (uint32_t i = 0; i < B.sf.nsectors; i++)
            erased += B.sf.wear[i];
        assert_int_equal(erased, 1);
        fx_board_close(&B);
    }
}

/* keyed: a board with keys (else a development board) */
static int rejects(const ob_layout *l, const uint8_t *f, size_t len, int keyed, int *erases)
{
    fx_board_open(&B, l);
    B.keys = keyed ? &fx_keys_nobody : NULL;
    int rc = fx_send(&B, f, len, 100, OB_RX_SLOT);
    *erases = (int)B.sf.stats.erases;
    assert_int_equal(B.j.st.pending, 0);
    fx_board_close(&B);
    return rc;
}

static void test_rejections(void **state)
{
    (void)state;
    const ob_layout *l = slot_layout();
    int erases;
    fx_make_raw(raw, 20000, l, 2);
    size_t len = fx_pack(l, raw, 20000, 1, 0, 9, file, sizeof file);

    /* wrong board: rejected at the header, nothing erased */
    const ob_layout *other = ob_layout_find("nucleo-f207zg", OB_PROFILE_SLOT);
    assert_int_equal(rejects(other, file, len, 0, &erases), OB_ERR_WRONG_BOARD);
    assert_int_equal(erases, 0);
    /* another profile */
    const ob_layout *direct = ob_layout_find("nucleo-f429zi", OB_PROFILE_DIRECT);
    fx_board_open(&B, direct);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_DIRECT), OB_ERR_WRONG_PROFILE);
    assert_int_equal(B.sf.stats.erases, 0);
    fx_board_close(&B);
    /* garbage, text */
    static const char text[] = "hello, this is not a firmware image\n";
    assert_int_equal(rejects(l, (const uint8_t *)text, sizeof text, 0, &erases), OB_ERR_GZ_MAGIC);
    assert_int_equal(erases, 0);
    /* plain gzip of a text file: refused on a board with keys, and on a
     * development board it fails the vector-table check */
    uint8_t txt[3000];
    for (size_t i = 0; i < sizeof txt; i++)
        txt[i] = (uint8_t)"The quick brown fox jumps over the lazy dog. "[i % 45];
    size_t plen = fx_pack_plain(txt, sizeof txt, file, sizeof file);
    assert_int_equal(rejects(l, file, plen, 1, &erases), OB_ERR_PLAIN_REFUSED);
    assert_int_equal(erases, 0);
    assert_int_equal(rejects(l, file, plen, 0, &erases), OB_ERR_VECTOR);
    /* truncated anywhere */
    len = fx_pack(l, raw, 20000, 1, 0, 9, file, sizeof file);
    assert_int_equal(rejects(l, file, 5, 0, &erases), OB_ERR_GZ_TRUNCATED);
    assert_int_equal(rejects(l, file, len - 1, 0, &erases), OB_ERR_TRUNCATED);
    assert_int_equal(rejects(l, file, 0, 0, &erases), OB_ERR_TRUNCATED);
    /* trailing garbage and a second member */
    file[len] = 'x';
    assert_int_equal(rejects(l, file, len + 1, 0, &erases), OB_ERR_TRAILING);
    memcpy(file + len, file, len);
    assert_int_equal(rejects(l, file, 2 * len, 0, &erases), OB_ERR_TRAILING);
    /* a flipped payload bit */
    file[len - 100] ^= 0x10;
    int rc = rejects(l, file, len, 0, &erases);
    assert_true(rc == OB_ERR_PAYLOAD_HASH || (rc <= OB_ERR_INF_BLOCK_TYPE && rc >= OB_ERR_INF_NO_EOB) ||
                rc == OB_ERR_GZ_CRC || rc == OB_ERR_IMAGE_HASH || rc == OB_ERR_SIZE_MISMATCH);
    /* too large for the application area */
    ob_layout small = *l;
    small.app.size = 16384;
    len = fx_pack(l, raw, 20000, 1, 0, 9, file, sizeof file);
    assert_int_equal(rejects(&small, file, len, 0, &erases), OB_ERR_TOO_LARGE);
    assert_int_equal(erases, 0);
}

/* A zip bomb on a development board stops at the application-area size. */
static void test_zip_bomb(void **state)
{
    (void)state;
    const ob_layout *l = ob_layout_find("nucleo-f207zg", OB_PROFILE_SLOT);
    static uint8_t zeros[2 * 1024 * 1024];
    memset(zeros, 0, sizeof zeros);
    fx_make_raw(zeros, 64, l, 3); /* a plausible vector table, then zeros */
    memset(zeros + 64, 0, sizeof zeros - 64);
    static uint8_t bomb[16384];
    size_t blen = fx_pack_plain(zeros, sizeof zeros, bomb, sizeof bomb);
    assert_true(blen < 4096);
    fx_board_open(&B, l);
    assert_int_equal(fx_send(&B, bomb, blen, 512, OB_RX_SLOT), OB_ERR_INF_LIMIT);
    assert_string_equal(ob_receiver_answer(&B.rx), "Update rejected: image inflates beyond the application area");
    fx_board_close(&B);
}

/* A sealed update survives a garbage transfer; a newer good one replaces it. */
static void test_seal_survives_garbage(void **state)
{
    (void)state;
    const ob_layout *l = slot_layout();
    fx_make_raw(raw, 30000, l, 4);
    size_t len = fx_pack(l, raw, 30000, 5, 0, 6, file, sizeof file);
    fx_board_open(&B, l);
    assert_int_equal(fx_send(&B, file, len, 0, OB_RX_SLOT), OB_OK);
    ob_jimage sealed = B.j.st.seal;
    static const uint8_t junk[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad};
    B.keys = &fx_keys_nobody; /* a board with keys refuses it at the header */
    assert_int_equal(fx_send(&B, junk, sizeof junk, 0, OB_RX_SLOT), OB_ERR_PLAIN_REFUSED);
    B.keys = NULL;
    assert_int_equal(B.j.st.pending, 1);
    assert_memory_equal(&B.j.st.seal, &sealed, sizeof sealed);
    /* a development board reads it as a plain gzip, which supersedes the
     * seal as any transfer past its header does, and fails it */
    assert_int_equal(fx_send(&B, junk, sizeof junk, 0, OB_RX_SLOT), OB_ERR_INF_BLOCK_TYPE);
    assert_int_equal(B.j.st.pending, 0);
    fx_make_raw(raw, 30000, l, 5);
    len = fx_pack(l, raw, 30000, 6, 0, 6, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 999, OB_RX_SLOT), OB_OK);
    assert_int_equal(B.j.st.seal.fw_version, 6);
    fx_board_close(&B);
}

/* Direct mode: inflated straight into the application area. */
static void test_direct(void **state)
{
    (void)state;
    const ob_layout *l = ob_layout_find("olimex-e407", OB_PROFILE_DIRECT);
    fx_make_raw(raw, 50000, l, 6);
    size_t len = fx_pack(l, raw, 50000, 7, 0, 9, file, sizeof file);
    fx_board_open(&B, l);
    assert_int_equal(fx_send(&B, file, len, 1000, OB_RX_DIRECT), OB_OK);
    assert_int_equal(B.j.st.app_status, OB_APP_TRIAL);
    assert_true(fx_app_is(&B, raw, 50000));
    /* a broken transfer leaves a failed application, never a trial of half an image */
    file[len / 2] ^= 1;
    assert_true(fx_send(&B, file, len, 1000, OB_RX_DIRECT) != OB_OK);
    assert_int_equal(B.j.st.app_status, OB_APP_FAILED);
    fx_board_close(&B);
}

/* The application of a direct-profile board checks the header, then asks for
 * rescue; a bad header asks for nothing. */
static void test_via_rescue(void **state)
{
    (void)state;
    const ob_layout *l = ob_layout_find("nucleo-f207zg", OB_PROFILE_DIRECT);
    fx_make_raw(raw, 30000, l, 8);
    size_t len = fx_pack(l, raw, 30000, 9, 0, 9, file, sizeof file);
    fx_board_open(&B, l);
    static const char junk[] = "GET / HTTP/1.0\r\n\r\n";
    assert_int_equal(fx_send(&B, (const uint8_t *)junk, sizeof junk - 1, 0, OB_RX_VIA_RESCUE), OB_ERR_GZ_MAGIC);
    assert_int_equal(B.j.st.rescue_request, 0);
    assert_int_equal(fx_send(&B, file, len, 100, OB_RX_VIA_RESCUE), OB_ERR_VIA_RESCUE);
    assert_int_equal(B.j.st.rescue_request, 1);
    assert_int_equal(B.sf.stats.erases, 0);
    assert_non_null(strstr(ob_receiver_answer(&B.rx), "through rescue"));
    fx_board_close(&B);
}

/* Plain gzip on a development board: fully checked, sealed. */
static void test_dev_plain(void **state)
{
    (void)state;
    const ob_layout *l = slot_layout();
    fx_make_raw(raw, 25000, l, 7);
    size_t len = fx_pack_plain(raw, 25000, file, sizeof file);
    fx_board_open(&B, l);
    assert_int_equal(fx_send(&B, file, len, 333, OB_RX_SLOT), OB_OK);
    assert_int_equal(B.j.st.seal.flags & OB_JIMG_PLAIN, OB_JIMG_PLAIN);
    assert_int_equal(B.j.st.seal.raw_size, 25000);
    /* a plain gzip with a wrong CRC is caught */
    file[len - 6] ^= 0x40;
    assert_int_equal(fx_send(&B, file, len, 333, OB_RX_SLOT), OB_ERR_GZ_CRC);
    fx_board_close(&B);
}

/* An agent with no inflate window cannot check a plain gzip before sealing
 * it into the slot: it refuses it at the header, writing nothing, and says
 * what to do instead (not "signing keys": this board may have none). */
static void test_windowless_plain(void **state)
{
    (void)state;
    const ob_layout *l = slot_layout();
    fx_make_raw(raw, 25000, l, 9);
    size_t len = fx_pack_plain(raw, 25000, file, sizeof file);
    fx_board_open(&B, l);
    ob_receiver_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.layout = l;
    cfg.flash = B.f;
    cfg.journal = &B.j;
    cfg.mode = OB_RX_SLOT;
    ob_receiver_init(&B.rx, &cfg);
    assert_int_equal(ob_receiver_feed(&B.rx, file, len), OB_ERR_PLAIN_UNCHECKED);
    assert_non_null(strstr(B.rx.answer, "otaboot pack"));
    assert_null(strstr(B.rx.answer, "key"));
    assert_int_equal(B.sf.stats.programs, 0);
    assert_int_equal(B.sf.stats.erases, 0);
    fx_board_close(&B);
}

/* What a development board checks in a plain `gzip -9`, in both profiles
 * (slot: the receiver's dry run, then bl1's install; direct: rescue
 * inflating into the application area): a bad CRC, a bad ISIZE, an image
 * larger than the application area, a vector table that is not this
 * board's; a good one is installed, hashed, recorded and read back. A
 * board with keys refuses every one of them at the header. */
static void plain_checks(const ob_layout *l, ob_rx_mode mode)
{
    ob_boot_result res;
    uint8_t sha[OB_SHA256_LEN];
    static uint8_t big[2 * 1024 * 1024 + 16];
    size_t len;

    fx_board_open(&B, l);
    fx_make_raw(raw, 25000, l, 8);
    len = fx_pack_plain(raw, 25000, file, sizeof file);
    file[len - 6] ^= 0x40; /* CRC32 */
    assert_int_equal(fx_send(&B, file, len, 1000, mode), OB_ERR_GZ_CRC);
    file[len - 6] ^= 0x40;
    file[len - 2] ^= 0x01; /* ISIZE */
    assert_int_equal(fx_send(&B, file, len, 1000, mode), OB_ERR_GZ_ISIZE);
    file[len - 2] ^= 0x01;
    B.keys = &fx_keys_nobody;
    uint64_t erases = B.sf.stats.erases;
    assert_int_equal(fx_send(&B, file, len, 1000, mode), OB_ERR_PLAIN_REFUSED);
    assert_int_equal(B.sf.stats.erases, erases);
    B.keys = NULL;

    /* larger than the application area by one word */
    assert_true(l->app.size + 4 <= sizeof big);
    fx_make_raw(big, l->app.size + 4, l, 9);
    static uint8_t zbig[3 * 1024 * 1024];
    len = fx_pack_plain(big, l->app.size + 4, zbig, sizeof zbig);
    int rc = fx_send(&B, zbig, len, 4096, mode);
    assert_true(rc == OB_ERR_INF_LIMIT || rc == OB_ERR_SLOT_FULL);

    /* initial SP outside this board's RAM */
    fx_make_raw(raw, 25000, l, 10);
    ob_put_le32(raw, 0x10000000u);
    len = fx_pack_plain(raw, 25000, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 1000, mode), OB_ERR_VECTOR);
    /* reset handler outside the image */
    fx_make_raw(raw, 25000, l, 11);
    ob_put_le32(raw + 4, l->app.addr + l->app.size + 0x101u);
    len = fx_pack_plain(raw, 25000, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 1000, mode), OB_ERR_VECTOR);

    /* a good one: installed, its hash recorded, read back */
    fx_make_raw(raw, 25000, l, 12);
    len = fx_pack_plain(raw, 25000, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len, 1000, mode), OB_OK);
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(res.action, OB_BOOT_START_APP);
    assert_int_equal(res.fw_version, 0);
    assert_true(fx_app_is(&B, raw, 25000));
    ob_sha256(raw, 25000, sha);
    assert_memory_equal(B.j.st.app.raw_sha256, sha, OB_SHA256_LEN);
    assert_int_equal(B.j.st.app.raw_size, 25000);
    assert_int_equal(B.j.st.app.flags & OB_JIMG_PLAIN, OB_JIMG_PLAIN);
    if (mode == OB_RX_SLOT)
        assert_true(fx_logged(&B, "read back and verified"));
    fx_board_close(&B);
}

static void test_plain_checks(void **state)
{
    (void)state;
    plain_checks(slot_layout(), OB_RX_SLOT);
    plain_checks(ob_layout_find("olimex-e407", OB_PROFILE_DIRECT), OB_RX_DIRECT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_slot_any_chunking),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_seal_survives_garbage),
        cmocka_unit_test(test_direct),
        cmocka_unit_test(test_dev_plain),
        cmocka_unit_test(test_windowless_plain),
        cmocka_unit_test(test_plain_checks),
        cmocka_unit_test(test_via_rescue),
    };
    return cmocka_run_group_tests_name("receiver", tests, NULL, NULL);
}
