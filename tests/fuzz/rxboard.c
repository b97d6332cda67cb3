/* SPDX-License-Identifier: Apache-2.0 */
/* The receiver on a simulated board, shared by the receiver fuzz targets
 * (fuzz_receiver.c: any byte stream; fuzz_signed.c: images signed with a test
 * key). See rxboard.h for the parameters and the properties checked. */
#include "rxboard.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "simflash.h"

#define MAX_LAYOUTS 32

/* Restoring granule: what a run programmed or erased is copied back from the
 * pristine image in pages of this size (an erase covers whole pages). */
#define PAGE 4096u

typedef struct {
    simflash sf;
    uint8_t *pristine;
    uint8_t *dirty;  /* one flag per PAGE of flash touched since the last restore */
    int guarding;    /* 0 while bl1 runs: it may write the application area */
} board;

static board boards[MAX_LAYOUTS];
static const ob_layout *cur;
static const ob_region *kept; /* rollback profile: the slot a transfer must not touch */
static uint8_t window[32768];
static ob_receiver rx;
static ob_boot_work work;

static int overlaps(uint32_t a, uint32_t len, const ob_region *r)
{
    return r->size && a < r->addr + r->size && r->addr < a + len;
}

static int guard(void *arg, simflash_op op, uint32_t addr, uint32_t len)
{
    board *b = (board *)arg;
    if (op == SIMFLASH_OP_READ)
        return OB_OK;
    int slots = cur->profile != OB_PROFILE_DIRECT;
    int ok = overlaps(addr, len, &cur->journal[0]) || overlaps(addr, len, &cur->journal[1]);
    if (slots)
        ok |= overlaps(addr, len, &cur->slot) || overlaps(addr, len, &cur->slot2);
    else
        ok |= overlaps(addr, len, &cur->app);
    if (b->guarding && (!ok || overlaps(addr, len, &cur->bl1) || overlaps(addr, len, &cur->rescue) ||
                        (slots && overlaps(addr, len, &cur->app)) || (kept && overlaps(addr, len, kept))))
        abort();
    if (len) {
        uint32_t off = addr - cur->geom->base;
        memset(b->dirty + off / PAGE, 1, (off + len - 1) / PAGE - off / PAGE + 1);
    }
    return OB_OK;
}

/* A running application and a rescue firmware: bytes that must stay. */
static void fill(uint8_t *p, uint32_t n, uint32_t seed)
{
    for (uint32_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (uint8_t)(seed >> 16);
    }
}

static board *board_for(const ob_layout *l, unsigned idx)
{
    board *b = &boards[idx];
    if (!b->pristine) {
        if (simflash_open(&b->sf, l->geom, NULL) != OB_OK)
            abort();
        uint8_t *m = b->sf.mem;
        fill(m + (l->app.addr - l->geom->base), l->app.size, 1);
        fill(m + (l->rescue.addr - l->geom->base), l->rescue.size, 2);
        b->pristine = malloc(b->sf.size);
        b->dirty = calloc(b->sf.size / PAGE + 1, 1);
        if (!b->pristine || !b->dirty)
            abort();
        memcpy(b->pristine, m, b->sf.size);
    }
    /* back to the pristine board: only the pages the last run touched (the
     * journal, the slot and the application area lie far apart) */
    for (uint32_t i = 0; i <= b->sf.size / PAGE; i++) {
        if (b->dirty[i]) {
            uint32_t a = i * PAGE, n = b->sf.size - a < PAGE ? b->sf.size - a : PAGE;
            memcpy(b->sf.mem + a, b->pristine + a, n);
            b->dirty[i] = 0;
        }
    }
    b->sf.stats.erases = 0;
    b->guarding = 1;
    simflash_set_hook(&b->sf, guard, b);
    return b;
}

static int known_verdict(int rc)
{
    if (rc == OB_OK)
        return 1;
    if (rc <= OB_ERR_GZ_MAGIC && rc >= OB_ERR_GZ_TEXT_LONG)
        return 1;
    if (rc <= OB_ERR_META_VERSION && rc >= OB_ERR_META_FIELD)
        return 1;
    if (rc <= OB_ERR_WRONG_BOARD && rc >= OB_ERR_EMPTY)
        return 1;
    if (rc <= OB_ERR_PAYLOAD_HASH && rc >= OB_ERR_SIZE_MISMATCH)
        return 1;
    if (rc <= OB_ERR_INF_BLOCK_TYPE && rc >= OB_ERR_INF_NO_EOB)
        return 1;
    return rc == OB_ERR_DOWNGRADE || rc == OB_ERR_PLAIN_REFUSED || rc == OB_ERR_SIGNATURE ||
           rc == OB_ERR_UNKNOWN_KEY || rc == OB_ERR_UNSIGNED || rc == OB_ERR_AUTH_REQUIRED ||
           rc == OB_ERR_ALREADY_INSTALLED || rc == OB_ERR_PLAIN_UNCHECKED || rc == OB_ERR_TRIAL_RUNNING;
}

