/* otaboot firmware: the smallest mbedTLS 2.28 configuration the firmware
 * needs (SHA-256 only: library/sha256.c and library/platform_util.c). Passed
 * as MBEDTLS_CONFIG_FILE in place of mbedtls/config.h. No platform layer, no
 * self-test, no file system, no threads: every option mbedTLS documents in
 * include/mbedtls/config.h is off unless set here. */
#ifndef OB_MBEDTLS_CONFIG_H
#define OB_MBEDTLS_CONFIG_H

#define MBEDTLS_SHA256_C
/* Rolled loop: about 1.5 KiB less code for a few percent of speed; an update
 * is bounded by flash and network, not by hashing. */
#define MBEDTLS_SHA256_SMALLER

#include "mbedtls/check_config.h"

#endif
