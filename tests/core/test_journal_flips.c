/* SPDX-License-Identifier: Apache-2.0 */
/* Boot journal under bit flips: every single-bit flip of every written bit of
 * both journal sectors, in several journal states built through the real
 * code paths (receiver, bl1, the application's confirm), must fail closed.
 *
 * A flip is fail-open when, with the flipped journal:
 *   - the stored security counter, read after bl1 ran on the flipped
 *     journal, is lower than the intact journal's: a downgrade would be
 *     accepted;
 *   - bl1 starts an application whose bytes do not match the image the
 *     intact journal records: the application area is tampered with in every
 *     run (one byte past the vector table), so starting it means starting it
 *     without its hash check, and the intact journal must refuse it.
 * Rescue, halt, a refused update or a lost trial count are fail-closed.
 *
 * Two layouts: the same board with 4 KiB journal sectors (16 records), in
 * every state, where a near-full sector costs 4 times fewer flips and each
 * journal read is shorter (the record code is the same, only the sector size
 * differs); and nucleo-f429zi as it is (16 KiB journal sectors, 64 records),
 * fresh and just after a compaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#define RAW_LEN 2048u
#define TAMPER_OFF 1000u

static fx_board B;
static uint8_t raw[RAW_LEN];
static uint8_t file[8192];
static uint8_t *base;      /* the flash contents of the state under test */
static uint32_t *base_wear;

static const ob_layout *L(void)
{
    const ob_layout *l = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
    assert_non_null(l);
    return l;
}

/* The same board with its two journal sectors cut to 4 KiB each: the first
 * run of 16 KiB sectors becomes 2 x 16 KiB, 8 x 4 KiB (the journal in the
 * first two, at the same address), and the rest is unchanged. */
static ob_sector_run small_runs[16];
static ob_flash_geom small_geom;
static ob_layout small_layout;

static const ob_layout *small_journal_layout(void)
{
    const ob_layout *l = L();
    const ob_flash_geom *g = l->geom;
    assert_true(g->runs[0].count == 4 && g->runs[0].size == 16384 && g->nruns + 2u <= 16);
    assert_int_equal(l->journal[0].addr, g->base + 2 * 16384);
    small_runs[0] = g->runs[0];
    small_runs[0].count = 2;
    small_runs[1] = g->runs[0];
    small_runs[1].count = 8;
    small_runs[1].size = 4096;
    for (uint8_t i = 1; i < g->nruns; i++)
        small_runs[i + 1] = g->runs[i];
    small_geom = *g;
    small_geom.runs = small_runs;
    small_geom.nruns = (uint8_t)(g->nruns + 1);
    small_layout = *l;
    small_layout.geom = &small_geom;
    small_layout.journal[0].size = 4096;
    small_layout.journal[1].addr = l->journal[0].addr + 4096;
    small_layout.journal[1].size = 4096;
    assert_int_equal(ob_layout_check(&small_layout, NULL), OB_OK);
    return &small_layout;
}

static uint8_t *at(uint32_t addr)
{
    return B.sf.mem + (addr - B.l->geom->base);
}

/* v1, v2, ...: security counter v */
static void send(uint32_t v)
{
    fx_make_raw(raw, RAW_LEN, B.l, v);
    size_t n = fx_pack(B.l, raw, RAW_LEN, v << 24, v, 9, file, sizeof file);
    assert_int_equal(fx_send(&B, file, n, 0, OB_RX_SLOT), OB_OK);
}

static void boot(void)
{
    ob_boot_result res;
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(res.action, OB_BOOT_START_APP);
}

static void cycle(uint32_t v)
{
    send(v);
    boot();
    assert_int_equal(fx_confirm(&B), OB_OK);
}

/* Harmless pairs of records (a rescue request and bl1's acknowledgement)
 * until the active sector has 2 or 3 erased record slots left. */
static void fill(void)
{
    for (;;) {
        assert_int_equal(ob_journal_open(&B.j, B.f, B.l), OB_OK);
        uint32_t left = (B.l->journal[B.j.active].size - B.j.next_off) / OB_JREC_SIZE;
        if (left <= 3)
            return;
        assert_int_equal(ob_journal_rescue_request(&B.j), OB_OK);
        assert_int_equal(ob_journal_rescue_ack(&B.j), OB_OK);
    }
}

