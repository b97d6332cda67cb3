/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update receiver (see receiver.h). */
#include "receiver.h"

#include <string.h>

#include "sig.h"
#include "slot.h"

enum { PH_HEADER, PH_PAYLOAD, PH_COMPLETE, PH_FINISHED, PH_FAILED };

static void set_answer(ob_receiver *r, int err)
{
    const char *why = ob_strerror(err);
    size_t n = sizeof OB_ANSWER_REJECT_PREFIX - 1, k = strlen(why);
    if (err == OB_OK || err == OB_ERR_ALREADY_INSTALLED) { /* not a rejection: no prefix */
        if (err == OB_OK)
            why = OB_ANSWER_OK;
        memcpy(r->answer, why, OB_MIN(strlen(why) + 1u, sizeof r->answer));
        r->answer[sizeof r->answer - 1u] = '\0';
        return;
    }
    memcpy(r->answer, OB_ANSWER_REJECT_PREFIX, n);
    if (k > sizeof r->answer - n - 1)
        k = sizeof r->answer - n - 1;
    memcpy(r->answer + n, why, k);
    r->answer[n + k] = '\0';
}

static int fail(ob_receiver *r, int err)
{
    if (r->phase != PH_FAILED) {
        r->phase = PH_FAILED;
        r->err = err;
        set_answer(r, err);
        /* A direct install that stops half-way leaves no application: say so,
         * so bl1 goes straight to rescue instead of trying it. */
        if (r->cfg.mode == OB_RX_DIRECT && r->journal_touched && err != OB_ERR_POWER_CUT)
            (void)ob_journal_fail(r->cfg.journal, err);
    }
    return r->err;
}

static int on_raw(void *ctx, const uint8_t *p, uint32_t n)
{
    ob_receiver *r = (ob_receiver *)ctx;
    for (uint32_t i = 0; i < n && r->raw_len + i < sizeof r->vt; i++)
        r->vt[r->raw_len + i] = p[i];
    ob_sha256_update(&r->raw_sha, p, n);
    r->raw_crc = ob_crc32(r->raw_crc, p, n);
    r->raw_len += n;
    return OB_OK;
}

static size_t pull_cur(void *ctx, const uint8_t **chunk)
{
    ob_receiver *r = (ob_receiver *)ctx;
    size_t n = r->cur_len;
    *chunk = r->cur;
    r->cur_len = 0;
    return n;
}

void ob_receiver_init(ob_receiver *r, const ob_receiver_cfg *cfg)
{
    memset(r, 0, sizeof *r);
    r->cfg = *cfg;
    r->phase = PH_HEADER;
    ob_gzhdr_init(&r->hdr);
    ob_sha256_init(&r->payload_sha);
    ob_sha256_init(&r->raw_sha);
}

const ob_meta *ob_receiver_meta(const ob_receiver *r)
{
    return (r->phase != PH_HEADER && r->hdr.has_meta) ? &r->hdr.meta : NULL;
}

static ob_sink *out_sink(ob_receiver *r)
{
    return r->cfg.mode == OB_RX_DIRECT ? &r->out.sink : &r->win.sink;
}

/* An authenticated image is not yet a request by its owner: anyone can replay
 * a released one. Before anything is erased: the current release is not
 * installed again, and where the install would erase the application, the
 * sender must prove an owner key for this board's nonce and this image. */
static int authorize(ob_receiver *r)
{
    const ob_jstate *st = &r->cfg.journal->st;
    const ob_meta *m = &r->hdr.meta;
    if (st->app_status == OB_APP_CONFIRMED && st->app.raw_size == m->raw_size &&
        !ob_memcmp_ct(st->app.raw_sha256, m->raw_sha256, OB_SHA256_LEN))
        return OB_ERR_ALREADY_INSTALLED;
    if (!ob_auth_required(r->cfg.keys, r->cfg.mode, st))
        return OB_OK;
    if (!r->cfg.proof || !r->cfg.auth)
        return OB_ERR_AUTH_REQUIRED;
    return ob_auth_check(r->cfg.auth, r->cfg.keys, r->hdr.rec, r->cfg.proof, r->cfg.now_ms);
}

/* The header is complete: check it against the board, then (and only then)
 * start touching flash. */
