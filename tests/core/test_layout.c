/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for core/layout.c and the board layouts: every table passes the
 * checker, meets the sizing goals of docs/LAYOUTS.md, and the checker
 * rejects each kind of bad table with a line naming the fault. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "chips/geometry.h"
#include "layout.h"
#include "layouts.h"

#define K(n) ((uint32_t)(n) * 1024u)

static uint32_t flash_size(const ob_layout *l)
{
    return ob_flash_total_size(l->geom);
}

/* App share of the flash in hundredths of a percent (5625 = 56.25%). */
static uint32_t app_share(const ob_layout *l)
{
    return (uint32_t)((uint64_t)l->app.size * 10000u / flash_size(l));
}

static void test_all_layouts_pass(void **state)
{
    (void)state;
    int n = 0, boards = 0;
    for (const ob_layout *const *p = ob_all_layouts; *p != NULL; p++, n++) {
        const char *why = NULL;
        boards += ob_layout_find((*p)->board, OB_PROFILE_SLOT) == *p;
        int rc = ob_layout_check(*p, &why);
        if (rc != OB_OK)
            fail_msg("%s/%s: %s", (*p)->board, ob_profile_name((*p)->profile), why);
        assert_string_equal(why, "ok");
        assert_ptr_equal(ob_layout_find((*p)->board, (*p)->profile), *p);
    }
    /* the six boards of this tree at least (the list comes from the board
     * folders), each with its three profiles and nothing else */
    assert_true(n >= 18);
    assert_int_equal(n, 3 * boards);
}

/* No sector is wasted: the regions tile the whole flash. */
static void test_layouts_tile_flash(void **state)
{
    (void)state;
    for (const ob_layout *const *p = ob_all_layouts; *p != NULL; p++) {
        const ob_layout *l = *p;
        uint64_t sum = (uint64_t)l->bl1.size + l->journal[0].size + l->journal[1].size +
                       l->rescue.size + l->app.size + l->slot.size + l->slot2.size;
        assert_int_equal(sum, flash_size(l));
        assert_true(l->rescue.size > 0);
        uint32_t smallest = l->slot2.size != 0 && l->slot2.size < l->slot.size ? l->slot2.size : l->slot.size;
        if (l->profile != OB_PROFILE_DIRECT)
            assert_int_equal(l->slot_ratio_pct, (uint32_t)((uint64_t)smallest * 100 / l->app.size));
        else
            assert_int_equal(l->slot_ratio_pct, 0);
        if (l->profile != OB_PROFILE_ROLLBACK)
            assert_int_equal(l->slot2.size, 0);
    }
}

static void test_find(void **state)
{
    (void)state;
    assert_null(ob_layout_find("nucleo-f999", OB_PROFILE_SLOT));
    assert_null(ob_layout_find(NULL, OB_PROFILE_SLOT));
    assert_null(ob_layout_find("nucleo-f429zi", (ob_profile)7));
    const ob_layout *l = ob_layout_find("nucleo-f429zi", OB_PROFILE_DIRECT);
    assert_non_null(l);
    assert_int_equal(l->profile, OB_PROFILE_DIRECT);
    assert_string_equal(l->mcu, "STM32F429ZI");
}

/* Sizing goals (docs/LAYOUTS.md) on the 1 MB F2/F4 parts (and the AN386 that mirrors them). */
static void test_goals_f4_1m(void **state)
{
    (void)state;
    const char *boards[] = { "nucleo-f207zg", "olimex-e407", "qemu-mps2-an386" };
    for (int i = 0; i < 3; i++) {
        const ob_layout *d = ob_layout_find(boards[i], OB_PROFILE_DIRECT);
        const ob_layout *s = ob_layout_find(boards[i], OB_PROFILE_SLOT);
        assert_non_null(d);
        assert_non_null(s);
        assert_int_equal(flash_size(d), K(1024));
        assert_true(app_share(d) >= 8500);
        assert_int_equal(d->app.size, K(896));
        assert_int_equal(d->app.addr, d->geom->base + 0x20000);
        assert_true(app_share(s) >= 5000);
        assert_int_equal(s->app.size, K(512));
        assert_int_equal(s->slot.size, K(384));
        assert_int_equal(s->slot_ratio_pct, 75);
        /* bl1 32K (sectors 0-1) and rescue 64K (sector 4) on the STM32s; the
         * QEMU AN386 runs bl1 from RAM and keeps 16K + 64K for rescue */
        int qemu = s->geom->base != 0x08000000u;
        assert_int_equal(s->rescue.size, qemu ? K(80) : K(64));
        assert_int_equal(s->bl1.size, qemu ? K(16) : K(32));
    }
}

