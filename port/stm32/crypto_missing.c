/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: placeholder for a firmware built before its crypto
 * backing (SHA-256, ECDSA P-256 from mbedTLS) exists (mk/firmware.mk
 * FW_CRYPTO_SRC). It never produces a digest or a verdict: the first use
 * prints why and stops, so nothing can be verified - or pass verification -
 * by accident. */
#include "sig.h"
#include "stm32_uart.h"
#include "verify.h"

static void missing(void) __attribute__((noreturn));
static void missing(void)
{
    stm32_uart_puts("fatal: this firmware was built without its crypto backing (FW_CRYPTO_SRC): halted\n");
    stm32_uart_flush();
    for (;;)
        __asm__ volatile("nop");
}

void ob_sha256_init(ob_sha256_ctx *c)
{
    (void)c;
    missing();
}

void ob_sha256_update(ob_sha256_ctx *c, const void *data, size_t len)
{
    (void)c;
    (void)data;
    (void)len;
    missing();
}

void ob_sha256_final(ob_sha256_ctx *c, uint8_t out[OB_SHA256_LEN])
{
    (void)c;
    (void)out;
    missing();
}

void ob_sha256(const void *data, size_t len, uint8_t out[OB_SHA256_LEN])
{
    (void)data;
    (void)len;
    (void)out;
    missing();
}

int ob_ecdsa_p256_verify(const uint8_t pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                         const uint8_t sig[64])
{
    (void)pub;
    (void)digest;
    (void)sig;
    missing();
}