static int accept_header(ob_receiver *r)
{
    const ob_layout *l = r->cfg.layout;
    const ob_jstate *st = &r->cfg.journal->st;
    int rc;
    /* rollback profile: the previous confirmed image is kept in one slot
     * while a newer one is on trial, and the trial image's copy in the
     * other: there is no room for a third until one of them settles */
    if (r->cfg.mode == OB_RX_SLOT && st->prev.raw_size != 0)
        return OB_ERR_TRIAL_RUNNING;
    r->slot = ob_layout_slot(l, ob_jstate_update_slot(st, l));
    if (r->cfg.mode == OB_RX_SLOT && r->slot == NULL)
        return OB_ERR_SLOT_FULL;
    if (r->hdr.has_meta) {
        const ob_meta *m = &r->hdr.meta;
        rc = ob_meta_check_layout(m, l, r->hdr.header_len);
        if (rc != OB_OK)
            return rc;
        if (m->payload_size < 10) /* 2-byte minimal deflate stream + 8-byte trailer */
            return OB_ERR_SIZE_MISMATCH;
        /* The signature covers the payload hash: an image is authenticated
         * here, before the first erase, and its payload checked at the end. */
        rc = ob_sig_check(r->cfg.keys, r->hdr.rec);
        if (rc != OB_OK)
            return rc;
        if (m->security_counter < r->cfg.journal->st.security_counter)
            return OB_ERR_DOWNGRADE;
        rc = authorize(r);
        if (rc != OB_OK)
            return rc;
        r->payload_max = m->payload_size;
    } else {
        if (r->cfg.keys) /* a board with keys takes only signed images */
            return OB_ERR_PLAIN_REFUSED;
        if (r->cfg.mode == OB_RX_SLOT && !r->cfg.window)
            return OB_ERR_PLAIN_UNCHECKED; /* it could not be checked before sealing */
        r->payload_max = r->cfg.mode == OB_RX_SLOT ? r->slot->size - OB_SLOT_HDR_LEN : 0xFFFFFFFFu;
    }

    if (r->cfg.mode == OB_RX_VIA_RESCUE) {
        rc = r->cfg.journal->st.rescue_request == OB_RESCUE_REQUESTED ? OB_OK : ob_journal_rescue_request(r->cfg.journal);
        return rc == OB_OK ? OB_ERR_VIA_RESCUE : rc;
    }
    if (r->cfg.mode == OB_RX_SLOT) {
        if (r->slot->size <= OB_SLOT_HDR_LEN)
            return OB_ERR_SLOT_FULL;
        /* This transfer is about to overwrite the slot: a sealed update in it
         * is superseded from here on, and the journal must say so first. */
        if (r->cfg.journal->st.pending) {
            rc = ob_journal_recv_start(r->cfg.journal);
            if (rc != OB_OK)
                return rc;
            r->journal_touched = 1;
        }
        ob_flash_sink_init(&r->out, r->cfg.flash, r->slot->addr + OB_SLOT_HDR_LEN,
                           r->slot->size - OB_SLOT_HDR_LEN, r->stage, sizeof r->stage);
        if (r->cfg.window) {
            ob_window_sink_init(&r->win, r->cfg.window, r->cfg.window_size, l->app.size, on_raw, r);
            ob_inflate_init(&r->inf);
            r->inflating = 1;
        }
    } else {
        ob_jimage img;
        memset(&img, 0, sizeof img);
        img.flags = OB_JIMG_DIRECT | (r->hdr.has_meta ? 0 : OB_JIMG_PLAIN);
        if (r->hdr.has_meta) {
            img.raw_size = r->hdr.meta.raw_size;
            memcpy(img.raw_sha256, r->hdr.meta.raw_sha256, OB_SHA256_LEN);
            memcpy(img.payload_sha256, r->hdr.meta.payload_sha256, OB_SHA256_LEN);
            img.fw_version = r->hdr.meta.fw_version;
            img.security_counter = r->hdr.meta.security_counter;
        }
        rc = ob_journal_install_start(r->cfg.journal, &img);
        if (rc != OB_OK)
            return rc;
        r->journal_touched = 1;
        ob_flash_sink_init(&r->out, r->cfg.flash, l->app.addr, l->app.size, r->stage, sizeof r->stage);
        ob_inflate_init(&r->inf);
        r->inflating = 1;
    }
    return OB_OK;
}

/* Runs the inflater over the chunk just received. On the end of the stream,
 * works out where the member ends: every byte fed was pulled, so the unused
 * bytes are the last ones received. */
static int inflate_chunk(ob_receiver *r, const uint8_t *p, size_t n)
{
    if (!r->inflating || r->inflate_done)
        return OB_OK;
    r->cur = p;
    r->cur_len = n;
    int rc = ob_inflate_run(&r->inf, pull_cur, r, out_sink(r));
    if (rc == OB_INFLATE_NEED_INPUT)
        return OB_OK;
    if (rc != OB_INFLATE_DONE)
        return rc;
    r->inflate_done = 1;
    uint8_t tmp[16];
    size_t unused = 0, k;
    while ((k = ob_inflate_unused(&r->inf, tmp, sizeof tmp)) > 0)
        unused += k;
    uint32_t deflate_len = r->payload_in - (uint32_t)unused;
    if (r->hdr.has_meta) {
        if (deflate_len + 8u != r->payload_max)
            return unused > 8 && deflate_len + 8u < r->payload_max ? OB_ERR_TRAILING : OB_ERR_SIZE_MISMATCH;
    } else {
        if (unused > 8)
            return OB_ERR_TRAILING;
        r->payload_max = deflate_len + 8u;
    }
    return OB_OK;
}

