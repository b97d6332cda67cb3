/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the image format. A gzip member (RFC 1952) whose FEXTRA field
 * carries the 'O','B' subfield with the metadata record. docs/SPEC.md,
 * "Image format" and "Metadata record", is the normative description; this
 * file follows it section by section. */
#include "image.h"

#include <string.h>

/* RFC 1952 section 2.3.1: member header fields. */
#define GZ_ID1 0x1fu
#define GZ_ID2 0x8bu
#define GZ_CM_DEFLATE 8u
#define GZ_FTEXT 0x01u
#define GZ_FHCRC 0x02u
#define GZ_FEXTRA 0x04u
#define GZ_FNAME 0x08u
#define GZ_FCOMMENT 0x10u
#define GZ_FRESERVED 0xe0u
#define GZ_FIXED_LEN 10u
#define GZ_SUBHDR_LEN 4u   /* SI1 SI2 LEN(2), RFC 1952 section 2.3.1.1 */

/* What ob_gz_write_header puts in the fixed header (SPEC documents why). */
#define OB_GZ_XFL 2u       /* "maximum compression": the packer uses level 9 */
#define OB_GZ_OS 3u        /* Unix */

/* Record offsets (SPEC "Metadata record"). */
enum {
    R_VERSION = 0, R_PROFILE = 1, R_FLAGS = 2, R_BOARD = 4, R_FW_VERSION = 20,
    R_LOAD_ADDR = 24, R_RAW_SIZE = 28, R_PAYLOAD_SIZE = 32, R_SEC_COUNTER = 36,
    R_RAW_SHA = 40, R_PAYLOAD_SHA = 72, R_SIG_TYPE = 104, R_RESERVED = 105,
    R_KEY_ID = 108, R_SIG = 116
};

/* ---- metadata record ---------------------------------------------------- */

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;

    while (n--)
        acc |= *p++;
    return acc == 0;
}

/* A board name is 1..15 characters of [a-z0-9-], then NUL padding to 16
 * bytes. The small alphabet keeps names printable in every console and file
 * name, and exactly one encoding per name keeps signed records canonical. */
