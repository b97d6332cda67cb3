/* SPDX-License-Identifier: Apache-2.0 */
/* Benchmark: what an install costs on each board's flash, against the
 * physical minimum (erase only the sectors the image covers, program each
 * byte once), on the simulated flash with the datasheet timing model.
 * Application filling 75% of its area, firmware-like content.
 * Prints a table and machine-readable lines install.<board>.<profile>.ratio=... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "image.h"
#include "pack.h"
#include "receiver.h"
#include "simflash.h"

static uint32_t rng(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Thumb-like half-words with reuse, so the ratio resembles firmware. */
static void make_raw(uint8_t *b, uint32_t n, const ob_layout *l)
{
    uint32_t s = 2463534242u;
    static const uint16_t ops[] = {0xb580, 0x4770, 0x6800, 0x6008, 0x2000, 0xf000, 0xbd80, 0x4619};
    for (uint32_t i = 0; i + 1 < n; i += 2) {
        uint32_t r = rng(&s);
        uint16_t hw = (i >= 64 && (r & 3) == 0) ? (uint16_t)(b[i - 2 - ((r >> 2) % OB_MIN(i - 2, 4096u)) / 2 * 2] |
                                                             (b[i - 1 - ((r >> 2) % OB_MIN(i - 2, 4096u)) / 2 * 2] << 8))
                                                : (uint16_t)(ops[r & 7] | ((r >> 8) & 0x0F));
        b[i] = (uint8_t)hw;
        b[i + 1] = (uint8_t)(hw >> 8);
    }
    ob_put_le32(b, l->ram[0].base + l->ram[0].size);
    ob_put_le32(b + 4, l->app.addr + 0x101);
}

static void nolog(ob_platform *p, const char *line)
{
    (void)p;
    (void)line;
}

int main(void)
{
    static uint8_t window[32768];
    static ob_boot_work work;
    static ob_receiver rx;
    printf("%-16s %-7s %9s %8s %7s %10s %10s %9s %9s %7s\n", "board", "profile", "image", "packed", "erases",
           "programmed", "min bytes", "time ms", "min ms", "ratio");
    for (const ob_layout *const *lp = ob_all_layouts; *lp; lp++) {
        const ob_layout *l = *lp;
        uint32_t n = l->app.size / 4 * 3 & ~3u;
        uint8_t *raw = malloc(n), *file = NULL;
        size_t len = 0;
        char why[256];
        make_raw(raw, n, l);
        /* packed as `otaboot pack` does (tools/otaboot/pack.c) */
        pack_opts po = {.layout = l, .version = 0x01000000};
        int prc = pack_build(&po, raw, n, &file, &len, why, sizeof why);
        if (prc == OB_ERR_SLOT_FULL) {
            printf("%-16s %-7s image does not fit the slot at this ratio: %s\n", l->board, "slot", why);
            free(raw);
            continue;
        }
        if (prc != OB_OK) {
            fprintf(stderr, "%s: pack failed: %s\n", l->board, why);
            return 1;
        }
        simflash sf;
        ob_journal j;
        simflash_open(&sf, l->geom, NULL);
        ob_flash *f = simflash_flash(&sf);
        ob_journal_open(&j, f, l);
        ob_receiver_cfg cfg = {.layout = l,
                               .flash = f,
                               .journal = &j,
                               .mode = l->profile == OB_PROFILE_SLOT ? OB_RX_SLOT : OB_RX_DIRECT,
                               .window = window,
                               .window_size = sizeof window};
        /* what is measured: the install into the application area (bl1 in the
         * slot profile, rescue's direct install in the direct profile) */
        simflash_stats s0 = sf.stats;
        ob_receiver_init(&rx, &cfg);
        int rc = ob_receiver_feed(&rx, file, len);
        if (rc == OB_OK || rc == OB_RX_MORE)
            rc = ob_receiver_finish(&rx);
        if (rc != OB_OK) {
            fprintf(stderr, "%s: receive failed: %s\n", l->board, ob_strerror(rc));
            return 1;
        }
        if (l->profile == OB_PROFILE_SLOT) {
            s0 = sf.stats;
            ob_platform p = {.log = nolog};
            ob_boot_cfg bc = {.max_trials = 3};
            ob_boot_result res;
            rc = ob_boot_run(l, f, &bc, &p, &work, &res);
            if (rc != OB_OK || res.action != OB_BOOT_START_APP) {
                fprintf(stderr, "%s: install failed: %s\n", l->board, ob_strerror(rc));
                return 1;
            }
        }
        uint64_t erases = sf.stats.erases - s0.erases, prog = sf.stats.prog_bytes - s0.prog_bytes;
        uint64_t us = sf.stats.busy_us - s0.busy_us;
        /* physical minimum: sectors covering the image, each byte once */
        uint64_t min_us = 0, min_erases = 0;
        for (uint32_t a = l->app.addr; a < l->app.addr + n;) {
            uint32_t start, size;
            ob_flash_sector_of(l->geom, a, NULL, &start, &size);
            min_us += (uint64_t)ob_flash_erase_ms(l->geom, a) * 1000u;
            min_erases++;
            a = start + size;
        }
        min_us += (uint64_t)(n / l->geom->prog_align) * l->geom->prog_word_us;
        printf("%-16s %-7s %9u %8zu %7llu %10llu %10u %9.0f %9.0f %7.4f\n", l->board, ob_profile_name(l->profile), n,
               len, (unsigned long long)erases, (unsigned long long)prog, n, us / 1000.0, min_us / 1000.0,
               (double)us / (double)min_us);
        printf("install.%s.%s.ratio=%.4f erases=%llu/%llu\n", l->board, ob_profile_name(l->profile),
               (double)us / (double)min_us, (unsigned long long)erases, (unsigned long long)min_erases);
        simflash_close(&sf);
        free(raw);
        free(file);
    }
    return 0;
}
