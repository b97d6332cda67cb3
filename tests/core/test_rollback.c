/* SPDX-License-Identifier: Apache-2.0 */
/* The rollback profile on the simulated flash: slots used in turn, a trial
 * image that fails goes back to the previous confirmed one by itself, a
 * transfer during such a trial is refused, a damaged previous image ends in
 * rescue with nothing erased, the security counter never falls. Every
 * rollback layout of the registry, and a hand-made one. Power cuts:
 * tests/powercut/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chips/geometry.h"
#include "fixture.h"
#include "layouts.h"
#include "slot.h"
#include "status.h"

#define V(n) ((uint32_t)(n) << 24) /* version n.0.0 */
#define RAW_MAX (64 * 1024)
static uint8_t raw[5][RAW_MAX]; /* versions 1..4 by index */
static uint32_t raw_len[5];
static uint8_t file[RAW_MAX + 4096];
static fx_board B;

/* nucleo-f429zi's flash: app in bank 1 (sectors 5-11), the slots in bank 2
 * (sectors 12-19 and 20-23, 512K each). */
static const ob_layout hand = {
    .board = "nucleo-f429zi", .mcu = "STM32F429ZI", .geom = &ob_geom_stm32f42x_2m,
    .ram = { { 0x20000000u, OB_KIB(192) } }, .nram = 1,
    .bl1 = { 0x08000000u, OB_KIB(32) },
    .journal = { { 0x08008000u, OB_KIB(16) }, { 0x0800C000u, OB_KIB(16) } },
    .rescue = { 0x08010000u, OB_KIB(64) },
    .profile = OB_PROFILE_ROLLBACK,
    .app = { 0x08020000u, OB_KIB(896) },
    .slot = { 0x08100000u, OB_KIB(512) },
    .slot2 = { 0x08180000u, OB_KIB(512) },
    .slot_ratio_pct = 57,
};

static const ob_hostkey *sign_with; /* NULL: unsigned images */

static int send(int v, uint32_t counter)
{
    size_t len = fx_pack_key(B.l, raw[v], raw_len[v], V(v), counter, 9, sign_with, file, sizeof file);
    return fx_send(&B, file, len, 1460, OB_RX_SLOT);
}

static ob_boot_result boot(ob_boot_action act, int trial)
{
    ob_boot_result res;
    fx_boot(&B, &res);
    if (res.action != act || res.trial != trial)
        for (int i = 0; i < B.nlog; i++)
            printf("    %s\n", B.log[i]);
    assert_int_equal(res.action, act);
    assert_int_equal(res.trial, trial);
    return res;
}

/* v1 installed through a slot and confirmed. */
static void start(const ob_layout *l)
{
    assert_int_equal(ob_layout_check(l, NULL), OB_OK);
    fx_board_open(&B, l);
    fx_put_rescue(&B);
    for (int v = 1; v <= 4; v++) {
        raw_len[v] = 20000 + 5000u * (uint32_t)v;
        fx_make_raw(raw[v], raw_len[v], l, (uint32_t)v);
    }
    assert_int_equal(send(1, 1), OB_OK);
    assert_int_equal(B.j.st.seal.flags & OB_JIMG_SLOT2, 0); /* nothing to keep yet: slot */
    boot(OB_BOOT_START_APP, 1);
    assert_int_equal(fx_confirm(&B), OB_OK);
    assert_int_equal(B.j.st.prev.raw_size, 0);
}

static uint8_t *slot_mem(const ob_region *r)
{
    return B.sf.mem + (r->addr - B.l->geom->base);
}