static void test_goals_f429(void **state)
{
    (void)state;
    const ob_layout *s = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
    const ob_layout *d = ob_layout_find("nucleo-f429zi", OB_PROFILE_DIRECT);
    assert_int_equal(flash_size(s), K(2048));
    assert_true(app_share(s) >= 5500);
    assert_int_equal(app_share(s), 5625);
    assert_int_equal(s->app.addr, 0x08020000);
    assert_int_equal(s->app.addr + s->app.size, 0x08140000);
    /* The slot sits entirely in bank 2 (sectors 18-23). */
    uint32_t idx;
    assert_true(s->slot.addr >= 0x08100000);
    assert_int_equal(ob_flash_sector_of(s->geom, s->slot.addr, &idx, NULL, NULL), OB_OK);
    assert_int_equal(idx, 18);
    assert_int_equal(s->slot.size, K(768));
    assert_int_equal(s->slot_ratio_pct, 66);
    assert_int_equal(d->app.size, K(1920));
    assert_int_equal(app_share(d), 9375);
    /* The CCM is a legal stack location on the F429. */
    assert_int_equal(s->nram, 2);
    assert_int_equal(s->ram[0].base, 0x20000000);
    assert_int_equal(s->ram[0].size, K(192));
    assert_int_equal(s->ram[1].base, 0x10000000);
}

static void test_goals_f746(void **state)
{
    (void)state;
    const char *boards[] = { "nucleo-f746zg", "qemu-mps2-an500" };
    for (int i = 0; i < 2; i++) {
        const ob_layout *s = ob_layout_find(boards[i], OB_PROFILE_SLOT);
        const ob_layout *d = ob_layout_find(boards[i], OB_PROFILE_DIRECT);
        assert_int_equal(d->app.size, K(768));
        assert_int_equal(app_share(d), 7500);
        assert_int_equal(s->app.size, K(512));
        assert_int_equal(s->slot.size, K(256));
        assert_int_equal(s->slot_ratio_pct, 50);
        assert_int_equal(s->rescue.size, K(160));
    }
    assert_int_equal(ob_layout_find("nucleo-f746zg", OB_PROFILE_SLOT)->ram[0].size, K(320));
}

/* MCUboot swap-move's largest primary image on the flash a layout gives to the
 * application and its slots: (area - one sector) / 2, one sector being the
 * largest in the area. */
static uint32_t swap_move_primary(const ob_layout *l)
{
    uint32_t start = l->app.addr, end = l->app.addr + l->app.size, big = 0;
    const ob_region *rs[3] = { &l->app, &l->slot, &l->slot2 };
    for (int i = 0; i < 3; i++) {
        if (rs[i]->size == 0)
            continue;
        if (rs[i]->addr < start)
            start = rs[i]->addr;
        if (rs[i]->addr + rs[i]->size > end)
            end = rs[i]->addr + rs[i]->size;
    }
    for (uint32_t a = start; a < end;) {
        uint32_t size = 0;
        assert_int_equal(ob_flash_sector_of(l->geom, a, NULL, NULL, &size), OB_OK);
        if (size > big)
            big = size;
        a += size;
    }
    return (end - start - big) / 2;
}

/* Rollback: the application area is at least MCUboot swap-move's primary on
 * the same flash, both slots are equal and sized to the ratio each board
 * documents, and the regions are where docs/LAYOUTS.md says. */