static int header_error(int rc)
{
    return (rc <= OB_ERR_GZ_MAGIC && rc >= OB_ERR_GZ_TEXT_LONG) ||
           (rc <= OB_ERR_META_VERSION && rc >= OB_ERR_META_FIELD) ||
           (rc <= OB_ERR_WRONG_BOARD && rc >= OB_ERR_LOAD_ADDR) || rc == OB_ERR_DOWNGRADE ||
           rc == OB_ERR_PLAIN_REFUSED || rc == OB_ERR_SIGNATURE || rc == OB_ERR_UNKNOWN_KEY ||
           rc == OB_ERR_UNSIGNED || rc == OB_ERR_AUTH_REQUIRED || rc == OB_ERR_ALREADY_INSTALLED ||
           rc == OB_ERR_PLAIN_UNCHECKED || rc == OB_ERR_TRIAL_RUNNING;
}

/* A fresh generator on a fixed seed: the same nonce every run. */
static void issue(ob_auth *a)
{
    ob_jstate st;
    char hex[OB_AUTH_NONCE_HEX];
    memset(&st, 0, sizeof st);
    ob_auth_init(a, &st, (const uint8_t *)"fuzz", 4);
    ob_auth_issue(a, 0, hex);
}

void rx_nonce(uint8_t nonce[OB_AUTH_NONCE_LEN])
{
    ob_auth a;
    issue(&a);
    memcpy(nonce, a.nonce, OB_AUTH_NONCE_LEN);
}

/* The journal of the pristine board, as ob_journal_open reads it: the same
 * every run (the run before restored its pages), so it is read once per
 * layout; the open writes nothing (checked), else the copy would be wrong. */
static void open_pristine(board *b, unsigned idx, ob_journal *j)
{
    static ob_journal fresh[MAX_LAYOUTS];
    static uint8_t have[MAX_LAYOUTS];
    if (!have[idx]) {
        uint64_t ops = b->sf.ops;
        if (ob_journal_open(&fresh[idx], simflash_flash(&b->sf), cur) != OB_OK || b->sf.ops != ops)
            abort();
        have[idx] = 1;
    }
    *j = fresh[idx];
}

static void prepare_journal(board *b, unsigned idx, ob_journal *j, uint8_t flags, uint8_t counter)
{
    open_pristine(b, idx, j);
    ob_jimage img;
    memset(&img, 0, sizeof img);
    if (flags & 8) {
        img.security_counter = counter;
        img.fw_version = 0x01000000u;
        ob_jimage app = img;
        app.raw_size = 1; /* every install describes its bytes (an undescribed one is lost history) */
        if (ob_journal_install_start(j, &app) != OB_OK || ob_journal_install_done(j, &app) != OB_OK ||
            ob_journal_confirm(j) != OB_OK)
            abort();
    }
    if (cur->profile == OB_PROFILE_ROLLBACK && (flags & 8) && (flags & 32)) {
        ob_jimage app = j->st.app; /* confirmed, its copy in the slot: kept */
        app.payload_len = 100;
        if (ob_journal_install_start(j, &app) != OB_OK || ob_journal_install_done(j, &app) != OB_OK ||
            ob_journal_confirm(j) != OB_OK)
            abort();
        if (flags & 64) { /* a newer image from slot2 on trial, the first one kept */
            app.flags = OB_JIMG_SLOT2;
            app.fw_version = 0x02000000u;
            app.raw_sha256[0] ^= 1;
            if (ob_journal_install_start(j, &app) != OB_OK || ob_journal_install_done(j, &app) != OB_OK ||
                j->st.prev.raw_size == 0)
                abort();
        }
    }
    if ((flags & 16) && cur->profile != OB_PROFILE_DIRECT && j->st.prev.raw_size == 0) {
        img.payload_len = 100;
        if (ob_journal_seal(j, &img) != OB_OK)
            abort();
    }
}

/* Which layout a parameter byte picks: its index in ob_all_layouts. */
static unsigned layout_index(uint8_t pick)
{
    static unsigned nl; /* counted once */
    if (!nl)
        while (ob_all_layouts[nl] && nl < MAX_LAYOUTS)
            nl++;
    return pick % nl;
}

const ob_layout *rx_layout(uint8_t pick)
{
    return ob_all_layouts[layout_index(pick)];
}

