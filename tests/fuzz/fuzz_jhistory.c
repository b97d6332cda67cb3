/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the boot journal (core/journal.c) driven through its API
 * with power cuts, then damaged, against a small reference model.
 *
 * The journal sits on a small chip whose two journal sectors hold 8, 4 or 16
 * records (the record format is the same on every board; small sectors make
 * compactions frequent). The input is a program:
 *   byte 0: sector size (2048, 1024 or 4096 bytes)
 *   then up to 96 commands, each a byte c, op = c % 16:
 *     0..9   an append: recv_start, seal, install_start, install_done,
 *            trial_boot, confirm, fail, reject, rescue_request, rescue_ack
 *            or, with bit 6 of c, rollback (images are picked from 255 with
 *            distinct hashes, odd ones stored in slot2, so that installs over
 *            a confirmed image keep it as prev; counters and reasons come
 *            from the input). With bit 7 of c the append is cut
 *            by a power loss: 2 more bytes give the operation index, the cut
 *            kind (before, torn program, partial erase) and the seed.
 *     10     a reboot: the journal is opened afresh
 *     11..15 damage to one record slot, then the checks below, then the end:
 *            bit flips, a bad program (random bits cleared), a slot that
 *            reads erased, one chosen bit flipped, a partial erase of the slot
 * Properties, up to the damage:
 *  - every append succeeds and the journal's state is the model's (the model
 *    applies the record semantics of journal.h on its own);
 *  - a cut append leaves, after power-up, the model's state before or after
 *    it (and the model follows); a reboot reads back the model's state.
 * After the damage (opening twice gives the same state; an open that refuses
 * the damaged journal is fail-closed and accepted), the journal fails closed:
 *  - the security counter is at least what was committed before the damaged
 *    record: a damaged record may lose its own effect (it may be the last
 *    one, torn by a power cut as far as the journal can tell), never an
 *    earlier one's; so a damaged snapshot must not lower the counter;
 *  - an application reported in trial or confirmed has a hash that some
 *    committed record gave it, unless the journal reports its history lost
 *    (then bl1 starts no application);
 *  - both still hold after one more append and a reboot. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "journal.h"
#include "simflash.h"

#define BASE 0x08000000u
#define MAX_CMDS 96
#define MAX_SEQ 1024u

static const ob_sector_run runs[3][1] = {
    {{.count = 4, .size = 2048, .erase_ms = 1}},
    {{.count = 4, .size = 1024, .erase_ms = 1}},
    {{.count = 4, .size = 4096, .erase_ms = 1}},
};
static ob_flash_geom geoms[3];
static ob_layout layouts[3];
static simflash sfs[3];

typedef struct {
    ob_jstate st;                 /* what the journal must hold (seq not compared) */
    uint32_t counter_at[MAX_SEQ]; /* security counter committed as of each sequence number */
    uint8_t recorded[257];        /* image hashes committed as an application's (256: all zero) */
} model;

static model m, m_after;

static void make_image(ob_jimage *img, uint8_t idx, uint8_t counter)
{
    memset(img, 0, sizeof *img);
    img->payload_len = 100u + idx;
    img->raw_size = 1000u + idx;
    for (unsigned i = 0; i < OB_SHA256_LEN; i++) {
        img->raw_sha256[i] = (uint8_t)(idx + 1u + 37u * i);
        img->payload_sha256[i] = (uint8_t)(idx ^ i);
    }
    img->fw_version = idx;
    img->security_counter = counter;
    img->flags = (idx & 1u) ? OB_JIMG_SLOT2 : 0u;
}

/* Index of an application hash for `recorded`, or -1 if no image has it. */
static int hash_index(const uint8_t h[OB_SHA256_LEN])
{
    static const uint8_t zero[OB_SHA256_LEN];
    if (!memcmp(h, zero, sizeof zero))
        return 256;
    ob_jimage img;
    make_image(&img, (uint8_t)(h[0] - 1u), 0);
    return memcmp(h, img.raw_sha256, OB_SHA256_LEN) ? -1 : (uint8_t)(h[0] - 1u);
}

#define OP_ROLLBACK 16

static void model_drop_seal(ob_jstate *s)
{
    s->pending = 0;
    memset(&s->seal, 0, sizeof s->seal);
}

/* The record semantics of journal.h, written out again for the model.
 * Returns 0 when the journal refuses the call without writing (confirm). */
