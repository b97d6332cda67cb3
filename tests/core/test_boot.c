/* SPDX-License-Identifier: Apache-2.0 */
/* bl1 scenarios on the simulated flash, for every board layout and profile:
 * fresh board, first image, update, confirm, second update, corrupted slot
 * rejected with no erase, unconfirmed image to rescue. Power cuts: tests/powercut/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "slot.h"

#define RAW_MAX (64 * 1024)
static uint8_t raw[RAW_MAX];
static uint8_t file[RAW_MAX + 4096];
static fx_board B;

static uint64_t app_erases(fx_board *b)
{
    uint64_t n = 0;
    for (uint32_t a = b->l->app.addr; a < b->l->app.addr + b->l->app.size;) {
        uint32_t idx, start, size;
        assert_int_equal(ob_flash_sector_of(b->l->geom, a, &idx, &start, &size), OB_OK);
        n += b->sf.wear[idx];
        a = start + size;
    }
    return n;
}

/* Delivers version v of a raw image the way the layout's profile does. */
static void deliver(fx_board *b, uint32_t v, uint32_t n)
{
    fx_make_raw(raw, n, b->l, v);
    size_t len = fx_pack(b->l, raw, n, v, v, 9, file, sizeof file);
    if (b->l->profile != OB_PROFILE_DIRECT) {
        assert_int_equal(fx_send(b, file, len, 1460, OB_RX_SLOT), OB_OK);
    } else {
        /* the application asks for rescue, bl1 starts it, rescue installs */
        ob_boot_result res;
        assert_int_equal(ob_journal_open(&b->j, b->f, b->l), OB_OK);
        assert_int_equal(ob_journal_rescue_request(&b->j), OB_OK);
        assert_int_equal(fx_boot(b, &res), OB_OK);
        assert_int_equal(res.action, OB_BOOT_START_RESCUE);
        assert_int_equal(fx_send(b, file, len, 1460, OB_RX_DIRECT), OB_OK);
    }
}

static void boot_expect(fx_board *b, ob_boot_action act, int trial)
{
    ob_boot_result res;
    int rc = fx_boot(b, &res);
    if (res.action != act || res.trial != trial) {
        for (int i = 0; i < b->nlog; i++)
            printf("    %s\n", b->log[i]);
    }
    assert_int_equal(res.action, act);
    assert_int_equal(res.trial, trial);
    if (act == OB_BOOT_START_APP) {
        assert_int_equal(rc, OB_OK);
        assert_int_equal(res.vector_addr, b->l->app.addr);
        assert_int_equal(res.entry & 1, 1);
    }
}