static void rollback_flow(const ob_layout *l)
{
    printf("  %s/%s\n", l->board, ob_profile_name(l->profile));
    start(l);

    /* v2 goes into the other slot; v1's copy is kept while v2 is on trial */
    assert_int_equal(send(2, 2), OB_OK);
    assert_int_equal(B.j.st.seal.flags & OB_JIMG_SLOT2, OB_JIMG_SLOT2);
    boot(OB_BOOT_START_APP, 1);
    assert_true(fx_app_is(&B, raw[2], raw_len[2]));
    assert_int_equal(B.j.st.prev.fw_version, V(1));
    assert_true(fx_logged(&B, "kept to go back to: v1.0.0") == 0); /* said from the next boot on */
    boot(OB_BOOT_START_APP, 1);
    assert_true(fx_logged(&B, "kept to go back to: v1.0.0"));

    /* no third image while both slots are spoken for: nothing touched */
    uint64_t ops = simflash_op_count(&B.sf);
    assert_int_equal(send(3, 3), OB_ERR_TRIAL_RUNNING);
    assert_int_equal(simflash_op_count(&B.sf), ops);

    /* v2 never confirms: after 3 trial boots bl1 goes back to v1 */
    boot(OB_BOOT_START_APP, 1);
    ob_boot_result res = boot(OB_BOOT_START_APP, 0);
    assert_true(fx_logged(&B, "v2.0.0 did not confirm itself in 3 boots"));
    assert_true(fx_logged(&B, "rolling back from v2.0.0 to v1.0.0"));
    assert_true(fx_logged(&B, "bl1: v1.0.0 in the slot verified (payload sha256 "));
    assert_true(fx_logged(&B, "rolled back from v2.0.0 to v1.0.0"));
    assert_true(fx_app_is(&B, raw[1], raw_len[1]));
    assert_int_equal(res.fw_version, V(1));
    assert_int_equal(B.j.st.app_status, OB_APP_CONFIRMED);
    assert_int_equal(B.j.st.rolled_back, 1);
    assert_int_equal(B.j.st.rollback_from, V(2));
    assert_int_equal(B.j.st.last_reason, OB_ERR_NO_APP);
    assert_int_equal(B.j.st.security_counter, 1); /* v2 never confirmed: never raised */
    assert_int_equal(B.j.st.prev.raw_size, 0);
    ob_status s;
    char line[OB_STATUS_LINE_MAX];
    ob_status_from_journal(&s, l, &B.j.st, OB_RUN_APP);
    assert_true(ob_status_format(&s, line, sizeof line) > 0);
    assert_non_null(strstr(line, " version=1.0.0 app=confirmed "));
    assert_non_null(strstr(line, " rolled_back=2.0.0"));
    assert_non_null(strstr(line, "profile=rollback"));
    /* the next boot starts v1 as confirmed, writing nothing */
    uint32_t seq = B.j.st.seq;
    boot(OB_BOOT_START_APP, 0);
    assert_int_equal(B.j.st.seq, seq);

    /* v3 goes into slot2 again (v1's copy is in slot, which no transfer
     * touches, whole or cut short), installs, confirms */
    static uint8_t kept[64 * 1024];
    uint32_t kept_len = OB_SLOT_HDR_LEN + B.j.st.app.payload_len;
    assert_true(kept_len <= sizeof kept);
    memcpy(kept, slot_mem(&l->slot), kept_len);
    size_t len = fx_pack(B.l, raw[3], raw_len[3], V(3), 3, 9, file, sizeof file);
    assert_int_equal(fx_send(&B, file, len / 2, 1460, OB_RX_SLOT), OB_ERR_TRUNCATED);
    assert_memory_equal(slot_mem(&l->slot), kept, kept_len);
    assert_int_equal(send(3, 3), OB_OK);
    assert_int_equal(B.j.st.seal.flags & OB_JIMG_SLOT2, OB_JIMG_SLOT2);
    assert_memory_equal(slot_mem(&l->slot), kept, kept_len);
    boot(OB_BOOT_START_APP, 1);
    assert_int_equal(B.j.st.rolled_back, 0);
    assert_int_equal(fx_confirm(&B), OB_OK);
    assert_int_equal(B.j.st.security_counter, 3);
    assert_int_equal(B.j.st.prev.raw_size, 0);
    /* and v4 into slot, in turn */
    assert_int_equal(send(4, 4), OB_OK);
    assert_int_equal(B.j.st.seal.flags & OB_JIMG_SLOT2, 0);
    fx_board_close(&B);
}

static void test_rollback_layouts(void **state)
{
    (void)state;
    int n = 0;
    rollback_flow(&hand);
    for (const ob_layout *const *l = ob_all_layouts; *l; l++)
        if ((*l)->profile == OB_PROFILE_ROLLBACK) {
            rollback_flow(*l);
            n++;
        }
    printf("  %d rollback layouts in the registry\n", n);
}

/* The previous image damaged in its slot: bl1 finds out before erasing
 * anything, and rescue takes over; the trial image stays where it is. */
static void test_damaged_prev(void **state)
{
    (void)state;
    start(&hand);
    assert_int_equal(send(2, 2), OB_OK);
    for (int i = 0; i < 3; i++)
        boot(OB_BOOT_START_APP, 1);
    slot_mem(&hand.slot)[OB_SLOT_HDR_LEN + 700] ^= 0x10;
    boot(OB_BOOT_START_RESCUE, 0);
    assert_true(fx_logged(&B, "rolling back from v2.0.0 to v1.0.0"));
    assert_true(fx_app_is(&B, raw[2], raw_len[2])); /* nothing erased */
    assert_int_equal(B.j.st.prev.raw_size, 0);
    assert_int_equal(B.j.st.app_status, OB_APP_FAILED);
    /* rescue takes an image: into either slot, no previous one is kept */
    assert_int_equal(send(3, 3), OB_OK);
    boot(OB_BOOT_START_APP, 1);
    assert_true(fx_app_is(&B, raw[3], raw_len[3]));
    fx_board_close(&B);
}

/* A trial image whose bytes go bad in flash goes back too; the first image
 * ever has nothing to go back to and ends in rescue, as in the slot profile. */
