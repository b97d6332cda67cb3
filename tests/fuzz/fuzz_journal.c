/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the boot journal reader (core/journal.c) on arbitrary
 * sector contents, including torn records.
 *
 * The input is a little program that paints the two journal sectors of a
 * simulated board (bytes are consumed as needed; missing bytes read as 0):
 *   byte 0: layout (bit 0: nucleo-f429zi 16 KiB sectors, else nucleo-f746zg
 *           32 KiB sectors); byte 1: the record type appended at the end
 *   then commands, each a byte c:
 *     c % 6 == 0  committed record: sector c>>7, slot, seq (2 bytes, added to
 *                 a rising base; with bit 6 of c, 1 byte below 0xFFFFFFFF),
 *                 type, 8 body bytes (repeated over the body)
 *     c % 6 == 1  the same, torn: then `nbits` random bits (seeded) cleared
 *                 anywhere in it, or its commit word left erased
 *     c % 6 == 2  16 garbage bytes at slot*64
 *     c % 6 == 3  erase a sector
 *     c % 6 == 4  snapshot record (body bytes from the input)
 *     c % 6 == 5  a whole record slot of raw bytes
 * Properties: ob_journal_open succeeds; opening twice, and opening a copy of
 * the sectors on another flash, give the same journal; an append then
 * succeeds and reads back as the state the journal holds in memory, with a
 * higher sequence number; and an append cut by a power loss at an index
 * taken from the input leaves the state before or the state after.
 *
 * With bit 1 of byte 0 set, the input is instead a history the journal
 * writes itself (byte 1: number of appends, then per append a type byte and
 * the image's security counter), followed by 3 bytes choosing one bit of
 * the written record slots of either sector, which is flipped. Fail-closed
 * properties: the flipped journal's stored counter is not lower, the
 * application's description is the same, and one lost record never reads as
 * lost history. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "journal.h"
#include "simflash.h"

/* below this sequence number every append fits */
#define SEQ_END 0xFFFFFFFBu

static simflash sf[2][2]; /* [layout][original, copy] */
static const ob_layout *lay[2];

static uint8_t *sector_mem(simflash *s, const ob_layout *l, int k)
{
    return s->mem + (l->journal[k].addr - l->geom->base);
}

static void make_record(uint8_t *rec, uint32_t seq, uint8_t type, const uint8_t *body, size_t blen)
{
    memset(rec, 0, OB_JREC_SIZE);
    ob_put_le32(rec, OB_JREC_MAGIC);
    ob_put_le32(rec + 4, seq);
    rec[8] = type;
    /* the body and the counter field: body repeated over 240 bytes (copies
     * that double, not a byte loop: this runs for every painted record) */
    size_t k = OB_MIN(blen, (size_t)240);
    memcpy(rec + 12, body, k);
    while (k && k < 240) {
        size_t c = OB_MIN(k, 240 - k);
        memcpy(rec + 12 + k, rec + 12, c);
        k += c;
    }
    for (uint8_t salt = 0;; salt++) {
        rec[9] = salt;
        uint32_t c = ob_crc32(0, rec, 252);
        if (c != 0xFFFFFFFFu) {
            ob_put_le32(rec + 252, c);
            return;
        }
    }
}

static void paint(reader *r, simflash *s, const ob_layout *l)
{
    uint32_t per = l->journal[0].size / OB_JREC_SIZE;
    uint32_t base = 0;
    uint8_t rec[OB_JREC_SIZE], body[OB_JREC_BODY_MAX];
    for (int k = 0; k < 2; k++)
        memset(sector_mem(s, l, k), 0xFF, l->journal[k].size);
    for (int ncmd = 0; r->off < r->n && ncmd < 512; ncmd++) {
        uint8_t c = next(r);
        int sec = c >> 7;
        uint8_t *m = sector_mem(s, l, sec);
        switch (c % 6) {
        case 0:
        case 1: {
            uint32_t slot = next(r) % per;
            if (c & 0x40) /* near the end of the sequence space */
                base = 0xFFFFFFFFu - next(r);
            else
                base += (uint32_t)next(r) << 8 | next(r);
            uint8_t type = next(r);
            for (int i = 0; i < 8; i++)
                body[i] = next(r);
            make_record(rec, base, type, body, 8);
            if (c % 6 == 1) {
                uint8_t nbits = next(r);
                uint32_t seed = (uint32_t)next(r) * 2654435761u + 1u;
                if (nbits == 0)
                    memset(rec + 252, 0xFF, 4); /* body written, commit not */
                for (unsigned i = 0; i < nbits % 32; i++) {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    rec[seed % OB_JREC_SIZE] &= (uint8_t)~(1u << (seed >> 8 & 7));
                }
            }
            memcpy(m + slot * OB_JREC_SIZE, rec, OB_JREC_SIZE);
            break;
        }
        case 2: {
            uint32_t at = (uint32_t)next(r) * 64u % l->journal[sec].size;
            for (int i = 0; i < 16; i++)
                m[at + i] = next(r);
            break;
        }
        case 3:
            memset(m, 0xFF, l->journal[sec].size);
            break;
        case 4: {
            uint32_t slot = next(r) % per;
            base += next(r);
            uint8_t len = next(r);
            for (unsigned i = 0; i < len && i < sizeof body; i++)
                body[i] = next(r);
            make_record(rec, base, OB_JREC_SNAPSHOT, body, len ? (len < sizeof body ? len : sizeof body) : 0);
            memcpy(m + slot * OB_JREC_SIZE, rec, OB_JREC_SIZE);
            break;
        }
        default: {
            uint32_t slot = next(r) % per;
            for (unsigned i = 0; i < OB_JREC_SIZE; i++)
                m[slot * OB_JREC_SIZE + i] = next(r);
            break;
        }
        }
    }
}

static int append_one(ob_journal *j, uint8_t type, uint8_t counter)
{
    ob_jimage img;
    memset(&img, 0, sizeof img);
    img.payload_len = 1234;
    img.raw_size = 5678;
    img.fw_version = 0x01020300u;
    img.security_counter = counter;
    img.raw_sha256[0] = counter;
    switch (type % 10) {
    case 0: return ob_journal_recv_start(j);
    case 1: return ob_journal_seal(j, &img);
    case 2: return ob_journal_install_start(j, &img);
    case 3: return ob_journal_install_done(j, (type & 0x80) ? &img : NULL);
    case 4: return ob_journal_trial_boot(j);
    case 5: return ob_journal_append(j, OB_JREC_CONFIRM, NULL, 0);
    case 6: return ob_journal_fail(j, OB_ERR_NO_APP);
    case 7: return ob_journal_reject(j, OB_ERR_PAYLOAD_HASH);
    case 8: return ob_journal_rescue_request(j);
    default: return ob_journal_rescue_ack(j);
    }
}

static void same_journal(const ob_journal *a, const ob_journal *b)
{
    if (memcmp(&a->st, &b->st, sizeof a->st) || a->active != b->active || a->next_off != b->next_off)
        abort();
}

static int same_state_but_seq(const ob_jstate *a, const ob_jstate *b)
{
    ob_jstate x = *a;
    x.seq = b->seq;
    return memcmp(&x, b, sizeof x) == 0;
}

static void flipped_history(reader *r, simflash *s, const ob_layout *l)
{
    static ob_journal j, k;
    for (int i = 0; i < 2; i++)
        memset(sector_mem(s, l, i), 0xFF, l->journal[i].size);
    if (ob_journal_open(&j, simflash_flash(s), l) != OB_OK)
        abort();
    for (unsigned n = next(r), i = 0; i < n && r->off < r->n; i++) {
        uint8_t type = next(r);
        (void)append_one(&j, type, next(r));
    }
    ob_jstate intact = j.st;
    uint32_t slots = 0, per = l->journal[0].size / OB_JREC_SIZE;
    uint8_t *used[2 * 256];
    static uint8_t erased[OB_JREC_SIZE];
    memset(erased, 0xFF, sizeof erased);
    for (int i = 0; i < 2; i++)
        for (uint32_t n = 0; n < per && n < 256; n++) {
            uint8_t *p = sector_mem(s, l, i) + n * OB_JREC_SIZE;
            if (memcmp(p, erased, OB_JREC_SIZE) != 0) /* one call, not a comparison per byte */
                used[slots++] = p;
        }
    if (slots == 0)
        return;
    uint32_t pick = (uint32_t)next(r) << 16 | (uint32_t)next(r) << 8 | next(r);
    uint32_t bit = pick % (OB_JREC_SIZE * 8);
    used[pick / (OB_JREC_SIZE * 8) % slots][bit / 8] ^= (uint8_t)(1u << (bit % 8));
    if (ob_journal_open(&k, simflash_flash(s), l) != OB_OK)
        abort();
    if (k.st.sec_counter < intact.sec_counter || memcmp(&k.st.app, &intact.app, sizeof intact.app) != 0 ||
        k.st.history_lost != intact.history_lost)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ob_journal j1, j2, j3;
    reader r = {data, size, 0};
    uint8_t mode = next(&r);
    int li = mode & 1;
    uint8_t type = next(&r);
    uint8_t cut = next(&r);
    if (!lay[0]) {
        lay[0] = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
        lay[1] = ob_layout_find("nucleo-f746zg", OB_PROFILE_SLOT);
        for (int l = 0; l < 2; l++)
            for (int c = 0; c < 2; c++)
                if (!lay[l] || simflash_open(&sf[l][c], lay[l]->geom, NULL) != OB_OK)
                    abort();
    }
    const ob_layout *l = lay[li];
    simflash *s = &sf[li][0], *copy = &sf[li][1];
    simflash_power_up(s);
    if (mode & 2) {
        r.off = 1;
        flipped_history(&r, s, l);
        return 0;
    }
    paint(&r, s, l);
    for (int k = 0; k < 2; k++)
        memcpy(sector_mem(copy, l, k), sector_mem(s, l, k), l->journal[k].size);

    if (ob_journal_open(&j1, simflash_flash(s), l) != OB_OK || ob_journal_open(&j2, simflash_flash(s), l) != OB_OK ||
        ob_journal_open(&j3, simflash_flash(copy), l) != OB_OK)
        abort();
    same_journal(&j1, &j2);
    j3.flash = j1.flash;
    same_journal(&j1, &j3);
    ob_jstate before = j1.st;
    /* A journal whose active sector holds one snapshot without its twin
     * rebuilds that sector in place when it must compact; cut there, the
     * other sector's history is in charge: its state is a third outcome. */
    ob_jstate other = before;
    if (j1.single) {
        uint8_t *m = sector_mem(copy, l, j1.active);
        memset(m, 0xFF, l->journal[j1.active].size);
        if (ob_journal_open(&j2, simflash_flash(copy), l) != OB_OK)
            abort();
        other = j2.st;
        memcpy(m, sector_mem(s, l, j1.active), l->journal[j1.active].size);
    }

    /* the append on the copy, uncut: it must work and read back, except at
     * the end of the sequence space (an append may need four numbers: a
     * compaction's two snapshots and a record written twice), where it is
     * refused and nothing changes */
    j3.flash = simflash_flash(copy);
    if (append_one(&j3, type, 9) != OB_OK) {
        if (before.seq < SEQ_END || memcmp(&j3.st, &before, sizeof before) != 0)
            abort();
        if (ob_journal_open(&j2, simflash_flash(copy), l) != OB_OK || memcmp(&j2.st, &before, sizeof before) != 0)
            abort();
        return 0;
    }
    if (j3.st.seq <= before.seq && before.seq != 0)
        abort();
    if (ob_journal_open(&j2, simflash_flash(copy), l) != OB_OK)
        abort();
    if (memcmp(&j2.st, &j3.st, sizeof j2.st) != 0)
        abort();
    ob_jstate after = j3.st;

    /* the same append on the original, cut after `cut` operations */
    simflash_cut_after(s, cut % 8, (ob_cut_kind)(cut >> 3 & 3) == 3 ? OB_CUT_TORN : (ob_cut_kind)(cut >> 3 & 3),
                       cut * 977u + 1u);
    int rc = append_one(&j1, type, 9);
    simflash_cut_cancel(s); /* the append may have needed fewer operations */
    simflash_power_up(s);
    if (ob_journal_open(&j2, simflash_flash(s), l) != OB_OK)
        abort();
    if (rc == OB_OK) {
        if (memcmp(&j2.st, &after, sizeof after) != 0)
            abort();
    } else if (!same_state_but_seq(&j2.st, &before) && !same_state_but_seq(&j2.st, &after) &&
               !same_state_but_seq(&j2.st, &other)) {
        abort();
    }
    /* and it goes on working (up to the end of the sequence space) */
    ob_jstate now = j2.st;
    if (append_one(&j2, type, 9) != OB_OK) {
        if (now.seq < SEQ_END || memcmp(&j2.st, &now, sizeof now) != 0)
            abort();
    }
    if (ob_journal_open(&j1, simflash_flash(s), l) != OB_OK || memcmp(&j1.st, &j2.st, sizeof j1.st) != 0)
        abort();
    return 0;
}
