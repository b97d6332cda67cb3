/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the STM32 Ethernet MAC and DMA driver (port/stm32/eth_mac.c)
 * against the register, DMA and cache model in stm32_eth_model.c (MDIO, the
 * PHY and the board pins: test_stm32_eth_phy.c). Every ring test runs twice:
 * without a data cache (F2/F4) and with a write-back cache between CPU and
 * DMA (F7), where the DMA sees only what the driver cleaned and the driver
 * sees DMA writes only after invalidating. Any out-of-order access is a model
 * violation and fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "eth_bench.h"
#include "eth_mac.h"
#include "eth_phy.h"
#include "ob.h"
#include "stm32_eth_model.h"
#include "stm32_mmio.h"

static void fill(uint8_t *f, uint32_t len, uint32_t seed)
{
    uint32_t i;

    for (i = 0; i < len; i++)
        f[i] = (uint8_t)(seed * 31u + i * 7u + (i >> 8));
}

static int send(uint32_t len, uint32_t seed)
{
    uint8_t f[ETH_MAX_FRAME];
    int rc = eth_mac_tx_claim(&mac);

    if (rc != OB_OK)
        return rc;
    fill(f, len, seed);
    rc = eth_mac_tx_append(&mac, 0, f, len);
    if (rc != OB_OK)
        return rc;
    return eth_mac_tx_commit(&mac, len);
}

static void assert_sent(int index, uint32_t len, uint32_t seed)
{
    uint8_t f[ETH_MAX_FRAME];

    assert_true(index < EM.nframes);
    fill(f, len, seed);
    assert_int_equal(EM.frame_len[index], len);
    assert_memory_equal(EM.frames[index], f, len);
}

/* Receives one frame through the driver and checks it. */
static void assert_received(uint32_t len, uint32_t seed)
{
    uint8_t want[EM_FRAME_MAX], got[EM_FRAME_MAX];

    fill(want, len, seed);
    assert_int_equal(eth_mac_rx_peek(&mac), len);
    assert_int_equal(eth_mac_rx_copy(&mac, 0, got, sizeof got), len);
    assert_memory_equal(got, want, len);
    eth_mac_rx_release(&mac);
}

static int inject(uint32_t len, uint32_t seed, uint32_t flags)
{
    uint8_t f[EM_FRAME_MAX];

    fill(f, len, seed);
    return em_rx(f, len, flags);
}

/* ---- initialisation ---- */

static void test_init_registers(void **state)
{
    uint32_t i;

    init_only(cache_of(state), 0);
    NO_VIOLATION();
    assert_true(EM.pmc & SYSCFG_PMC_MII_RMII_SEL);
    assert_int_equal(EM.rcc.AHB1ENR & RCC_AHB1ENR_ETHMAC, RCC_AHB1ENR_ETHMAC);
    assert_int_equal(EM.rcc.AHB1RSTR & RCC_AHB1RSTR_ETHMACRST, 0);
    assert_int_equal((EM.regs.DMABMR >> ETH_DMABMR_DSL_SHIFT) & 31u, 4u); /* one line each */
    assert_int_equal(EM.regs.DMABMR & ETH_DMABMR_EDFE, 0);
    assert_int_equal(EM.regs.MACA0HR & 0xFFFFu, 0x3020u);
    assert_int_equal(EM.regs.MACA0LR, 0x105E0002u);
    assert_int_equal(EM.regs.DMAOMR & (ETH_DMAOMR_TSF | ETH_DMAOMR_RSF), ETH_DMAOMR_TSF | ETH_DMAOMR_RSF);
    assert_int_equal(EM.regs.DMAOMR & (ETH_DMAOMR_ST | ETH_DMAOMR_SR), 0);
    assert_int_equal(EM.regs.MACCR & (ETH_MACCR_TE | ETH_MACCR_RE), 0);
    assert_int_equal(EM.regs.DMARDLAR, eth_dma_addr(&mem.rx[0]));
    assert_int_equal(EM.regs.DMATDLAR, eth_dma_addr(&mem.tx[0]));
    for (i = 0; i < ETH_RX_DESC_COUNT; i++) {
        const eth_desc *d = cache_of(state) ? (const eth_desc *)(shadow + em_off(&mem.rx[i])) : &mem.rx[i];
        assert_true(d->des0 & ETH_RDES0_OWN);
        assert_int_equal(d->des1 & ETH_RDES1_RBS1_MASK, ETH_BUF_SIZE);
        assert_int_equal((d->des1 & ETH_RDES1_RER) != 0, i == ETH_RX_DESC_COUNT - 1u);
    }
    /* Frames before start are not received. */
    assert_int_equal(inject(60, 1, 0), -1);
}

