/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot firmware: the mbedTLS 3.6 configuration of every firmware build
 * (bl1, agent, rescue), passed as MBEDTLS_CONFIG_FILE in place of
 * mbedtls/mbedtls_config.h: every option mbedTLS documents there is off
 * unless set here. The firmware compiles three files of Debian 13's mbedTLS
 * source package (mk/sources.mk): library/sha256.c and platform_util.c in
 * every build, and in signed builds 3rdparty/p256-m/p256-m/p256-m.c, the
 * minimal P-256 by mbedTLS's maintainers (no heap, no bignum library, no
 * ASN.1). No TLS, no PSA core, no DRBG, no file system, no threads. */
#ifndef OB_MBEDTLS_CONFIG_H
#define OB_MBEDTLS_CONFIG_H

#define MBEDTLS_SHA256_C
/* Rolled loop: about 1.4 KiB less code for 1.5 times the instructions per
 * byte (docs/BENCHMARKS.md "Update downtime" measures both). */
#define MBEDTLS_SHA256_SMALLER

/* p256-m.c compiles to nothing without it (in mbedTLS it is the PSA driver
 * for P-256; otaboot calls its verification directly: port/firmware/
 * ecdsa_p256m.c). Only p256_ecdsa_verify and what it calls are linked. */
#define MBEDTLS_PSA_P256M_DRIVER_ENABLED

#endif