static int take_payload(ob_receiver *r, const uint8_t *p, size_t n)
{
    ob_sha256_update(&r->payload_sha, p, n);
    for (size_t i = n > 8 ? n - 8 : 0; i < n; i++) { /* keep the last 8 bytes: the trailer */
        memmove(r->trailer, r->trailer + 1, 7);
        r->trailer[7] = p[i];
    }
    if (r->ntrailer < 8)
        r->ntrailer = (uint8_t)OB_MIN(8u, r->ntrailer + n);
    r->payload_in += (uint32_t)n;
    if (r->cfg.mode == OB_RX_SLOT) {
        int rc = ob_flash_sink_write(&r->out, p, (uint32_t)n);
        if (rc == OB_ERR_INF_LIMIT)
            return OB_ERR_SLOT_FULL;
        if (rc != OB_OK)
            return rc;
    }
    return inflate_chunk(r, p, n);
}

int ob_receiver_feed(ob_receiver *r, const uint8_t *p, size_t n)
{
    if (r->phase == PH_FAILED)
        return r->err;
    if (r->phase >= PH_COMPLETE)
        return n ? fail(r, OB_ERR_TRAILING) : OB_OK;
    r->total_in += (uint32_t)n;
    while (n) {
        if (r->phase == PH_HEADER) {
            size_t used = 0;
            int rc = ob_gzhdr_feed(&r->hdr, p, n, &used);
            p += used;
            n -= used;
            if (rc == OB_GZHDR_MORE)
                continue;
            if (rc != OB_OK)
                return fail(r, rc);
            rc = accept_header(r);
            if (rc != OB_OK)
                return fail(r, rc);
            r->phase = PH_PAYLOAD;
            continue;
        }
        /* payload */
        size_t room = r->payload_max - r->payload_in;
        if (room == 0)
            return fail(r, OB_ERR_TRAILING);
        size_t k = OB_MIN(n, room);
        int rc = take_payload(r, p, k);
        if (rc != OB_OK)
            return fail(r, rc);
        p += k;
        n -= k;
        if (r->payload_in == r->payload_max) {
            if (n)
                return fail(r, OB_ERR_TRAILING);
            r->phase = PH_COMPLETE;
        }
    }
    if (r->phase == PH_PAYLOAD && !r->hdr.has_meta && r->cfg.mode == OB_RX_SLOT &&
        r->payload_in == r->payload_max && !r->inflate_done)
        return fail(r, OB_ERR_SLOT_FULL);
    return r->phase == PH_COMPLETE ? OB_OK : OB_RX_MORE;
}

static int verify_raw(ob_receiver *r, uint8_t raw_sha[OB_SHA256_LEN])
{
    const ob_layout *l = r->cfg.layout;
    /* Direct: the flash sink's own finish pads the last program unit; the
     * generic one would hand it a length that is not a multiple of the
     * program width (any image whose size is not) and fail. */
    int rc = r->cfg.mode == OB_RX_DIRECT ? ob_flash_sink_finish(&r->out) : ob_sink_finish(out_sink(r));
    if (rc == OB_OK && r->cfg.mode == OB_RX_DIRECT) {
        /* read back what is really in flash */
        rc = ob_flash_read(r->cfg.flash, l->app.addr, r->vt, sizeof r->vt);
        r->raw_len = ob_sink_total(&r->out.sink);
        if (rc == OB_OK)
            rc = ob_sha256_flash(r->cfg.flash, l->app.addr, r->raw_len, raw_sha);
        if (rc == OB_OK) {
            /* CRC32 over flash, in bounded pieces */
            uint8_t buf[64];
            uint32_t crc = 0;
            for (uint32_t off = 0; rc == OB_OK && off < r->raw_len; off += sizeof buf) {
                uint32_t k = OB_MIN((uint32_t)sizeof buf, r->raw_len - off);
                rc = ob_flash_read(r->cfg.flash, l->app.addr + off, buf, k);
                crc = ob_crc32(crc, buf, k);
            }
            r->raw_crc = crc;
        }
    } else if (rc == OB_OK) {
        ob_sha256_final(&r->raw_sha, raw_sha);
    }
    if (rc != OB_OK)
        return rc;
    if (r->raw_crc != ob_get_le32(r->trailer))
        return OB_ERR_GZ_CRC;
    if (r->raw_len != ob_get_le32(r->trailer + 4))
        return OB_ERR_GZ_ISIZE;
    if (r->hdr.has_meta) {
        if (r->raw_len != r->hdr.meta.raw_size)
            return OB_ERR_SIZE_MISMATCH;
        if (ob_memcmp_ct(raw_sha, r->hdr.meta.raw_sha256, OB_SHA256_LEN))
            return OB_ERR_IMAGE_HASH;
    }
    if (r->raw_len == 0)
        return OB_ERR_EMPTY;
    if (r->raw_len > l->app.size)
        return OB_ERR_TOO_LARGE;
    return ob_vector_check(l, &l->app, r->vt, r->raw_len);
}

