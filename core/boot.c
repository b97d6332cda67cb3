/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: bl1's decisions (see boot.h and docs/DESIGN-NOTES in README).
 *
 * Order of business on every boot:
 *   1. an install that a power cut interrupted is started again (the slot is
 *      still sealed and is verified again first);
 *   2. a sealed update is verified completely from flash (slot header,
 *      metadata against this board, payload hash) before anything is erased,
 *      then installed: journal INSTALL_START, erase-as-needed + inflate,
 *      read back + hash, journal INSTALL_DONE;
 *   3. the application is started: a trial image counts its boots and goes to
 *      rescue after max_trials unconfirmed ones; a confirmed or recorded
 *      image is hashed before it is started; an unrecorded one (flashed by a
 *      debugger) gets the vector-table check only. */
#include "boot.h"

#include <string.h>

#include "flash_sink.h"
#include "line.h"
#include "sig.h"
#include "slot.h"

typedef struct {
    const ob_layout *l;
    ob_flash *f;
    const ob_boot_cfg *cfg;
    ob_platform *p;
    ob_boot_work *w;
    ob_journal j;
    int app_hashed; /* this boot installed the app and hashed it from flash already */
    int back_reason; /* why the application is given up when bl1 goes back to prev */
    ob_line line;   /* the console line being built: one for all of them, in
                     * this frame, not in each function that says something */
} boot_ctx;

/* Every line of bl1's starts with "bl1: ", written here once. */
static ob_line *line_start(boot_ctx *b)
{
    ob_line_init(&b->line);
    return ob_line_str(&b->line, "bl1: ");
}

static void say(boot_ctx *b)
{
    if (b->p && b->p->log)
        b->p->log(b->p, b->line.buf);
}

static void say2(boot_ctx *b, const char *a, const char *c)
{
    ob_line_str(ob_line_str(line_start(b), a), c);
    say(b);
}

static void say_reason(boot_ctx *b, const char *a, int err)
{
    ob_line_reason(ob_line_str(line_start(b), a), err);
    say(b);
}

/* ---- slot verification (no erase, no write) ---- */

/* The metadata record of a slot header against this board, the keys, the
 * stored security counter and the seal; on OB_OK the seal takes the counter
 * and the version from it. Its own frame (the decoded record, the signature
 * check): not under the payload hash, bl1's deepest stack path. */
OB_OWN_FRAME static int verify_meta(boot_ctx *b, const uint8_t *rec, uint32_t payload_len, ob_jimage *seal)
{
    ob_meta m;
    int rc = ob_meta_decode(rec, OB_META_LEN, &m);
    if (rc == OB_OK)
        rc = ob_meta_check_layout(&m, b->l, 0);
    if (rc == OB_OK)
        rc = ob_sig_check(b->cfg->keys, rec);
    if (rc == OB_OK && m.security_counter < b->j.st.security_counter)
        rc = OB_ERR_DOWNGRADE;
    if (rc != OB_OK)
        return rc;
    if (m.payload_size != payload_len || m.raw_size != seal->raw_size)
        return OB_ERR_SIZE_MISMATCH;
    if (ob_memcmp_ct(m.payload_sha256, seal->payload_sha256, OB_SHA256_LEN) ||
        ob_memcmp_ct(m.raw_sha256, seal->raw_sha256, OB_SHA256_LEN))
        return OB_ERR_PAYLOAD_HASH;
    seal->security_counter = m.security_counter;
    seal->fw_version = m.fw_version;
    return OB_OK;
}

/* seal: the journal's SEAL record, as input; on OB_OK it holds what is
 * installed and journalled: the security counter and the version of a
 * signed image come from its verified metadata, never from the seal. */
