/* SPDX-License-Identifier: Apache-2.0 */
/* Power-cut harness: the board, its cheap snapshot, the steps a scenario is
 * made of, and the invariants every step checks. */
#include "pc.h"

#include <stdlib.h>
#include <string.h>

#include "slot.h"

uint32_t pc_version(int v)
{
    return (uint32_t)v << 24;
}

/* ---- the tracking flash --------------------------------------------- */

static void mark(pc_flash *pf, uint32_t addr, uint32_t len)
{
    uint32_t idx, start, size;
    uint32_t end = addr + (len ? len : 1);
    while (addr < end && ob_flash_sector_of(pf->sf->geom, addr, &idx, &start, &size) == OB_OK) {
        pf->dirty[idx] = 1;
        addr = start + size;
    }
}

static int pf_read(ob_flash *f, uint32_t addr, void *dst, uint32_t len)
{
    pc_flash *pf = (pc_flash *)f->ctx;
    return pf->sf->dev.read(&pf->sf->dev, addr, dst, len);
}

static int pf_program(ob_flash *f, uint32_t addr, const void *src, uint32_t len)
{
    pc_flash *pf = (pc_flash *)f->ctx;
    mark(pf, addr, len);
    return pf->sf->dev.program(&pf->sf->dev, addr, src, len);
}

static int pf_erase(ob_flash *f, uint32_t sector_addr)
{
    pc_flash *pf = (pc_flash *)f->ctx;
    mark(pf, sector_addr, 1);
    return pf->sf->dev.erase(&pf->sf->dev, sector_addr);
}

void pc_open(pc_ctx *c, const ob_layout *l, unsigned idx, fx_board *b)
{
    memset(c, 0, sizeof *c);
    c->l = l;
    c->layout_idx = idx;
    c->b = b;
    fx_board_open(b, l);
    c->pf.sf = &b->sf;
    c->pf.nsec = b->sf.nsectors;
    c->pf.snap = malloc(b->sf.size);
    c->pf.dirty = calloc(c->pf.nsec, 1);
    assert_non_null(c->pf.snap);
    assert_non_null(c->pf.dirty);
    c->pf.dev.geom = l->geom;
    c->pf.dev.read = pf_read;
    c->pf.dev.program = pf_program;
    c->pf.dev.erase = pf_erase;
    c->pf.dev.mapped = b->sf.mem;
    c->pf.dev.ctx = &c->pf;
    b->f = &c->pf.dev;
    assert_int_equal(simflash_open(&c->copy, l->geom, NULL), OB_OK);
}

void pc_close(pc_ctx *c)
{
    simflash_close(&c->copy);
    fx_board_close(c->b);
    free(c->pf.snap);
    free(c->pf.dirty);
}

void pc_snap_take(pc_ctx *c)
{
    memcpy(c->pf.snap, c->b->sf.mem, c->b->sf.size);
    memset(c->pf.dirty, 0, c->pf.nsec);
}

void pc_snap_restore(pc_ctx *c)
{
    simflash_cut_cancel(&c->b->sf);
    simflash_power_up(&c->b->sf);
    for (uint32_t i = 0; i < c->pf.nsec; i++) {
        if (!c->pf.dirty[i])
            continue;
        uint32_t start, size;
        assert_int_equal(ob_flash_sector_at(c->l->geom, i, &start, &size), OB_OK);
        uint32_t off = start - c->l->geom->base;
        memcpy(c->b->sf.mem + off, c->pf.snap + off, size);
        c->pf.dirty[i] = 0;
    }
    assert_int_equal(ob_journal_open(&c->b->j, c->b->f, c->l), OB_OK); /* what the flash now says */
}

void pc_erase_all(pc_ctx *c)
{
    simflash_cut_cancel(&c->b->sf);
    simflash_power_up(&c->b->sf);
    memset(c->b->sf.mem, 0xFF, c->b->sf.size);
    memset(c->pf.dirty, 1, c->pf.nsec);
    assert_int_equal(ob_journal_open(&c->b->j, c->b->f, c->l), OB_OK);
}

int pc_dead(pc_ctx *c)
{
    return simflash_is_dead(&c->b->sf);
}

uint64_t pc_ops(pc_ctx *c)
{
    return simflash_op_count(&c->b->sf);
}

/* ---- images --------------------------------------------------------- */

