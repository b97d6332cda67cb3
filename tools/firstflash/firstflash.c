/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot firstflash: the update-slot half of a board's first flash.
 *
 * Runs the real receiver (core/receiver.c, slot mode, as the agent does)
 * over a packed image on a simulated flash with the board's exact sector map
 * (port/host/simflash.c), then writes out what the receiver wrote: the two
 * journal sectors (with the SEAL record) and the update slot it used. Flashed next to
 * bl1 (make flash-slot), they make the board's first boot an ordinary
 * install: bl1 verifies the slot, inflates it into the application area,
 * reads it back, and starts it on trial; the application confirms itself.
 *
 * Usage: firstflash BOARD IMAGE.gz OUTDIR [PROFILE]
 *   PROFILE: slot (the default) or rollback, the profiles with update slots.
 *   In the rollback profile the slot so written is the application's
 *   compressed copy, kept to roll back to from the first update on.
 *   writes OUTDIR/journal.bin (journal sector 0 and 1, contiguous in every
 *   layout) and OUTDIR/slot.bin (the slot the receiver wrote, up to its last
 *   programmed word), and prints their addresses as "journal 0x... slot 0x...".
 *   The receiver runs without keys (a plain gzip passes, fully checked):
 *   the board's own bl1 checks the signature, or refuses a plain gzip if
 *   it was built with keys, before it installs anything.
 * Exit 0, 1 if the receiver rejects the image (its answer is printed), 2 on
 * usage or I/O errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "layout.h"
#include "receiver.h"
#include "simflash.h"

static uint8_t window[32768];

static int write_file(const char *dir, const char *name, const uint8_t *p, size_t n)
{
    char path[4096];
    FILE *f;
    int ok;

    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        return 0;
    f = fopen(path, "wb");
    if (!f)
        return 0;
    ok = fwrite(p, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static uint8_t *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t cap = 0, len = 0, got;

    if (!f)
        return NULL;
    do {
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    *n = len;
    return buf;
}

/* The length of region r up to its last programmed (not erased) word; 0:
 * all erased. */
static uint32_t programmed_end(const simflash *sf, const ob_layout *l, const ob_region *r)
{
    const uint8_t *p = sf->mem + (r->addr - l->geom->base);
    uint32_t end = r->size;
    while (end >= 4 && memcmp(p + end - 4, "\xff\xff\xff\xff", 4) == 0)
        end -= 4;
    return end;
}

int main(int argc, char **argv)
{
    const ob_layout *l;
    simflash sf;
    ob_journal j;
    ob_receiver rx;
    ob_receiver_cfg cfg;
    uint8_t *img;
    size_t n;
    uint32_t jaddr, jsize, send;
    ob_profile profile = OB_PROFILE_SLOT;
    const ob_region *slot = NULL;
    int rc;

    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: firstflash BOARD IMAGE.gz OUTDIR [slot|rollback]\n");
        return 2;
    }
    if (argc == 5 && (ob_profile_parse(argv[4], &profile) != OB_OK || profile == OB_PROFILE_DIRECT)) {
        fprintf(stderr, "firstflash: profile '%s' has no update slot to flash through (slot or rollback;"
                        " make flash writes a direct board's application raw)\n", argv[4]);
        return 2;
    }
    l = ob_layout_find(argv[1], profile);
    if (!l) {
        fprintf(stderr, "firstflash: no %s layout for board '%s'\n", ob_profile_name(profile), argv[1]);
        return 2;
    }
    jaddr = l->journal[0].addr;
    jsize = l->journal[0].size + l->journal[1].size;
    if (l->journal[1].addr != jaddr + l->journal[0].size) {
        fprintf(stderr, "firstflash: %s: journal sectors not contiguous\n", l->board);
        return 2;
    }
    img = read_all(argv[2], &n);
    if (!img) {
        fprintf(stderr, "firstflash: cannot read %s\n", argv[2]);
        return 2;
    }
    if (simflash_open(&sf, l->geom, NULL) != OB_OK) {
        fprintf(stderr, "firstflash: cannot set up the simulated flash\n");
        free(img);
        return 2;
    }
    /* An erased board: the journal starts empty, as on the real first boot. */
    rc = ob_journal_open(&j, simflash_flash(&sf), l);
    if (rc == OB_OK) {
        memset(&cfg, 0, sizeof cfg);
        cfg.layout = l;
        cfg.flash = simflash_flash(&sf);
        cfg.journal = &j;
        cfg.mode = OB_RX_SLOT;
        cfg.window = window;
        cfg.window_size = sizeof window;
        cfg.keys = NULL; /* bl1 checks a signature itself before it installs */
        ob_receiver_init(&rx, &cfg);
        rc = ob_receiver_feed(&rx, img, n);
        if (rc == OB_RX_MORE || rc == OB_OK)
            rc = ob_receiver_finish(&rx);
        printf("firstflash: %s: %s\n", l->board, ob_receiver_answer(&rx));
    } else {
        fprintf(stderr, "firstflash: journal: %s\n", ob_strerror(rc));
    }
    free(img);
    if (rc != OB_OK) {
        simflash_close(&sf);
        return 1;
    }
    /* The slot the receiver wrote (its seal in the journal names it to bl1),
     * up to its last programmed word: the rest stays erased. */
    slot = ob_jimage_slot(&j.st.seal, l);
    send = programmed_end(&sf, l, slot);
    if (!write_file(argv[3], "journal.bin", sf.mem + (jaddr - l->geom->base), jsize) ||
        !write_file(argv[3], "slot.bin", sf.mem + (slot->addr - l->geom->base), send)) {
        fprintf(stderr, "firstflash: cannot write into %s\n", argv[3]);
        simflash_close(&sf);
        return 2;
    }
    printf("journal 0x%08lx slot 0x%08lx\n", (unsigned long)jaddr, (unsigned long)slot->addr);
    simflash_close(&sf);
    return 0;
}
