/* SPDX-License-Identifier: Apache-2.0 */
/* Host test of the STM32 Ethernet driver's MDIO, PHY and board pin parts
 * (port/stm32/eth_mac.c, eth_phy.c, eth_pins.c) against the register and PHY
 * model (stm32_eth_model.c, stm32_eth_phy_model.c): the MDIO clock range and
 * frames, PHY reset and identification, auto-negotiation and what the MAC is
 * programmed with, link changes, and each board's RMII pins and PHY reset
 * pin. Any out-of-order access is a model violation and fails. */
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
#include "eth_pins.h"
#include "ob.h"
#include "stm32_clock.h" /* with stm32_regs.h and stm32_uart.h: board.h's */
#include "stm32_eth_model.h"
#include "stm32_mmio.h"
#include "stm32_regs.h"
#include "stm32_uart.h"

/* ---- MDIO and PHY ---- */

static eth_phy phy;

static void phy_setup(void)
{
    memset(&phy, 0, sizeof phy);
    phy.regs = &EM.regs;
    phy.addr = 0;
    phy.poll_limit = 100;
    phy.reset_polls = 50;
    assert_int_equal(eth_mdio_cr(168000000u, &phy.cr), OB_OK);
}

static void test_mdio_clock_range(void **state)
{
    static const struct {
        uint32_t hz, cr;
    } t[] = {{20000000u, 2}, {25000000u, 2}, {34999999u, 2}, {35000000u, 3}, {59999999u, 3},
             {60000000u, 0}, {84000000u, 0}, {100000000u, 1}, {120000000u, 1}, {149999999u, 1},
             {150000000u, 4}, {168000000u, 4}, {180000000u, 4}, {216000000u, 4}};
    uint32_t cr = 77;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(eth_mdio_cr(t[i].hz, &cr), OB_OK);
        assert_int_equal(cr, t[i].cr);
    }
    cr = 77;
    assert_int_equal(eth_mdio_cr(19999999u, &cr), OB_ERR_ARG);
    assert_int_equal(eth_mdio_cr(216000001u, &cr), OB_ERR_ARG);
    assert_int_equal(cr, 77);
}

static void test_mdio_read_write(void **state)
{
    uint16_t v = 0;

    (void)state;
    em_reset(&mem, shadow, 0);
    EM.mii_polls = 7; /* MB stays set for 7 polls: data must not be read before */
    phy_setup();
    assert_int_equal(eth_mdio_read(&phy, PHY_ID1, &v), OB_OK);
    assert_int_equal(v, PHY_OUI_ID1);
    assert_int_equal(EM.mii_cr, 4u);
    assert_int_equal(eth_mdio_write(&phy, PHY_ANAR, 0x0061), OB_OK);
    assert_int_equal(EM.anar, 0x0061);
    assert_int_equal(eth_mdio_read(&phy, PHY_ANAR, &v), OB_OK);
    assert_int_equal(v, 0x0061);
    assert_int_equal(EM.mii_frames, 3);
    NO_VIOLATION();
}

static void test_mdio_busy_timeout(void **state)
{
    uint16_t v;

    (void)state;
    em_reset(&mem, shadow, 0);
    phy_setup();
    EM.mii_stuck = 1;
    assert_int_equal(eth_mdio_read(&phy, PHY_BSR, &v), OB_ERR_TIMEOUT);
    assert_int_equal(EM.miiar_reads, 101); /* idle check, then exactly poll_limit polls */
    /* Still busy: neither call may start a frame. */
    assert_int_equal(eth_mdio_write(&phy, PHY_BCR, 0), OB_ERR_TIMEOUT);
    assert_int_equal(eth_mdio_read(&phy, PHY_BSR, &v), OB_ERR_TIMEOUT);
    assert_int_equal(EM.mii_frames, 1);
    assert_int_equal(EM.miiar_reads, 301);
    NO_VIOLATION();
}