int rx_run(const uint8_t params[4], const uint8_t *p, size_t n, const ob_keyring *keys, int vouched,
           const uint8_t *proof)
{
    static ob_journal j;
    static ob_auth auth;
    unsigned idx = layout_index(params[0]);
    uint8_t flags = params[1];
    uint32_t seed = ((uint32_t)params[2] << 8 | params[3]) * 2654435761u + 7u;
    cur = ob_all_layouts[idx];
    board *b = board_for(cur, idx);
    simflash_set_mapped(&b->sf, !(flags & 4));
    prepare_journal(b, idx, &j, flags, params[2]);
    b->sf.stats.erases = 0;
    ob_jstate before = j.st;
    const ob_jimage *keep = cur->profile == OB_PROFILE_ROLLBACK ? ob_jstate_rollback_point(&j.st) : NULL;
    kept = keep ? ob_jimage_slot(keep, cur) : NULL;

    ob_receiver_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.layout = cur;
    cfg.flash = simflash_flash(&b->sf);
    cfg.journal = &j;
    cfg.mode = cur->profile == OB_PROFILE_DIRECT ? OB_RX_DIRECT : OB_RX_SLOT;
    cfg.window = (flags & 2) ? NULL : window;
    cfg.window_size = (flags & 2) ? 0 : sizeof window;
    cfg.keys = keys;
    issue(&auth);
    cfg.auth = &auth;
    cfg.proof = proof;
    ob_receiver_init(&rx, &cfg);

    size_t off = 0;
    int rc = OB_RX_MORE;
    while (off < n && rc == OB_RX_MORE) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        size_t k = seed % 2049; /* 0: an empty feed is legal and changes nothing */
        if (k > n - off)
            k = n - off;
        rc = ob_receiver_feed(&rx, p + off, k);
        off += k;
    }
    if (rc == OB_RX_MORE || rc == OB_OK)
        rc = ob_receiver_finish(&rx);
    if (rc != ob_receiver_finish(&rx))
        abort(); /* finish is idempotent */
    if (!known_verdict(rc)) {
        fprintf(stderr, "unexpected verdict %d: %s\n", rc, ob_strerror(rc));
        abort();
    }
    const char *ans = ob_receiver_answer(&rx);
    int ans_ok = rc == OB_OK ? strcmp(ans, OB_ANSWER_OK) == 0
                 : rc == OB_ERR_ALREADY_INSTALLED /* not a rejection: no prefix */
                     ? strcmp(ans, ob_strerror(rc)) == 0
                     : strncmp(ans, OB_ANSWER_REJECT_PREFIX, sizeof OB_ANSWER_REJECT_PREFIX - 1) == 0 &&
                           strncmp(ans + sizeof OB_ANSWER_REJECT_PREFIX - 1, ob_strerror(rc),
                                   sizeof rx.answer - sizeof OB_ANSWER_REJECT_PREFIX) == 0;
    if (!ans_ok)
        abort();
    if (header_error(rc) && b->sf.stats.erases != 0)
        abort(); /* nothing is erased before the header passed */

    /* the journal reads back as what the receiver left in memory */
    ob_journal k;
    if (ob_journal_open(&k, cfg.flash, cur) != OB_OK || memcmp(&k.st, &j.st, sizeof k.st) != 0)
        abort();
    if (rc != OB_OK) {
        if (cfg.mode == OB_RX_SLOT && j.st.pending && memcmp(&j.st.seal, &before.seal, sizeof before.seal))
            abort(); /* a rejected transfer never seals anything */
        return rc;
    }

    /* accepted: bl1 must install and start it */
    ob_boot_cfg bc;
    ob_boot_result res;
    memset(&bc, 0, sizeof bc);
    bc.keys = keys;
    ob_jimage want = cfg.mode == OB_RX_SLOT ? j.st.seal : j.st.app;
    if (cfg.mode == OB_RX_SLOT && !j.st.pending)
        abort();
    b->guarding = 0; /* bl1 writes the application area (restored next time like the rest) */
    int brc = ob_boot_run(cur, cfg.flash, &bc, NULL, &work, &res);
    if (vouched && cfg.mode == OB_RX_SLOT && !cfg.window && res.action != OB_BOOT_START_APP)
        return rc; /* no dry run: bl1 is the first to inflate what the signer vouched for */
    if (brc != OB_OK || res.action != OB_BOOT_START_APP || !res.trial) {
        fprintf(stderr, "bl1 did not start the accepted image as a trial: %s, action %d, reason %s\n",
                ob_strerror(brc), (int)res.action, ob_strerror(res.reason));
        abort();
    }
    uint8_t digest[OB_SHA256_LEN];
    if (ob_sha256_flash(cfg.flash, cur->app.addr, want.raw_size, digest) != OB_OK ||
        memcmp(digest, want.raw_sha256, OB_SHA256_LEN) != 0)
        abort();
    return OB_OK;
}
