/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot benchmark: the firmware's mbedTLS configuration
 * (port/firmware/ob_mbedtls_config.h) with SHA-256's compression loop
 * unrolled (no MBEDTLS_SHA256_SMALLER), to measure what the smaller code
 * costs in instructions per byte (mk/bench.mk, dev-sha-unrolled/bl1.elf). */
#include "ob_mbedtls_config.h"
#undef MBEDTLS_SHA256_SMALLER