void pc_make_images(pc_ctx *c, const uint32_t sizes[PC_VERSIONS])
{
    for (int v = 1; v < PC_VERSIONS; v++) {
        uint32_t n = sizes[v];
        size_t cap = n + n / 8 + 4096;
        c->raw[v] = malloc(n);
        c->file[v] = malloc(cap);
        assert_non_null(c->raw[v]);
        assert_non_null(c->file[v]);
        fx_make_raw(c->raw[v], n, c->l, (uint32_t)(v * 7919 + c->layout_idx));
        c->raw_len[v] = n;
        c->file_len[v] = fx_pack(c->l, c->raw[v], n, pc_version(v), (uint32_t)v, 9, c->file[v], cap);
        if (c->l->profile != OB_PROFILE_DIRECT)
            assert_true(c->file_len[v] < ob_layout_payload_max(c->l));
    }
}

void pc_free_images(pc_ctx *c)
{
    for (int v = 1; v < PC_VERSIONS; v++) {
        free(c->raw[v]);
        free(c->file[v]);
        c->raw[v] = c->file[v] = NULL;
    }
}

void pc_put_rescue(pc_ctx *c)
{
    static uint8_t r[2048];
    const ob_layout *l = c->l;
    fx_make_raw(r, sizeof r, l, 99);
    ob_put_le32(r + 4, l->rescue.addr + 0x101);
    assert_int_equal(simflash_poke(&c->b->sf, l->rescue.addr, r, sizeof r), OB_OK);
}

/* ---- failure report ------------------------------------------------- */

void pc_fail(pc_ctx *c, const char *what)
{
    const ob_jstate *st = &c->b->j.st;
    printf("  FAILED: %s\n  scenario: %s/%s flow %s variant %d, cut at %ld (kind %d), second cut %ld (kind %d)\n",
           what, c->l->board, ob_profile_name(c->l->profile), c->flow ? c->flow : "-", c->variant, c->cut1,
           c->kind1, c->cut2, c->kind2);
    printf("  journal: seq %u app %s v%08x trials %u pending %u (seal v%08x) reason %d\n", (unsigned)st->seq,
           ob_app_status_name(st->app_status), (unsigned)st->app.fw_version, st->trials, st->pending,
           (unsigned)st->seal.fw_version, (int)st->last_reason);
    printf("  last bl1: action %d v%08x trial %d reason %d\n", c->last.action, (unsigned)c->last.fw_version,
           c->last.trial, c->last.reason);
    for (int i = 0; i < c->b->nlog; i++)
        printf("    %s\n", c->b->log[i]);
    fail_msg("power-cut invariant broken: %s", what);
}

/* ---- invariants ----------------------------------------------------- */

/* the rollback profile */

void pc_damage_rollback_point(pc_ctx *c)
{
    const ob_jimage *img = ob_jstate_rollback_point(&c->b->j.st);
    assert_non_null(img);
    const ob_region *s = ob_jimage_slot(img, c->l);
    uint32_t addr = s->addr + OB_SLOT_HDR_LEN + img->payload_len / 2;
    uint8_t byte = c->b->sf.mem[addr - c->l->geom->base] ^ 0x5a;
    assert_int_equal(simflash_poke(&c->b->sf, addr, &byte, 1), OB_OK);
    c->start.damaged = 1;
}

/* What the journal says of the rollback profile's images, and the one
 * promise it makes: the image kept to go back to is intact in its slot (its
 * header and its payload's hash), whatever was cut, until it is given up
 * (a confirmation, a seal over it) or taken back into the application area. */
static void check_rollback_state(pc_ctx *c, const ob_jstate *st)
{
    /* never a lowered security counter */
    PC_ASSERT(c, st->security_counter >= c->counter_floor);
    c->counter_floor = st->security_counter;
    if (c->l->profile != OB_PROFILE_ROLLBACK) {
        PC_ASSERT(c, st->prev.raw_size == 0 && !st->rolled_back);
        return;
    }
    if (st->prev.raw_size != 0) {
        /* kept only while a newer image installs or is on trial, in the other slot */
        PC_ASSERT(c, st->app_status == OB_APP_INSTALLING || st->app_status == OB_APP_TRIAL);
        PC_ASSERT(c, !(st->app.flags & OB_JIMG_ROLLBACK));
        PC_ASSERT(c, (st->app.flags & OB_JIMG_SLOT2) != (st->prev.flags & OB_JIMG_SLOT2));
        PC_ASSERT(c, st->prev.payload_len != 0 && st->prev.security_counter <= st->security_counter);
    }
    if (st->app.flags & OB_JIMG_ROLLBACK)
        PC_ASSERT(c, st->rolled_back && st->app.payload_len != 0);
    const ob_jimage *rb = ob_jstate_rollback_point(st);
    if (!rb || c->start.damaged)
        return;
    const ob_region *s = ob_jimage_slot(rb, c->l);
    uint8_t hdr[OB_SLOT_HDR_LEN], sha[OB_SHA256_LEN];
    ob_slot_hdr h;
    PC_ASSERT(c, s != NULL && rb->payload_len <= s->size - OB_SLOT_HDR_LEN);
    PC_ASSERT(c, ob_flash_read(c->b->f, s->addr, hdr, sizeof hdr) == OB_OK);
    PC_ASSERT(c, ob_slot_hdr_decode(hdr, &h) == OB_OK && h.payload_len == rb->payload_len);
    PC_ASSERT(c, ob_sha256_flash(c->b->f, s->addr + OB_SLOT_HDR_LEN, rb->payload_len, sha) == OB_OK);
    PC_ASSERT(c, memcmp(sha, rb->payload_sha256, sizeof sha) == 0);
}

