/* SPDX-License-Identifier: Apache-2.0 */
/* Test fixture: a virtual board and image makers (see fixture.h). */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "image.h"
#include "layout.h"
#include "xorshift.h"

void fx_make_raw(uint8_t *buf, uint32_t n, const ob_layout *l, uint32_t seed)
{
    uint32_t s = seed * 2654435761u + 1;
    for (uint32_t i = 0; i < n; i += 2) {
        uint32_t r = xorshift32(&s);
        uint16_t hw;
        if (i >= 64 && (r & 3) == 0) { /* repeat an earlier half-word: code reuse */
            uint32_t back = 2 + ((r >> 2) % OB_MIN(i - 2, 4096u)) / 2 * 2;
            hw = (uint16_t)(buf[i - back] | (buf[i - back + 1] << 8));
        } else {
            static const uint16_t ops[] = {0xb580, 0x4770, 0x6800, 0x6008, 0x2000, 0xf000, 0xbd80, 0x4619};
            hw = (uint16_t)(ops[r & 7] | ((r >> 8) & 0x0F));
        }
        buf[i] = (uint8_t)hw;
        if (i + 1 < n)
            buf[i + 1] = (uint8_t)(hw >> 8);
    }
    if (n >= 8) {
        ob_put_le32(buf, l->ram[0].base + l->ram[0].size);
        ob_put_le32(buf + 4, l->app.addr + (n > 0x200 ? 0x101 : (n / 2) | 1));
    }
}

/* zlib deflate: window_bits -15 gives a raw RFC 1951 stream, 31 a whole
 * gzip member as `gzip` writes it. */
static size_t zdeflate(const uint8_t *raw, uint32_t n, int level, int window_bits, uint8_t *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)raw;
    z.avail_in = n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t len = z.total_out;
    deflateEnd(&z);
    return len;
}

size_t fx_pack(const ob_layout *l, const uint8_t *raw, uint32_t n, uint32_t version,
               uint32_t counter, int level, uint8_t *out, size_t cap)
{
    return fx_pack_key(l, raw, n, version, counter, level, NULL, out, cap);
}

size_t fx_pack_key(const ob_layout *l, const uint8_t *raw, uint32_t n, uint32_t version,
                   uint32_t counter, int level, const ob_hostkey *key, uint8_t *out, size_t cap)
{
    ob_meta m;
    uint8_t hdr[512];
    memset(&m, 0, sizeof m);
    m.version = OB_META_VERSION;
    m.profile = (uint8_t)l->profile;
    strncpy(m.board, l->board, sizeof m.board - 1);
    m.fw_version = version;
    m.load_addr = l->app.addr;
    m.raw_size = n;
    m.security_counter = counter;
    ob_sha256(raw, n, m.raw_sha256);
    /* deflate after a provisional header, then fix the header */
    size_t dlen = zdeflate(raw, n, level, -15, out + 400, cap - 408);
    uint8_t *trailer = out + 400 + dlen;
    ob_put_le32(trailer, (uint32_t)crc32(0, raw, n));
    ob_put_le32(trailer + 4, n);
    m.payload_size = (uint32_t)dlen + 8;
    ob_sha256(out + 400, m.payload_size, m.payload_sha256);
    if (key)
        assert_int_equal(ob_hostkey_sign_meta(key, &m), OB_OK);
    int hlen = ob_gz_write_header(&m, "app.bin", hdr, sizeof hdr);
    assert_true(hlen > 0 && hlen <= 400);
    memmove(out + hlen, out + 400, m.payload_size);
    memcpy(out, hdr, (size_t)hlen);
    return (size_t)hlen + m.payload_size;
}

size_t fx_pack_plain(const uint8_t *raw, uint32_t n, uint8_t *out, size_t cap)
{
    return zdeflate(raw, n, 9, 15 + 16, out, cap);
}

static void fx_log(ob_platform *p, const char *line)
{
    fx_board *b = (fx_board *)p->ctx;
    if (getenv("FX_VERBOSE"))
        printf("    console: %s\n", line);
    if (b->nlog < 64)
        snprintf(b->log[b->nlog++], OB_LINE_MAX, "%s", line);
}

void fx_board_open(fx_board *b, const ob_layout *l)
{
    memset(b, 0, sizeof *b);
    b->l = l;
    assert_int_equal(simflash_open(&b->sf, l->geom, NULL), OB_OK);
    b->f = simflash_flash(&b->sf);
    assert_int_equal(ob_journal_open(&b->j, b->f, l), OB_OK);
}