static void test_init_timeout_without_refclk(void **state)
{
    (void)state;
    em_reset(&mem, shadow, 0);
    EM.no_refclk = 1;
    memset(&mac, 0, sizeof mac);
    mac.regs = &EM.regs;
    mac.rcc = &EM.rcc;
    mac.syscfg_pmc = &EM.pmc;
    mac.mem = &mem;
    mac.poll_limit = 50;
    assert_int_equal(eth_mac_init(&mac, MAC_ADDR), OB_ERR_TIMEOUT);
    mac.rx_buf_size = 100; /* not whole lines */
    assert_int_equal(eth_mac_init(&mac, MAC_ADDR), OB_ERR_ARG);
    mac.rx_buf_size = 0;
    mac.mem = NULL;
    assert_int_equal(eth_mac_init(&mac, MAC_ADDR), OB_ERR_ARG);
    assert_int_equal(EM.violations, 0);
}

static void test_start_speed_duplex(void **state)
{
    int s, d;

    init_only(cache_of(state), 0);
    for (s = 0; s < 2; s++)
        for (d = 0; d < 2; d++) {
            assert_int_equal(eth_mac_start(&mac, s, d), OB_OK);
            assert_int_equal((EM.regs.MACCR & ETH_MACCR_FES) != 0, s);
            assert_int_equal((EM.regs.MACCR & ETH_MACCR_DM) != 0, d);
            assert_true(EM.regs.MACCR & ETH_MACCR_TE);
            assert_true(EM.regs.MACCR & ETH_MACCR_RE);
            assert_true(EM.regs.MACCR & 0x8000u); /* reserved bit kept */
            assert_int_equal(EM.regs.DMAOMR & (ETH_DMAOMR_ST | ETH_DMAOMR_SR), ETH_DMAOMR_ST | ETH_DMAOMR_SR);
        }
    eth_mac_stop(&mac);
    assert_int_equal(EM.regs.MACCR & (ETH_MACCR_TE | ETH_MACCR_RE), 0);
    assert_int_equal(EM.regs.DMAOMR & (ETH_DMAOMR_ST | ETH_DMAOMR_SR), 0);
    NO_VIOLATION();
}

static void test_start_flush_timeout(void **state)
{
    init_only(cache_of(state), 0);
    EM.ftf_stuck = 1;
    assert_int_equal(eth_mac_start(&mac, 1, 1), OB_ERR_TIMEOUT);
    assert_int_equal(EM.regs.DMAOMR & ETH_DMAOMR_ST, 0);
    assert_int_equal(EM.regs.MACCR & ETH_MACCR_TE, 0);
}

/* ---- transmission ---- */

static void test_tx_sizes(void **state)
{
    static const uint32_t sizes[] = {ETH_MIN_FRAME, 42, 60, 61, 333, 1000, 1514, ETH_MAX_FRAME};
    size_t i;

    up(cache_of(state), 0);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        assert_int_equal(send(sizes[i], (uint32_t)i), OB_OK);
        assert_int_equal(EM.nframes, (int)i + 1);
        assert_sent((int)i, sizes[i], (uint32_t)i);
    }
    assert_int_equal(EM.tpdr, (int)i);
    assert_int_equal(mac.stats.tx_frames, i);
    NO_VIOLATION();
}

