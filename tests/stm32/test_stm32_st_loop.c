/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the self-test's MAC loopback (selftest/st_loop.c) through
 * the Ethernet driver (port/stm32/eth_mac.c) and its register + DMA model
 * (tests/stm32/stm32_eth_model.c). The model has no loopback of its own:
 * with ETH_MACCR.LM set the test plays the MAC's part and hands every frame
 * the TX DMA sent back to the RX DMA, as the MAC's loopback (ETH_MACCR.LM,
 * RM0090 chapter 33) does inside the chip. Checked: LM set before the MAC runs, frames of
 * every length come back intact through both DMAs (with and without the
 * F7's cache maintenance), a frame altered or lost on the way is reported
 * and not counted, LM is cleared again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ob.h"
#include "st_calc.h"
#include "st_loop.h"
#include "stm32_eth_model.h"

static eth_dma_mem mem __attribute__((aligned(32)));
static uint8_t shadow[sizeof(eth_dma_mem)] __attribute__((aligned(32)));
static eth_mac mac;
static const uint8_t ADDR[6] = {0x02, 0x00, 0x5E, 0x57, 0x00, 0x01};

static void start(int cache)
{
    em_attach(&mac, &mem, shadow, cache);
    assert_int_equal(st_loop_start(&mac, ADDR), OB_OK);
    assert_true(EM.regs.MACCR & ETH_MACCR_LM);
    assert_true(EM.regs.MACCR & ETH_MACCR_TE);
    assert_int_equal(EM.violations, 0);
}

/* The MAC's loopback: the last frame sent comes back (altered by flip). */
static void loop_back(int flip_at)
{
    uint8_t f[EM_FRAME_MAX];
    uint32_t len;

    assert_true(EM.regs.MACCR & ETH_MACCR_LM);
    assert_true(EM.nframes > 0);
    len = EM.frame_len[EM.nframes - 1];
    memcpy(f, EM.frames[EM.nframes - 1], len);
    if (flip_at >= 0)
        f[flip_at] ^= 0x40;
    EM.nframes = 0;
    assert_int_equal(em_rx(f, len, 0), 0);
}

static void run_100(void **state)
{
    int cache = *state != NULL;
    uint32_t seq, len, bad;

    start(cache);
    for (seq = 0; seq < 100; seq++) {
        assert_int_equal(st_loop_recv(&mac, seq, ADDR, &len, &bad), -1); /* nothing yet */
        assert_int_equal(st_loop_send(&mac, seq, ADDR), OB_OK);
        assert_int_equal(EM.frame_len[EM.nframes - 1], st_frame_len(seq));
        loop_back(-1);
        assert_int_equal(st_loop_recv(&mac, seq, ADDR, &len, &bad), ST_FRAME_OK);
        assert_int_equal(len, st_frame_len(seq));
    }
    st_loop_stop(&mac);
    assert_false(EM.regs.MACCR & ETH_MACCR_LM);
    assert_false(EM.regs.MACCR & (ETH_MACCR_TE | ETH_MACCR_RE));
    assert_int_equal(EM.violations, 0);
}

static void altered_frame_detected(void **state)
{
    uint32_t len, bad;

    (void)state;
    start(0);
    assert_int_equal(st_loop_send(&mac, 7, ADDR), OB_OK);
    loop_back(100);
    assert_int_equal(st_loop_recv(&mac, 7, ADDR, &len, &bad), ST_FRAME_BAD_DATA);
    assert_int_equal(bad, 100);
    /* The next frame is fine again: the descriptor went back to the DMA. */
    assert_int_equal(st_loop_send(&mac, 8, ADDR), OB_OK);
    loop_back(-1);
    assert_int_equal(st_loop_recv(&mac, 8, ADDR, &len, &bad), ST_FRAME_OK);
    assert_int_equal(EM.violations, 0);
}

static void wrong_frame_detected(void **state)
{
    uint32_t len, bad;

    (void)state;
    start(0);
    /* Frame 3 was lost and frame 4 arrives where 3 is expected. */
    assert_int_equal(st_loop_send(&mac, 4, ADDR), OB_OK);
    loop_back(-1);
    assert_int_not_equal(st_loop_recv(&mac, 3, ADDR, &len, &bad), ST_FRAME_OK);
}

int main(void)
{
    static int on = 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(run_100, NULL),
        cmocka_unit_test_prestate(run_100, &on),
        cmocka_unit_test(altered_frame_detected),
        cmocka_unit_test(wrong_frame_detected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
