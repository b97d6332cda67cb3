/* SPDX-License-Identifier: Apache-2.0 */
/* Boot journal: append and replay, torn records, garbage, compaction, a
 * power cut at every flash operation of appends and compactions, and records
 * crafted at the end of the sequence space. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "journal.h"
#include "simflash.h"

static fx_board B;

static const ob_layout *L(void)
{
    const ob_layout *l = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
    assert_non_null(l);
    return l;
}

static ob_jimage img(uint32_t v)
{
    ob_jimage i;
    memset(&i, 0, sizeof i);
    i.payload_len = 1000 + v;
    i.raw_size = 2000 + v;
    i.fw_version = v;
    i.security_counter = v;
    for (int k = 0; k < OB_SHA256_LEN; k++) {
        i.payload_sha256[k] = (uint8_t)(v + k);
        i.raw_sha256[k] = (uint8_t)(v * 3 + k);
    }
    return i;
}

static void reopen_equal(simflash *sf, const ob_journal *j)
{
    ob_journal k;
    assert_int_equal(ob_journal_open(&k, simflash_flash(sf), L()), OB_OK);
    assert_memory_equal(&k.st, &j->st, sizeof k.st);
}

/* The 84-byte image descriptor, byte by byte (docs/SPEC.md): words
 * little-endian at 0, 36, 72, 76, 80, the hashes at 4 and 40. */
static void test_jimage_bytes(void **state)
{
    (void)state;
    ob_jimage a = img(0x01020304), b;
    a.flags = OB_JIMG_PLAIN | OB_JIMG_DIRECT;
    uint8_t out[OB_JIMAGE_LEN];
    ob_jimage_encode(&a, out);
    assert_int_equal(out[0], (uint8_t)(a.payload_len));
    assert_int_equal(out[3], (uint8_t)(a.payload_len >> 24));
    assert_memory_equal(out + 4, a.payload_sha256, OB_SHA256_LEN);
    assert_int_equal(out[36], (uint8_t)a.raw_size);
    assert_int_equal(out[37], (uint8_t)(a.raw_size >> 8));
    assert_memory_equal(out + 40, a.raw_sha256, OB_SHA256_LEN);
    assert_int_equal(out[72], 0x04);
    assert_int_equal(out[75], 0x01);
    assert_int_equal(out[76], 0x04);
    assert_int_equal(out[80], 0x03);
    assert_int_equal(out[83], 0x00);
    memset(&b, 0xA5, sizeof b);
    ob_jimage_decode(out, &b);
    assert_memory_equal(&a, &b, sizeof a);
}

static void test_empty(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    assert_int_equal(simflash_open(&sf, L()->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), L()), OB_OK);
    assert_int_equal(j.st.seq, 0);
    assert_int_equal(j.st.app_status, OB_APP_UNKNOWN);
    assert_int_equal(j.st.pending, 0);
    simflash_close(&sf);
}