static void test_tx_chain_and_bad_lengths(void **state)
{
    uint8_t a[100], b[1], c[1413], want[1514];

    up(cache_of(state), 0);
    fill(a, sizeof a, 1);
    fill(b, sizeof b, 2);
    fill(c, sizeof c, 3);
    memcpy(want, a, 100);
    memcpy(want + 100, b, 1);
    memcpy(want + 101, c, 1413);
    /* A pbuf chain: three pieces appended at their offsets. */
    assert_int_equal(eth_mac_tx_claim(&mac), OB_OK);
    assert_int_equal(eth_mac_tx_append(&mac, 0, a, 100), OB_OK);
    assert_int_equal(eth_mac_tx_append(&mac, 100, b, 1), OB_OK);
    assert_int_equal(eth_mac_tx_append(&mac, 101, c, 1413), OB_OK);
    assert_int_equal(eth_mac_tx_commit(&mac, 1514), OB_OK);
    assert_int_equal(EM.nframes, 1);
    assert_int_equal(EM.frame_len[0], 1514);
    assert_memory_equal(EM.frames[0], want, 1514);

    /* Errors: nothing reaches the wire, the ring is not disturbed. */
    assert_int_equal(eth_mac_tx_append(&mac, 0, a, 10), OB_ERR_STATE);
    assert_int_equal(eth_mac_tx_commit(&mac, 60), OB_ERR_STATE);
    assert_int_equal(eth_mac_tx_claim(&mac), OB_OK);
    assert_int_equal(eth_mac_tx_append(&mac, 1500, c, 19), OB_ERR_RANGE);
    assert_int_equal(eth_mac_tx_append(&mac, ETH_MAX_FRAME + 1u, c, 0), OB_ERR_RANGE);
    assert_int_equal(eth_mac_tx_commit(&mac, ETH_MAX_FRAME + 1u), OB_ERR_ARG);
    assert_int_equal(eth_mac_tx_claim(&mac), OB_OK);
    assert_int_equal(eth_mac_tx_commit(&mac, ETH_MIN_FRAME - 1u), OB_ERR_ARG);
    assert_int_equal(EM.nframes, 1);
    assert_int_equal(send(77, 9), OB_OK);
    assert_int_equal(EM.nframes, 2);
    assert_sent(1, 77, 9);
    NO_VIOLATION();
}

static void test_tx_ring_full_back_pressure(void **state)
{
    uint32_t i;

    up(cache_of(state), 0);
    EM.regs.DMAOMR &= ~ETH_DMAOMR_ST; /* the DMA stalls: nothing completes */
    for (i = 0; i < ETH_TX_DESC_COUNT; i++)
        assert_int_equal(send(100 + i, i), OB_OK);
    assert_int_equal(EM.nframes, 0);
    assert_int_equal(eth_mac_tx_claim(&mac), OB_ERR_BUSY);
    assert_int_equal(send(64, 99), OB_ERR_BUSY);
    assert_int_equal(mac.stats.tx_ring_full, 2);
    for (i = 0; i < ETH_TX_DESC_COUNT; i++) {
        const eth_desc *d = cache_of(state) ? (const eth_desc *)(shadow + em_off(&mem.tx[i])) : &mem.tx[i];
        assert_true(d->des0 & ETH_TDES0_OWN); /* untouched, still the DMA's */
    }
    NO_VIOLATION();
    /* The DMA resumes: every frame goes out once, in order, then there is room. */
    EM.regs.DMAOMR |= ETH_DMAOMR_ST;
    stm32_wr(&EM.regs.DMATPDR, 0);
    assert_int_equal(EM.nframes, ETH_TX_DESC_COUNT);
    for (i = 0; i < ETH_TX_DESC_COUNT; i++)
        assert_sent((int)i, 100 + i, i);
    assert_int_equal(send(64, 99), OB_OK);
    assert_sent(ETH_TX_DESC_COUNT, 64, 99);
    NO_VIOLATION();
}

static void test_tx_ring_wrap_eager_dma(void **state)
{
    uint32_t i, n = 3u * ETH_TX_DESC_COUNT + 1u;

    up(cache_of(state), 0);
    EM.eager = 1; /* a running DMA fetches a descriptor as soon as OWN is visible */
    for (i = 0; i < n; i++)
        assert_int_equal(send(60 + 50 * i, i), OB_OK);
    assert_int_equal(EM.nframes, (int)n);
    for (i = 0; i < n; i++)
        assert_sent((int)i, 60 + 50 * i, i);
    NO_VIOLATION();
}

