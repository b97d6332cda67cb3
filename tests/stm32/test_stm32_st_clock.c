/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the self-test's clock measurement: the arithmetic of
 * selftest/st_calc.c and the TIM5 input capture of the LSE
 * (selftest/st_tim5.c, built with STM32_REG_MODEL) against a register model
 * of TIM5 as RM0090 chapter 18 describes it ("Input capture mode",
 * TIM5_OR): channel 4 captures the counter on every 8th LSE edge only with
 * TIM5_OR.TI4_RMP = LSE, CC4S = TI4, IC4PSC = /8, CC4E and CEN set; CC4S is writable only while CC4E = 0;
 * reading CCR4 clears CC4IF; a capture while CC4IF is still set sets CC4OF.
 * Time advances by a fixed number of timer ticks per register read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ob.h"
#include "layouts.h"
#include "st_calc.h"
#include "st_tim5.h"
#include "stm32_mmio.h"

static struct {
    st_tim_regs r;
    uint64_t now;          /* timer ticks since CEN */
    uint64_t period_q16;   /* ticks per 8 LSE cycles, 16.16 fixed point */
    uint64_t phase;        /* ticks to the first capture */
    uint64_t next;         /* capture index */
    uint32_t ticks_per_rd;
    int lse;               /* the LSE oscillates */
    int violations;
} T;

static void model_reset(uint32_t timclk_hz, uint32_t ticks_per_rd)
{
    memset(&T, 0, sizeof T);
    T.period_q16 = ((uint64_t)timclk_hz * 8u << 16) / ST_LSE_HZ;
    T.phase = 1234;
    T.ticks_per_rd = ticks_per_rd;
    T.lse = 1;
}

static int armed(void)
{
    return (T.r.CR1 & TIM_CR1_CEN) && (T.r.CCER & TIM_CCER_CC4E) &&
           (T.r.OR & TIM5_OR_TI4_RMP_MASK) == TIM5_OR_TI4_LSE &&
           (T.r.CCMR2 & TIM_CCMR2_CH4_MASK) == (TIM_CCMR2_CC4S_TI4 | TIM_CCMR2_IC4PSC_8) && T.r.PSC == 0 &&
           T.lse;
}

static void advance(void)
{
    T.now += T.ticks_per_rd;
    while (armed() && T.phase + ((T.next * T.period_q16) >> 16) <= T.now) {
        if (T.r.SR & TIM_SR_CC4IF)
            T.r.SR |= TIM_SR_CC4OF;
        T.r.SR |= TIM_SR_CC4IF;
        T.r.CCR4 = (uint32_t)(T.phase + ((T.next * T.period_q16) >> 16) + 0xFFFF0000u); /* wraps */
        T.next++;
    }
}

uint32_t stm32_rd(const volatile uint32_t *reg)
{
    advance();
    if (reg == &T.r.CCR4) {
        T.r.SR &= ~TIM_SR_CC4IF;
        return T.r.CCR4;
    }
    return *reg;
}

void stm32_wr(volatile uint32_t *reg, uint32_t v)
{
    if (reg == &T.r.CCMR2 && (T.r.CCER & TIM_CCER_CC4E) &&
        ((v ^ T.r.CCMR2) & (3u << 8)))
        T.violations++; /* CC4S written with the channel on */
    if (reg == &T.r.CR1 && (v & TIM_CR1_CEN) && !(T.r.CR1 & TIM_CR1_CEN)) {
        T.now = 0;
        T.next = 0;
    }
    if (reg == &T.r.SR) {
        T.r.SR &= v; /* rc_w0 */
        return;
    }
    *reg = v;
}

void stm32_dsb(void) {}
void stm32_isb(void) {}

static uint32_t measure(uint32_t timclk, uint32_t apb1_div, int *rc)
{
    uint32_t ticks = 0;

    model_reset(timclk, 37);
    *rc = st_tim5_lse_ticks(&T.r, 256, 1000000, &ticks);
    assert_int_equal(T.violations, 0);
    return st_sysclk_from_timer(st_hz_from_lse(ticks, 256 * ST_LSE_EDGES_PER_CAPTURE), apb1_div);
}

