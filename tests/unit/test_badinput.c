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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odd_sizes_accepted),
    };
    return cmocka_run_group_tests_name("badinput", tests, NULL, NULL);
}
