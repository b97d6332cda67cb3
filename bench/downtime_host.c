/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot benchmark, host side of the update downtime (bench/downtime.py).
 *
 *   downtime_host seal BOARD FLASH IMAGE
 *       Receives the packed IMAGE into the flash file FLASH (an mps2 flash
 *       file: the emulated flash is its first bytes, port/qemu/mkflash.sh)
 *       as the update agent does on BOARD's slot layout: slot written and
 *       checked, journal sealed. The next bl1 boot installs it.
 *   downtime_host sectors
 *       For each board's slot layout: where the application area starts and
 *       the sectors it spans, with their typical erase times and the typical
 *       word program time (boards/chips/geometry.c, from the datasheets).
 *       One line per board: key=value fields; sectors=SIZE:MS,... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "layout.h"
#include "receiver.h"
#include "simflash.h"

static int seal(const char *board, const char *path, const char *image)
{
    static uint8_t window[32768];
    static ob_receiver rx;
    const ob_layout *l = ob_layout_find(board, OB_PROFILE_SLOT);
    if (l == NULL) {
        fprintf(stderr, "downtime_host: no slot layout for board '%s' (see `otaboot boards`)\n", board);
        return 2;
    }
    FILE *in = fopen(image, "rb");
    if (in == NULL) {
        fprintf(stderr, "downtime_host: cannot open %s: give a packed image (otaboot pack)\n", image);
        return 2;
    }
    simflash sf;
    int rc = simflash_open(&sf, l->geom, path);
    if (rc != OB_OK) {
        fclose(in);
        fprintf(stderr, "downtime_host: cannot open the flash file %s: %s\n", path, ob_strerror(rc));
        return 2;
    }
    ob_flash *f = simflash_flash(&sf);
    ob_journal j;
    rc = ob_journal_open(&j, f, l);
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
    simflash_close(&sf);
    if (rc != OB_OK) {
        fprintf(stderr, "downtime_host: %s was not accepted for %s: %s\n", image, board, ob_strerror(rc));
        return 1;
    }
    return 0;
}

static void sectors(void)
{
    for (const ob_layout *const *lp = ob_all_layouts; *lp; lp++) {
        const ob_layout *l = *lp;
        if (l->profile != OB_PROFILE_SLOT)
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
    if (argc == 2 && strcmp(argv[1], "sectors") == 0) {
        sectors();
        return 0;
    }
    fprintf(stderr, "usage: downtime_host seal BOARD FLASH IMAGE | downtime_host sectors\n");
    return 2;
}