static void test_capture_f746_216mhz(void **state)
{
    int rc;
    uint32_t sys;

    (void)state;
    /* APB1 = 216 / 4 = 54 MHz, TIM5 at 108 MHz. */
    assert_int_equal(st_timer_clock_hz(54000000u, 4), 108000000u);
    sys = measure(108000000u, 4, &rc);
    assert_int_equal(rc, OB_OK);
    assert_true(st_within(sys, 216000000u, ST_XTAL_PPM, ST_XTAL_PPM));
    assert_true(st_ppm(sys, 216000000u) >= -1 && st_ppm(sys, 216000000u) <= 1);
    assert_int_equal(T.r.CCER & TIM_CCER_CC4E, 0); /* channel off again */
    assert_int_equal(T.r.CR1 & TIM_CR1_CEN, 0);
}

static void test_capture_sees_wrong_pll(void **state)
{
    int rc;
    uint32_t sys;

    (void)state;
    /* A PLL at N = 335 instead of 336 on the E407 (167.5 MHz, 42-ish APB1). */
    sys = measure(83750000u, 4, &rc);
    assert_int_equal(rc, OB_OK);
    assert_false(st_within(sys, 168000000u, ST_XTAL_PPM, ST_XTAL_PPM));
    assert_true(st_ppm(sys, 168000000u) < -2900);
}

static void test_capture_hsi_fallback(void **state)
{
    int rc;
    uint32_t sys;

    (void)state;
    /* Fallen back: prescalers /1, TIM5 at HSI; a part 3 % slow passes HSI's
     * tolerance, not a crystal's. */
    assert_int_equal(st_timer_clock_hz(16000000u, 1), 16000000u);
    sys = measure(15520000u, 1, &rc);
    assert_int_equal(rc, OB_OK);
    assert_true(st_within(sys, 16000000u, ST_HSI_LO_PPM, ST_HSI_HI_PPM));
    assert_false(st_within(sys, 16000000u, ST_XTAL_PPM, ST_XTAL_PPM));
    assert_false(st_within(14000000u, 16000000u, ST_HSI_LO_PPM, ST_HSI_HI_PPM));
    assert_false(st_within(17000000u, 16000000u, ST_HSI_LO_PPM, ST_HSI_HI_PPM));
}

static void test_capture_no_lse_times_out(void **state)
{
    uint32_t ticks = 77;

    (void)state;
    model_reset(108000000u, 37);
    T.lse = 0;
    assert_int_equal(st_tim5_lse_ticks(&T.r, 256, 100000, &ticks), OB_ERR_TIMEOUT);
    assert_int_equal(ticks, 77);
    assert_int_equal(T.r.CCER & TIM_CCER_CC4E, 0);
}

static void test_capture_lost_edge_reported(void **state)
{
    uint32_t ticks = 0;

    (void)state;
    /* Polling slower than the capture period: an over-capture, not a short count. */
    model_reset(108000000u, 30000);
    assert_int_equal(st_tim5_lse_ticks(&T.r, 256, 100000, &ticks), OB_ERR_STATE);
}

static void test_hz_arithmetic(void **state)
{
    (void)state;
    assert_int_equal(st_hz_from_lse(1000000u, 2048), 16000000u);
    assert_int_equal(st_hz_from_lse(1000u, 3000), 0); /* does not divide 32768 */
    assert_int_equal(st_hz_from_lse(1000u, 0), 0);
    assert_int_equal(st_sysclk_from_timer(90000000u, 4), 180000000u); /* F429: APB1 45 MHz */
    assert_int_equal(st_sysclk_from_timer(60000000u, 4), 120000000u); /* F207: APB1 30 MHz */
    assert_int_equal(st_ppm(216000216u, 216000000u), 1);
    assert_int_equal(st_ppm(215000000u, 216000000u), -4629);
    assert_false(st_within(0, 216000000u, ST_XTAL_PPM, ST_XTAL_PPM));
    assert_false(st_within(4000000000u, 16000000u, ST_HSI_LO_PPM, ST_HSI_HI_PPM));
}