static int board_valid(const uint8_t *b)
{
    size_t i = 0;

    while (i < OB_BOARD_NAME_MAX && b[i] != 0) {
        uint8_t c = b[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
        i++;
    }
    if (i == 0 || i == OB_BOARD_NAME_MAX)
        return 0;
    return all_zero(b + i, OB_BOARD_NAME_MAX - i);
}

int ob_meta_decode(const uint8_t *rec, size_t len, ob_meta *m)
{
    if ((rec == NULL && len > 0) || m == NULL)
        return OB_ERR_ARG;
    if (len == 0)
        return OB_ERR_META_LENGTH;
    /* The version byte decides the length, so it is judged first. */
    if (rec[R_VERSION] != OB_META_VERSION)
        return OB_ERR_META_VERSION;
    if (len != OB_META_LEN)
        return OB_ERR_META_LENGTH;

    if (rec[R_PROFILE] != OB_PROFILE_SLOT && rec[R_PROFILE] != OB_PROFILE_DIRECT &&
        rec[R_PROFILE] != OB_PROFILE_ROLLBACK)
        return OB_ERR_META_FIELD;
    if (ob_get_le16(rec + R_FLAGS) != 0) /* no compression filters defined in v1 */
        return OB_ERR_META_FIELD;
    if (!board_valid(rec + R_BOARD))
        return OB_ERR_META_FIELD;
    if (rec[R_SIG_TYPE] != OB_SIG_NONE && rec[R_SIG_TYPE] != OB_SIG_ECDSA_P256)
        return OB_ERR_META_FIELD;
    if (!all_zero(rec + R_RESERVED, R_KEY_ID - R_RESERVED))
        return OB_ERR_META_FIELD;
    /* An unsigned record carries no key id or signature bytes at all, so a
     * signature cannot hide in an image that claims to be unsigned. */
    if (rec[R_SIG_TYPE] == OB_SIG_NONE && !all_zero(rec + R_KEY_ID, OB_META_LEN - R_KEY_ID))
        return OB_ERR_META_FIELD;

    m->version = rec[R_VERSION];
    m->profile = rec[R_PROFILE];
    m->flags = ob_get_le16(rec + R_FLAGS);
    memcpy(m->board, rec + R_BOARD, OB_BOARD_NAME_MAX);
    m->fw_version = ob_get_le32(rec + R_FW_VERSION);
    m->load_addr = ob_get_le32(rec + R_LOAD_ADDR);
    m->raw_size = ob_get_le32(rec + R_RAW_SIZE);
    m->payload_size = ob_get_le32(rec + R_PAYLOAD_SIZE);
    m->security_counter = ob_get_le32(rec + R_SEC_COUNTER);
    memcpy(m->raw_sha256, rec + R_RAW_SHA, OB_SHA256_LEN);
    memcpy(m->payload_sha256, rec + R_PAYLOAD_SHA, OB_SHA256_LEN);
    m->sig_type = rec[R_SIG_TYPE];
    memcpy(m->key_id, rec + R_KEY_ID, sizeof m->key_id);
    memcpy(m->sig, rec + R_SIG, sizeof m->sig);
    return OB_OK;
}

void ob_meta_encode(const ob_meta *m, uint8_t rec[OB_META_LEN])
{
    size_t n = 0;

    memset(rec, 0, OB_META_LEN);
    rec[R_VERSION] = m->version;
    rec[R_PROFILE] = m->profile;
    ob_put_le16(rec + R_FLAGS, m->flags);
    while (n < OB_BOARD_NAME_MAX && m->board[n] != '\0')
        n++;
    memcpy(rec + R_BOARD, m->board, n);
    ob_put_le32(rec + R_FW_VERSION, m->fw_version);
    ob_put_le32(rec + R_LOAD_ADDR, m->load_addr);
    ob_put_le32(rec + R_RAW_SIZE, m->raw_size);
    ob_put_le32(rec + R_PAYLOAD_SIZE, m->payload_size);
    ob_put_le32(rec + R_SEC_COUNTER, m->security_counter);
    memcpy(rec + R_RAW_SHA, m->raw_sha256, OB_SHA256_LEN);
    memcpy(rec + R_PAYLOAD_SHA, m->payload_sha256, OB_SHA256_LEN);
    rec[R_SIG_TYPE] = m->sig_type;
    memcpy(rec + R_KEY_ID, m->key_id, sizeof m->key_id);
    memcpy(rec + R_SIG, m->sig, sizeof m->sig);
}

/* ---- version strings ---------------------------------------------------- */

/* One decimal part: at least one digit, no leading zero, at most max.
 * Returns the character after it, or NULL. */
static const char *parse_part(const char *s, uint32_t max, uint32_t *out)
{
    uint32_t v = 0;

    if (*s < '0' || *s > '9')
        return NULL;
    if (*s == '0' && s[1] >= '0' && s[1] <= '9')
        return NULL;
    while (*s >= '0' && *s <= '9') {
        v = v * 10u + (uint32_t)(*s - '0'); /* v <= 65535 before, so no wrap */
        if (v > max)
            return NULL;
        s++;
    }
    *out = v;
    return s;
}

int ob_version_parse(const char *s, uint32_t *out)
{
    uint32_t major, minor, patch = 0;

    if (s == NULL || out == NULL)
        return OB_ERR_ARG;
    s = parse_part(s, 255, &major);
    if (s == NULL || *s++ != '.')
        return OB_ERR_ARG;
    s = parse_part(s, 255, &minor);
    if (s == NULL)
        return OB_ERR_ARG;
    if (*s == '.') {
        s = parse_part(s + 1, 65535, &patch);
        if (s == NULL)
            return OB_ERR_ARG;
    }
    if (*s != '\0')
        return OB_ERR_ARG;
    *out = major << 24 | minor << 16 | patch;
    return OB_OK;
}

/* Appends the decimal digits of v at p, returns the new end. */
static char *put_dec(char *p, uint32_t v)
{
    char tmp[10];
    int n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    while (n > 0)
        *p++ = tmp[--n];
    return p;
}

char *ob_version_format(uint32_t v, char *buf, size_t cap)
{
    char tmp[16]; /* "255.255.65535" is 13 characters */
    char *p = tmp;
    size_t n;

    if (buf == NULL || cap == 0)
        return buf;
    p = put_dec(p, v >> 24);
    *p++ = '.';
    p = put_dec(p, (v >> 16) & 0xffu);
    *p++ = '.';
    p = put_dec(p, v & 0xffffu);
    n = OB_MIN((size_t)(p - tmp), cap - 1);
    memcpy(buf, tmp, n);
    buf[n] = '\0';
    return buf;
}

/* ---- gzip header parser ------------------------------------------------- */

/* Sections of the header in RFC 1952 order. A failed parser keeps the error
 * in its state byte (ST_FAILED | -err; every ob_err fits in 7 bits), so the
 * error is sticky without another struct field. */
enum { ST_FIXED, ST_XLEN, ST_SUBHDR, ST_SUBDATA, ST_FNAME, ST_FCOMMENT, ST_HCRC, ST_DONE };
#define ST_FAILED 0x80u

void ob_gzhdr_init(ob_gzhdr *h)
{
    if (h != NULL) {
        memset(h, 0, sizeof *h);
        h->state = ST_FIXED;
    }
}

/* Enters the first optional section at or after `from` that FLG announces. */
static void enter_from(ob_gzhdr *h, int from)
{
    if (from <= ST_XLEN && (h->flg & GZ_FEXTRA))
        h->state = ST_XLEN;
    else if (from <= ST_FNAME && (h->flg & GZ_FNAME))
        h->state = ST_FNAME;
    else if (from <= ST_FCOMMENT && (h->flg & GZ_FCOMMENT))
        h->state = ST_FCOMMENT;
    else if (from <= ST_HCRC && (h->flg & GZ_FHCRC))
        h->state = ST_HCRC;
    else
        h->state = ST_DONE;
}

/* A subfield just ended (or XLEN was read): the rest of FEXTRA must be empty
 * or hold at least a whole subfield header (RFC 1952 2.3.1.1: FEXTRA is a
 * sequence of subfields, so XLEN is filled by them exactly). */
static int next_subfield(ob_gzhdr *h)
{
    uint16_t rem = (uint16_t)(h->xlen - h->xdone);

    if (rem == 0) {
        enter_from(h, ST_FNAME);
        return OB_OK;
    }
    if (rem < GZ_SUBHDR_LEN)
        return OB_ERR_META_LENGTH;
    h->nsub_hdr = 0;
    h->state = ST_SUBHDR;
    return OB_OK;
}

static int fixed_byte(ob_gzhdr *h, uint8_t b)
{
    uint8_t i = h->nfixed++;

    h->fixed[i] = b;
    /* Judge each byte as it arrives so a non-gzip stream is refused at once. */
    if ((i == 0 && b != GZ_ID1) || (i == 1 && b != GZ_ID2))
        return OB_ERR_GZ_MAGIC;
    if (i == 2 && b != GZ_CM_DEFLATE)
        return OB_ERR_GZ_METHOD;
    if (i == 3) {
        if (b & GZ_FRESERVED) /* RFC 1952 2.3.1.2: must reject reserved bits */
            return OB_ERR_GZ_FLAGS;
        h->flg = b;
    }
    if (h->nfixed == GZ_FIXED_LEN) {
        h->mtime = ob_get_le32(h->fixed + 4);
        h->os = h->fixed[9];
        enter_from(h, ST_XLEN);
    }
    return OB_OK;
}

static int subhdr_byte(ob_gzhdr *h, uint8_t b)
{
    h->sub_hdr[h->nsub_hdr++] = b;
    h->xdone++;
    if (h->nsub_hdr < GZ_SUBHDR_LEN)
        return OB_OK;
    h->sub_len = ob_get_le16(h->sub_hdr + 2);
    h->sub_done = 0;
    if (h->sub_len > h->xlen - h->xdone)
        return OB_ERR_META_LENGTH;
    h->sub_is_ours = h->sub_hdr[0] == OB_META_SI1 && h->sub_hdr[1] == OB_META_SI2;
    if (h->sub_is_ours) {
        if (h->has_meta)
            return OB_ERR_META_DUPLICATE;
        if (h->sub_len == 0) /* no version byte: no record of any version */
            return OB_ERR_META_LENGTH;
        h->rec_len = 0;
    }
    if (h->sub_len == 0)
        return next_subfield(h);
    h->state = ST_SUBDATA;
    return OB_OK;
}

static int subdata_byte(ob_gzhdr *h, uint8_t b)
{
    h->xdone++;
    h->sub_done++;
    if (h->sub_is_ours) {
        /* The first record byte is its version, which fixes its length. */
        if (h->rec_len == 0 && b != OB_META_VERSION)
            return OB_ERR_META_VERSION;
        if (h->rec_len == 0 && h->sub_len != OB_META_LEN)
            return OB_ERR_META_LENGTH;
        h->rec[h->rec_len++] = b;
    }
    if (h->sub_done < h->sub_len)
        return OB_OK;
    if (h->sub_is_ours) {
        int rc = ob_meta_decode(h->rec, h->rec_len, &h->meta);

        if (rc != OB_OK)
            return rc;
        h->has_meta = 1;
    }
    return next_subfield(h);
}

static int header_byte(ob_gzhdr *h, uint8_t b)
{
    h->header_len++; /* bounded: FEXTRA is at most 65535 bytes, FNAME and FCOMMENT OB_GZ_TEXT_MAX */
    /* FHCRC covers every header byte before the CRC16 (RFC 1952 2.3.1). */
    if (h->state != ST_HCRC)
        h->crc = ob_crc32(h->crc, &b, 1);

    switch (h->state) {
    case ST_FIXED:
        return fixed_byte(h, b);
    case ST_XLEN:
        h->sub_hdr[h->nsub_hdr++] = b;
        if (h->nsub_hdr == 2) {
            h->xlen = ob_get_le16(h->sub_hdr);
            h->xdone = 0;
            return next_subfield(h);
        }
        return OB_OK;
    case ST_SUBHDR:
        return subhdr_byte(h, b);
    case ST_SUBDATA:
        return subdata_byte(h, b);
    case ST_FNAME:
    case ST_FCOMMENT:
        /* Zero-terminated strings: skipped, never stored, and bounded so
         * that a header cannot hold a connection with an endless name. */
        if (b == 0) {
            h->ntext = 0;
            enter_from(h, h->state + 1);
        } else if (++h->ntext > OB_GZ_TEXT_MAX) {
            return OB_ERR_GZ_TEXT_LONG;
        }
        return OB_OK;
    case ST_HCRC:
        h->hcrc_buf[h->nhcrc++] = b;
        if (h->nhcrc == 2) {
            if (ob_get_le16(h->hcrc_buf) != (uint16_t)(h->crc & 0xffffu))
                return OB_ERR_GZ_HCRC;
            h->state = ST_DONE;
        }
        return OB_OK;
    default:
        return OB_ERR_STATE;
    }
}

int ob_gzhdr_feed(ob_gzhdr *h, const uint8_t *p, size_t n, size_t *used)
{
    size_t i = 0;

    if (used != NULL)
        *used = 0;
    if (h == NULL || used == NULL || (p == NULL && n > 0))
        return OB_ERR_ARG;
    if (h->state & ST_FAILED)
        return -(int)(h->state & ~ST_FAILED);
    while (h->state != ST_DONE) {
        int rc;

        if (i == n)
            return OB_GZHDR_MORE;
        rc = header_byte(h, p[i++]);
        *used = i;
        if (rc != OB_OK) {
            h->state = (uint8_t)(ST_FAILED | (uint8_t)-rc);
            return rc;
        }
    }
    return OB_OK;
}

int ob_gzhdr_parse(ob_gzhdr *h, const uint8_t *buf, size_t len)
{
    size_t used;
    int rc;

    if (h == NULL)
        return OB_ERR_ARG;
    ob_gzhdr_init(h);
    rc = ob_gzhdr_feed(h, buf, len, &used);
    return rc == OB_GZHDR_MORE ? OB_ERR_GZ_TRUNCATED : rc;
}

/* ---- gzip header writer ------------------------------------------------- */

int ob_gz_write_header(const ob_meta *m, const char *fname, uint8_t *out, size_t cap)
{
    const size_t fixed = GZ_FIXED_LEN + 2 + GZ_SUBHDR_LEN + OB_META_LEN;
    uint8_t rec[OB_META_LEN];
    ob_meta check;
    size_t flen = 0;
    int rc;

    if (m == NULL || out == NULL)
        return OB_ERR_ARG;
    ob_meta_encode(m, rec);
    rc = ob_meta_decode(rec, sizeof rec, &check);
    if (rc != OB_OK)
        return rc;
    if (fname != NULL)
        flen = strlen(fname) + 1;
    if (cap < fixed || flen > cap - fixed || fixed + flen > 0x7fffffffu)
        return OB_ERR_ARG;

    out[0] = GZ_ID1;
    out[1] = GZ_ID2;
    out[2] = GZ_CM_DEFLATE;
    out[3] = (uint8_t)(GZ_FEXTRA | (fname != NULL ? GZ_FNAME : 0u));
    ob_put_le32(out + 4, 0); /* MTIME 0: "no time stamp", keeps builds reproducible */
    out[8] = OB_GZ_XFL;
    out[9] = OB_GZ_OS;
    ob_put_le16(out + 10, (uint16_t)(GZ_SUBHDR_LEN + OB_META_LEN));
    out[12] = OB_META_SI1;
    out[13] = OB_META_SI2;
    ob_put_le16(out + 14, OB_META_LEN);
    memcpy(out + 16, rec, OB_META_LEN);
    if (fname != NULL)
        memcpy(out + fixed, fname, flen);
    return (int)(fixed + flen);
}

/* ---- checks against the board ------------------------------------------- */

int ob_meta_check_layout(const ob_meta *m, const ob_layout *l, uint32_t header_len)
{
    size_t n;

    (void)header_len; /* the gzip header is not stored in the slot */
    if (m == NULL || l == NULL || l->board == NULL)
        return OB_ERR_ARG;
    n = strlen(l->board);
    if (n >= OB_BOARD_NAME_MAX || memcmp(m->board, l->board, n) != 0 ||
        !all_zero((const uint8_t *)m->board + n, OB_BOARD_NAME_MAX - n))
        return OB_ERR_WRONG_BOARD;
    if (m->profile != (uint8_t)l->profile)
        return OB_ERR_WRONG_PROFILE;
    if (m->load_addr != l->app.addr)
        return OB_ERR_LOAD_ADDR;
    if (m->raw_size == 0)
        return OB_ERR_EMPTY;
    if (m->raw_size > l->app.size)
        return OB_ERR_TOO_LARGE;
    /* Every slot must take it (the rollback profile uses both in turn);
     * subtraction on the slot side cannot overflow the way payload + 256 can. */
    if (l->profile != OB_PROFILE_DIRECT &&
        (l->slot.size < OB_SLOT_HDR_LEN || m->payload_size > ob_layout_payload_max(l)))
        return OB_ERR_SLOT_FULL;
    return OB_OK;
}