static int verify_slot(boot_ctx *b, ob_jimage *seal)
{
    uint8_t *hdr = b->w->u.slot_hdr;
    ob_slot_hdr sh;
    uint8_t digest[OB_SHA256_LEN];
    const ob_layout *l = b->l;
    const ob_region *slot = ob_jimage_slot(seal, l);

    if (slot->size < OB_SLOT_HDR_LEN)
        return OB_ERR_NO_SEAL;
    int rc = ob_flash_read(b->f, slot->addr, hdr, OB_SLOT_HDR_LEN);
    if (rc != OB_OK)
        return rc;
    rc = ob_slot_hdr_decode(hdr, &sh);
    if (rc != OB_OK)
        return rc;
    if (sh.payload_len != seal->payload_len || sh.payload_len < 8 ||
        sh.payload_len > slot->size - OB_SLOT_HDR_LEN)
        return OB_ERR_SIZE_MISMATCH;
    if (sh.has_meta) {
        rc = verify_meta(b, sh.rec, sh.payload_len, seal);
        if (rc != OB_OK)
            return rc;
    } else if (!(seal->flags & OB_JIMG_PLAIN) || b->cfg->keys) {
        return OB_ERR_PLAIN_REFUSED;
    } else if (seal->raw_size == 0 || seal->raw_size > l->app.size) {
        return OB_ERR_TOO_LARGE;
    }
    rc = ob_sha256_flash(b->f, slot->addr + OB_SLOT_HDR_LEN, sh.payload_len, digest);
    if (rc != OB_OK)
        return rc;
    if (ob_memcmp_ct(digest, seal->payload_sha256, OB_SHA256_LEN))
        return OB_ERR_PAYLOAD_HASH;
    return OB_OK;
}

/* ---- install: slot -> application area ---- */

typedef struct {
    ob_flash *f;
    uint32_t addr, end;
    uint8_t *buf;
    uint32_t buflen;
} slot_reader;

static size_t pull_slot(void *ctx, const uint8_t **chunk)
{
    slot_reader *r = (slot_reader *)ctx;
    uint32_t n = r->end - r->addr;
    if (n == 0)
        return 0;
    if (r->f->mapped) { /* memory-mapped: hand out the flash itself */
        *chunk = r->f->mapped + (r->addr - r->f->geom->base);
    } else {
        n = OB_MIN(n, r->buflen);
        if (r->f->read(r->f, r->addr, r->buf, n) != OB_OK)
            return 0; /* surfaces as a truncated stream */
        *chunk = r->buf;
    }
    r->addr += n;
    return n;
}

static int check_app_hash(boot_ctx *b, const ob_jimage *img)
{
    uint8_t digest[OB_SHA256_LEN];
    uint8_t vt[8];
    int rc = ob_flash_read(b->f, b->l->app.addr, vt, sizeof vt);
    if (rc == OB_OK)
        rc = ob_vector_check(b->l, &b->l->app, vt, img->raw_size);
    if (rc == OB_OK)
        rc = ob_sha256_flash(b->f, b->l->app.addr, img->raw_size, digest);
    if (rc == OB_OK && ob_memcmp_ct(digest, img->raw_sha256, OB_SHA256_LEN))
        rc = OB_ERR_IMAGE_HASH;
    return rc;
}

static int install(boot_ctx *b, const ob_jimage *img)
{
    const ob_layout *l = b->l;
    ob_boot_work *w = b->w;
    ob_flash_sink fs;
    slot_reader rd;
    uint8_t trailer[8];

    rd.f = b->f;
    rd.addr = ob_jimage_slot(img, l)->addr + OB_SLOT_HDR_LEN;
    rd.end = rd.addr + img->payload_len;
    rd.buf = w->inbuf;
    rd.buflen = sizeof w->inbuf;

    ob_flash_sink_init(&fs, b->f, l->app.addr, l->app.size, w->stage, sizeof w->stage);
    fs.sink.limit = img->raw_size; /* not one byte more than the seal says */
    fs.platform = b->p;

    ob_inflate_init(&w->u.inf);
    int rc = ob_inflate_run(&w->u.inf, pull_slot, &rd, &fs.sink);
    if (rc == OB_INFLATE_NEED_INPUT)
        rc = OB_ERR_TRUNCATED;
    if (rc != OB_OK)
        return rc;
    /* The trailer must be exactly the last 8 bytes of the payload: what the
     * inflater read past the stream, then (the slot read in chunks when the
     * flash is not memory-mapped) what it did not read yet. */
    size_t n = ob_inflate_unused(&w->u.inf, trailer, sizeof trailer);
    uint32_t rest = rd.end - rd.addr;
    if (n + rest != sizeof trailer || ob_inflate_unused(&w->u.inf, trailer, 1) != 0)
        return OB_ERR_SIZE_MISMATCH;
    if (rest) {
        rc = ob_flash_read(b->f, rd.addr, trailer + n, rest);
        if (rc != OB_OK)
            return rc;
    }
    if (ob_get_le32(trailer + 4) != img->raw_size || ob_sink_total(&fs.sink) != img->raw_size)
        return OB_ERR_GZ_ISIZE;
    rc = ob_flash_sink_finish(&fs);
    if (rc != OB_OK)
        return rc;
    rc = check_app_hash(b, img); /* read back what is really in flash */
    b->app_hashed = rc == OB_OK;
    return rc;
}

