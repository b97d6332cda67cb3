/* otaboot bench: the signed bl1 variant's keyring and mbedTLS arena (see
 * bench/bl1_signed.h). The key is the P-256 base point G (SEC 2 2.4.2), a
 * valid public key; its value does not change the code size. */
#include <stddef.h>

#include "boot.h"
#include "mbedtls/memory_buffer_alloc.h"
#include "sig.h"

/* Peak use of one ob_ecdsa_p256_verify with bench/sig_config.h, measured on
 * the host by bench/sig_heap.c (printed by `make bench`), rounded up. */
#ifndef BENCH_SIG_ARENA
#define BENCH_SIG_ARENA 2048
#endif

static const ob_keyring keys = {
    1,
    {{{0x69, 0x8b, 0xea, 0x63, 0xdc, 0x44, 0xa3, 0x44}, /* first 8 bytes of SHA-256 of pub */
      {0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
       0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
       0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
       0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5}}}};

static unsigned char arena[BENCH_SIG_ARENA] __attribute__((aligned(8)));

/* mbedTLS found its arena corrupted: stop here (the watchdog resets). */
void bench_sig_exit(int status)
{
    (void)status;
    for (;;) {
    }
}

int bench_boot_run_signed(const ob_layout *l, ob_flash *f, const ob_boot_cfg *cfg, const ob_platform *p,
                          ob_boot_work *work, ob_boot_result *out)
{
    ob_boot_cfg c = *cfg;
    c.keys = &keys;
    c.dev_mode = 0; /* a signed board accepts signed images only */
    mbedtls_memory_buffer_alloc_init(arena, sizeof arena);
    return ob_boot_run(l, f, &c, p, work, out);
}