static void test_check_failed_and_first_image(void **state)
{
    (void)state;
    start(&hand);
    assert_int_equal(send(2, 2), OB_OK);
    boot(OB_BOOT_START_APP, 1);
    B.sf.mem[hand.app.addr - hand.geom->base + 1000] ^= 0x01;
    boot(OB_BOOT_START_APP, 0);
    assert_true(fx_logged(&B, "application check failed"));
    assert_true(fx_logged(&B, "rolled back from v2.0.0 to v1.0.0"));
    assert_true(fx_app_is(&B, raw[1], raw_len[1]));
    fx_board_close(&B);

    fx_board_open(&B, &hand);
    fx_put_rescue(&B);
    raw_len[1] = 20000;
    fx_make_raw(raw[1], raw_len[1], &hand, 1);
    assert_int_equal(send(1, 1), OB_OK);
    for (int i = 0; i < 3; i++)
        boot(OB_BOOT_START_APP, 1);
    boot(OB_BOOT_START_RESCUE, 0);
    assert_true(fx_logged(&B, "did not confirm itself in 3 boots"));
    fx_board_close(&B);
}

/* A board with keys goes back the same way: the kept image's signature and
 * counter are checked again from its slot, and its counter is the stored
 * one, so going back is no downgrade. A kept slot whose metadata was
 * re-signed by another key is refused before anything is erased. */
static void test_signed(void **state)
{
    (void)state;
    sign_with = fx_k1;
    start(&hand);
    B.keys = &fx_ring;
    assert_int_equal(send(2, 2), OB_OK);
    for (int i = 0; i < 3; i++)
        boot(OB_BOOT_START_APP, 1);
    boot(OB_BOOT_START_APP, 0);
    assert_true(fx_logged(&B, "rolled back from v2.0.0 to v1.0.0"));
    assert_true(fx_app_is(&B, raw[1], raw_len[1]));
    assert_int_equal(B.j.st.security_counter, 1);
    assert_int_equal(fx_confirm(&B), OB_OK); /* nothing to do: confirmed */
    fx_board_close(&B);

    /* the same, with v1's slot header re-signed by a key the board lacks */
    start(&hand);
    B.keys = &fx_ring;
    assert_int_equal(send(2, 2), OB_OK);
    for (int i = 0; i < 3; i++)
        boot(OB_BOOT_START_APP, 1);
    size_t len = fx_pack_key(B.l, raw[1], raw_len[1], V(1), 1, 9, fx_k2, file, sizeof file);
    ob_slot_hdr sh;
    uint8_t *hdr = slot_mem(&hand.slot);
    assert_int_equal(ob_slot_hdr_decode(hdr, &sh), OB_OK);
    ob_gzhdr gh;
    assert_int_equal(ob_gzhdr_parse(&gh, file, len), OB_OK);
    uint8_t fresh[OB_SLOT_HDR_LEN];
    sh.rec = gh.rec;
    ob_slot_hdr_encode(&sh, fresh);
    memcpy(hdr, fresh, sizeof fresh); /* as if the flash had been rewritten behind bl1's back */
    boot(OB_BOOT_START_RESCUE, 0);
    assert_true(fx_logged(&B, "rolling back from v2.0.0 to v1.0.0"));
    assert_true(fx_app_is(&B, raw[2], raw_len[2])); /* nothing erased */
    assert_int_equal(B.j.st.last_reason, OB_ERR_UNKNOWN_KEY);
    sign_with = NULL;
    fx_board_close(&B);
}

/* Many records: enough to compact the journal several times over. */
static void churn(void)
{
    uint32_t per_sector = hand.journal[0].size / OB_JREC_SIZE;
    for (uint32_t i = 0; i < 2 * per_sector; i++) {
        assert_int_equal(ob_journal_rescue_request(&B.j), OB_OK);
        assert_int_equal(ob_journal_rescue_ack(&B.j), OB_OK);
    }
}

static void reopen_same(const ob_jstate *want)
{
    ob_journal j2;
    assert_int_equal(ob_journal_open(&j2, B.f, B.l), OB_OK);
    assert_memory_equal(&j2.st, &B.j.st, sizeof j2.st);
    assert_memory_equal(&j2.st.prev, &want->prev, sizeof want->prev);
    assert_memory_equal(&j2.st.app, &want->app, sizeof want->app);
    assert_int_equal(j2.st.rolled_back, want->rolled_back);
    assert_int_equal(j2.st.rollback_from, want->rollback_from);
}

/* The kept image and the rollback's record survive compactions exactly. */
static void test_prev_in_snapshots(void **state)
{
    (void)state;
    start(&hand);
    assert_int_equal(send(2, 2), OB_OK);
    boot(OB_BOOT_START_APP, 1);
    ob_jstate before = B.j.st;
    assert_int_not_equal(before.prev.raw_size, 0);
    churn();
    reopen_same(&before);
    for (int i = 0; i < 3; i++)
        boot(OB_BOOT_START_APP, i < 2);
    assert_int_equal(B.j.st.rolled_back, 1);
    before = B.j.st;
    churn();
    reopen_same(&before);
    fx_board_close(&B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollback_layouts),
        cmocka_unit_test(test_damaged_prev),
        cmocka_unit_test(test_check_failed_and_first_image),
        cmocka_unit_test(test_prev_in_snapshots),
        cmocka_unit_test(test_signed),
    };
    return cmocka_run_group_tests(tests, fx_keys_setup, fx_keys_teardown);
}