static int complete(ob_receiver *r)
{
    const ob_layout *l = r->cfg.layout;
    uint8_t payload_sha[OB_SHA256_LEN];
    uint8_t raw_sha[OB_SHA256_LEN];
    ob_jimage img;
    int rc;

    if (r->phase == PH_HEADER)
        return r->total_in == 0 ? OB_ERR_TRUNCATED : OB_ERR_GZ_TRUNCATED;
    if (r->phase != PH_COMPLETE || r->payload_in != r->payload_max)
        return OB_ERR_TRUNCATED;
    ob_sha256_final(&r->payload_sha, payload_sha);
    if (r->hdr.has_meta && ob_memcmp_ct(payload_sha, r->hdr.meta.payload_sha256, OB_SHA256_LEN))
        return OB_ERR_PAYLOAD_HASH;
    /* Every byte the metadata announced arrived and the deflate stream goes
     * on: the file is damaged (the hash above says so first), or its
     * metadata lies about the size. Not a transfer that ended early. */
    if (r->inflating && !r->inflate_done)
        return OB_ERR_SIZE_MISMATCH;

    memset(&img, 0, sizeof img);
    if (r->inflating) {
        rc = verify_raw(r, raw_sha);
        if (rc != OB_OK)
            return rc;
        img.raw_size = r->raw_len;
        memcpy(img.raw_sha256, raw_sha, OB_SHA256_LEN);
    } else {
        img.raw_size = r->hdr.meta.raw_size;
        memcpy(img.raw_sha256, r->hdr.meta.raw_sha256, OB_SHA256_LEN);
    }
    memcpy(img.payload_sha256, payload_sha, OB_SHA256_LEN);
    img.payload_len = r->payload_in;
    if (r->hdr.has_meta) {
        img.fw_version = r->hdr.meta.fw_version;
        img.security_counter = r->hdr.meta.security_counter;
    } else {
        img.flags |= OB_JIMG_PLAIN;
    }

    if (r->cfg.mode == OB_RX_DIRECT) {
        img.payload_len = 0;
        img.flags |= OB_JIMG_DIRECT;
        return ob_journal_install_done(r->cfg.journal, &img);
    }

    /* slot: payload, then its header, then the seal */
    rc = ob_flash_sink_finish(&r->out);
    if (rc != OB_OK)
        return rc;
    uint8_t hdr[OB_SLOT_HDR_LEN];
    ob_slot_hdr sh;
    memset(&sh, 0, sizeof sh);
    sh.payload_len = r->payload_in;
    sh.has_meta = r->hdr.has_meta;
    sh.rec = r->hdr.rec;
    ob_slot_hdr_encode(&sh, hdr);
    if (r->slot == &l->slot2)
        img.flags |= OB_JIMG_SLOT2;
    rc = r->cfg.flash->program(r->cfg.flash, r->slot->addr, hdr, OB_SLOT_HDR_LEN);
    if (rc != OB_OK)
        return rc;
    /* read back what the seal will vouch for */
    rc = ob_sha256_flash(r->cfg.flash, r->slot->addr + OB_SLOT_HDR_LEN, r->payload_in, raw_sha);
    if (rc != OB_OK)
        return rc;
    if (ob_memcmp_ct(raw_sha, payload_sha, OB_SHA256_LEN))
        return OB_ERR_FLASH;
    return ob_journal_seal(r->cfg.journal, &img);
}

int ob_receiver_finish(ob_receiver *r)
{
    if (r->phase == PH_FAILED || r->phase == PH_FINISHED)
        return r->err;
    int rc = complete(r);
    if (rc != OB_OK)
        return fail(r, rc);
    r->phase = PH_FINISHED;
    r->err = OB_OK;
    set_answer(r, OB_OK);
    return OB_OK;
}

const char *ob_receiver_answer(const ob_receiver *r)
{
    if (r->answer[0])
        return r->answer;
    return OB_ANSWER_REJECT_PREFIX "transfer ended before the image was complete";
}