/* Polls until the PHY reports a change (bounded). */
static int poll_change(eth_link *l)
{
    int i, rc;

    for (i = 0; i < 20; i++) {
        rc = eth_phy_poll(&phy, l);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static void test_phy_autoneg_and_mac_programming(void **state)
{
    static const struct {
        uint16_t partner;
        int s100, full;
    } t[] = {{PHY_AN_100FD | PHY_AN_100HD | PHY_AN_10FD | PHY_AN_10HD, 1, 1},
             {PHY_AN_100HD | PHY_AN_10FD, 1, 0},
             {PHY_AN_10FD | PHY_AN_10HD, 0, 1},
             {PHY_AN_10HD, 0, 0}};
    size_t i;
    eth_link l;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        up(cache_of(state), 0);
        eth_mac_stop(&mac);
        EM.partner = t[i].partner;
        phy_setup();
        assert_int_equal(eth_phy_init(&phy), OB_OK);
        assert_int_equal(phy.model, ETH_PHY_LAN8742A);
        assert_int_equal(EM.anar, 0x01E1);
        assert_true(EM.an_running);
        assert_int_equal(eth_phy_poll(&phy, &l), 0); /* negotiating: still down */
        assert_false(l.up);
        assert_int_equal(poll_change(&l), 1);
        assert_true(l.up);
        assert_int_equal(l.speed_100, t[i].s100);
        assert_int_equal(l.full_duplex, t[i].full);
        assert_int_equal(eth_phy_poll(&phy, &l), 0);
        /* What the netif glue does with the result. */
        assert_int_equal(eth_mac_start(&mac, l.speed_100, l.full_duplex), OB_OK);
        assert_int_equal((EM.regs.MACCR & ETH_MACCR_FES) != 0, t[i].s100);
        assert_int_equal((EM.regs.MACCR & ETH_MACCR_DM) != 0, t[i].full);
        NO_VIOLATION();
    }
}

static void test_phy_link_down_up(void **state)
{
    eth_link l;

    (void)state;
    em_reset(&mem, shadow, 0);
    phy_setup();
    assert_int_equal(eth_phy_init(&phy), OB_OK);
    assert_int_equal(poll_change(&l), 1);
    assert_true(l.up);
    em_cable(0);
    assert_int_equal(eth_phy_poll(&phy, &l), 1);
    assert_false(l.up);
    assert_int_equal(eth_phy_poll(&phy, &l), 0);
    em_cable(1);
    assert_int_equal(poll_change(&l), 1);
    assert_true(l.up);
    /* A drop between two polls is still seen (link bit latches low). */
    EM.latched_low = 1;
    assert_int_equal(eth_phy_poll(&phy, &l), 1);
    assert_false(l.up);
    assert_int_equal(eth_phy_poll(&phy, &l), 1);
    assert_true(l.up);
    NO_VIOLATION();
}

static void test_phy_errors(void **state)
{
    eth_link l;

    (void)state;
    em_reset(&mem, shadow, 0);
    phy_setup();
    EM.phy_reset_stuck = 1;
    assert_int_equal(eth_phy_init(&phy), OB_ERR_TIMEOUT);

    em_reset(&mem, shadow, 0);
    phy_setup();
    EM.phy_addr = 1; /* nothing at address 0: the bus reads all ones */
    assert_int_equal(eth_phy_init(&phy), OB_ERR_STATE);

    em_reset(&mem, shadow, 0);
    phy_setup();
    EM.mii_stuck = 1;
    assert_int_equal(eth_phy_init(&phy), OB_ERR_TIMEOUT);
    assert_int_equal(eth_phy_poll(&phy, &l), OB_ERR_TIMEOUT);
}

static void test_phy_models(void **state)
{
    eth_link l;

    (void)state;
    em_reset(&mem, shadow, 0);
    EM.phy_id2 = PHY_ID2_LAN8710A | 2u;
    EM.partner = PHY_AN_100HD | PHY_AN_10FD;
    phy_setup();
    assert_int_equal(eth_phy_init(&phy), OB_OK);
    assert_int_equal(phy.model, ETH_PHY_LAN8710A);
    assert_int_equal(poll_change(&l), 1);
    assert_true(l.up && l.speed_100 && !l.full_duplex);

    /* An unknown PHY: the result comes from the advertisement and the partner. */
    em_reset(&mem, shadow, 0);
    EM.phy_id2 = 0x1234;
    EM.partner = PHY_AN_10FD | PHY_AN_10HD;
    phy_setup();
    assert_int_equal(eth_phy_init(&phy), OB_OK);
    assert_int_equal(phy.model, ETH_PHY_OTHER);
    assert_int_equal(poll_change(&l), 1);
    assert_true(l.up && !l.speed_100 && l.full_duplex);
    NO_VIOLATION();

    /* The identifier and the names the self-test and the console print:
     * revision bits ignored, another vendor's model bits not taken. */
    assert_int_equal(eth_phy_identify(PHY_OUI_ID1, PHY_ID2_LAN8742A | 15u), ETH_PHY_LAN8742A);
    assert_int_equal(eth_phy_identify(PHY_OUI_ID1, PHY_ID2_LAN8710A | 1u), ETH_PHY_LAN8710A);
    assert_int_equal(eth_phy_identify(PHY_OUI_ID1 + 1u, PHY_ID2_LAN8742A), ETH_PHY_OTHER);
    assert_int_equal(eth_phy_identify(PHY_OUI_ID1, PHY_ID2_LAN8742A ^ 0x10u), ETH_PHY_OTHER);
    assert_string_equal(eth_phy_name(ETH_PHY_LAN8742A), "LAN8742A");
    assert_string_equal(eth_phy_name(ETH_PHY_LAN8710A), "LAN8710A");
    assert_string_equal(eth_phy_name(ETH_PHY_OTHER), "(other)");
}

/* ---- board pins ---- */

static int gpio_enabled[9], gpio_af_calls;

void stm32_gpio_enable(uint8_t port)
{
    assert_true(port < 9);
    gpio_enabled[port]++;
}

void stm32_gpio_af(stm32_pin p, int pull_up)
{
    assert_int_equal(p.af, 11);
    assert_int_equal(pull_up, 0);
    gpio_af_calls++;
}

/* PHY reset pin: every GPIO and delay call in order, as text. */
static char pin_log[256];

static void log_event(const char *fmt, unsigned a, unsigned b)
{
    size_t n = strlen(pin_log);
    snprintf(pin_log + n, sizeof pin_log - n, fmt, a, b);
}

void stm32_gpio_output(stm32_pin p)
{
    log_event("out P%c%u ", 'A' + p.port, p.pin);
}

void stm32_gpio_write(stm32_pin p, int level)
{
    log_event("P%c%u=", 'A' + p.port, p.pin);
    log_event("%u ", (unsigned)level, 0);
}

void stm32_delay_ms(uint32_t ms)
{
    log_event("wait %ums ", ms, 0);
}

/* Every STM32 board (boards/<board>/board.h whose board.mk says BOARD_PORT :=
 * stm32, through stm32_boards.inc from scripts/board-lists.sh), then the
 * Ethernet record (BOARD_ETH) of each that has one: a new board's pins are
 * checked without editing this file. */
#define STM32_BOARD_ROW(dir) dir,
#define STM32_BOARD_ETH(dir)
static const char *const stm32_boards[] = {
#include "stm32_boards.inc"
};
#undef STM32_BOARD_ROW
#undef STM32_BOARD_ETH

typedef struct {
    const char *dir; /* boards/<dir>/ */
    eth_board eth;
} eth_row;

#define STM32_BOARD_ROW(dir)
#define STM32_BOARD_ETH(dir) {dir, BOARD_ETH},
static const eth_row eth_rows[] = {
#include "stm32_boards.inc"
};
#define NSTM32 (sizeof stm32_boards / sizeof stm32_boards[0])
#define NETH (sizeof eth_rows / sizeof eth_rows[0])

static int is_stm32_board(const char *dir)
{
    size_t i;

    for (i = 0; i < NSTM32; i++)
        if (strcmp(stm32_boards[i], dir) == 0)
            return 1;
    return 0;
}

/* The board's BOARD_ETH, or NULL when its board.h has none; fails for a
 * name that is not an STM32 board. */
static const eth_board *board_eth(const char *dir)
{
    size_t i;

    if (!is_stm32_board(dir))
        fail_msg("boards/%s is not an STM32 board in stm32_boards.inc", dir);
    for (i = 0; i < NETH; i++)
        if (strcmp(eth_rows[i].dir, dir) == 0)
            return &eth_rows[i].eth;
    return NULL;
}

/* Every board's map: six RMII signals have one pin on the F2, F4 and F7
 * (REF_CLK PA1, MDIO PA2, MDC PC1, CRS_DV PA7, RXD0 PC4, RXD1 PC5), the
 * other three one of two (TX_EN PB11/PG11, TXD0 PB12/PG13, TXD1 PB13/PG14):
 * datasheets DS6697, DS8626, DS9405, DS10916, "alternate function mapping".
 * All in AF11, no pin twice (the PHY's nRST included), a clause 22 PHY
 * address. */
static void test_every_board_map(void **state)
{
    static const stm32_pin fixed[6] = {ETH_PIN(A, 1), ETH_PIN(A, 2), ETH_PIN(C, 1),
                                       ETH_PIN(A, 7), ETH_PIN(C, 4), ETH_PIN(C, 5)};
    static const uint8_t alt_pin[3][2] = {{11, 11}, {12, 13}, {13, 14}}; /* on PB, on PG */
    size_t i, k, j;

    (void)state;
    assert_true(NETH >= 4); /* the three Nucleo-144 boards and the E407 */
    for (i = 0; i < NETH; i++) {
        const eth_board *b = &eth_rows[i].eth;
        uint32_t used[9] = {0};

        for (k = 0; k < ETH_RMII_PINS; k++) {
            stm32_pin p = b->rmii[k];
            if (p.af != ETH_AF || p.port > GPIO_I || p.pin > 15)
                fail_msg("%s: RMII pin %u is P%c%u AF%u", eth_rows[i].dir, (unsigned)k, 'A' + p.port,
                         (unsigned)p.pin, (unsigned)p.af);
            if (k < 6 && (p.port != fixed[k].port || p.pin != fixed[k].pin))
                fail_msg("%s: RMII pin %u must be P%c%u", eth_rows[i].dir, (unsigned)k, 'A' + fixed[k].port,
                         (unsigned)fixed[k].pin);
            if (k >= 6) {
                j = p.port == GPIO_G;
                if ((p.port != GPIO_B && p.port != GPIO_G) || p.pin != alt_pin[k - 6][j])
                    fail_msg("%s: RMII pin %u cannot be P%c%u", eth_rows[i].dir, (unsigned)k, 'A' + p.port,
                             (unsigned)p.pin);
            }
            if (used[p.port] & (1u << p.pin))
                fail_msg("%s: P%c%u used twice", eth_rows[i].dir, 'A' + p.port, (unsigned)p.pin);
            used[p.port] |= 1u << p.pin;
        }
        if (b->has_nrst) {
            assert_true(b->nrst.port <= GPIO_I && b->nrst.pin <= 15);
            assert_int_equal(b->nrst.af, 0);
            if (used[b->nrst.port] & (1u << b->nrst.pin))
                fail_msg("%s: the PHY nRST pin is an RMII pin", eth_rows[i].dir);
        }
        assert_true(b->phy_addr < 32);
        /* The PHY the self-test expects (eth.phy): a model the driver knows. */
        if (b->phy != ETH_PHY_LAN8742A && b->phy != ETH_PHY_LAN8710A)
            fail_msg("%s: .phy is %d: ETH_PHY_LAN8742A or ETH_PHY_LAN8710A", eth_rows[i].dir, (int)b->phy);
    }
}

static void test_board_pins(void **state)
{
    const eth_board *e407 = board_eth("olimex-e407");
    const char *nucleos[] = {"nucleo-f207zg", "nucleo-f429zi", "nucleo-f746zg"};
    size_t i, qemu = 0;

    (void)state;
    assert_non_null(e407);
    assert_int_equal(e407->rmii[8].port, GPIO_G); /* TXD1 on PG14 */
    assert_int_equal(e407->rmii[8].pin, 14);
    assert_int_equal(e407->phy, ETH_PHY_LAN8710A); /* its schematic */
    for (i = 0; i < 3; i++) {
        const eth_board *b = board_eth(nucleos[i]);
        assert_non_null(b);
        assert_int_equal(b->rmii[8].port, GPIO_B); /* TXD1 on PB13 */
        assert_int_equal(b->rmii[8].pin, 13);
        assert_int_equal(b->rmii[7].port, GPIO_G); /* TXD0 on PG13 */
        assert_int_equal(b->rmii[7].pin, 13);
        assert_int_equal(b->rmii[0].port, GPIO_A); /* REF_CLK on PA1 */
        assert_int_equal(b->rmii[0].pin, 1);
        assert_int_equal(b->phy_addr, 0);
        assert_int_equal(b->has_nrst, 0);
        assert_int_equal(b->phy, ETH_PHY_LAN8742A); /* UM1974 "Ethernet" */
    }
    /* QEMU's STM32 board (netduinoplus2) has no Ethernet map; the mps2
     * boards are not STM32 boards and link no STM32 Ethernet code. */
    for (i = 0; i < NSTM32; i++)
        if (strncmp(stm32_boards[i], "qemu-", 5) == 0) {
            assert_null(board_eth(stm32_boards[i]));
            qemu++;
        }
    assert_true(qemu >= 1);
    assert_false(is_stm32_board("qemu-mps2-an386"));

    em_reset(&mem, shadow, 0);
    pin_log[0] = 0;
    eth_pins_setup(e407);
    /* E407: PG6 (PHY nRST) low before it drives, >= 100 us low, then high,
     * then time for the PHY before MDIO; it stays a driven output. */
    assert_string_equal(pin_log, "PG6=0 out PG6 wait 2ms PG6=1 wait 10ms ");
    assert_int_equal(gpio_af_calls, 9);
    assert_int_equal(gpio_enabled[GPIO_A], 3); /* PA1, PA2, PA7 */
    assert_int_equal(gpio_enabled[GPIO_G], 4);  /* PG6, PG11, PG13, PG14 */
    assert_int_equal((EM.gpio[GPIO_G].OSPEEDR >> 28) & 3u, 3u); /* PG14 very high speed */
    assert_int_equal((EM.gpio[GPIO_A].OSPEEDR >> 2) & 3u, 3u);  /* PA1 */
    assert_int_equal(EM.gpio[GPIO_B].OSPEEDR, 0);              /* PB13 not used on the E407 */
    NO_VIOLATION();

    /* Nucleo-144: nRST comes from the board's reset, no GPIO touched */
    pin_log[0] = 0;
    gpio_af_calls = 0;
    eth_pins_setup(board_eth("nucleo-f429zi"));
    assert_string_equal(pin_log, "");
    assert_int_equal(gpio_af_calls, 9);
}


#define BOTH(t) cmocka_unit_test_prestate(t, NULL), cmocka_unit_test_prestate(t, (void *)1)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mdio_clock_range),
        cmocka_unit_test(test_mdio_read_write),
        cmocka_unit_test(test_mdio_busy_timeout),
        BOTH(test_phy_autoneg_and_mac_programming),
        cmocka_unit_test(test_phy_link_down_up),
        cmocka_unit_test(test_phy_errors),
        cmocka_unit_test(test_phy_models),
        cmocka_unit_test(test_every_board_map),
        cmocka_unit_test(test_board_pins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