/* "v1.2.3", or what a plain gzip is: it carries no version. */
static void line_image(ob_line *line, const ob_jimage *img)
{
    if (img->flags & OB_JIMG_PLAIN)
        ob_line_str(line, "a plain-gzip image (no version)");
    else
        ob_line_version(ob_line_str(line, "v"), img->fw_version);
}

/* "<what><image><mid><the hash's first 4 bytes>...)" */
static void say_image(boot_ctx *b, const char *what, const ob_jimage *img, const char *mid, const uint8_t *hash)
{
    ob_line *line = line_start(b);
    line_image(ob_line_str(line, what), img);
    ob_line_str(ob_line_bytes_hex(ob_line_str(line, mid), hash, 4), "...)");
    say(b);
}

static int do_install(boot_ctx *b, const ob_jimage *img)
{
    ob_line *line = &b->line;
    line_start(b);
    line_image(ob_line_str(line, "installing "), img);
    ob_line_str(line, " (");
    ob_line_u32(line, img->raw_size);
    ob_line_str(line, " bytes from ");
    ob_line_u32(line, img->payload_len);
    ob_line_str(line, " compressed)");
    say(b);
    int rc = install(b, img);
    if (rc != OB_OK)
        return rc;
    say_image(b, "installed ", img, ", read back and verified (sha256 ", img->raw_sha256);
    return ob_journal_install_done(&b->j, img);
}

/* ---- what to start ---- */

static int start_region(boot_ctx *b, const ob_region *r, uint32_t image_size, ob_boot_result *out)
{
    uint8_t vt[8];
    int rc = ob_flash_read(b->f, r->addr, vt, sizeof vt);
    if (rc == OB_OK)
        rc = ob_vector_check(b->l, r, vt, image_size);
    if (rc != OB_OK)
        return rc;
    out->vector_addr = r->addr;
    out->sp = ob_get_le32(vt);
    out->entry = ob_get_le32(vt + 4);
    return OB_OK;
}

static int go_rescue(boot_ctx *b, int reason, ob_boot_result *out)
{
    ob_line *line = &b->line;
    out->reason = reason;
    out->trial = 0;
    if (b->l->rescue.size == 0 || start_region(b, &b->l->rescue, b->l->rescue.size, out) != OB_OK) {
        out->action = OB_BOOT_HALT;
        line_start(b);
        ob_line_str(line, "no rescue firmware in this layout or region: halting (");
        ob_line_str(ob_line_reason(line, reason), ")");
        say(b);
        return OB_ERR_NO_RESCUE;
    }
    out->action = OB_BOOT_START_RESCUE;
    line_start(b);
    ob_line_str(line, "starting rescue at ");
    ob_line_hex(line, out->vector_addr);
    ob_line_str(ob_line_reason(ob_line_str(line, " ("), reason), ")");
    say(b);
    return OB_OK;
}

/* The application is unusable: with a previous confirmed image kept in its
 * slot (rollback profile) bl1 goes back to it, which ob_boot_run does after
 * this returns GO_BACK; otherwise rescue, FAIL recorded first when fail. */
#define GO_BACK 1

static int give_up(boot_ctx *b, int reason, int fail, ob_boot_result *out)
{
    if (b->j.st.prev.raw_size != 0) {
        b->back_reason = reason;
        return GO_BACK;
    }
    if (fail)
        (void)ob_journal_fail(&b->j, reason);
    return go_rescue(b, reason, out);
}

/* A failed install drops the seal too, so it is not retried on every boot,
 * and the board goes back or to rescue. A power cut just ends this boot:
 * the next one resumes from the journal. */
static int install_failed(boot_ctx *b, int rc, ob_boot_result *out)
{
    if (rc == OB_ERR_POWER_CUT)
        return rc;
    say_reason(b, "install failed: ", rc);
    if (ob_journal_reject(&b->j, rc) != OB_OK)
        return go_rescue(b, rc, out);
    return give_up(b, rc, 1, out);
}

/* "rolling back from v2.0.0 to v1.0.0", "rolled back from ...": the version
 * given up is kept in the journal (0: a plain-gzip image). */
static void say_back(boot_ctx *b, const char *what, uint32_t from, const ob_jimage *to)
{
    ob_line *line = ob_line_str(line_start(b), what);
    if (from)
        ob_line_version(ob_line_str(line, "v"), from);
    else
        ob_line_str(line, "a plain-gzip image");
    line_image(ob_line_str(line, " to "), to);
}