/* Appends harmless records until a compaction happened. */
static void compact_now(void)
{
    assert_int_equal(ob_journal_open(&B.j, B.f, B.l), OB_OK);
    uint8_t active = B.j.active;
    while (B.j.active == active) {
        assert_int_equal(ob_journal_rescue_request(&B.j), OB_OK);
        assert_int_equal(ob_journal_rescue_ack(&B.j), OB_OK);
    }
}

/* Restores the state under test: both journal sectors, and any sector bl1
 * erased (an install). */
static void restore(void)
{
    for (uint32_t i = 0; i < B.sf.nsectors; i++) {
        uint32_t start, size;
        assert_int_equal(ob_flash_sector_at(B.l->geom, i, &start, &size), OB_OK);
        int journal = start == B.l->journal[0].addr || start == B.l->journal[1].addr;
        if (journal || B.sf.wear[i] != base_wear[i]) {
            memcpy(at(start), base + (start - B.l->geom->base), size);
            B.sf.wear[i] = base_wear[i];
        }
    }
}

typedef struct {
    uint32_t counter; /* stored counter, read after bl1 ran (bl1 never raises it) */
    int tampered_start;
} outcome;

static outcome run(void)
{
    outcome o;
    ob_boot_result res;
    (void)fx_boot(&B, &res); /* reopens B.j afterwards */
    o.counter = B.j.st.security_counter;
    o.tampered_start = res.action == OB_BOOT_START_APP &&
                       memcmp(at(B.l->app.addr), base + (B.l->app.addr - B.l->geom->base), RAW_LEN) == 0;
    return o;
}

typedef struct {
    unsigned flips, fail_open, lowered, unverified;
} tally;

