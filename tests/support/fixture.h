/* SPDX-License-Identifier: Apache-2.0 */
/* Test fixture: a virtual board (simulated flash + journal) and image makers. */
#ifndef OB_FIXTURE_H
#define OB_FIXTURE_H

#include "boot.h"
#include "receiver.h"
#include "hostkeys.h"
#include "simflash.h"
#include "line.h"

/* Fills buf with a firmware-like raw image for layout l: a valid vector table
 * (SP at the top of the first RAM region, reset handler inside the image with
 * the Thumb bit), then Thumb-like half-words with repetition so it compresses. */
void fx_make_raw(uint8_t *buf, uint32_t n, const ob_layout *l, uint32_t seed);

/* Packs raw into an otaboot image (metadata in FEXTRA, zlib raw deflate level
 * `level`). Returns the file length; aborts the test on failure. */
size_t fx_pack(const ob_layout *l, const uint8_t *raw, uint32_t n, uint32_t version,
               uint32_t counter, int level, uint8_t *out, size_t cap);
/* The same, signed with key (NULL: unsigned). */
size_t fx_pack_key(const ob_layout *l, const uint8_t *raw, uint32_t n, uint32_t version,
                   uint32_t counter, int level, const ob_hostkey *key, uint8_t *out, size_t cap);
/* Two signing keys for a test group (cmocka setup/teardown): fx_k1 and fx_k2;
 * fx_ring holds fx_k1 only. */
extern ob_hostkey *fx_k1, *fx_k2;
extern ob_keyring fx_ring;
int fx_keys_setup(void **state);
int fx_keys_teardown(void **state);

/* A plain gzip member (no metadata) as `gzip` would write it. */
size_t fx_pack_plain(const uint8_t *raw, uint32_t n, uint8_t *out, size_t cap);

typedef struct {
    const ob_layout *l;
    simflash sf;
    ob_flash *f;
    ob_journal j;
    uint8_t window[32768];
    ob_receiver rx;
    ob_boot_work work;
    const ob_keyring *keys; /* NULL: a development board (unsigned images, plain gzip) */
    char log[64][OB_LINE_MAX];
    int nlog;
} fx_board;

/* A keyring of one key nobody signs with: a board with keys, which refuses
 * plain gzip and unsigned images. */
extern const ob_keyring fx_keys_nobody;

/* Fresh (erased) board. */
void fx_board_open(fx_board *b, const ob_layout *l);
void fx_board_close(fx_board *b);
/* Sends a whole file in chunks of `chunk` bytes (0: one chunk) through a
 * receiver in the given mode, as the application or rescue would. Returns the
 * receiver's verdict. */
int fx_send(fx_board *b, const uint8_t *file, size_t len, size_t chunk, ob_rx_mode mode);
/* Runs bl1 (reopening the journal afterwards). Returns ob_boot_run's code. */
int fx_boot(fx_board *b, ob_boot_result *res);
/* Programs a plausible rescue firmware (a vector table and a body) into the
 * layout's rescue region. */
void fx_put_rescue(fx_board *b);
/* The modelled application confirms itself. */
int fx_confirm(fx_board *b);
/* 1 when the app area holds exactly raw[0..n). */
int fx_app_is(fx_board *b, const uint8_t *raw, uint32_t n);
/* 1 when any log line contains s. */
int fx_logged(const fx_board *b, const char *s);

/* A valid metadata record (nucleo-f429zi, slot profile) to start from. */
void fx_sample_meta(ob_meta *m);

#endif