static void scenario(const ob_layout *l)
{
    printf("  %s/%s\n", l->board, ob_profile_name(l->profile));
    fx_board_open(&B, l);
    ob_boot_result res;

    /* fresh board, nothing at all: halt (no rescue installed yet) */
    fx_boot(&B, &res);
    assert_int_equal(res.action, OB_BOOT_HALT);
    fx_put_rescue(&B);
    boot_expect(&B, OB_BOOT_START_RESCUE, 0);

    /* first image */
    deliver(&B, 0x01000000, 30000);
    boot_expect(&B, OB_BOOT_START_APP, 1);
    assert_true(fx_app_is(&B, raw, 30000));
    assert_true(fx_logged(&B, "starting application v1.0.0"));
    /* not confirmed yet: the next boot is trial 2 */
    boot_expect(&B, OB_BOOT_START_APP, 1);
    assert_int_equal(B.j.st.trials, 2);
    assert_int_equal(fx_confirm(&B), OB_OK);
    boot_expect(&B, OB_BOOT_START_APP, 0);
    uint32_t seq = B.j.st.seq;
    boot_expect(&B, OB_BOOT_START_APP, 0);
    assert_int_equal(B.j.st.seq, seq); /* a confirmed boot writes nothing */

    /* second update */
    deliver(&B, 0x02000000, 40000);
    boot_expect(&B, OB_BOOT_START_APP, 1);
    assert_true(fx_app_is(&B, raw, 40000));
    assert_int_equal(fx_confirm(&B), OB_OK);
    assert_int_equal(B.j.st.security_counter, 0x02000000);
    memcpy(file, raw, 40000); /* keep v2 for comparison */
    static uint8_t v2keep[40000];
    memcpy(v2keep, raw, sizeof v2keep);

    if (l->profile != OB_PROFILE_DIRECT) {
        /* a slot corrupted after sealing is rejected with no erase */
        uint8_t v2[40000];
        memcpy(v2, raw, sizeof v2);
        deliver(&B, 0x03000000, 20000);
        B.sf.mem[ob_jimage_slot(&B.j.st.seal, l)->addr - l->geom->base + OB_SLOT_HDR_LEN + 500] ^= 0x04;
        uint64_t before = app_erases(&B);
        boot_expect(&B, OB_BOOT_START_APP, 0);
        assert_true(fx_logged(&B, "rejected, nothing erased"));
        assert_int_equal(app_erases(&B), before);
        assert_true(fx_app_is(&B, v2, sizeof v2));
        assert_int_equal(B.j.st.pending, 0);
    }

    /* an image that never confirms: after 3 trial boots, back to v2 with
     * two slots, rescue otherwise */
    deliver(&B, 0x04000000, 25000);
    boot_expect(&B, OB_BOOT_START_APP, 1);
    boot_expect(&B, OB_BOOT_START_APP, 1);
    boot_expect(&B, OB_BOOT_START_APP, 1);
    if (l->profile == OB_PROFILE_ROLLBACK) {
        boot_expect(&B, OB_BOOT_START_APP, 0);
        assert_true(fx_logged(&B, "did not confirm itself in 3 boots"));
        assert_true(fx_logged(&B, "rolled back from v4.0.0 to v2.0.0"));
        assert_true(fx_app_is(&B, v2keep, sizeof v2keep));
        assert_int_equal(B.j.st.app_status, OB_APP_CONFIRMED);
        assert_int_equal(B.j.st.security_counter, 0x02000000);
        fx_board_close(&B);
        return; /* the rest: tests/core/test_rollback.c */
    }
    boot_expect(&B, OB_BOOT_START_RESCUE, 0);
    assert_true(fx_logged(&B, "did not confirm itself in 3 boots"));
    boot_expect(&B, OB_BOOT_START_RESCUE, 0);
    /* rescue takes a good image (through the slot or directly) */
    if (l->profile == OB_PROFILE_SLOT) {
        fx_make_raw(raw, 22000, l, 5);
        size_t len = fx_pack(l, raw, 22000, 0x05000000, 0x05000000, 9, file, sizeof file);
        assert_int_equal(fx_send(&B, file, len, 4096, OB_RX_SLOT), OB_OK);
    } else {
        fx_make_raw(raw, 22000, l, 5);
        size_t len = fx_pack(l, raw, 22000, 0x05000000, 0x05000000, 9, file, sizeof file);
        assert_int_equal(fx_send(&B, file, len, 4096, OB_RX_DIRECT), OB_OK);
    }
    boot_expect(&B, OB_BOOT_START_APP, 1);
    assert_true(fx_app_is(&B, raw, 22000));
    assert_int_equal(fx_confirm(&B), OB_OK);

    /* a confirmed application corrupted in flash is not started */
    B.sf.mem[l->app.addr - l->geom->base + 1000] ^= 0x01;
    boot_expect(&B, OB_BOOT_START_RESCUE, 0);
    fx_board_close(&B);
}

static void test_all_layouts(void **state)
{
    (void)state;
    int n = 0;
    for (const ob_layout *const *l = ob_all_layouts; *l; l++, n++)
        scenario(*l);
    assert_true(n >= 10);
}

/* An application flashed by a debugger (no journal record) is started after
 * the vector-table check; an erased one is not. */
static void test_unrecorded_app(void **state)
{
    (void)state;
    const ob_layout *l = ob_layout_find("nucleo-f746zg", OB_PROFILE_SLOT);
    fx_board_open(&B, l);
    fx_put_rescue(&B);
    fx_make_raw(raw, 8192, l, 11);
    assert_int_equal(B.f->program(B.f, l->app.addr, raw, 8192), OB_OK);
    boot_expect(&B, OB_BOOT_START_APP, 0);
    assert_true(fx_logged(&B, "no journal record"));
    fx_board_close(&B);
}

/* Power cuts during installs (and every other flow) are the power-cut
 * harness's: tests/powercut/. */

static int fail_programs(void *arg, simflash_op op, uint32_t addr, uint32_t len)
{
    (void)arg;
    (void)addr;
    (void)len;
    return op == SIMFLASH_OP_PROGRAM ? OB_ERR_FLASH : OB_OK;
}

/* A trial boot that cannot be recorded (a worn-out journal) would let an
 * unconfirmed image reset forever uncounted: bl1 starts rescue instead. */