static int model_apply(ob_jstate *s, int op, const ob_jimage *img, int reason)
{
    /* "rescue runs on request, nothing since" ends with the next record */
    uint8_t rescue = s->rescue_request;
    if (rescue == OB_RESCUE_RUNNING)
        s->rescue_request = OB_RESCUE_NONE;
    switch (op) {
    case 0: model_drop_seal(s); break;
    case 1:
        s->seal = *img;
        s->pending = 1;
        memset(&s->prev, 0, sizeof s->prev);
        break;
    case 2:
        if (s->app_status == OB_APP_CONFIRMED && s->app.payload_len && s->app.raw_size &&
            ((s->app.flags ^ img->flags) & OB_JIMG_SLOT2))
            s->prev = s->app;
        s->app = *img;
        s->app_status = OB_APP_INSTALLING;
        s->trials = 0;
        s->history_lost = 0;
        s->rolled_back = 0;
        s->rollback_from = 0;
        model_drop_seal(s);
        break;
    case 3:
        if (img)
            s->app = *img;
        if (s->app.raw_size == 0)
            s->history_lost = 1;
        s->trials = 0;
        model_drop_seal(s);
        if (s->app.flags & OB_JIMG_ROLLBACK) {
            s->app_status = OB_APP_CONFIRMED;
            if (s->app.security_counter > s->security_counter)
                s->security_counter = s->app.security_counter;
        } else {
            s->app_status = OB_APP_TRIAL;
        }
        break;
    case 4:
        if (s->trials < 255)
            s->trials++;
        break;
    case 5:
        if (s->app_status == OB_APP_INSTALLING || s->app_status == OB_APP_FAILED ||
            s->app_status == OB_APP_CONFIRMED || s->history_lost) {
            s->rescue_request = rescue; /* nothing written */
            return 0;
        }
        s->app_status = OB_APP_CONFIRMED;
        s->trials = 0;
        if (s->app.security_counter > s->security_counter)
            s->security_counter = s->app.security_counter;
        memset(&s->prev, 0, sizeof s->prev);
        break;
    case 6: s->app_status = OB_APP_FAILED; s->last_reason = reason; break;
    case 7: model_drop_seal(s); s->last_reason = reason; break;
    case 8: s->rescue_request = OB_RESCUE_REQUESTED; break;
    case 9: s->rescue_request = OB_RESCUE_RUNNING; break;
    default: /* OP_ROLLBACK */
        s->last_reason = reason;
        if (s->app_status == OB_APP_INSTALLING && (s->app.flags & OB_JIMG_ROLLBACK))
            break; /* a rollback under way already: the record's twin changes nothing more */
        s->rolled_back = 1;
        s->rollback_from = s->app.fw_version;
        s->app = s->prev;
        s->app.flags |= OB_JIMG_ROLLBACK;
        memset(&s->prev, 0, sizeof s->prev);
        s->app_status = OB_APP_INSTALLING;
        s->trials = 0;
        s->history_lost = 0;
        break;
    }
    return 1;
}

static int call(ob_journal *j, int op, const ob_jimage *img, int reason)
{
    switch (op) {
    case 0: return ob_journal_recv_start(j);
    case 1: return ob_journal_seal(j, img);
    case 2: return ob_journal_install_start(j, img);
    case 3: return ob_journal_install_done(j, img);
    case 4: return ob_journal_trial_boot(j);
    case 5: return ob_journal_confirm(j);
    case 6: return ob_journal_fail(j, reason);
    case 7: return ob_journal_reject(j, reason);
    case 8: return ob_journal_rescue_request(j);
    case 9: return ob_journal_rescue_ack(j);
    default: return ob_journal_rollback(j, reason);
    }
}

static int same_state(const ob_jstate *a, const ob_jstate *b)
{
    return a->app_status == b->app_status && a->trials == b->trials && a->pending == b->pending &&
           a->rescue_request == b->rescue_request && a->history_lost == b->history_lost &&
           a->security_counter == b->security_counter &&
           a->last_reason == b->last_reason && !memcmp(&a->app, &b->app, sizeof a->app) &&
           !memcmp(&a->seal, &b->seal, sizeof a->seal) && !memcmp(&a->prev, &b->prev, sizeof a->prev) &&
           a->rolled_back == b->rolled_back && a->rollback_from == b->rollback_from;
}

/* The journal reached sequence number seq with the model's state committed:
 * numbers it skipped (a compaction's snapshot) carry the counter before. */
