/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot firmware: the mbedTLS 2.28 configuration of every firmware build
 * (bl1, agent, rescue), passed as MBEDTLS_CONFIG_FILE in place of
 * mbedtls/config.h: every option mbedTLS documents there is off unless set
 * here. SHA-256 and ECDSA P-256 verification, nothing else: no TLS, no
 * DRBG, no file system, no threads, no self-test, no libc allocator.
 * Development builds compile only sha256.c and platform_util.c with it;
 * signed builds add bignum, ecp, ecp_curves, ecdsa and their helpers
 * (mk/crypto.mk lists them). One configuration for both, so an object is
 * the same whichever way it is linked. */
#ifndef OB_MBEDTLS_CONFIG_H
#define OB_MBEDTLS_CONFIG_H

#define MBEDTLS_SHA256_C
/* Rolled loop: about 1.5 KiB less code for a few percent of speed; an update
 * is bounded by flash and network, not by hashing. */
#define MBEDTLS_SHA256_SMALLER

/* ECDSA verification over secp256r1 (FIPS 186-4, SEC 2). */
#define MBEDTLS_BIGNUM_C
/* bn_mul.h's inline assembly for the multiply-accumulate inner loop (UMAAL
 * on Cortex-M4/M7, UMLAL on M3): 8 % fewer instructions per verification
 * and 400 bytes less code than the C loop (measured: docs/SIGNING.md). */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
/* The curve-specific reduction modulo p (the special form of the P-256
 * prime, FIPS 186-4 D.1.2.3): 5 times fewer instructions per verification
 * than the generic reduction, for 800 bytes of code. */
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDSA_C
/* Required by MBEDTLS_ECDSA_C (check_config.h); the raw (r, s) verification
 * never calls them and --gc-sections drops them. */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_ECP_MAX_BITS 256
#define MBEDTLS_MPI_MAX_SIZE 32
/* Window of the comb method (ecp.h): 2 keeps the precomputed table, which
 * lives in the arena below, small (3: 11 % faster for 700 bytes more code;
 * 4: 15 % faster, needs an 8 KiB arena). The group is loaded for each
 * verification and freed after it, so a table of the base point cached in
 * the group (FIXED_POINT_OPTIM) would be rebuilt every time: off. */
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_MPI_WINDOW_SIZE 1
/* Verification handles public data only: no blinding, so no DRBG. */
#define MBEDTLS_ECP_NO_INTERNAL_RNG

/* No heap on these boards: mbedTLS's bignum limbs come from a static arena
 * (memory_buffer_alloc), reset by port/mbedtls/ecdsa_mbedtls.c at every
 * verification. One verification peaks at about 2 KiB in 39 blocks
 * (bench/sig_heap.c); with the allocator's 32-byte block headers it
 * completes in a 3072-byte arena on Cortex-M and fails (as a bad signature,
 * never as a pass) in 2560 (tests/qemu/net/signed_time.c). Its size:
 * OB_MBEDTLS_ARENA_BYTES in ob_fw_opt.h. */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* bench/sig_heap.c runs this configuration on the host with an arena of its
 * own (OB_MBEDTLS_HOST_MEASURE); everything else is firmware. */
#ifndef OB_MBEDTLS_HOST_MEASURE
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS /* no calloc/free/printf/exit from newlib */
#include "ob_fw_opt.h" /* OB_MBEDTLS_ARENA_BYTES */
/* memory_buffer_alloc stops on a corrupted arena: port/firmware/signed.c. */
void ob_mbedtls_exit(int status);
#define MBEDTLS_PLATFORM_EXIT_MACRO ob_mbedtls_exit
#endif

#include "mbedtls/check_config.h"

#endif