static void test_goals_rollback(void **state)
{
    (void)state;
    static const struct {
        const char *board;
        uint32_t app_off, app, slot, pct, mcuboot;
    } want[] = {
        { "nucleo-f207zg", 0x20000, K(384), K(256), 66, K(384) },
        { "olimex-e407", 0x20000, K(384), K(256), 66, K(384) },
        { "qemu-mps2-an386", 0x20000, K(384), K(256), 66, K(384) },
        { "nucleo-f429zi", 0x20000, K(896), K(512), 57, K(896) },
        { "nucleo-f746zg", 0x40000, K(256), K(256), 100, K(256) },
        { "qemu-mps2-an500", 0x40000, K(256), K(256), 100, K(256) },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const ob_layout *r = ob_layout_find(want[i].board, OB_PROFILE_ROLLBACK);
        const ob_layout *s = ob_layout_find(want[i].board, OB_PROFILE_SLOT);
        assert_non_null(r);
        assert_int_equal(r->profile, OB_PROFILE_ROLLBACK);
        assert_int_equal(r->app.addr, r->geom->base + want[i].app_off);
        assert_int_equal(r->app.size, want[i].app);
        assert_int_equal(r->slot.size, want[i].slot);
        assert_int_equal(r->slot2.size, want[i].slot);
        assert_int_equal(r->slot_ratio_pct, want[i].pct);
        assert_int_equal(swap_move_primary(r), want[i].mcuboot);
        assert_true(r->app.size >= swap_move_primary(r));
        assert_int_equal(ob_layout_payload_max(r), want[i].slot - 256);
        /* bl1, journal and rescue are the other profiles' (one bl1 build). */
        assert_memory_equal(&r->bl1, &s->bl1, sizeof r->bl1);
        assert_memory_equal(r->journal, s->journal, sizeof r->journal);
        assert_memory_equal(&r->rescue, &s->rescue, sizeof r->rescue);
        assert_non_null(ob_layout_slot(r, 0));
        assert_ptr_equal(ob_layout_slot(r, 1), &r->slot2);
        assert_null(ob_layout_slot(r, 2));
        assert_null(ob_layout_slot(s, 1));
    }
    /* F429: the app in bank 1, both slots in bank 2 (read-while-write). */
    const ob_layout *f429 = ob_layout_find("nucleo-f429zi", OB_PROFILE_ROLLBACK);
    assert_int_equal(f429->app.addr + f429->app.size, 0x08100000);
    assert_int_equal(f429->slot.addr, 0x08100000);
    assert_int_equal(f429->slot2.addr, 0x08180000);
}

static void test_profile_names(void **state)
{
    (void)state;
    ob_profile p = (ob_profile)9;
    assert_string_equal(ob_profile_name(OB_PROFILE_SLOT), "slot");
    assert_string_equal(ob_profile_name(OB_PROFILE_DIRECT), "direct");
    assert_string_equal(ob_profile_name(OB_PROFILE_ROLLBACK), "rollback");
    assert_string_equal(ob_profile_name((ob_profile)5), "unknown");
    assert_int_equal(ob_profile_parse("direct", &p), OB_OK);
    assert_int_equal(p, OB_PROFILE_DIRECT);
    assert_int_equal(ob_profile_parse("slot", &p), OB_OK);
    assert_int_equal(p, OB_PROFILE_SLOT);
    assert_int_equal(ob_profile_parse("rollback", &p), OB_OK);
    assert_int_equal(p, OB_PROFILE_ROLLBACK);
    assert_int_equal(ob_profile_parse("slot", &p), OB_OK);
    assert_int_equal(ob_profile_parse("SLOT", &p), OB_ERR_ARG);
    assert_int_equal(ob_profile_parse("slots", &p), OB_ERR_ARG);
    assert_int_equal(ob_profile_parse("", &p), OB_ERR_ARG);
    assert_int_equal(ob_profile_parse(NULL, &p), OB_ERR_ARG);
    assert_int_equal(p, OB_PROFILE_SLOT);
    assert_int_equal(ob_profile_parse("direct", NULL), OB_OK);
}

/* Runs the checker on l and expects err and a line containing needle. */
static void expect_bad(const ob_layout *l, int err, const char *needle)
{
    const char *why = NULL;
    int rc = ob_layout_check(l, &why);
    assert_non_null(why);
    if (rc != err || strstr(why, needle) == NULL)
        fail_msg("expected %d '%s', got %d '%s'", err, needle, rc, why);
    assert_int_equal(ob_layout_check(l, NULL), err); /* why is optional */
}

static ob_layout good_slot(void)
{
    return *ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
}