static void test_tx_error_status_counted(void **state)
{
    up(cache_of(state), 0);
    EM.tx_status_next = ETH_TDES0_ES | (1u << 10); /* no carrier */
    assert_int_equal(send(60, 1), OB_OK);
    assert_int_equal(send(60, 2), OB_OK);
    eth_mac_tx_reclaim(&mac);
    assert_int_equal(mac.stats.tx_errors, 1);
    assert_int_equal(mac.tx_busy, 0);
    NO_VIOLATION();
}

/* ---- reception ---- */

static void test_rx_single_descriptor_sizes(void **state)
{
    static const uint32_t sizes[] = {ETH_MIN_FRAME, 60, 61, 590, 1514, ETH_MAX_FRAME};
    size_t i;

    up(cache_of(state), 0);
    assert_int_equal(eth_mac_rx_peek(&mac), 0);
    assert_int_equal(eth_mac_rx_copy(&mac, 0, shadow, 10), 0);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        assert_int_equal(inject(sizes[i], (uint32_t)i, 0), 0);
        assert_received(sizes[i], (uint32_t)i);
    }
    assert_int_equal(eth_mac_rx_peek(&mac), 0);
    assert_int_equal(mac.stats.rx_frames, i);
    NO_VIOLATION();
}

static void test_rx_copy_offsets(void **state)
{
    uint8_t want[300], got[300];

    up(cache_of(state), 64); /* 300 bytes + CRC over 5 descriptors */
    fill(want, 300, 5);
    assert_int_equal(inject(300, 5, 0), 0);
    assert_int_equal(eth_mac_rx_peek(&mac), 300);
    assert_int_equal(eth_mac_rx_peek(&mac), 300); /* still in hand */
    /* pbuf-sized pieces that cross buffer boundaries */
    assert_int_equal(eth_mac_rx_copy(&mac, 0, got, 100), 100);
    assert_int_equal(eth_mac_rx_copy(&mac, 100, got + 100, 150), 150);
    assert_int_equal(eth_mac_rx_copy(&mac, 250, got + 250, 999), 50);
    assert_int_equal(eth_mac_rx_copy(&mac, 300, got, 1), 0);
    assert_memory_equal(got, want, 300);
    eth_mac_rx_release(&mac);
    eth_mac_rx_release(&mac); /* nothing in hand: no effect */
    NO_VIOLATION();
}

static void test_rx_multi_descriptor_and_wrap(void **state)
{
    uint32_t i;

    up(cache_of(state), 512); /* a 1514-byte frame takes 3 descriptors */
    for (i = 0; i < 3u * ETH_RX_DESC_COUNT; i++) {
        uint32_t len = i % 2 ? 1514 : 100 + i;

        assert_int_equal(inject(len, i, 0), 0);
        assert_received(len, i);
    }
    NO_VIOLATION();
}

static void test_rx_error_frames_dropped(void **state)
{
    uint32_t i;

    up(cache_of(state), 512);
    assert_int_equal(inject(1000, 1, EM_RX_CRC_ERROR), 0); /* 2 descriptors */
    assert_int_equal(inject(60, 2, EM_RX_CRC_ERROR), 0);
    assert_int_equal(inject(700, 3, EM_RX_TRUNCATED), 0);  /* no LS, then a new FS */
    assert_int_equal(inject(800, 4, EM_RX_SHORT_FL), 0);   /* FL does not fit the descriptors */
    assert_int_equal(inject(200, 5, 0), 0);
    assert_received(200, 5);
    assert_int_equal(mac.stats.rx_errors, 3);
    assert_int_equal(mac.stats.rx_broken, 1);
    assert_int_equal(mac.stats.rx_frames, 1);
    /* Every descriptor went back: a full ring of frames fits again. */
    for (i = 0; i < ETH_RX_DESC_COUNT; i++)
        assert_int_equal(inject(400, 10 + i, 0), 0);
    for (i = 0; i < ETH_RX_DESC_COUNT; i++)
        assert_received(400, 10 + i);
    NO_VIOLATION();
}