static void test_lifecycle(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    ob_jimage a = img(7);
    assert_int_equal(simflash_open(&sf, L()->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), L()), OB_OK);

    assert_int_equal(ob_journal_seal(&j, &a), OB_OK);
    assert_int_equal(j.st.pending, 1);
    assert_memory_equal(&j.st.seal, &a, sizeof a);
    reopen_equal(&sf, &j);

    assert_int_equal(ob_journal_install_start(&j, &a), OB_OK);
    assert_int_equal(j.st.app_status, OB_APP_INSTALLING);
    assert_int_equal(j.st.pending, 0); /* the install took the seal */
    assert_int_equal(ob_journal_install_done(&j, NULL), OB_OK);
    assert_int_equal(j.st.app_status, OB_APP_TRIAL);
    assert_int_equal(j.st.pending, 0);
    assert_int_equal(ob_journal_trial_boot(&j), OB_OK);
    assert_int_equal(ob_journal_trial_boot(&j), OB_OK);
    assert_int_equal(j.st.trials, 2);
    assert_int_equal(j.st.security_counter, 0); /* never raised during the trial */
    reopen_equal(&sf, &j);
    assert_int_equal(ob_journal_confirm(&j), OB_OK);
    assert_int_equal(j.st.app_status, OB_APP_CONFIRMED);
    assert_int_equal(j.st.security_counter, 7);
    uint32_t seq = j.st.seq;
    assert_int_equal(ob_journal_confirm(&j), OB_OK); /* no second record */
    assert_int_equal(j.st.seq, seq);
    reopen_equal(&sf, &j);

    assert_int_equal(ob_journal_rescue_request(&j), OB_OK);
    assert_int_equal(j.st.rescue_request, OB_RESCUE_REQUESTED);
    assert_int_equal(ob_journal_rescue_ack(&j), OB_OK);
    /* rescue runs on request until the next record, across a reopen */
    assert_int_equal(j.st.rescue_request, OB_RESCUE_RUNNING);
    reopen_equal(&sf, &j);
    assert_int_equal(j.st.rescue_request, OB_RESCUE_RUNNING);
    assert_int_equal(ob_journal_fail(&j, OB_ERR_IMAGE_HASH), OB_OK);
    assert_int_equal(j.st.rescue_request, OB_RESCUE_NONE);
    assert_int_equal(j.st.app_status, OB_APP_FAILED);
    assert_int_equal(j.st.last_reason, OB_ERR_IMAGE_HASH);
    assert_int_equal(ob_journal_confirm(&j), OB_ERR_STATE);
    reopen_equal(&sf, &j);

    ob_jimage d = img(9);
    assert_int_equal(ob_journal_install_start(&j, &a), OB_OK);
    assert_int_equal(ob_journal_install_done(&j, &d), OB_OK); /* direct installs learn hashes at the end */
    assert_memory_equal(&j.st.app, &d, sizeof d);
    assert_int_equal(ob_journal_seal(&j, &a), OB_OK);
    assert_int_equal(ob_journal_recv_start(&j), OB_OK);
    assert_int_equal(j.st.pending, 0);
    assert_int_equal(ob_journal_seal(&j, &a), OB_OK);
    assert_int_equal(ob_journal_reject(&j, OB_ERR_PAYLOAD_HASH), OB_OK);
    assert_int_equal(j.st.pending, 0);
    reopen_equal(&sf, &j);
    assert_int_equal(ob_journal_append(&j, 99, NULL, 0), OB_ERR_ARG);
    assert_int_equal(ob_journal_append(&j, OB_JREC_SNAPSHOT, NULL, 0), OB_ERR_ARG);
    assert_int_equal(ob_journal_append(&j, OB_JREC_SEAL, &a, OB_JREC_BODY_MAX + 1), OB_ERR_ARG);
    simflash_close(&sf);
}