static void test_reject_regions(void **state)
{
    (void)state;
    ob_layout l = good_slot();
    l.app.addr += 0x100;
    expect_bad(&l, OB_ERR_ALIGN, "app is not a run of whole sectors");
    l = good_slot();
    l.app.size -= 4;
    expect_bad(&l, OB_ERR_ALIGN, "app is not a run of whole sectors");
    l = good_slot();
    l.rescue.addr = l.journal[1].addr; /* sectors 3-4: whole sectors, but over journal1 */
    l.rescue.size = K(80);
    expect_bad(&l, OB_ERR_RANGE, "overlaps");
    l = good_slot();
    l.rescue.size = K(32); /* half of the 64K sector 4 */
    expect_bad(&l, OB_ERR_ALIGN, "rescue");
    /* Overlap: the slot moved down one sector into the app. */
    l = good_slot();
    l.slot.addr -= K(128);
    expect_bad(&l, OB_ERR_RANGE, "app overlaps slot");
    l = good_slot();
    l.rescue = l.journal[1];
    expect_bad(&l, OB_ERR_RANGE, "journal[1] overlaps rescue");
    /* Outside the chip: past the end, before the base, wrapping. */
    l = good_slot();
    l.slot.size += K(128);
    expect_bad(&l, OB_ERR_RANGE, "slot lies outside the flash");
    l = good_slot();
    l.bl1.addr = 0x07FFC000;
    expect_bad(&l, OB_ERR_RANGE, "bl1 lies outside the flash");
    l = good_slot();
    l.slot.addr = 0xFFFFC000;
    l.slot.size = 0x8000;
    expect_bad(&l, OB_ERR_RANGE, "slot lies outside the flash");
    /* Journal regions are one sector each. */
    l = good_slot();
    l.journal[0].size = K(32); /* sectors 1-2 */
    l.journal[1].addr = 0x0800C000;
    l.rescue.addr = 0x08010000;
    l.rescue.size = K(64);
    expect_bad(&l, OB_ERR_ARG, "journal[0] is not exactly one sector");
    l = good_slot();
    l.journal[1].size = 0;
    expect_bad(&l, OB_ERR_ARG, "journal[1] is missing");
    l = good_slot();
    l.app.size = 0;
    expect_bad(&l, OB_ERR_ARG, "app is missing");
    /* bl1 must be where the chip boots. */
    l = good_slot();
    l.bl1 = l.rescue;
    l.rescue.size = 0;
    l.rescue.addr = 0x08000000;
    expect_bad(&l, OB_ERR_ARG, "bl1 does not start at the flash base");
    /* No rescue is allowed. */
    l = good_slot();
    l.rescue.size = 0;
    assert_int_equal(ob_layout_check(&l, NULL), OB_OK);
}

static void test_reject_profile(void **state)
{
    (void)state;
    ob_layout l = *ob_layout_find("nucleo-f207zg", OB_PROFILE_DIRECT);
    l.slot.addr = 0x080A0000;
    l.slot.size = K(128);
    l.app.size = K(512);
    expect_bad(&l, OB_ERR_WRONG_PROFILE, "direct profile has an update slot");
    l = *ob_layout_find("nucleo-f207zg", OB_PROFILE_DIRECT);
    l.slot_ratio_pct = 50;
    expect_bad(&l, OB_ERR_WRONG_PROFILE, "direct profile has a slot ratio");
    l = good_slot();
    l.slot.size = 0;
    expect_bad(&l, OB_ERR_WRONG_PROFILE, "slot profile has no update slot");
    l = good_slot();
    l.slot_ratio_pct = 67; /* 768K < 1152K * 67% */
    expect_bad(&l, OB_ERR_SLOT_FULL, "slot is smaller");
    l.slot_ratio_pct = 0;
    expect_bad(&l, OB_ERR_ARG, "slot ratio");
    l.slot_ratio_pct = 101;
    expect_bad(&l, OB_ERR_ARG, "slot ratio");
    l = good_slot();
    l.slot2 = l.rescue; /* sector 4, free of other regions */
    l.rescue.size = 0;
    expect_bad(&l, OB_ERR_WRONG_PROFILE, "slot profile has a second update slot");
    l = *ob_layout_find("nucleo-f429zi", OB_PROFILE_ROLLBACK);
    l.slot2.size = 0;
    expect_bad(&l, OB_ERR_WRONG_PROFILE, "rollback profile has no second update slot");
    l = *ob_layout_find("nucleo-f429zi", OB_PROFILE_ROLLBACK);
    l.slot_ratio_pct = 58; /* 512K < 896K * 58% */
    expect_bad(&l, OB_ERR_SLOT_FULL, "slot is smaller");
    l = *ob_layout_find("nucleo-f429zi", OB_PROFILE_ROLLBACK);
    l.slot2.addr = 0x081C0000; /* sectors 22-23 only */
    l.slot2.size = K(256);
    expect_bad(&l, OB_ERR_SLOT_FULL, "slot2 is smaller");
    l = *ob_layout_find("nucleo-f429zi", OB_PROFILE_ROLLBACK);
    l.slot2.addr = l.slot.addr + K(256);
    expect_bad(&l, OB_ERR_RANGE, "slot overlaps slot2");
    l = *ob_layout_find("nucleo-f207zg", OB_PROFILE_DIRECT);
    l.app.size = K(512);
    l.slot2 = ob_layout_find("nucleo-f207zg", OB_PROFILE_ROLLBACK)->slot2;
    expect_bad(&l, OB_ERR_WRONG_PROFILE, "direct profile has an update slot");
    l = good_slot();
    l.profile = (ob_profile)3;
    expect_bad(&l, OB_ERR_WRONG_PROFILE, "unknown profile");
}