static void test_rx_giant_and_runt_dropped(void **state)
{
    up(cache_of(state), 512);
    assert_int_equal(inject(ETH_MAX_FRAME + 1u, 1, 0), 0);
    assert_int_equal(inject(ETH_MIN_FRAME - 1u, 2, 0), 0);
    assert_int_equal(inject(64, 3, 0), 0);
    assert_received(64, 3);
    assert_int_equal(mac.stats.rx_errors, 2);
    NO_VIOLATION();
}

static void test_rx_rbus_recovery(void **state)
{
    uint32_t i;

    up(cache_of(state), 0);
    for (i = 0; i < ETH_RX_DESC_COUNT; i++)
        assert_int_equal(inject(100 + i, i, 0), 0);
    /* No descriptor left: the DMA suspends with RBUS and keeps the frame. */
    assert_int_equal(inject(555, 99, 0), 1);
    assert_true(EM.regs.DMASR & ETH_DMASR_RBUS);
    assert_int_equal(inject(556, 98, 0), -1); /* the FIFO is full: lost */
    assert_int_equal(EM.rpdr, 0);
    assert_received(100, 0);
    /* Releasing saw RBUS: cleared it and wrote the receive poll demand. */
    assert_int_equal(EM.rpdr, 1);
    assert_false(EM.regs.DMASR & ETH_DMASR_RBUS);
    assert_int_equal(mac.stats.rx_rbus, 1);
    for (i = 1; i < ETH_RX_DESC_COUNT; i++)
        assert_received(100 + i, i);
    assert_received(555, 99);
    assert_int_equal(EM.rpdr, 1);
    NO_VIOLATION();
}

static void test_rx_frame_split_by_rbus(void **state)
{
    uint32_t i;

    up(cache_of(state), 512);
    /* Fill all but two descriptors, then a 3-descriptor frame: it stops half way. */
    for (i = 0; i < ETH_RX_DESC_COUNT - 2u; i++)
        assert_int_equal(inject(300, i, 0), 0);
    assert_int_equal(inject(1400, 50, 0), 1);
    for (i = 0; i < ETH_RX_DESC_COUNT - 2u; i++)
        assert_received(300, i);
    /* The first release already resumed the DMA, which finished the frame. */
    assert_received(1400, 50);
    assert_int_equal(eth_mac_rx_peek(&mac), 0);
    NO_VIOLATION();
}

static void test_rx_incomplete_frame_waits(void **state)
{
    up(cache_of(state), 512);
    assert_int_equal(inject(60, 1, 0), 0);
    /* The next frame is still arriving: one descriptor per step. */
    EM.rx_step_limit = 1;
    assert_int_equal(inject(1400, 2, 0), 1);
    assert_received(60, 1);
    assert_int_equal(eth_mac_rx_peek(&mac), 0); /* FS seen, LS not yet */
    em_rx_step();
    assert_int_equal(eth_mac_rx_peek(&mac), 0);
    em_rx_step();
    assert_received(1400, 2);
    assert_int_equal(mac.stats.rx_broken + mac.stats.rx_errors, 0);
    NO_VIOLATION();
}

static void test_check_status(void **state)
{
    up(cache_of(state), 0);
    EM.regs.DMASR |= ETH_DMASR_ROS | ETH_DMASR_TUS | ETH_DMASR_RBUS | ETH_DMASR_AIS | ETH_DMASR_RS |
                     ETH_DMASR_NIS;
    assert_int_equal(eth_mac_check(&mac), OB_OK);
    /* (the TX poll demand finds no descriptor: TBUS and NIS come back) */
    assert_int_equal(EM.regs.DMASR & (ETH_DMASR_ROS | ETH_DMASR_TUS | ETH_DMASR_RBUS | ETH_DMASR_AIS |
                                      ETH_DMASR_RS), 0);
    assert_int_equal(mac.stats.rx_overflow, 1);
    assert_int_equal(mac.stats.tx_underflow, 1);
    assert_int_equal(EM.tpdr, 1);
    assert_int_equal(EM.rpdr, 1);
    assert_int_equal(eth_mac_check(&mac), OB_OK);
    assert_int_equal(EM.tpdr, 1);
    EM.regs.DMASR |= ETH_DMASR_FBES | ETH_DMASR_AIS;
    assert_int_equal(eth_mac_check(&mac), OB_ERR_STATE);
    assert_int_equal(mac.stats.fatal, 1);
    assert_int_equal(EM.regs.DMASR & ETH_DMASR_W1C, 0);
    NO_VIOLATION();
}