static void test_trial_not_recordable(void **state)
{
    (void)state;
    const ob_layout *l = ob_layout_find("olimex-e407", OB_PROFILE_SLOT);
    fx_board_open(&B, l);
    fx_put_rescue(&B);
    deliver(&B, 0x01000000, 9000);
    boot_expect(&B, OB_BOOT_START_APP, 1);
    B.sf.hook = fail_programs;
    boot_expect(&B, OB_BOOT_START_RESCUE, 0);
    assert_true(fx_logged(&B, "cannot record the trial boot"));
    B.sf.hook = NULL;
    fx_board_close(&B);
}

/* The reason recorded by a failed direct install: bl1 has the lines of its
 * own reasons only; the receiver's others it gives by number, which
 * `otaboot status` names. */
static void test_recorded_reason(void **state)
{
    (void)state;
    const ob_layout *l = ob_layout_find("nucleo-f429zi", OB_PROFILE_DIRECT);
    static const struct {
        int reason;
        const char *line;
    } cases[] = {
        {OB_ERR_GZ_ISIZE, "bl1: starting rescue at 0x"},
        {OB_ERR_TOO_SLOW, "(error -86: otaboot status names it)"},
        {OB_ERR_GZ_MAGIC, "(error -10: otaboot status names it)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx_board_open(&B, l);
        fx_put_rescue(&B);
        assert_int_equal(ob_journal_open(&B.j, B.f, l), OB_OK);
        assert_int_equal(ob_journal_fail(&B.j, cases[i].reason), OB_OK);
        boot_expect(&B, OB_BOOT_START_RESCUE, 0);
        assert_true(fx_logged(&B, cases[i].line));
        assert_int_equal(fx_logged(&B, ob_strerror(cases[i].reason)), ob_strerror_boot(cases[i].reason) != NULL);
        fx_board_close(&B);
    }
}

/* bl1's lines are ob_strerror's own, found in its packed list by code. */
static void test_error_lines(void **state)
{
    (void)state;
    int known = 0, boot = 0;
    for (int c = -128; c <= 8; c++) {
        const char *line = ob_strerror(c), *b = ob_strerror_boot(c);
        known += strcmp(line, "unknown error") != 0;
        if (b) {
            boot++;
            assert_string_equal(b, line);
        }
    }
    assert_int_equal(known, 63);
    assert_int_equal(boot, 47);
    assert_string_equal(ob_strerror_boot(OB_OK), "ok");
    assert_string_equal(ob_strerror_boot(OB_ERR_FLASH), "flash operation failed");
    assert_string_equal(ob_strerror_boot(OB_ERR_INF_NO_EOB), "corrupt deflate data: no end-of-block code");
    assert_string_equal(ob_strerror_boot(OB_ERR_JOURNAL_LOST),
                        "boot journal records lost: install the application again");
    assert_non_null(strstr(ob_strerror_boot(OB_ERR_PLAIN_REFUSED), "--key KEY.pem"));
    assert_null(ob_strerror_boot(OB_ERR_TOO_SLOW));
    assert_string_equal(ob_strerror(OB_ERR_TOO_SLOW),
                        "transfer too slow: it went past its time limit (send again over a faster link)");
}

/* On a flash that is not memory-mapped bl1 reads the slot in small chunks:
 * the gzip trailer may end up split between the last two, which must not
 * make a good image fail to install. */
static void test_unmapped_install(void **state)
{
    (void)state;
    const ob_layout *l = ob_layout_find("olimex-e407", OB_PROFILE_SLOT);
    int split = 0;
    for (uint32_t n = 9000; n < 9000 + 48; n++) {
        fx_board_open(&B, l);
        fx_put_rescue(&B);
        simflash_set_mapped(&B.sf, 0);
        fx_make_raw(raw, n, l, n);
        size_t len = fx_pack(l, raw, n, 0x01000000, 1, 9, file, sizeof file);
        assert_int_equal(fx_send(&B, file, len, 1460, OB_RX_SLOT), OB_OK);
        uint32_t tail = B.j.st.seal.payload_len % (uint32_t)sizeof B.work.inbuf;
        split += tail > 0 && tail < 8;
        boot_expect(&B, OB_BOOT_START_APP, 1);
        assert_true(fx_app_is(&B, raw, n));
        fx_board_close(&B);
    }
    assert_true(split > 0); /* the case above did occur */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_layouts),
        cmocka_unit_test(test_unrecorded_app),
        cmocka_unit_test(test_trial_not_recordable),
        cmocka_unit_test(test_unmapped_install),
        cmocka_unit_test(test_recorded_reason),
        cmocka_unit_test(test_error_lines),
    };
    return cmocka_run_group_tests_name("boot", tests, NULL, NULL);
}