static void flip_all(const char *name, tally *t)
{
    const ob_layout *l = B.l;
    at(l->app.addr)[TAMPER_OFF] ^= 0x55; /* the application area no longer matches any record */
    memcpy(base, B.sf.mem, B.sf.size);
    memcpy(base_wear, B.sf.wear, B.sf.nsectors * sizeof *base_wear);
    outcome ref = run();
    restore();
    unsigned flips = 0, bad = 0;
    for (int s = 0; s < 2; s++) {
        for (uint32_t off = 0; off < l->journal[s].size; off += OB_JREC_SIZE) {
            uint8_t *rec = at(l->journal[s].addr + off);
            int erased = 1;
            for (uint32_t i = 0; i < OB_JREC_SIZE && erased; i++)
                erased = rec[i] == 0xFF;
            if (erased)
                continue;
            for (uint32_t bit = 0; bit < OB_JREC_SIZE * 8; bit++) {
                rec[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                outcome o = run();
                restore();
                flips++;
                int lowered = o.counter < ref.counter;
                int unverified = o.tampered_start && !ref.tampered_start;
                if (lowered || unverified) {
                    if (bad++ < 3)
                        printf("  %s: fail-open flip: sector %d offset %u bit %u: counter %u (intact %u)%s\n",
                               name, s, off + bit / 8, bit % 8, o.counter, ref.counter,
                               unverified ? ", tampered application started" : "");
                    t->lowered += (unsigned)lowered;
                    t->unverified += (unsigned)unverified;
                }
            }
        }
    }
    printf("journal bit flips, %s, %s: %u flips, %u fail-open (intact: counter %u)\n",
           l->journal[0].size == 4096 ? "4 KiB sectors" : "16 KiB sectors", name, flips, bad, ref.counter);
    t->flips += flips;
    t->fail_open += bad;
    at(l->app.addr)[TAMPER_OFF] ^= 0x55;
    memcpy(base, B.sf.mem, B.sf.size);
}

/* The journal states, built through the real code paths; all: flip every
 * state (else only the fresh and the compacted ones, passing through the
 * others). */
static void states(const ob_layout *l, int all, tally *t)
{
    fx_board_open(&B, l);
    base = malloc(B.sf.size);
    base_wear = malloc(B.sf.nsectors * sizeof *base_wear);
    assert_non_null(base);
    assert_non_null(base_wear);

    /* fresh: the first image installed and confirmed */
    cycle(1);
    flip_all("fresh", t);
    /* mid-update: v3 sealed in the slot, then v3 on trial */
    cycle(2);
    send(3);
    if (all)
        flip_all("sealed", t);
    boot();
    if (all)
        flip_all("trial", t);
    assert_int_equal(fx_confirm(&B), OB_OK);
    /* near full: two or three free slots left in the active sector */
    cycle(4);
    fill();
    if (all)
        flip_all("near full", t);
    /* just after a compaction: the new sector starts with the state, the
     * old one is erased */
    compact_now();
    flip_all("compacted", t);
    cycle(5);
    flip_all("compacted, then an update", t);
    free(base);
    free(base_wear);
    fx_board_close(&B);
}

static void test_bit_flips(void **state)
{
    (void)state;
    tally t = {0, 0, 0, 0};
    states(small_journal_layout(), 1, &t);
    states(L(), 0, &t);
    printf("journal bit flips: %u flips in 9 states, %u fail-open (%u lowered the counter, %u started a "
           "tampered application)\n",
           t.flips, t.fail_open, t.lowered, t.unverified);
    assert_int_equal(t.fail_open, 0);
}

/* The reported case: after a compaction, one flipped bit in the snapshot.
 * The counter stays, a lower-counter image is refused, the application is
 * still started after its hash check. Then both snapshot copies lost (two
 * faults): the history reads as lost, the counter still stays, bl1 starts
 * rescue instead of an application it has no hash for, and the next install
 * ends it. */
static void test_snapshot_lost(void **state)
{
    (void)state;
    ob_boot_result res;
    fx_board_open(&B, L());
    for (uint32_t v = 1; v <= 6; v++)
        cycle(v);
    compact_now();
    assert_int_equal(B.j.st.security_counter, 6);
    uint8_t *snap = at(B.l->journal[B.j.active].addr);

    snap[40] ^= 0x04;
    assert_int_equal(ob_journal_open(&B.j, B.f, B.l), OB_OK);
    assert_int_equal(B.j.st.security_counter, 6);
    assert_int_equal(B.j.st.history_lost, 0);
    fx_make_raw(raw, RAW_LEN, B.l, 5);
    size_t n = fx_pack(B.l, raw, RAW_LEN, 5u << 24, 5, 9, file, sizeof file);
    assert_int_equal(fx_send(&B, file, n, 0, OB_RX_SLOT), OB_ERR_DOWNGRADE);
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(res.action, OB_BOOT_START_APP);
    assert_int_equal(res.fw_version, 6u << 24);

    snap[40] ^= 0x04;
    compact_now();
    snap = at(B.l->journal[B.j.active].addr);
    snap[40] ^= 0x04;
    snap[OB_JREC_SIZE + 40] ^= 0x04;
    assert_int_equal(ob_journal_open(&B.j, B.f, B.l), OB_OK);
    assert_int_equal(B.j.st.history_lost, 1);
    assert_int_equal(B.j.st.security_counter, 6); /* carried by the records after the snapshots */
    assert_int_equal(ob_journal_confirm(&B.j), OB_ERR_STATE);
    assert_int_equal(fx_boot(&B, &res), OB_ERR_NO_RESCUE); /* no rescue firmware on this board */
    assert_int_equal(res.reason, OB_ERR_JOURNAL_LOST);
    assert_true(fx_logged(&B, "boot journal records lost"));
    assert_int_equal(fx_send(&B, file, n, 0, OB_RX_SLOT), OB_ERR_DOWNGRADE);
    cycle(7); /* an install describes the application area anew */
    assert_int_equal(B.j.st.history_lost, 0);
    assert_int_equal(B.j.st.security_counter, 7);
    fx_board_close(&B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapshot_lost),
        cmocka_unit_test(test_bit_flips),
    };
    return cmocka_run_group_tests_name("journal bit flips", tests, NULL, NULL);
}