static void commit(model *md, uint32_t old_seq, uint32_t old_counter, uint32_t seq)
{
    if (seq >= MAX_SEQ)
        abort(); /* MAX_CMDS appends cannot get there */
    for (uint32_t s = old_seq + 1; s < seq; s++)
        md->counter_at[s] = old_counter;
    md->counter_at[seq] = md->st.security_counter;
    md->st.seq = seq;
    if (md->st.app_status == OB_APP_TRIAL || md->st.app_status == OB_APP_CONFIRMED) {
        int h = hash_index(md->st.app.raw_sha256);
        if (h < 0)
            abort();
        md->recorded[h] = 1; /* a state the journal legitimately reached */
    }
}

static void reopen_same(ob_journal *j, simflash *sf, const ob_layout *l, const ob_jstate *want)
{
    if (ob_journal_open(j, simflash_flash(sf), l) != OB_OK || !same_state(&j->st, want) ||
        j->st.seq != want->seq)
        abort();
}

/* A committed record in this slot: its sequence number, else 0. */
static uint32_t slot_seq(const uint8_t *rec)
{
    uint32_t seq = ob_get_le32(rec + 4);
    if (ob_get_le32(rec) != OB_JREC_MAGIC || seq == 0 || seq == 0xFFFFFFFFu ||
        ob_crc32(0, rec, 252) != ob_get_le32(rec + 252))
        return 0;
    return seq;
}

