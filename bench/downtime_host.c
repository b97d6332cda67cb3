/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot benchmark, host side of the update downtime (bench/downtime.py).
 *
 *   downtime_host seal BOARD FLASH IMAGE
 *       Receives the packed IMAGE into the flash file FLASH (an mps2 flash
 *       file: the emulated flash is its first bytes, port/qemu/mkflash.sh)
 *       as the update agent does on BOARD's slot layout: slot written and
 *       checked, journal sealed. The next bl1 boot installs it.
 *   downtime_host rollback BOARD FLASH V1 V2
 *       Prepares a rollback on BOARD's rollback layout, with bl1's decisions
 *       run on the host (ob_boot_run on the same flash file, no keys): the
 *       packed V1 received into a slot, installed and confirmed; V2 received
 *       into the other slot, installed and started on trial 3 times without
 *       confirming itself. The next bl1 boot rolls back to V1.
 *   downtime_host sectors [PROFILE]
 *       For each board's layout of PROFILE (default slot): where the application area starts and
 *       the sectors it spans, with their typical erase times and the typical
 *       word program time (boards/chips/geometry.c, from the datasheets).
 *       One line per board: key=value fields; sectors=SIZE:MS,... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "journal.h"
#include "layout.h"
#include "receiver.h"
#include "simflash.h"

/* The packed image at path, received into f as the update agent does; OB_OK
 * when the slot is written, checked and sealed. */
static int receive(const ob_layout *l, ob_flash *f, const char *path)
{
    static uint8_t window[32768];
    static ob_receiver rx;
    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        fprintf(stderr, "downtime_host: cannot open %s: give a packed image (otaboot pack)\n", path);
        return OB_ERR_ARG;
    }
    ob_journal j;
    int rc = ob_journal_open(&j, f, l);
    ob_receiver_cfg cfg = {.layout = l,
                           .flash = f,
                           .journal = &j,
                           .mode = OB_RX_SLOT,
                           .window = window,
                           .window_size = sizeof window};
    if (rc == OB_OK) {
        ob_receiver_init(&rx, &cfg);
        uint8_t buf[4096];
        size_t n;
        rc = OB_RX_MORE;
        while ((rc == OB_RX_MORE || rc == OB_OK) && (n = fread(buf, 1, sizeof buf, in)) > 0)
            rc = ob_receiver_feed(&rx, buf, n);
        if (rc == OB_OK || rc == OB_RX_MORE)
            rc = ob_receiver_finish(&rx);
    }
    fclose(in);
    if (rc != OB_OK)
        fprintf(stderr, "downtime_host: %s was not accepted for %s (%s profile): %s\n", path, l->board,
                ob_profile_name(l->profile), ob_strerror(rc));
    return rc;
}

/* BOARD's layout of the profile and its flash file, opened. */
static const ob_layout *open_board(const char *board, ob_profile profile, const char *path, simflash *sf)
{
    const ob_layout *l = ob_layout_find(board, profile);
    if (l == NULL) {
        fprintf(stderr, "downtime_host: no %s layout for board '%s' (see `otaboot boards`)\n",
                ob_profile_name(profile), board);
        return NULL;
    }
    int rc = simflash_open(sf, l->geom, path);
    if (rc != OB_OK) {
        fprintf(stderr, "downtime_host: cannot open the flash file %s: %s\n", path, ob_strerror(rc));
        return NULL;
    }
    return l;
}

static int seal(const char *board, const char *path, const char *image)
{
    simflash sf;
    const ob_layout *l = open_board(board, OB_PROFILE_SLOT, path, &sf);
    if (l == NULL)
        return 2;
    int rc = receive(l, simflash_flash(&sf), image);
    simflash_close(&sf);
    return rc == OB_OK ? 0 : 1;
}

/* One boot of bl1 on the host, as the board's would (3 trial boots, no keys:
 * every image is accepted); OB_OK when it started the application. */