void fx_board_close(fx_board *b)
{
    simflash_close(&b->sf);
}

const ob_keyring fx_keys_nobody = {.count = 1, .keys = {{.id = {1, 2, 3, 4, 5, 6, 7, 8}, .pub = {4}}}};

int fx_send(fx_board *b, const uint8_t *file, size_t len, size_t chunk, ob_rx_mode mode)
{
    ob_receiver_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.layout = b->l;
    cfg.flash = b->f;
    cfg.journal = &b->j;
    cfg.mode = mode;
    cfg.window = b->window;
    cfg.window_size = sizeof b->window;
    cfg.keys = b->keys;
    if (ob_journal_open(&b->j, b->f, b->l) != OB_OK)
        return OB_ERR_JOURNAL;
    ob_receiver_init(&b->rx, &cfg);
    if (chunk == 0)
        chunk = len ? len : 1;
    int rc = OB_RX_MORE;
    for (size_t off = 0; off < len && rc == OB_RX_MORE; off += chunk)
        rc = ob_receiver_feed(&b->rx, file + off, OB_MIN(chunk, len - off));
    if (rc == OB_RX_MORE || rc == OB_OK)
        rc = ob_receiver_finish(&b->rx);
    return rc;
}

int fx_boot(fx_board *b, ob_boot_result *res)
{
    ob_platform p = {.log = fx_log, .ctx = b};
    ob_boot_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.keys = b->keys;
    b->nlog = 0;
    int rc = ob_boot_run(b->l, b->f, &cfg, &p, &b->work, res);
    if (!simflash_is_dead(&b->sf))
        (void)ob_journal_open(&b->j, b->f, b->l);
    return rc;
}

void fx_put_rescue(fx_board *b)
{
    static uint8_t r[4096];
    fx_make_raw(r, sizeof r, b->l, 99);
    ob_put_le32(r + 4, b->l->rescue.addr + 0x101);
    assert_int_equal(ob_flash_erase_range(b->f, b->l->rescue.addr, b->l->rescue.size), OB_OK);
    assert_int_equal(b->f->program(b->f, b->l->rescue.addr, r, sizeof r), OB_OK);
}

int fx_confirm(fx_board *b)
{
    int rc = ob_journal_open(&b->j, b->f, b->l);
    return rc == OB_OK ? ob_journal_confirm(&b->j) : rc;
}

int fx_app_is(fx_board *b, const uint8_t *raw, uint32_t n)
{
    return memcmp(b->sf.mem + (b->l->app.addr - b->l->geom->base), raw, n) == 0;
}

int fx_logged(const fx_board *b, const char *s)
{
    for (int i = 0; i < b->nlog; i++)
        if (strstr(b->log[i], s))
            return 1;
    return 0;
}

ob_hostkey *fx_k1, *fx_k2;
ob_keyring fx_ring;

int fx_keys_setup(void **state)
{
    (void)state;
    fx_k1 = ob_hostkey_generate("test key one");
    fx_k2 = ob_hostkey_generate("test key two");
    assert_non_null(fx_k1);
    assert_non_null(fx_k2);
    memset(&fx_ring, 0, sizeof fx_ring);
    fx_ring.count = 1;
    assert_int_equal(ob_hostkey_public(fx_k1, fx_ring.keys[0].pub), OB_OK);
    ob_key_id(fx_ring.keys[0].pub, fx_ring.keys[0].id);
    return 0;
}

int fx_keys_teardown(void **state)
{
    (void)state;
    ob_hostkey_free(fx_k1);
    ob_hostkey_free(fx_k2);
    return 0;
}

void fx_sample_meta(ob_meta *m)
{
    size_t i;

    memset(m, 0, sizeof *m);
    m->version = OB_META_VERSION;
    m->profile = OB_PROFILE_SLOT;
    strcpy(m->board, "nucleo-f429zi");
    m->fw_version = 0x01020003u;
    m->load_addr = 0x08020000u;
    m->raw_size = 100000;
    m->payload_size = 60000;
    m->security_counter = 5;
    for (i = 0; i < OB_SHA256_LEN; i++) {
        m->raw_sha256[i] = (uint8_t)(i + 1);
        m->payload_sha256[i] = (uint8_t)(0xa0 + i);
    }
}