static uint32_t xorshift(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void damage(reader *r, int kind, uint8_t *slot)
{
    uint32_t seed = ((uint32_t)next(r) << 8 | next(r)) * 2654435761u + 1u;
    switch (kind) {
    case 11: /* 1-4 bits flipped anywhere in the slot */
        for (unsigned k = 0, n = 1 + next(r) % 4; k < n; k++) {
            uint32_t x = xorshift(&seed);
            slot[x % OB_JREC_SIZE] ^= (uint8_t)(1u << (x >> 8 & 7));
        }
        break;
    case 12: /* a bad program: random bits cleared */
        for (unsigned i = 0; i < OB_JREC_SIZE; i++)
            slot[i] &= (uint8_t)xorshift(&seed);
        break;
    case 13:
        memset(slot, 0xFF, OB_JREC_SIZE);
        break;
    case 14: /* one chosen bit */
        slot[seed % OB_JREC_SIZE] ^= (uint8_t)(1u << (next(r) & 7));
        break;
    default: /* each byte erased, kept or random */
        for (unsigned i = 0; i < OB_JREC_SIZE; i++) {
            uint32_t x = xorshift(&seed);
            slot[i] = x % 3 == 0 ? 0xFF : x % 3 == 1 ? slot[i] : (uint8_t)(x >> 8);
        }
        break;
    }
}

static void check_damaged(const ob_jstate *st, uint32_t floor)
{
    if (st->security_counter < floor) {
        fprintf(stderr, "fail-open: damage lowered the security counter from %u to %u\n", (unsigned)floor,
                (unsigned)st->security_counter);
        abort();
    }
    /* with the history marked lost, bl1 starts no application whatever the
     * state says (core/boot.c), and confirming is refused */
    if ((st->app_status == OB_APP_TRIAL || st->app_status == OB_APP_CONFIRMED) && !st->history_lost) {
        int h = hash_index(st->app.raw_sha256);
        if (h < 0 || !m.recorded[h]) {
            fprintf(stderr, "fail-open: application %s with a hash no record gave it\n",
                    ob_app_status_name(st->app_status));
            abort();
        }
    }
}

static void after_damage(reader *r, int kind, simflash *sf, const ob_layout *l, ob_journal *j)
{
    int sec = next(r) & 1;
    uint32_t per = l->journal[sec].size / OB_JREC_SIZE;
    uint8_t *slot = sf->mem + (l->journal[sec].addr - BASE) + next(r) % per * OB_JREC_SIZE;
    uint32_t hit = slot_seq(slot);
    uint32_t floor = m.st.security_counter;
    if (hit && hit <= m.st.seq)
        floor = m.counter_at[hit - 1]; /* the damaged record's own effect may go */
    damage(r, kind, slot);

    ob_journal k;
    if (ob_journal_open(j, simflash_flash(sf), l) != OB_OK)
        return; /* refusing the damaged journal is failing closed */
    if (ob_journal_open(&k, simflash_flash(sf), l) != OB_OK || !same_state(&j->st, &k.st) ||
        j->st.seq != k.st.seq)
        abort();
    check_damaged(&j->st, floor);

    /* the board goes on: bl1 counts a trial boot or takes a rescue request */
    static const int ops[4] = {4, 8, 9, 7};
    if (call(j, ops[next(r) & 3], NULL, OB_ERR_PAYLOAD_HASH) != OB_OK)
        return;
    if (ob_journal_open(&k, simflash_flash(sf), l) != OB_OK)
        return;
    if (!same_state(&j->st, &k.st))
        abort();
    check_damaged(&k.st, floor);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ob_journal j;
    reader r = {data, size, 0};
    int g = next(&r) % 3;
    if (!geoms[g].runs) {
        geoms[g] = (ob_flash_geom){.name = "fuzz", .base = BASE, .runs = runs[g], .nruns = 1,
                                   .prog_align = 4, .prog_word_us = 1};
        uint32_t sz = runs[g][0].size;
        layouts[g] = (ob_layout){.board = "fuzz", .mcu = "fuzz", .profile = OB_PROFILE_SLOT,
                                 .geom = &geoms[g],
                                 .journal = {{.addr = BASE + sz, .size = sz}, {.addr = BASE + 2 * sz, .size = sz}}};
        if (simflash_open(&sfs[g], &geoms[g], NULL) != OB_OK)
            abort();
    }
    const ob_layout *l = &layouts[g];
    simflash *sf = &sfs[g];
    simflash_power_up(sf);
    memset(sf->mem, 0xFF, sf->size);
    memset(&m, 0, sizeof m);
    if (ob_journal_open(&j, simflash_flash(sf), l) != OB_OK || j.st.seq != 0)
        abort();

    for (int ncmd = 0; r.off < r.n && ncmd < MAX_CMDS; ncmd++) {
        uint8_t c = next(&r);
        int op = c % 16;
        if (op == 9 && (c & 0x40))
            op = OP_ROLLBACK;
        if (op == 10) {
            reopen_same(&j, sf, l, &m.st);
            continue;
        }
        if (op > 10 && op != OP_ROLLBACK) {
            after_damage(&r, op, sf, l, &j);
            return 0;
        }
        ob_jimage img, *imgp = NULL;
        int reason = -1 - (int)(next(&r) % 64);
        if (op == 1 || op == 2 || (op == 3 && (c & 0x40))) {
            make_image(&img, next(&r), next(&r));
            imgp = &img;
        }
        m_after = m;
        int writes = model_apply(&m_after.st, op, imgp, reason);
        if (op == 2 || (op == 3 && imgp))
            m_after.recorded[hash_index(img.raw_sha256)] = 1;
        uint32_t old_seq = m.st.seq, old_counter = m.st.security_counter;

        /* confirm writes nothing when already confirmed, and refuses an
         * application being installed or failed */
        int want_rc = writes || m.st.app_status == OB_APP_CONFIRMED ? OB_OK : OB_ERR_STATE;
        if (!(c & 0x80)) {
            int rc = call(&j, op, imgp, reason);
            /* one number per copy (install start and done and confirm are
             * written twice), and two more for a compaction's snapshots (one
             * when a lone snapshot is rebuilt in place: it keeps its number) */
            uint32_t steps = j.st.seq - old_seq, copies = op == 2 || op == 3 || op == 5 || op == OP_ROLLBACK ? 2u : 1u;
            if (rc != want_rc || !same_state(&j.st, &m_after.st) ||
                (writes ? steps < copies || steps > copies + 2u : steps != 0))
                abort();
            m = m_after;
            commit(&m, old_seq, old_counter, j.st.seq);
            continue;
        }
        uint8_t k = next(&r), seed = next(&r);
        simflash_cut kind = (k >> 3 & 3) == 3 ? SIMFLASH_CUT_TORN : (simflash_cut)(k >> 3 & 3);
        simflash_cut_after(sf, k % 8, kind, seed * 977u + 1u);
        int rc = call(&j, op, imgp, reason);
        simflash_cut_cancel(sf);
        simflash_power_up(sf);
        if (ob_journal_open(&j, simflash_flash(sf), l) != OB_OK)
            abort();
        if (rc == OB_OK || (writes && same_state(&j.st, &m_after.st) && j.st.seq > old_seq)) {
            if (!same_state(&j.st, &m_after.st))
                abort(); /* a successful append that did not stick */
            m = m_after;
            commit(&m, old_seq, old_counter, j.st.seq);
        } else if (same_state(&j.st, &m.st)) {
            /* before: a compaction may have taken a number, same state */
            if (j.st.seq != old_seq)
                commit(&m, old_seq, old_counter, j.st.seq);
        } else {
            abort(); /* neither the state before nor the state after */
        }
    }
    return 0;
}