/* ---- cache maintenance (F7) ---- */

static int find_op(int from, char op, uint32_t off, uint32_t len)
{
    int i;

    for (i = from; i < EM.ncache; i++)
        if (EM.cache_log[i].op == op && EM.cache_log[i].off == off && EM.cache_log[i].len == len)
            return i;
    return -1;
}

static void test_cache_ranges(void **state)
{
    int mark, buf_clean, desc_clean, inv_desc, inv_buf, rel;
    uint8_t b[100];

    (void)state;
    up(1, 0);
    mark = EM.ncache;
    assert_int_equal(send(100, 1), OB_OK); /* TX descriptor 0 */
    buf_clean = find_op(mark, 'C', em_off(mem.tx_buf[0]), 128);
    desc_clean = find_op(buf_clean + 1, 'C', em_off(&mem.tx[0]), 32);
    assert_true(buf_clean >= mark);
    assert_true(desc_clean > buf_clean); /* buffer reaches memory before the OWN line */

    assert_int_equal(inject(100, 2, 0), 0); /* RX descriptor 0 */
    mark = EM.ncache;
    assert_int_equal(eth_mac_rx_peek(&mac), 100);
    inv_desc = find_op(mark, 'I', em_off(&mem.rx[0]), 32);
    inv_buf = find_op(mark, 'I', em_off(mem.rx_buf[0]), 128); /* 104 bytes with CRC */
    assert_true(inv_desc >= mark);
    assert_true(inv_buf > inv_desc);
    assert_int_equal(eth_mac_rx_copy(&mac, 0, b, 100), 100);
    mark = EM.ncache;
    eth_mac_rx_release(&mac);
    rel = find_op(mark, 'C', em_off(&mem.rx[0]), 32);
    assert_true(rel >= mark);
    NO_VIOLATION();
}

static void test_cache_l1_ops(void **state)
{
    uint32_t a = (uint32_t)(uintptr_t)mem.tx_buf[1];
    int dsb;

    (void)state;
    em_reset(&mem, shadow, 0);
    dsb = EM.dsb;
    eth_cache_l1.clean(mem.tx_buf[1], 64);
    eth_cache_l1.invalidate(mem.rx_buf[0] + 40, 30); /* 40..69: lines 32 and 64 */
    assert_int_equal(EM.nl1_clean, 2);
    assert_int_equal(EM.l1_clean[0], a);
    assert_int_equal(EM.l1_clean[1], a + 32u);
    assert_int_equal(EM.nl1_inval, 2);
    assert_int_equal(EM.l1_inval[0], (uint32_t)(uintptr_t)mem.rx_buf[0] + 32u);
    assert_int_equal(EM.l1_inval[1], (uint32_t)(uintptr_t)mem.rx_buf[0] + 64u);
    assert_true(EM.dsb >= dsb + 4);
    NO_VIOLATION();
}

#define BOTH(t) cmocka_unit_test_prestate(t, NULL), cmocka_unit_test_prestate(t, (void *)1)

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_init_registers),
        cmocka_unit_test(test_init_timeout_without_refclk),
        BOTH(test_start_speed_duplex),
        BOTH(test_start_flush_timeout),
        BOTH(test_tx_sizes),
        BOTH(test_tx_chain_and_bad_lengths),
        BOTH(test_tx_ring_full_back_pressure),
        BOTH(test_tx_ring_wrap_eager_dma),
        BOTH(test_tx_error_status_counted),
        BOTH(test_rx_single_descriptor_sizes),
        BOTH(test_rx_copy_offsets),
        BOTH(test_rx_multi_descriptor_and_wrap),
        BOTH(test_rx_error_frames_dropped),
        BOTH(test_rx_giant_and_runt_dropped),
        BOTH(test_rx_rbus_recovery),
        BOTH(test_rx_frame_split_by_rbus),
        BOTH(test_rx_incomplete_frame_waits),
        BOTH(test_check_status),
        cmocka_unit_test(test_cache_ranges),
        cmocka_unit_test(test_cache_l1_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