/* Installs the application's own description again from its slot (an
 * interrupted install, a rollback): the slot is verified completely first.
 * The description is worked on in place, in the journal's state (no copy on
 * bl1's deepest stack path): INSTALL_DONE records it as verified. */
static int install_again(boot_ctx *b, ob_boot_result *out)
{
    ob_jimage *img = &b->j.st.app;
    if ((img->flags & OB_JIMG_DIRECT) || img->payload_len == 0) {
        say2(b, "the interrupted install cannot be resumed from a slot", "");
        return give_up(b, OB_ERR_NO_APP, 0, out);
    }
    int rc = verify_slot(b, img);
    if (rc == OB_OK) {
        say_image(b, "", img, " in the slot verified (payload sha256 ", img->payload_sha256);
        rc = do_install(b, img);
    }
    if (rc != OB_OK)
        return install_failed(b, rc, out);
    if (img->flags & OB_JIMG_ROLLBACK) {
        say_back(b, "rolled back from ", b->j.st.rollback_from, img);
        say(b);
    }
    return OB_OK;
}

/* Goes back to prev: journal ROLLBACK (the app's description becomes prev's),
 * verify prev's slot completely, install, read back; INSTALL_DONE makes it
 * confirmed again. Whatever fails ends in rescue: prev is no longer kept. */
static int roll_back(boot_ctx *b, ob_boot_result *out)
{
    ob_jstate *st = &b->j.st;
    say_back(b, "rolling back from ", st->app.fw_version, &st->prev);
    ob_line_reason(ob_line_str(&b->line, ": "), b->back_reason);
    say(b);
    int rc = ob_journal_rollback(&b->j, b->back_reason);
    if (rc == OB_ERR_POWER_CUT)
        return rc;
    if (rc != OB_OK)
        return go_rescue(b, rc, out);
    return install_again(b, out);
}

static void log_state(boot_ctx *b)
{
    const ob_jstate *st = &b->j.st;
    ob_line *line = &b->line;
    line_start(b);
    ob_line_str(line, "journal: application ");
    ob_line_str(line, ob_app_status_name(st->app_status));
    if (st->app_status != OB_APP_UNKNOWN)
        line_image(ob_line_str(line, " "), &st->app);
    if (st->app_status == OB_APP_TRIAL) {
        ob_line_str(line, " after ");
        ob_line_u32(line, st->trials);
        ob_line_str(line, " boot(s)");
    }
    ob_line_str(line, st->pending ? ", update sealed: " : ", no update pending");
    if (st->pending)
        line_image(line, &st->seal);
    if (st->prev.raw_size)
        line_image(ob_line_str(line, ", kept to go back to: "), &st->prev);
    say(b);
}

static int start_app(boot_ctx *b, ob_boot_result *out)
{
    ob_jstate *st = &b->j.st;
    ob_line *line = &b->line;
    int rc;
    uint8_t max = b->cfg->max_trials ? b->cfg->max_trials : 3;

    if (st->history_lost) /* whatever the app area holds, its hash is not on record */
        return go_rescue(b, OB_ERR_JOURNAL_LOST, out);
    switch (st->app_status) {
    case OB_APP_UNKNOWN:
        rc = start_region(b, &b->l->app, b->l->app.size, out);
        if (rc != OB_OK)
            return go_rescue(b, OB_ERR_NO_APP, out);
        say2(b, "no journal record of the application: vector table plausible, ", "starting it");
        break;
    case OB_APP_TRIAL:
        if (st->trials >= max) {
            line_start(b);
            line_image(line, &st->app);
            ob_line_str(line, " did not confirm itself in ");
            ob_line_u32(line, st->trials);
            ob_line_str(line, " boots");
            say(b);
            return give_up(b, OB_ERR_NO_APP, 1, out);
        }
        /* fall through */
    case OB_APP_CONFIRMED:
        if (st->app.raw_size == 0) { /* confirmed without a record of its bytes */
            rc = start_region(b, &b->l->app, b->l->app.size, out);
        } else {
            /* hashing a megabyte takes a noticeable part of a second: not
             * twice in the boot that just installed and hashed it */
            rc = b->app_hashed ? OB_OK : check_app_hash(b, &st->app);
            if (rc == OB_OK)
                rc = start_region(b, &b->l->app, st->app.raw_size, out);
        }
        if (rc != OB_OK) {
            say_reason(b, "application check failed: ", rc);
            return give_up(b, rc, 1, out);
        }
        if (st->app_status == OB_APP_TRIAL) {
            rc = ob_journal_trial_boot(&b->j);
            if (rc == OB_ERR_POWER_CUT)
                return rc;
            if (rc != OB_OK) {
                /* An unconfirmed image whose boots cannot be counted could
                 * reset forever: rescue stays reachable instead. */
                say_reason(b, "cannot record the trial boot: ", rc);
                return go_rescue(b, rc, out);
            }
            out->trial = 1;
        }
        break;
    default: /* FAILED, or INSTALLING that could not be resumed */
        return give_up(b, st->last_reason ? st->last_reason : OB_ERR_NO_APP, 0, out);
    }
    out->action = OB_BOOT_START_APP;
    out->fw_version = st->app.fw_version;
    line_start(b);
    ob_line_str(line, "starting application");
    int plain = st->app_status != OB_APP_UNKNOWN && (st->app.flags & OB_JIMG_PLAIN);
    if (st->app_status != OB_APP_UNKNOWN && !plain)
        line_image(ob_line_str(line, " "), &st->app);
    ob_line_str(line, " at ");
    ob_line_hex(line, out->vector_addr);
    if (plain)
        ob_line_str(line, ", a plain-gzip image (no version)");
    if (out->trial) {
        ob_line_str(line, " (trial boot ");
        ob_line_u32(line, st->trials);
        ob_line_str(line, " of ");
        ob_line_u32(line, max);
        ob_line_str(line, ")");
    }
    say(b);
    return OB_OK;
}

