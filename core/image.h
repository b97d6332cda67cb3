/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the image format. An image is one gzip member (RFC 1952) whose
 * FEXTRA field carries one subfield 'O','B' holding the metadata record
 * (docs/SPEC.md gives the byte layout). */
#ifndef OB_IMAGE_H
#define OB_IMAGE_H

#include "layout.h"
#include "verify.h"

#define OB_META_SI1 'O'
#define OB_META_SI2 'B'
#define OB_META_VERSION 1
#define OB_META_LEN 180        /* subfield data length of a version-1 record */
#define OB_META_SIGNED_LEN 116 /* bytes [0, 116) are covered by the signature */
#define OB_GZ_TEXT_MAX 1024u    /* longest FNAME or FCOMMENT a reader accepts, without its NUL */

/* The update slot holds a slot header of this many bytes, then the payload
 * (deflate stream + gzip trailer). The gzip header itself is not stored: its
 * metadata goes into the slot header (docs/SPEC.md, "Update slot"). */
#define OB_SLOT_HDR_LEN 256

#define OB_SIG_NONE 0
#define OB_SIG_ECDSA_P256 1

typedef struct {
    uint8_t version;
    uint8_t profile;          /* ob_profile */
    uint16_t flags;           /* reserved, 0 */
    char board[OB_BOARD_NAME_MAX]; /* NUL-padded */
    uint32_t fw_version;      /* major << 24 | minor << 16 | patch */
    uint32_t load_addr;       /* application area base it was linked for */
    uint32_t raw_size;        /* bytes of the raw image (== gzip ISIZE) */
    uint32_t payload_size;    /* bytes of deflate stream + 8-byte gzip trailer */
    uint32_t security_counter;
    uint8_t raw_sha256[OB_SHA256_LEN];
    uint8_t payload_sha256[OB_SHA256_LEN]; /* of the payload_size bytes after the header */
    uint8_t sig_type;         /* OB_SIG_* */
    uint8_t key_id[8];        /* first 8 bytes of SHA-256 of the public key (uncompressed point) */
    uint8_t sig[64];          /* r || s, big-endian, each 32 bytes */
} ob_meta;

/* Record <-> struct. decode: OB_ERR_META_VERSION for an unknown version byte
 * (checked first), OB_ERR_META_LENGTH when len does not match that version
 * (or is 0), OB_ERR_META_FIELD for: profile not an ob_profile, flags != 0,
 * board name empty, unterminated, with a byte outside [a-z0-9-] or non-NUL
 * padding, unknown sig_type, non-zero reserved bytes, or a non-zero key_id/sig
 * when sig_type is OB_SIG_NONE. OB_ERR_ARG for NULL pointers.
 * encode writes reserved bytes as 0 and NUL-pads the board name after its
 * first NUL; it does not validate (ob_gz_write_header does). */
int ob_meta_decode(const uint8_t *rec, size_t len, ob_meta *m);
void ob_meta_encode(const ob_meta *m, uint8_t rec[OB_META_LEN]);

/* Version strings "MAJOR.MINOR.PATCH" (each part 0..255, 0..255, 0..65535)
 * or "MAJOR.MINOR" (patch 0): decimal digits only, no sign, no spaces, no
 * empty part, no leading zero ("0" itself is fine). OB_ERR_ARG otherwise. */
int ob_version_parse(const char *s, uint32_t *out);
/* Writes "M.m.p" into buf (at least 16 bytes; a smaller cap truncates, always
 * NUL-terminated when cap > 0). Returns buf. */
char *ob_version_format(uint32_t v, char *buf, size_t cap);

/* Incremental gzip header parser: feed any number of bytes at a time.
 * No dynamic memory; FNAME/FCOMMENT/foreign subfields are skipped, not stored. */
typedef struct {
    uint8_t state;
    uint8_t flg;
    uint8_t fixed[10];
    uint8_t nfixed;
    uint16_t xlen, xdone;      /* FEXTRA total and consumed */
    uint8_t sub_hdr[4];        /* current subfield SI1 SI2 LEN */
    uint8_t nsub_hdr;
    uint16_t sub_len, sub_done;
    uint8_t sub_is_ours;
    uint8_t hcrc_buf[2];
    uint8_t nhcrc;
    uint32_t crc;              /* running CRC32 of header bytes for FHCRC */
    uint32_t header_len;       /* bytes consumed so far; total once done */
    uint16_t ntext;            /* bytes of the FNAME or FCOMMENT being read */
    int has_meta;
    uint8_t rec[OB_META_LEN];
    uint16_t rec_len;
    ob_meta meta;              /* valid when has_meta and done */
    uint8_t os;
    uint32_t mtime;
} ob_gzhdr;

#define OB_GZHDR_MORE 1 /* header not complete yet: feed more */

void ob_gzhdr_init(ob_gzhdr *h);
/* Consumes bytes of p (sets *used, never more than n and never past the end of
 * the header). Returns OB_GZHDR_MORE, OB_OK when the header is complete (the
 * next byte is the deflate stream), or an OB_ERR_GZ_* / OB_ERR_META_* error.
 * An error is reported at the first byte that makes the header invalid; *used
 * then counts the bytes up to and including that byte, and the error is sticky
 * (later calls return it again and consume nothing). Once complete, later
 * calls return OB_OK and consume nothing. A header without the 'O','B'
 * subfield is valid (has_meta == 0): the caller decides whether plain gzip is
 * acceptable. OB_ERR_ARG for NULL h/used or NULL p with n > 0. */
int ob_gzhdr_feed(ob_gzhdr *h, const uint8_t *p, size_t n, size_t *used);
/* Whole-buffer convenience: OB_ERR_GZ_TRUNCATED if buf ends inside the header. */
int ob_gzhdr_parse(ob_gzhdr *h, const uint8_t *buf, size_t len);

/* Writes a gzip header with FEXTRA holding the metadata (and FNAME when fname
 * is non-NULL): 1f 8b 08 FLG, MTIME 0, XFL 2, OS 3, XLEN 184, 'O' 'B' 180 0,
 * record, [fname NUL]. Returns the header length, OB_ERR_ARG if cap is too
 * small or m/out is NULL, or the ob_meta_decode error if m would not parse
 * back (so what it writes always parses). */
int ob_gz_write_header(const ob_meta *m, const char *fname, uint8_t *out, size_t cap);

/* Checks metadata against a layout, in this order, each with its own error:
 * board name (OB_ERR_WRONG_BOARD), profile (OB_ERR_WRONG_PROFILE), load_addr
 * == app.addr (OB_ERR_LOAD_ADDR), raw_size > 0 (OB_ERR_EMPTY), raw_size <=
 * app.size (OB_ERR_TOO_LARGE) and, in the slot profile, payload_size <=
 * slot.size - OB_SLOT_HDR_LEN (OB_ERR_SLOT_FULL): the slot stores the slot
 * header then the payload, never the gzip header, so header_len does not
 * count (the parameter is kept for callers and ignored). OB_ERR_ARG for NULL. */
int ob_meta_check_layout(const ob_meta *m, const ob_layout *l, uint32_t header_len);

#endif