/* The journal reads as exactly one state. After a power-up: twice from this
 * flash, and from a copy of its two sectors on another chip. At the end of a
 * scenario: read again, it is what the code left in memory after its last
 * step (the fixture reopens it after each step). */
void pc_check_journal(pc_ctx *c, int twice)
{
    static ob_journal a, b, k;
    const ob_layout *l = c->l;
    ob_flash *f = c->b->f;
    PC_ASSERT(c, ob_journal_open(&a, f, l) == OB_OK);
    if (twice)
        PC_ASSERT(c, ob_journal_open(&b, f, l) == OB_OK);
    else
        b = c->b->j; /* the fixture reopened it after the last step */
    PC_ASSERT(c, memcmp(&a.st, &b.st, sizeof a.st) == 0 && a.active == b.active && a.next_off == b.next_off);
    if (twice) {
        for (int s = 0; s < 2; s++) {
            uint32_t off = l->journal[s].addr - l->geom->base;
            memcpy(c->copy.mem + off, c->b->sf.mem + off, l->journal[s].size);
        }
        PC_ASSERT(c, ob_journal_open(&k, simflash_flash(&c->copy), l) == OB_OK);
        PC_ASSERT(c, memcmp(&a.st, &k.st, sizeof a.st) == 0 && a.active == k.active && a.next_off == k.next_off);
    }
    PC_ASSERT(c, a.st.app_status <= OB_APP_FAILED);
    check_rollback_state(c, &a.st);
    c->b->j = a;
}

void pc_after_power_up(pc_ctx *c)
{
    simflash_power_up(&c->b->sf);
    pc_check_journal(c, 1);
    const ob_jstate *st = &c->b->j.st;
    /* A sealed update is never lost: whatever seal the journal holds now is
     * what the next bl1 installs and starts (superseding it takes a
     * RECV_START, after which nothing is pending). */
    c->must_start = st->pending ? st->seal.fw_version : 0;
}

int pc_version_index(uint32_t fw)
{
    for (int v = 1; v < PC_VERSIONS; v++)
        if (pc_version(v) == fw)
            return v;
    return 0;
}

/* Starting the image kept to go back to, confirmed, is legitimate when the
 * journal before this run said so: a trial image that used its trial boots
 * with a rollback point kept, a rollback under way (a cut interrupted it),
 * or one done (the board runs the image it went back to). */
static int rollback_due(const pc_ctx *c, uint32_t fw)
{
    const ob_jstate *st = &c->before;
    if (c->l->profile != OB_PROFILE_ROLLBACK)
        return 0;
    if (st->app_status == OB_APP_INSTALLING && (st->app.flags & OB_JIMG_ROLLBACK))
        return st->app.fw_version == fw;
    if (st->app_status == OB_APP_CONFIRMED && st->rolled_back)
        return st->app.fw_version == fw;
    return st->app_status == OB_APP_TRIAL && st->trials >= PC_MAX_TRIALS && st->prev.fw_version == fw &&
           st->prev.raw_size != 0;
}