static void test_erase_limits(void **state)
{
    (void)state;
    assert_int_equal(st_erase_max_ms(ST_CHIP_F40X, 128u * 1024u), 2000u);
    assert_int_equal(st_erase_max_ms(ST_CHIP_F7, 256u * 1024u), 4000u);
    assert_int_equal(st_erase_max_ms(ST_CHIP_F2, 16u * 1024u), 500u);
    assert_int_equal(st_erase_max_ms(ST_CHIP_F2, 256u * 1024u), 0);
    assert_int_equal(st_erase_max_ms(ST_CHIP_F7, 16u * 1024u), 0);
    /* Scratch: the last app sector, clear of the image. */
    assert_true(st_scratch_ok(0x0802A000u, 0x08080000u, 0x08020000u, 0x080A0000u));
    assert_false(st_scratch_ok(0x08090000u, 0x08080000u, 0x08020000u, 0x080A0000u));
    assert_false(st_scratch_ok(0x0802A000u, 0x080A0000u, 0x08020000u, 0x080A0000u));
}

/* The scratch sector per layout: the application area's last sector, or the
 * last slot's where the image fills the application area (the F746's
 * one-sector application in the rollback profile). */
static void test_scratch_region(void **state)
{
    uint32_t start = 0, size = 0;
    const ob_layout *f429 = ob_layout_find("nucleo-f429zi", OB_PROFILE_ROLLBACK);
    const ob_layout *f746 = ob_layout_find("nucleo-f746zg", OB_PROFILE_ROLLBACK);
    const ob_layout *f746_slot = ob_layout_find("nucleo-f746zg", OB_PROFILE_SLOT);
    const ob_layout *f746_direct = ob_layout_find("nucleo-f746zg", OB_PROFILE_DIRECT);
    (void)state;
    assert_ptr_equal(st_scratch_region(f429, 0x0802C000u, &start, &size), &f429->app);
    assert_int_equal(start, 0x080E0000u);
    assert_int_equal(size, 128u * 1024u);
    /* one 256K sector of application: the self-test image is in it */
    assert_ptr_equal(st_scratch_region(f746, 0x0804C000u, &start, &size), &f746->slot2);
    assert_int_equal(start, 0x080C0000u);
    assert_int_equal(size, 256u * 1024u);
    assert_ptr_equal(st_scratch_region(f746_slot, 0x0804C000u, &start, &size), &f746_slot->app);
    assert_int_equal(start, 0x08080000u);
    /* direct, and an image over the whole application area: none */
    assert_null(st_scratch_region(f746_direct, 0x08100000u, &start, &size));
    assert_ptr_equal(st_scratch_region(f746_direct, 0x0804C000u, &start, &size), &f746_direct->app);
}

static void test_frames(void **state)
{
    static const uint8_t mac[6] = {2, 0, 0x5E, 0x57, 0, 1};
    uint8_t f[ST_FRAME_MAX];
    uint32_t seq, bad, min = ST_FRAME_MAX, max = 0;

    (void)state;
    for (seq = 0; seq < 100; seq++) {
        uint32_t len = st_frame_len(seq);
        min = len < min ? len : min;
        max = len > max ? len : max;
        st_frame_make(f, seq, mac);
        assert_int_equal(st_frame_check(f, len, seq, mac, &bad), ST_FRAME_OK);
        assert_int_equal(st_frame_check(f, len, seq + 1, mac, &bad), st_frame_len(seq + 1) == len ? ST_FRAME_BAD_DATA : ST_FRAME_BAD_LEN);
        f[len - 1] ^= 0x10;
        assert_int_equal(st_frame_check(f, len, seq, mac, &bad), ST_FRAME_BAD_DATA);
        assert_int_equal(bad, len - 1);
        f[len - 1] ^= 0x10;
        f[16] ^= 1; /* the sequence number */
        assert_int_equal(st_frame_check(f, len, seq, mac, &bad), ST_FRAME_BAD_DATA);
        assert_int_equal(bad, 16);
        assert_int_equal(st_frame_check(f, len - 4, seq, mac, &bad), ST_FRAME_BAD_LEN);
    }
    assert_true(min < 200 && max > 1400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capture_f746_216mhz),  cmocka_unit_test(test_capture_sees_wrong_pll),
        cmocka_unit_test(test_capture_hsi_fallback), cmocka_unit_test(test_capture_no_lse_times_out),
        cmocka_unit_test(test_capture_lost_edge_reported), cmocka_unit_test(test_hz_arithmetic),
        cmocka_unit_test(test_erase_limits),         cmocka_unit_test(test_scratch_region),
        cmocka_unit_test(test_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
