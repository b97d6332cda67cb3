/* The bad-input matrix: every kind of wrong file the receiver can be sent,
 * each with its one-line reason, and in every case the running application
 * and the confirmed image untouched (app area bytes, journal state); for
 * rejections decided in the header, no erase at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#define RAW_MAX (64 * 1024)
static uint8_t raw[RAW_MAX];
static uint8_t file[RAW_MAX + 4096];
static fx_board B;

/* Image sizes that are not a multiple of the flash program width are
 * accepted in both profiles and installed byte-exact (the direct receiver
 * once failed them with "flash address or length misaligned"). */
static void test_odd_sizes_accepted(void **state)
{
    (void)state;
    for (const ob_layout *const *l = ob_all_layouts; *l; l++) {
        for (uint32_t n = 5001; n <= 5003; n++) {
            fx_make_raw(raw, n, *l, n);
            size_t len = fx_pack(*l, raw, n, 0x01000000u, 0, 9, file, sizeof file);
            fx_board_open(&B, *l);
            ob_rx_mode mode = (*l)->profile == OB_PROFILE_SLOT ? OB_RX_SLOT : OB_RX_DIRECT;
            assert_int_equal(fx_send(&B, file, len, 1000, mode), OB_OK);
            assert_string_equal(ob_receiver_answer(&B.rx), OB_ANSWER_OK);
            ob_boot_result res;
            assert_int_equal(fx_boot(&B, &res), OB_OK);
            assert_int_equal(res.action, OB_BOOT_START_APP);
            assert_true(fx_app_is(&B, raw, n));
            fx_board_close(&B);
        }
    }
}

/* A journal whose records were crafted to sit at the end of the sequence
 * space: appends go on until the last valid number, then are refused, and
 * the journal in memory never claims a record that reads back as invalid
 * (0xFFFFFFFF is "never written"). Found by fuzz_journal. */
static void put_record(uint8_t *rec, uint32_t seq, uint8_t type)
{
    memset(rec, 0, OB_JREC_SIZE);
    ob_put_le32(rec, OB_JREC_MAGIC);
    ob_put_le32(rec + 4, seq);
    rec[8] = type;
    for (uint8_t salt = 0;; salt++) { /* docs/SPEC.md: the commit is never ffffffff */
        rec[9] = salt;
        uint32_t c = ob_crc32(0, rec, 252);
        if (c != 0xFFFFFFFFu) {
            ob_put_le32(rec + 252, c);
            return;
        }
    }
}

static void test_journal_sequence_end(void **state)
{
    (void)state;
    const ob_layout *l = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
    uint8_t rec[OB_JREC_SIZE];
    fx_board_open(&B, l);
    put_record(rec, 0xFFFFFFFDu, OB_JREC_CONFIRM);
    assert_int_equal(simflash_poke(&B.sf, l->journal[0].addr, rec, sizeof rec), OB_OK);
    assert_int_equal(ob_journal_open(&B.j, B.f, l), OB_OK);
    assert_int_equal(B.j.st.seq, 0xFFFFFFFDu);
    assert_int_equal(ob_journal_trial_boot(&B.j), OB_OK);
    assert_int_equal(B.j.st.seq, 0xFFFFFFFEu);
    ob_jstate last = B.j.st;
    assert_int_equal(ob_journal_trial_boot(&B.j), OB_ERR_JOURNAL);
    assert_memory_equal(&B.j.st, &last, sizeof last);
    ob_journal k;
    assert_int_equal(ob_journal_open(&k, B.f, l), OB_OK);
    assert_memory_equal(&k.st, &last, sizeof last);
    fx_board_close(&B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odd_sizes_accepted),
        cmocka_unit_test(test_journal_sequence_end),
    };
    return cmocka_run_group_tests_name("badinput", tests, NULL, NULL);
}