/* What bl1 decided, against the invariants. */
static void check_boot(pc_ctx *c, int rc, const ob_boot_result *res)
{
    fx_board *b = c->b;
    const ob_jstate *st = &b->j.st;
    c->last = *res;
    PC_ASSERT(c, res->action == OB_BOOT_START_APP || res->action == OB_BOOT_START_RESCUE);
    PC_ASSERT(c, rc == OB_OK);
    PC_ASSERT(c, !fx_logged(b, "rejected"));
    /* the one install that may fail: from a copy the flow damaged */
    PC_ASSERT(c, !fx_logged(b, "install failed") || c->start.damaged);
    PC_ASSERT(c, !fx_logged(b, "application check failed"));
    PC_ASSERT(c, st->security_counter >= c->counter_floor);
    if (c->must_start) {
        PC_ASSERT(c, res->action == OB_BOOT_START_APP && res->fw_version == c->must_start);
        c->must_start = 0;
    }
    if (res->action == OB_BOOT_START_RESCUE) {
        /* power cuts may eat an unconfirmed image's trial boots (each cut
         * after bl1 counted one is a boot the image did not get to confirm);
         * in the rollback profile that takes the board back to the image
         * kept for it, and rescue is right only when there is none or its
         * copy was damaged */
        PC_ASSERT(c, (c->rescue_ok & PC_PROFILE(c->l)) ||
                         (c->trials_may_run_out && c->trial_starts >= PC_MAX_TRIALS &&
                          (c->l->profile != OB_PROFILE_ROLLBACK || c->start.damaged)));
        /* never with a previous image kept whose copy is good */
        PC_ASSERT(c, c->before.prev.raw_size == 0 || c->start.damaged);
        PC_ASSERT(c, res->vector_addr == c->l->rescue.addr);
        return;
    }
    int v = pc_version_index(res->fw_version);
    PC_ASSERT(c, v != 0);
    if (!(c->allowed & (1u << v))) {
        /* the rollback: the image kept, started confirmed, never on trial */
        PC_ASSERT(c, v == c->start.rollback_v && rollback_due(c, res->fw_version));
        PC_ASSERT(c, !res->trial && st->app_status == OB_APP_CONFIRMED && st->rolled_back);
    }
    PC_ASSERT(c, res->vector_addr == c->l->app.addr && (res->entry & 1u));
    /* the bytes that run are exactly that image, never a half-installed one */
    PC_ASSERT(c, fx_app_is(b, c->raw[v], c->raw_len[v]));
    PC_ASSERT(c, st->app.raw_size == c->raw_len[v]);
    if (res->trial)
        c->trial_starts++;
    PC_ASSERT(c, c->trial_starts <= PC_MAX_TRIALS || !c->count_trials);
}

/* ---- steps ---------------------------------------------------------- */

int pc_boot(pc_ctx *c)
{
    ob_boot_result res;
    c->before = c->b->j.st; /* current: every step, power-up and restore reopens it */
    int rc = fx_boot(c->b, &res);
    if (pc_dead(c))
        return PC_CUT;
    check_boot(c, rc, &res);
    return 0;
}

int pc_send(pc_ctx *c, int v, ob_rx_mode mode)
{
    int rc = fx_send(c->b, c->file[v], c->file_len[v], 1460, mode);
    if (pc_dead(c))
        return PC_CUT;
    if (rc != OB_OK)
        printf("  transfer of v%d: %s\n", v, ob_receiver_answer(&c->b->rx));
    PC_ASSERT(c, rc == OB_OK);
    return 0;
}

/* A transfer the receiver must turn away (before it writes anything). */
int pc_send_refused(pc_ctx *c, int v, int why)
{
    uint64_t ops = pc_ops(c);
    int rc = fx_send(c->b, c->file[v], c->file_len[v], 1460, OB_RX_SLOT);
    if (pc_dead(c))
        return PC_CUT;
    PC_ASSERT(c, rc == why && pc_ops(c) == ops);
    return 0;
}

int pc_confirm(pc_ctx *c)
{
    int rc = fx_confirm(c->b);
    if (pc_dead(c))
        return PC_CUT;
    PC_ASSERT(c, rc == OB_OK);
    return 0;
}

/* The application in the direct profile takes the header of image v,
 * journals a rescue request and answers "restarting into rescue". */
int pc_request_rescue(pc_ctx *c, int v)
{
    int rc = fx_send(c->b, c->file[v], c->file_len[v], 1460, OB_RX_VIA_RESCUE);
    if (pc_dead(c))
        return PC_CUT;
    PC_ASSERT(c, rc == OB_ERR_VIA_RESCUE);
    return 0;
}

/* Appends records that change nothing (RESCUE_ACK with no request pending)
 * until exactly free_slots records fit in the active sector, so the flow that
 * follows meets a compaction at a chosen append. */
void pc_fill_journal(pc_ctx *c, int free_slots)
{
    ob_journal *j = &c->b->j;
    assert_int_equal(ob_journal_open(j, c->b->f, c->l), OB_OK);
    assert_int_equal(j->st.rescue_request, 0);
    for (int guard = 0; guard < 4096; guard++) {
        uint32_t size = j->sectors[j->active].size;
        if ((size - j->next_off) / OB_JREC_SIZE == (uint32_t)free_slots)
            return;
        assert_int_equal(ob_journal_rescue_ack(j), OB_OK);
    }
    fail_msg("journal fill did not converge");
}