static void test_reject_names_ram_geom(void **state)
{
    (void)state;
    ob_layout l = good_slot();
    l.board = "nucleo-f429zi-xy"; /* 16 characters */
    expect_bad(&l, OB_ERR_ARG, "board name");
    l.board = "nucleo-f429zi-x"; /* 15: the longest allowed */
    assert_int_equal(ob_layout_check(&l, NULL), OB_OK);
    l.board = "Nucleo-F429ZI";
    expect_bad(&l, OB_ERR_ARG, "board name");
    l.board = "nucleo_f429zi";
    expect_bad(&l, OB_ERR_ARG, "board name");
    l.board = "";
    expect_bad(&l, OB_ERR_ARG, "board name");
    l.board = NULL;
    expect_bad(&l, OB_ERR_ARG, "board name");
    l = good_slot();
    l.mcu = NULL;
    expect_bad(&l, OB_ERR_ARG, "MCU");
    l = good_slot();
    l.nram = 0;
    expect_bad(&l, OB_ERR_ARG, "RAM region count");
    l.nram = OB_MAX_RAM + 1;
    expect_bad(&l, OB_ERR_ARG, "RAM region count");
    l = good_slot();
    l.ram[1].size = 0;
    expect_bad(&l, OB_ERR_ARG, "RAM region");
    l = good_slot();
    l.ram[0].base = 0xFFFF0000;
    expect_bad(&l, OB_ERR_ARG, "wraps");
    l = good_slot();
    l.geom = NULL;
    expect_bad(&l, OB_ERR_ARG, "no flash geometry");
    static const ob_sector_run empty_run[] = { { 0, 0x4000, 1 } };
    static const ob_sector_run odd_run[] = { { 4, 0x4002, 1 } };
    static const ob_sector_run big_run[] = { { 2, 0x80000000u, 1 } };
    ob_flash_geom g = { "x", 0x08000000, empty_run, 1, 4, 16 };
    l.geom = &g;
    expect_bad(&l, OB_ERR_ARG, "empty sector run");
    g.runs = odd_run;
    expect_bad(&l, OB_ERR_ARG, "program width");
    g.runs = ob_geom_stm32f42x_2m.runs;
    g.nruns = ob_geom_stm32f42x_2m.nruns;
    assert_int_equal(ob_layout_check(&l, NULL), OB_OK);
    g.prog_align = 0;
    expect_bad(&l, OB_ERR_ARG, "no program width");
    g.prog_align = 4;
    g.runs = big_run;
    g.nruns = 1;
    expect_bad(&l, OB_ERR_ARG, "wraps the address space");
    expect_bad(NULL, OB_ERR_ARG, "no layout");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_layouts_pass),
        cmocka_unit_test(test_layouts_tile_flash),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_goals_f4_1m),
        cmocka_unit_test(test_goals_f429),
        cmocka_unit_test(test_goals_f746),
        cmocka_unit_test(test_goals_rollback),
        cmocka_unit_test(test_profile_names),
        cmocka_unit_test(test_reject_regions),
        cmocka_unit_test(test_reject_profile),
        cmocka_unit_test(test_reject_names_ram_geom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
