/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the boot journal (format in docs/SPEC.md, "Boot journal").
 *
 * Record (256 bytes, little-endian):
 *   0 magic "OBJR" | 4 seq | 8 type | 9 salt | 10 reserved (0) | 12 body (236)
 *   | 248 counter | 252 commit
 * commit = CRC32 of bytes [0, 252). It is programmed in a second, separate
 * program operation after the rest, so a record whose commit does not match is
 * torn (or garbage) and is ignored. The salt is bumped until the commit is not
 * 0xFFFFFFFF, which would be indistinguishable from "never written".
 *
 * Failing closed when a record is lost (a flipped bit, a bad program): every
 * record carries the stored security counter, the records that set what must
 * not be lost (the application's description, the counter, the snapshot) are
 * written twice, and a replay that misses two numbers in a row, or does not
 * start at the first record ever or at a snapshot, marks the history lost:
 * bl1 then starts no application until the next install. */
#include "journal.h"

#include <stddef.h>
#include <string.h>

#define OFF_MAGIC 0u
#define OFF_SEQ 4u
#define OFF_TYPE 8u
#define OFF_SALT 9u
#define OFF_BODY 12u
#define OFF_COUNTER 248u
#define OFF_COMMIT 252u

/* snapshot body */
#define SNAP_STATUS 0u
#define SNAP_TRIALS 1u
#define SNAP_PENDING 2u
#define SNAP_RESCUE 3u
#define SNAP_COUNTER 4u
#define SNAP_REASON 8u
#define SNAP_APP 12u
#define SNAP_SEAL (SNAP_APP + OB_JIMAGE_LEN)
#define SNAP_FLAGS (SNAP_SEAL + OB_JIMAGE_LEN)
#define SNAP_FROM (SNAP_FLAGS + 1u)
#define SNAP_LEN (SNAP_FROM + 4u)
#define SNAP_FLAG_LOST 0x1u
#define SNAP_FLAG_PREV 0x2u   /* the image at SNAP_SEAL is prev (never both: prev is never set while pending) */
#define SNAP_FLAG_ROLLED 0x4u

typedef char ob_snapshot_fits[(SNAP_LEN <= OB_JREC_BODY_MAX) ? 1 : -1];
typedef char ob_body_fits[(OFF_BODY + OB_JREC_BODY_MAX == OFF_COUNTER) ? 1 : -1];

/* The 84 bytes are ob_jimage's fields in order, without padding: the two
 * hashes as they are, the five words little-endian at these offsets. */
static const uint8_t jimage_words[] = {0, 36, 72, 76, 80};
typedef char ob_jimage_packed[(sizeof(ob_jimage) == OB_JIMAGE_LEN && offsetof(ob_jimage, raw_size) == 36 &&
                               offsetof(ob_jimage, raw_sha256) == 40 && offsetof(ob_jimage, fw_version) == 72)
                                  ? 1 : -1];

void ob_jimage_encode(const ob_jimage *img, uint8_t out[OB_JIMAGE_LEN])
{
    memcpy(out, img, OB_JIMAGE_LEN);
    for (unsigned i = 0; i < sizeof jimage_words; i++) {
        uint32_t v;
        memcpy(&v, (const uint8_t *)img + jimage_words[i], sizeof v);
        ob_put_le32(out + jimage_words[i], v);
    }
}

void ob_jimage_decode(const uint8_t in[OB_JIMAGE_LEN], ob_jimage *img)
{
    memcpy(img, in, OB_JIMAGE_LEN);
    for (unsigned i = 0; i < sizeof jimage_words; i++) {
        uint32_t v = ob_get_le32(in + jimage_words[i]);
        memcpy((uint8_t *)img + jimage_words[i], &v, sizeof v);
    }
}

const char *ob_app_status_name(uint8_t status)
{
    switch (status) {
    case OB_APP_UNKNOWN: return "unknown";
    case OB_APP_INSTALLING: return "installing";
    case OB_APP_TRIAL: return "trial";
    case OB_APP_CONFIRMED: return "confirmed";
    case OB_APP_FAILED: return "failed";
    default: return "invalid";
    }
}

static void snapshot_encode(const ob_jstate *st, uint8_t *body)
{
    body[SNAP_STATUS] = st->app_status;
    body[SNAP_TRIALS] = st->trials;
    body[SNAP_PENDING] = st->pending;
    body[SNAP_RESCUE] = st->rescue_request;
    ob_put_le32(body + SNAP_COUNTER, st->security_counter);
    ob_put_le32(body + SNAP_REASON, (uint32_t)st->last_reason);
    ob_jimage_encode(&st->app, body + SNAP_APP);
    ob_jimage_encode(st->pending ? &st->seal : &st->prev, body + SNAP_SEAL);
    body[SNAP_FLAGS] = (uint8_t)((st->history_lost ? SNAP_FLAG_LOST : 0) |
                                 (!st->pending && st->prev.raw_size ? SNAP_FLAG_PREV : 0) |
                                 (st->rolled_back ? SNAP_FLAG_ROLLED : 0));
    ob_put_le32(body + SNAP_FROM, st->rollback_from);
}

/* The seal exists only while pending; prev only while it is kept. Neither
 * is ever left stale, so states compare with memcmp. */
static void drop_seal(ob_jstate *st)
{
    st->pending = 0;
    memset(&st->seal, 0, sizeof st->seal);
}

static void drop_prev(ob_jstate *st)
{
    memset(&st->prev, 0, sizeof st->prev);
}

const ob_jimage *ob_jstate_rollback_point(const ob_jstate *st)
{
    if (st->prev.raw_size != 0)
        return &st->prev;
    if (st->app_status == OB_APP_CONFIRMED && st->app.payload_len != 0 && st->app.raw_size != 0 &&
        !(st->app.flags & OB_JIMG_DIRECT))
        return &st->app;
    return NULL;
}

const ob_region *ob_jimage_slot(const ob_jimage *img, const ob_layout *l)
{
    return (img->flags & OB_JIMG_SLOT2) ? &l->slot2 : &l->slot;
}

unsigned ob_jstate_update_slot(const ob_jstate *st, const ob_layout *l)
{
    if (l->profile != OB_PROFILE_ROLLBACK)
        return 0;
    const ob_jimage *keep = ob_jstate_rollback_point(st);
    if (keep == NULL && st->app.payload_len != 0 && !(st->app.flags & OB_JIMG_DIRECT))
        keep = &st->app; /* no harm in keeping a trial image's copy too */
    return keep != NULL && !(keep->flags & OB_JIMG_SLOT2) ? 1u : 0u;
}

int ob_jstate_apply(ob_jstate *st, uint32_t seq, uint8_t type, const uint8_t *body)
{
    /* "rescue runs on request, nothing since" ends with the next record */
    if (st->rescue_request == OB_RESCUE_RUNNING)
        st->rescue_request = OB_RESCUE_NONE;
    switch (type) {
    case OB_JREC_RECV_START:
        drop_seal(st);
        break;
    case OB_JREC_SEAL:
        ob_jimage_decode(body, &st->seal);
        st->pending = 1;
        drop_prev(st); /* the receiver never seals while prev is kept: if it did, prev is given up */
        break;
    case OB_JREC_INSTALL_START: {
        ob_jimage img;
        ob_jimage_decode(body, &img);
        /* the confirmed app's copy survives when the new image came
         * through the other slot (rollback profile): it becomes prev */
        if (st->app_status == OB_APP_CONFIRMED && st->app.payload_len != 0 && st->app.raw_size != 0 &&
            !((st->app.flags | img.flags) & OB_JIMG_DIRECT) && ((st->app.flags ^ img.flags) & OB_JIMG_SLOT2))
            st->prev = st->app;
        st->app = img;
        st->app_status = OB_APP_INSTALLING;
        st->trials = 0;
        st->history_lost = 0; /* what the app area holds is described anew */
        st->rolled_back = 0;
        st->rollback_from = 0;
        drop_seal(st); /* the install took it: a resume reads the app's slot */
        break;
    }
    case OB_JREC_INSTALL_DONE:
        if (ob_get_le32(body + 36) != 0) /* a body with a raw size replaces the description */
            ob_jimage_decode(body, &st->app);
        /* every install describes its bytes by the time it is done: without
         * a description the record that gave it was lost */
        if (st->app.raw_size == 0)
            st->history_lost = 1;
        st->trials = 0;
        drop_seal(st);
        if (st->app.flags & OB_JIMG_ROLLBACK) { /* confirmed before: no new trial */
            st->app_status = OB_APP_CONFIRMED;
            if (st->app.security_counter > st->security_counter)
                st->security_counter = st->app.security_counter;
        } else {
            st->app_status = OB_APP_TRIAL;
        }
        break;
    case OB_JREC_TRIAL_BOOT:
        if (st->trials < 255)
            st->trials++;
        break;
    case OB_JREC_CONFIRM:
        if (ob_get_le32(body + 36) != 0) /* as INSTALL_DONE */
            ob_jimage_decode(body, &st->app);
        st->app_status = OB_APP_CONFIRMED;
        st->trials = 0;
        if (st->app.security_counter > st->security_counter)
            st->security_counter = st->app.security_counter;
        drop_prev(st); /* the new image is the rollback point now */
        break;
    case OB_JREC_FAIL:
        st->app_status = OB_APP_FAILED;
        st->last_reason = (int32_t)ob_get_le32(body);
        break;
    case OB_JREC_REJECT:
        drop_seal(st);
        st->last_reason = (int32_t)ob_get_le32(body);
        break;
    case OB_JREC_RESCUE_REQUEST:
        st->rescue_request = OB_RESCUE_REQUESTED;
        break;
    case OB_JREC_RESCUE_ACK:
        st->rescue_request = OB_RESCUE_RUNNING;
        break;
    case OB_JREC_ROLLBACK:
        st->last_reason = (int32_t)ob_get_le32(body);
        if (st->app_status == OB_APP_INSTALLING && (st->app.flags & OB_JIMG_ROLLBACK))
            break; /* the twin: done already */
        st->rolled_back = 1;
        st->rollback_from = st->app.fw_version;
        st->app = st->prev; /* all zero if prev was lost: the install then fails closed */
        st->app.flags |= OB_JIMG_ROLLBACK;
        drop_prev(st);
        st->app_status = OB_APP_INSTALLING;
        st->trials = 0;
        st->history_lost = 0;
        break;
    case OB_JREC_SNAPSHOT:
        st->app_status = body[SNAP_STATUS] <= OB_APP_FAILED ? body[SNAP_STATUS] : OB_APP_FAILED;
        st->trials = body[SNAP_TRIALS];
        st->rescue_request = body[SNAP_RESCUE] <= OB_RESCUE_RUNNING ? body[SNAP_RESCUE] : OB_RESCUE_REQUESTED;
        st->security_counter = ob_get_le32(body + SNAP_COUNTER);
        st->last_reason = (int32_t)ob_get_le32(body + SNAP_REASON);
        ob_jimage_decode(body + SNAP_APP, &st->app);
        drop_seal(st);
        drop_prev(st);
        st->pending = body[SNAP_PENDING] ? 1 : 0;
        if (st->pending)
            ob_jimage_decode(body + SNAP_SEAL, &st->seal);
        else if (body[SNAP_FLAGS] & SNAP_FLAG_PREV)
            ob_jimage_decode(body + SNAP_SEAL, &st->prev);
        if (st->prev.raw_size == 0) /* "set" means a raw size */
            drop_prev(st);
        st->history_lost = (body[SNAP_FLAGS] & SNAP_FLAG_LOST) ? 1 : 0;
        st->rolled_back = (body[SNAP_FLAGS] & SNAP_FLAG_ROLLED) ? 1 : 0;
        st->rollback_from = ob_get_le32(body + SNAP_FROM);
        break;
    default:
        return OB_ERR_ARG;
    }
    st->seq = seq;
    return OB_OK;
}

static int type_known(uint8_t t)
{
    return (t >= OB_JREC_RECV_START && t <= OB_JREC_ROLLBACK) || t == OB_JREC_SNAPSHOT;
}

/* 1: a committed record; 0: anything else (erased, torn, garbage). */
static int record_valid(const uint8_t *rec)
{
    uint32_t seq = ob_get_le32(rec + OFF_SEQ);
    if (ob_get_le32(rec + OFF_MAGIC) != OB_JREC_MAGIC || seq == 0 || seq == 0xFFFFFFFFu)
        return 0;
    if (!type_known(rec[OFF_TYPE]) || rec[OFF_SALT + 1] != 0 || rec[OFF_SALT + 2] != 0)
        return 0;
    return ob_crc32(0, rec, OFF_COMMIT) == ob_get_le32(rec + OFF_COMMIT);
}

/* n >= 1. Every byte is 0xFF when the first is and each equals the next:
 * one memcmp instead of a loop (the journal scans whole sectors). */
static int all_ff(const uint8_t *p, uint32_t n)
{
    return p[0] == 0xFF && memcmp(p, p + 1, n - 1) == 0;
}

/* Every helper below reads and builds records in one buffer its caller
 * owns, so no path holds two 256-byte records on bl1's stack at once. */
/* Scans one sector: highest valid sequence, the end of its used records,
 * how many are valid and the type of the last valid one. */
static int scan_sector(ob_journal *j, uint8_t *rec, int s, uint32_t out[4])
{
    const ob_region *r = &j->sectors[s];
    memset(out, 0, 4 * sizeof out[0]); /* max seq, used end, valid count, last type */
    for (uint32_t off = 0; off + OB_JREC_SIZE <= r->size; off += OB_JREC_SIZE) {
        int rc = ob_flash_read(j->flash, r->addr + off, rec, OB_JREC_SIZE);
        if (rc != OB_OK)
            return rc;
        if (all_ff(rec, OB_JREC_SIZE))
            continue;
        out[1] = off + OB_JREC_SIZE;
        if (!record_valid(rec))
            continue;
        out[2]++;
        out[3] = rec[OFF_TYPE];
        if (ob_get_le32(rec + OFF_SEQ) > out[0])
            out[0] = ob_get_le32(rec + OFF_SEQ);
    }
    return OB_OK;
}

/* The records written twice in a row: losing either copy loses nothing
 * (applying one twice changes nothing). */
static int twinned(uint8_t type)
{
    return type == OB_JREC_INSTALL_START || type == OB_JREC_INSTALL_DONE || type == OB_JREC_CONFIRM ||
           type == OB_JREC_ROLLBACK;
}

static int replay(ob_journal *j, uint8_t *rec)
{
    const ob_region *r = &j->sectors[j->active];
    memset(&j->st, 0, sizeof j->st);
    for (uint32_t off = 0; off + OB_JREC_SIZE <= r->size; off += OB_JREC_SIZE) {
        int rc = ob_flash_read(j->flash, r->addr + off, rec, OB_JREC_SIZE);
        if (rc != OB_OK)
            return rc;
        if (!record_valid(rec))
            continue;
        uint32_t seq = ob_get_le32(rec + OFF_SEQ);
        /* Records only ever follow with higher numbers; a lower one is a
         * leftover and is not part of this sector's history. */
        if (seq <= j->st.seq)
            continue;
        /* One missing number is one lost record, which every record type
         * survives (the ones that matter have a twin). More than that, or a
         * history that starts neither at the first record ever nor at a
         * snapshot (which holds everything before it), may have lost what
         * the application area holds. */
        if (seq - j->st.seq > 2 && rec[OFF_TYPE] != OB_JREC_SNAPSHOT)
            j->st.history_lost = 1;
        (void)ob_jstate_apply(&j->st, seq, rec[OFF_TYPE], rec + OFF_BODY);
        /* the counter as it was when this record was written: a lost
         * record, even a lost snapshot, never lowers it */
        uint32_t counter = ob_get_le32(rec + OFF_COUNTER);
        if (counter > j->st.security_counter)
            j->st.security_counter = counter;
    }
    return OB_OK;
}

/* (Re)builds the state from the sectors j->sectors on j->flash. */
static int load(ob_journal *j, uint8_t *rec)
{
    uint32_t sc[2][4];
    memset(&j->st, 0, sizeof j->st);
    j->active = 0;
    j->next_off = 0;
    for (int s = 0; s < 2; s++) {
        int rc = scan_sector(j, rec, s, sc[s]);
        if (rc != OB_OK)
            return rc;
    }
    j->active = sc[1][0] > sc[0][0] ? 1 : 0;
    j->next_off = sc[j->active][1];
    const uint32_t *a = sc[j->active], *o = sc[!j->active];
    /* a compaction numbers its snapshot right after the history it was made from */
    j->single = a[2] == 1 && a[3] == OB_JREC_SNAPSHOT && o[0] != 0 && o[0] + 1 == a[0];
    return replay(j, rec);
}

OB_OWN_FRAME int ob_journal_open(ob_journal *j, ob_flash *f, const ob_layout *l)
{
    j->flash = f;
    j->sectors[0] = l->journal[0];
    j->sectors[1] = l->journal[1];
    uint8_t rec[OB_JREC_SIZE];
    return load(j, rec);
}

/* rec holds the body already, zero elsewhere; counter: the stored security
 * counter once this record is applied. */
static void build_record(uint8_t *rec, uint32_t seq, uint8_t type, uint32_t counter)
{
    ob_put_le32(rec + OFF_MAGIC, OB_JREC_MAGIC);
    ob_put_le32(rec + OFF_SEQ, seq);
    rec[OFF_TYPE] = type;
    ob_put_le32(rec + OFF_COUNTER, counter);
    for (uint8_t salt = 0;; salt++) {
        rec[OFF_SALT] = salt;
        uint32_t c = ob_crc32(0, rec, OFF_COMMIT);
        if (c != 0xFFFFFFFFu) {
            ob_put_le32(rec + OFF_COMMIT, c);
            return;
        }
    }
}

/* Programs a record in two steps, the commit word last, and reads it back
 * (in small pieces: this is on bl1's stack). */
static int write_record(ob_journal *j, uint32_t addr, const uint8_t *rec)
{
    uint8_t back[32];
    int rc = j->flash->program(j->flash, addr, rec, OFF_COMMIT);
    if (rc == OB_OK)
        rc = j->flash->program(j->flash, addr + OFF_COMMIT, rec + OFF_COMMIT, OB_JREC_SIZE - OFF_COMMIT);
    for (uint32_t off = 0; rc == OB_OK && off < OB_JREC_SIZE; off += sizeof back) {
        rc = ob_flash_read(j->flash, addr + off, back, sizeof back);
        if (rc == OB_OK && memcmp(back, rec + off, sizeof back) != 0)
            rc = OB_ERR_FLASH;
    }
    return rc;
}

/* Writes the state as a snapshot twice into sector dest, erased first, and
 * makes it the active one. Into the other sector (a compaction): the old
 * one is erased last, so a cut anywhere leaves either the old sector (its
 * records still have the highest valid number) or a snapshot in charge.
 * Into the active sector (j->single: its only valid record is a snapshot
 * without its twin): the other sector's history is the state's second copy
 * and stays; a cut leaves it in charge (the active sector then holds no
 * valid record, or the rebuilt snapshot). */
static int compact_into(ob_journal *j, uint8_t *rec, int dest)
{
    int rc = j->flash->erase(j->flash, j->sectors[dest].addr);
    if (rc != OB_OK)
        return rc;
    memset(rec, 0, OB_JREC_SIZE);
    snapshot_encode(&j->st, rec + OFF_BODY);
    /* rebuilt in place, the first snapshot takes the erased one's number
     * again (same state), so that a cut after it is found the same way */
    if (dest == j->active)
        j->st.seq--;
    for (uint32_t k = 0; k < 2; k++) {
        build_record(rec, j->st.seq + 1, OB_JREC_SNAPSHOT, j->st.security_counter);
        rc = write_record(j, j->sectors[dest].addr + k * OB_JREC_SIZE, rec);
        if (rc != OB_OK)
            return rc;
        j->st.seq++;
    }
    if (dest != j->active)
        rc = j->flash->erase(j->flash, j->sectors[j->active].addr);
    j->active = (uint8_t)dest;
    j->next_off = 2 * OB_JREC_SIZE;
    j->single = 0;
    return rc;
}

/* The highest sequence number a record may carry: 0xFFFFFFFF reads as
 * "never written". No board gets near it (each record slot is written once
 * per erase of its sector, a few billion appends are far beyond any flash's
 * endurance); only crafted content starts there, and then the journal
 * refuses to write a record that would read back as invalid. */
#define SEQ_MAX 0xFFFFFFFEu

static int append(ob_journal *j, uint8_t *rec, uint8_t type, const void *body, uint32_t len)
{
    int compactions = 0;
    for (;;) {
        const ob_region *r = &j->sectors[j->active];
        if (j->st.seq >= SEQ_MAX)
            return OB_ERR_JOURNAL;
        if (j->next_off + OB_JREC_SIZE > r->size) {
            /* A fresh sector always has room, so a second compaction in one
             * append means the flash does not hold what was written. The
             * two snapshots and then the record each take a number. */
            if (compactions++ > 1 || j->st.seq >= SEQ_MAX - 2)
                return OB_ERR_JOURNAL;
            int rc = compact_into(j, rec, j->single ? j->active : !j->active);
            if (rc != OB_OK)
                return rc;
            continue;
        }
        int rc = ob_flash_read(j->flash, r->addr + j->next_off, rec, OB_JREC_SIZE);
        if (rc != OB_OK)
            return rc;
        if (!all_ff(rec, OB_JREC_SIZE)) { /* leftover of a torn write or garbage: never program over it */
            j->next_off += OB_JREC_SIZE;
            continue;
        }
        memset(rec, 0, OB_JREC_SIZE);
        if (len)
            memcpy(rec + OFF_BODY, body, len);
        /* the state this record leads to, whose counter it carries; on a
         * write error the caller rebuilds the state from the flash */
        uint32_t seq = j->st.seq + 1;
        (void)ob_jstate_apply(&j->st, seq, type, rec + OFF_BODY);
        build_record(rec, seq, type, j->st.security_counter);
        rc = write_record(j, r->addr + j->next_off, rec);
        j->next_off += OB_JREC_SIZE;
        if (rc == OB_OK)
            j->single = 0; /* two valid records here now */
        return rc;
    }
}

int ob_journal_append(ob_journal *j, uint8_t type, const void *body, uint32_t body_len)
{
    if (body_len > OB_JREC_BODY_MAX || !type_known(type) || type == OB_JREC_SNAPSHOT)
        return OB_ERR_ARG;
    /* both copies of a twin, and a compaction before either, must fit in
     * the sequence space: refused before anything is written */
    if (twinned(type) && j->st.seq > SEQ_MAX - 4)
        return OB_ERR_JOURNAL;
    uint8_t rec[OB_JREC_SIZE];
    int rc = append(j, rec, type, body, body_len);
    if (rc == OB_OK && twinned(type))
        rc = append(j, rec, type, body, body_len);
    if (rc != OB_OK) {
        /* Whatever reached the flash is the truth: rebuild from it. */
        (void)load(j, rec);
        return rc == OB_ERR_POWER_CUT ? rc : OB_ERR_JOURNAL;
    }
    return OB_OK;
}

int ob_journal_recv_start(ob_journal *j)
{
    return ob_journal_append(j, OB_JREC_RECV_START, NULL, 0);
}

int ob_journal_seal(ob_journal *j, const ob_jimage *img)
{
    uint8_t b[OB_JIMAGE_LEN];
    ob_jimage_encode(img, b);
    return ob_journal_append(j, OB_JREC_SEAL, b, sizeof b);
}

int ob_journal_install_start(ob_journal *j, const ob_jimage *img)
{
    uint8_t b[OB_JIMAGE_LEN];
    ob_jimage_encode(img, b);
    return ob_journal_append(j, OB_JREC_INSTALL_START, b, sizeof b);
}

int ob_journal_install_done(ob_journal *j, const ob_jimage *img)
{
    uint8_t b[OB_JIMAGE_LEN];
    if (!img)
        return ob_journal_append(j, OB_JREC_INSTALL_DONE, NULL, 0);
    ob_jimage_encode(img, b);
    return ob_journal_append(j, OB_JREC_INSTALL_DONE, b, sizeof b);
}

int ob_journal_trial_boot(ob_journal *j)
{
    return ob_journal_append(j, OB_JREC_TRIAL_BOOT, NULL, 0);
}

int ob_journal_confirm(ob_journal *j)
{
    if (j->st.app_status == OB_APP_CONFIRMED)
        return OB_OK; /* already final: confirming on every boot costs no flash */
    if (j->st.app_status == OB_APP_INSTALLING || j->st.app_status == OB_APP_FAILED || j->st.history_lost)
        return OB_ERR_STATE;
    /* the record carries what it confirms: a lost record that described
     * the application cannot leave a confirmed application without its hash */
    uint8_t body[OB_JIMAGE_LEN];
    ob_jimage_encode(&j->st.app, body);
    return ob_journal_append(j, OB_JREC_CONFIRM, body, sizeof body);
}

static int append_reason(ob_journal *j, uint8_t type, int reason)
{
    uint8_t b[4];
    ob_put_le32(b, (uint32_t)reason);
    return ob_journal_append(j, type, b, sizeof b);
}

int ob_journal_fail(ob_journal *j, int reason)
{
    return append_reason(j, OB_JREC_FAIL, reason);
}

int ob_journal_reject(ob_journal *j, int reason)
{
    return append_reason(j, OB_JREC_REJECT, reason);
}

int ob_journal_rescue_request(ob_journal *j)
{
    return ob_journal_append(j, OB_JREC_RESCUE_REQUEST, NULL, 0);
}

int ob_journal_rescue_ack(ob_journal *j)
{
    return ob_journal_append(j, OB_JREC_RESCUE_ACK, NULL, 0);
}

int ob_journal_rollback(ob_journal *j, int reason)
{
    return append_reason(j, OB_JREC_ROLLBACK, reason);
}