/* A sealed update is verified completely from flash and installed; then an
 * interrupted install (INSTALL_START on record, the app area partly
 * written) is started again from its slot, verified again first. Returns
 * OB_OK with out->action 0 to go on, GO_BACK, or what ends this boot. */
static int take_update(boot_ctx *b, ob_boot_result *out)
{
    ob_jstate *st = &b->j.st;
    int rc;
    if (st->pending) {
        ob_jimage img = st->seal;
        rc = verify_slot(b, &img);
        if (rc == OB_ERR_POWER_CUT)
            return rc;
        if (rc != OB_OK) {
            say_reason(b, "update in the slot rejected, nothing erased: ", rc);
            rc = ob_journal_reject(&b->j, rc);
            if (rc == OB_ERR_POWER_CUT)
                return rc;
        } else {
            say_image(b, "update ", &img, " in the slot verified (payload sha256 ", img.payload_sha256);
            rc = ob_journal_install_start(&b->j, &img);
            if (rc == OB_OK)
                rc = do_install(b, &img);
            if (rc != OB_OK)
                return install_failed(b, rc, out);
        }
    }
    if (st->app_status != OB_APP_INSTALLING)
        return OB_OK;
    say2(b, "an install was interrupted: verifying the slot and starting it again", "");
    return install_again(b, out);
}

/* What runs once the application area is settled: rescue on the
 * application's request, or the application. */
static int run(boot_ctx *b, ob_boot_result *out)
{
    if (b->j.st.rescue_request == OB_RESCUE_REQUESTED) {
        int rc = ob_journal_rescue_ack(&b->j);
        if (rc == OB_ERR_POWER_CUT)
            return rc;
        say2(b, "the application asked for rescue", "");
        return go_rescue(b, OB_ERR_RESCUE_REQUESTED, out);
    }
    return start_app(b, out);
}

int ob_boot_run(const ob_layout *l, ob_flash *f, const ob_boot_cfg *cfg, ob_platform *p,
                ob_boot_work *work, ob_boot_result *out)
{
    boot_ctx b;
    int rc;
    memset(out, 0, sizeof *out);
    b.l = l;
    b.f = f;
    b.cfg = cfg;
    b.p = p;
    b.w = work;
    b.app_hashed = 0;
    b.back_reason = 0;

    rc = ob_journal_open(&b.j, f, l);
    if (rc != OB_OK) {
        say_reason(&b, "cannot read the journal: ", rc);
        out->action = OB_BOOT_HALT;
        out->reason = rc;
        return rc;
    }
    if (!cfg->keys)
        say2(&b, "development board: images are not authenticated, plain gzip accepted (no signing keys built in)", "");
    log_state(&b);

    rc = take_update(&b, out);
    if (rc == OB_OK && out->action == 0)
        rc = run(&b, out);
    if (rc == GO_BACK) {
        rc = roll_back(&b, out);
        if (rc == OB_OK && out->action == 0)
            rc = run(&b, out);
        if (rc == GO_BACK) /* not again: prev is gone once rolled back */
            rc = go_rescue(&b, b.back_reason, out);
    }
    return rc;
}