static int boot(const ob_layout *l, ob_flash *f, int *trial)
{
    static ob_boot_work work;
    ob_boot_cfg cfg = {.max_trials = 3};
    ob_boot_result res;
    int rc = ob_boot_run(l, f, &cfg, NULL, &work, &res);
    *trial = res.trial;
    return rc == OB_OK && res.action == OB_BOOT_START_APP ? OB_OK : OB_ERR_NO_APP;
}

/* The state from which the next boot rolls back: V1 installed through a
 * slot and confirmed, V2 installed through the other slot and started on
 * trial 3 times (bl1's max_trials) without confirming itself. */
static int rollback_state(const char *board, const char *path, const char *v1, const char *v2)
{
    simflash sf;
    const ob_layout *l = open_board(board, OB_PROFILE_ROLLBACK, path, &sf);
    if (l == NULL)
        return 2;
    ob_flash *f = simflash_flash(&sf);
    ob_journal j;
    int trial = 0, rc;
    const char *step = "erasing the journal"; /* a fresh board: the file held another profile's */
    rc = ob_flash_erase_range(f, l->journal[0].addr, l->journal[0].size);
    if (rc == OB_OK)
        rc = ob_flash_erase_range(f, l->journal[1].addr, l->journal[1].size);
    if (rc == OB_OK) {
        step = "receiving v1";
        rc = receive(l, f, v1);
    }
    if (rc == OB_OK) {
        step = "installing v1";
        rc = boot(l, f, &trial);
    }
    if (rc == OB_OK) {
        step = "confirming v1";
        rc = ob_journal_open(&j, f, l);
        if (rc == OB_OK)
            rc = ob_journal_confirm(&j);
    }
    if (rc == OB_OK) {
        step = "receiving v2";
        rc = receive(l, f, v2);
    }
    for (int i = 0; rc == OB_OK && i < 3; i++) {
        step = "installing v2 and starting it on trial";
        rc = boot(l, f, &trial);
        if (rc == OB_OK && !trial)
            rc = OB_ERR_NO_APP;
    }
    if (rc == OB_OK) {
        step = "checking the state (v2 on trial after 3 boots, v1 kept)";
        rc = ob_journal_open(&j, f, l);
        if (rc == OB_OK && (j.st.app_status != OB_APP_TRIAL || j.st.trials != 3 || j.st.prev.raw_size == 0))
            rc = OB_ERR_NO_APP;
    }
    simflash_close(&sf);
    if (rc != OB_OK) {
        fprintf(stderr, "downtime_host: %s on %s failed: %s\n", step, board, ob_strerror(rc));
        return 1;
    }
    return 0;
}

static void sectors(ob_profile profile)
{
    for (const ob_layout *const *lp = ob_all_layouts; *lp; lp++) {
        const ob_layout *l = *lp;
        if (l->profile != profile)
            continue;
        printf("board=%s mcu=%s app=0x%08x app_size=%u prog_align=%u prog_word_us=%u sectors=", l->board, l->mcu,
               l->app.addr, l->app.size, l->geom->prog_align, l->geom->prog_word_us);
        const char *sep = "";
        for (uint32_t a = l->app.addr; a < l->app.addr + l->app.size;) {
            uint32_t start, size;
            if (ob_flash_sector_of(l->geom, a, NULL, &start, &size) != OB_OK)
                break;
            printf("%s%u:%u", sep, start + size - a, ob_flash_erase_ms(l->geom, a));
            sep = ",";
            a = start + size;
        }
        printf("\n");
    }
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "seal") == 0)
        return seal(argv[2], argv[3], argv[4]);
    if (argc == 6 && strcmp(argv[1], "rollback") == 0)
        return rollback_state(argv[2], argv[3], argv[4], argv[5]);
    ob_profile profile = OB_PROFILE_SLOT;
    if ((argc == 2 || (argc == 3 && ob_profile_parse(argv[2], &profile) == OB_OK)) && strcmp(argv[1], "sectors") == 0) {
        sectors(profile);
        return 0;
    }
    fprintf(stderr, "usage: downtime_host seal BOARD FLASH IMAGE | downtime_host rollback BOARD FLASH V1 V2 | "
                    "downtime_host sectors [PROFILE]\n");
    return 2;
}
