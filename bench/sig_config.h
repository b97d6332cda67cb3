/* otaboot bench: mbedTLS 2.28 configuration of the signed bl1 variant that
 * `make bench` links to measure bl1 with signature checking (see
 * mk/bench.mk). ECDSA P-256 verification plus SHA-256, nothing else; memory
 * from a static arena (memory_buffer_alloc) because bl1 has no heap.
 * Passed as MBEDTLS_CONFIG_FILE; every option not set here is off. */
#ifndef OB_BENCH_SIG_CONFIG_H
#define OB_BENCH_SIG_CONFIG_H

#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER /* as port/firmware/ob_mbedtls_config.h */

#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ASN1_PARSE_C /* required by ECDSA_C (check_config.h); unused by verify */
#define MBEDTLS_ASN1_WRITE_C

/* Smallest footprint: no fixed-point precomputation, smallest windows.
 * Verification is slower, once per update. */
#define MBEDTLS_ECP_MAX_BITS 256
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_MPI_WINDOW_SIZE 1
#define MBEDTLS_MPI_MAX_SIZE 32
/* Verification handles public data only: no blinding, so no DRBG. */
#define MBEDTLS_ECP_NO_INTERNAL_RNG

#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#ifndef OB_BENCH_HOST
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS /* no calloc/free/printf from newlib */
/* memory_buffer_alloc stops on a corrupted heap: bench/bl1_signed.c halts. */
void bench_sig_exit(int status);
#define MBEDTLS_PLATFORM_EXIT_MACRO bench_sig_exit
#endif

#include "mbedtls/check_config.h"

#endif
