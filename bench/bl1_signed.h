/* otaboot bench: force-included (-include) into bl1/main.c for the signed
 * bl1 variant `make bench` measures. bl1/main.c passes no keyring (its
 * builds have no signing keys yet); this routes its one ob_boot_run call
 * through bench/bl1_signed.c, which adds a keyring and mbedTLS's arena, so
 * the signature code is linked and counted. Nothing else of main.c changes. */
#ifndef OB_BENCH_BL1_SIGNED_H
#define OB_BENCH_BL1_SIGNED_H

#include "boot.h"

int bench_boot_run_signed(const ob_layout *l, ob_flash *f, const ob_boot_cfg *cfg, const ob_platform *p,
                          ob_boot_work *work, ob_boot_result *out);
#define ob_boot_run bench_boot_run_signed

#endif