/* Many cycles: both sectors fill and compact in turn, state survives. */
static void test_compaction(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    const ob_layout *l = L();
    assert_int_equal(simflash_open(&sf, l->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    uint32_t per_sector = l->journal[0].size / OB_JREC_SIZE;
    for (uint32_t v = 1; v < per_sector * 3; v++) {
        ob_jimage a = img(v);
        assert_int_equal(ob_journal_seal(&j, &a), OB_OK);
        assert_int_equal(ob_journal_install_start(&j, &a), OB_OK);
        assert_int_equal(ob_journal_install_done(&j, NULL), OB_OK);
        assert_int_equal(ob_journal_confirm(&j), OB_OK);
        if (v % 7 == 0)
            reopen_equal(&sf, &j);
    }
    assert_int_equal(j.st.app_status, OB_APP_CONFIRMED);
    assert_int_equal(j.st.security_counter, per_sector * 3 - 1);
    reopen_equal(&sf, &j);
    /* both sectors were used and erased a similar number of times */
    uint32_t i0, i1;
    assert_int_equal(ob_flash_sector_of(l->geom, l->journal[0].addr, &i0, NULL, NULL), OB_OK);
    assert_int_equal(ob_flash_sector_of(l->geom, l->journal[1].addr, &i1, NULL, NULL), OB_OK);
    assert_true(sf.wear[i0] >= 5 && sf.wear[i1] >= 5);
    assert_true(sf.wear[i0] <= sf.wear[i1] + 1 && sf.wear[i1] <= sf.wear[i0] + 1);
    simflash_close(&sf);
}

/* Garbage in both sectors (a factory-fresh part never erased, or noise):
 * reads as empty and the first append still works. */
static void test_garbage(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    const ob_layout *l = L();
    assert_int_equal(simflash_open(&sf, l->geom, NULL), OB_OK);
    uint32_t s = 12345;
    for (int k = 0; k < 2; k++) {
        uint8_t *p = sf.mem + (l->journal[k].addr - l->geom->base);
        for (uint32_t i = 0; i < l->journal[k].size; i++) {
            s = s * 1103515245u + 12345u;
            p[i] = (uint8_t)(s >> 16);
        }
    }
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    assert_int_equal(j.st.seq, 0);
    ob_jimage a = img(3);
    assert_int_equal(ob_journal_seal(&j, &a), OB_OK);
    assert_int_equal(j.st.pending, 1);
    reopen_equal(&sf, &j);
    simflash_close(&sf);
}

/* A torn record (body written, commit not) is ignored and skipped. */
static void test_torn_record(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    const ob_layout *l = L();
    ob_jimage a = img(4);
    assert_int_equal(simflash_open(&sf, l->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    assert_int_equal(ob_journal_seal(&j, &a), OB_OK);
    /* the next append: cut before its second program (the commit word) */
    simflash_cut_after(&sf, 1, SIMFLASH_CUT_BEFORE, 1);
    assert_int_equal(ob_journal_install_start(&j, &a), OB_ERR_POWER_CUT);
    simflash_power_up(&sf);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    assert_int_equal(j.st.app_status, OB_APP_UNKNOWN);
    assert_int_equal(j.st.pending, 1);
    assert_int_equal(j.next_off, 2 * OB_JREC_SIZE); /* the torn slot is not reused */
    assert_int_equal(ob_journal_install_start(&j, &a), OB_OK);
    assert_int_equal(j.st.app_status, OB_APP_INSTALLING);
    reopen_equal(&sf, &j);
    simflash_close(&sf);
}

/* A flash error during an append is reported, and the in-memory state is
 * what the flash holds. */
static int fail_programs(void *arg, simflash_op op, uint32_t addr, uint32_t len)
{
    (void)addr;
    (void)len;
    int *n = (int *)arg;
    return (op == SIMFLASH_OP_PROGRAM && (*n)-- <= 0) ? OB_ERR_FLASH : OB_OK;
}

static void test_flash_error(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    const ob_layout *l = L();
    ob_jimage a = img(5);
    int budget = 0;
    assert_int_equal(simflash_open(&sf, l->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    sf.hook = fail_programs;
    sf.hook_arg = &budget;
    assert_int_equal(ob_journal_seal(&j, &a), OB_ERR_JOURNAL);
    assert_int_equal(j.st.pending, 0);
    sf.hook = NULL;
    assert_int_equal(ob_journal_seal(&j, &a), OB_OK);
    assert_int_equal(j.st.pending, 1);
    reopen_equal(&sf, &j);
    simflash_close(&sf);
}

/* Power cut at every operation of a sequence that crosses two compactions,
 * with each kind of cut: afterwards the journal reads as exactly the state
 * before or after the interrupted append, and appending again works. */
typedef struct {
    uint8_t type;
    ob_jimage img;
} step;

static int do_step(ob_journal *j, const step *s)
{
    switch (s->type) {
    case OB_JREC_SEAL: return ob_journal_seal(j, &s->img);
    case OB_JREC_INSTALL_START: return ob_journal_install_start(j, &s->img);
    case OB_JREC_INSTALL_DONE: return ob_journal_install_done(j, NULL);
    case OB_JREC_TRIAL_BOOT: return ob_journal_trial_boot(j);
    default: return ob_journal_confirm(j);
    }
}

static void test_power_cuts(void **state)
{
    (void)state;
    const ob_layout *l = L();
    uint32_t per_sector = l->journal[0].size / OB_JREC_SIZE;
    enum { NSTEPS = 5 };
    static const uint8_t cycle[NSTEPS] = {OB_JREC_SEAL, OB_JREC_INSTALL_START, OB_JREC_INSTALL_DONE,
                                          OB_JREC_TRIAL_BOOT, OB_JREC_CONFIRM};
    /* pre-fill so that the steps under test cross a compaction */
    simflash base;
    ob_journal j;
    assert_int_equal(simflash_open(&base, l->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&base), l), OB_OK);
    for (uint32_t i = 0; i < per_sector - 3; i++) {
        step s = {cycle[i % NSTEPS], img(i)};
        assert_int_equal(do_step(&j, &s), OB_OK);
    }
    unsigned scenarios = 0;
    for (int kind = 0; kind < 3; kind++) {
        for (uint32_t k = 0; k < 8; k++) {
            step s = {cycle[(per_sector - 3 + k) % NSTEPS], img(500 + k)};
            /* state before and after this step, uncut */
            simflash ref;
            ob_journal rj;
            assert_int_equal(simflash_open(&ref, l->geom, NULL), OB_OK);
            memcpy(ref.mem, base.mem, base.size);
            assert_int_equal(ob_journal_open(&rj, simflash_flash(&ref), l), OB_OK);
            ob_jstate before = rj.st;
            uint64_t ops0 = simflash_op_count(&ref);
            assert_int_equal(do_step(&rj, &s), OB_OK);
            ob_jstate after = rj.st;
            uint64_t nops = simflash_op_count(&ref) - ops0;
            for (uint64_t cut = 0; cut < nops; cut++) {
                simflash sf;
                ob_journal cj;
                assert_int_equal(simflash_open(&sf, l->geom, NULL), OB_OK);
                memcpy(sf.mem, base.mem, base.size);
                assert_int_equal(ob_journal_open(&cj, simflash_flash(&sf), l), OB_OK);
                simflash_cut_after(&sf, cut, (simflash_cut)kind, (uint32_t)(cut * 31 + k));
                assert_int_equal(do_step(&cj, &s), OB_ERR_POWER_CUT);
                simflash_power_up(&sf);
                assert_int_equal(ob_journal_open(&cj, simflash_flash(&sf), l), OB_OK);
                int same_before = memcmp(&cj.st, &before, sizeof before) == 0;
                ob_jstate a2 = after;
                a2.seq = cj.st.seq; /* a compaction may have used a number */
                int same_after = memcmp(&cj.st, &a2, sizeof a2) == 0;
                if (!same_before) {
                    ob_jstate b2 = before;
                    b2.seq = cj.st.seq;
                    same_before = memcmp(&cj.st, &b2, sizeof b2) == 0;
                }
                assert_true(same_before || same_after);
                /* the journal goes on working after the cut */
                assert_int_equal(do_step(&cj, &s), OB_OK);
                ob_jstate now = cj.st;
                reopen_equal(&sf, &cj);
                assert_int_equal(cj.st.app_status, now.app_status);
                simflash_close(&sf);
                scenarios++;
            }
            /* advance the base by the step, uncut */
            memcpy(base.mem, ref.mem, ref.size);
            simflash_close(&ref);
        }
    }
    printf("journal power-cut scenarios: %u\n", scenarios);
    assert_true(scenarios > 50);
    simflash_close(&base);
}

/* The records that must not be lost are written twice, every record carries
 * the stored counter, and a twin that would not fit in the sequence space is
 * refused before anything is written. */
static void test_twins(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    const ob_layout *l = L();
    ob_jimage a = img(6);
    assert_int_equal(simflash_open(&sf, l->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    assert_int_equal(ob_journal_seal(&j, &a), OB_OK);
    assert_int_equal(j.st.seq, 1);
    assert_int_equal(ob_journal_install_start(&j, &a), OB_OK);
    assert_int_equal(j.st.seq, 3);
    assert_int_equal(ob_journal_install_done(&j, NULL), OB_OK);
    assert_int_equal(j.st.seq, 5);
    assert_int_equal(ob_journal_trial_boot(&j), OB_OK);
    assert_int_equal(j.st.seq, 6);
    assert_int_equal(ob_journal_confirm(&j), OB_OK);
    assert_int_equal(j.st.seq, 8);
    assert_int_equal(j.next_off, 8 * OB_JREC_SIZE);
    const uint8_t *sec = sf.mem + (l->journal[0].addr - l->geom->base);
    for (uint32_t i = 0; i < 8; i++) /* the counter each record leads to */
        assert_int_equal(ob_get_le32(sec + i * OB_JREC_SIZE + 248), i < 6 ? 0 : 6);
    assert_memory_equal(sec + 6 * OB_JREC_SIZE + 8, sec + 7 * OB_JREC_SIZE + 8, 240); /* same type and body */
    reopen_equal(&sf, &j);
    simflash_close(&sf);

    /* near the end of the sequence space: a single record still fits, a twin not */
    assert_int_equal(simflash_open(&sf, l->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    j.st.seq = 0xFFFFFFFAu;
    assert_int_equal(ob_journal_confirm(&j), OB_OK);
    assert_int_equal(j.st.seq, 0xFFFFFFFCu);
    j.st.app_status = OB_APP_TRIAL;
    assert_int_equal(ob_journal_confirm(&j), OB_ERR_JOURNAL);
    assert_int_equal(ob_journal_trial_boot(&j), OB_OK);
    assert_int_equal(j.st.seq, 0xFFFFFFFDu);
    simflash_close(&sf);
}

/* Two faults: the second copy of the INSTALL_DONE that described a direct
 * install cut by a power loss before its commit word, then, once `next` has
 * written its twin after the torn slot, a bit of the first copy flipped (one
 * number missing: no gap is found). Reopens the journal. */
static int done_bare(ob_journal *j)
{
    return ob_journal_install_done(j, NULL);
}

static void torn_then_flipped(simflash *sf, ob_journal *j, const ob_jimage *a, int (*next)(ob_journal *))
{
    const ob_layout *l = L();
    assert_int_equal(simflash_open(sf, l->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(j, simflash_flash(sf), l), OB_OK);
    assert_int_equal(ob_journal_install_done(j, a), OB_OK); /* records 1, 2 */
    uint8_t *sec = sf->mem + (l->journal[0].addr - l->geom->base);
    memset(sec + OB_JREC_SIZE + 252, 0xFF, 4);
    assert_int_equal(ob_journal_open(j, simflash_flash(sf), l), OB_OK);
    assert_int_equal(j->st.seq, 1);
    assert_int_equal(next(j), OB_OK); /* records 2, 3 after the torn slot */
    sec[40] ^= 0x10;
    assert_int_equal(ob_journal_open(j, simflash_flash(sf), l), OB_OK);
    assert_int_equal(j->st.seq, 3);
}

/* Then an INSTALL_DONE without a body finds no description of the bytes in
 * the application area: the history is lost (bl1 starts no application),
 * not an application on trial without its hash. */
static void test_done_without_description(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    ob_jimage a = img(4);
    torn_then_flipped(&sf, &j, &a, done_bare);
    assert_int_equal(j.st.app.raw_size, 0);
    assert_int_equal(j.st.app_status, OB_APP_TRIAL);
    assert_int_equal(j.st.history_lost, 1);
    assert_int_equal(ob_journal_confirm(&j), OB_ERR_STATE);
    /* the next install describes the application area anew */
    assert_int_equal(ob_journal_install_start(&j, &a), OB_OK);
    assert_int_equal(j.st.history_lost, 0);
    simflash_close(&sf);
}

/* Then a CONFIRM: it carries the description of what it confirms, so the
 * application keeps its hash check. */
static void test_confirm_carries_description(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    ob_jimage a = img(5);
    torn_then_flipped(&sf, &j, &a, ob_journal_confirm);
    assert_int_equal(j.st.app_status, OB_APP_CONFIRMED);
    assert_memory_equal(&j.st.app, &a, sizeof a);
    assert_int_equal(j.st.security_counter, 5);
    simflash_close(&sf);
}

/* A compaction cut after its first snapshot leaves that snapshot alone in
 * the new sector, the old sector (its source) intact. When the new sector
 * fills (here with torn slots) the next compaction must not erase the old
 * sector while the snapshot is the state's only other copy: cut after that
 * compaction's first erase, then one bad bit in the snapshot, the counter
 * and the confirmed application must still be there. */
static void test_single_snapshot_rebuilt(void **state)
{
    (void)state;
    simflash sf;
    ob_journal j;
    const ob_layout *l = L();
    ob_jimage a = img(7);
    uint32_t size = l->journal[0].size;
    assert_int_equal(simflash_open(&sf, l->geom, NULL), OB_OK);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    assert_int_equal(ob_journal_install_done(&j, &a), OB_OK);
    assert_int_equal(ob_journal_confirm(&j), OB_OK);
    while (j.next_off < size)
        assert_int_equal(ob_journal_trial_boot(&j), OB_OK);
    /* the compaction: erase, then the first snapshot's two programs; cut before the second */
    simflash_cut_after(&sf, 3, SIMFLASH_CUT_BEFORE, 1);
    assert_int_equal(ob_journal_trial_boot(&j), OB_ERR_POWER_CUT);
    simflash_power_up(&sf);
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    assert_int_equal(j.active, 1);
    assert_int_equal(j.single, 1);
    uint8_t *s1 = sf.mem + (l->journal[1].addr - l->geom->base);
    memset(s1 + OB_JREC_SIZE, 0, size - OB_JREC_SIZE); /* the rest of the sector torn */
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    assert_int_equal(j.next_off, size);
    /* the next compaction: its first erase done, cut before anything else */
    simflash_cut_after(&sf, 1, SIMFLASH_CUT_BEFORE, 1);
    assert_int_equal(ob_journal_trial_boot(&j), OB_ERR_POWER_CUT);
    simflash_power_up(&sf);
    s1[40] ^= 0x04; /* one bad bit in the snapshot, if it is still there */
    assert_int_equal(ob_journal_open(&j, simflash_flash(&sf), l), OB_OK);
    assert_int_equal(j.st.security_counter, 7);
    assert_int_equal(j.st.app_status, OB_APP_CONFIRMED);
    assert_memory_equal(&j.st.app, &a, sizeof a);
    /* and it goes on: the next append compacts for good */
    assert_int_equal(ob_journal_trial_boot(&j), OB_OK);
    assert_int_equal(j.single, 0);
    assert_int_equal(j.st.security_counter, 7);
    simflash_close(&sf);
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

    /* a full sector one number before the end: the compaction would need
     * two numbers, so the append is refused before anything is erased */
    fx_board_open(&B, l);
    uint32_t per = l->journal[0].size / OB_JREC_SIZE;
    for (uint32_t i = 0; i < per; i++) {
        put_record(rec, 0xFFFFFFFDu - per + 1 + i, OB_JREC_RESCUE_ACK);
        assert_int_equal(simflash_poke(&B.sf, l->journal[0].addr + i * OB_JREC_SIZE, rec, sizeof rec), OB_OK);
    }
    assert_int_equal(ob_journal_open(&B.j, B.f, l), OB_OK);
    assert_int_equal(B.j.st.seq, 0xFFFFFFFDu);
    last = B.j.st;
    assert_int_equal(ob_journal_trial_boot(&B.j), OB_ERR_JOURNAL);
    assert_memory_equal(&B.j.st, &last, sizeof last);
    assert_int_equal(B.sf.stats.erases, 0);
    fx_board_close(&B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),       cmocka_unit_test(test_lifecycle),
        cmocka_unit_test(test_compaction),  cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_torn_record), cmocka_unit_test(test_flash_error),
        cmocka_unit_test(test_power_cuts),  cmocka_unit_test(test_twins),
        cmocka_unit_test(test_done_without_description), cmocka_unit_test(test_confirm_carries_description),
        cmocka_unit_test(test_single_snapshot_rebuilt),
        cmocka_unit_test(test_journal_sequence_end), cmocka_unit_test(test_jimage_bytes),
    };
    return cmocka_run_group_tests_name("journal", tests, NULL, NULL);
}
