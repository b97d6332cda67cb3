/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: everything a port provides to the core, the agent and the
 * programs, in one place (docs/PORTING.md, "The port contract").
 *
 *   at run time, two structs of callbacks
 *     ob_flash     read, program, erase one sector; the geometry as data
 *     ob_platform  console line, watchdog kick, millisecond clock, reset,
 *                  entropy
 *   at link time, functions and one object
 *     ob_sha256_init / _update / _final, ob_sha256   SHA-256 (FIPS 180-4)
 *     ob_ecdsa_p256_verify                           ECDSA P-256 (FIPS 186-4)
 *     ob_fw_keys                                     the keys a firmware accepts
 *
 * One convention for every callback: it gets its own struct first. A port
 * either embeds the struct in its own state (and finds that state from the
 * pointer) or points ctx at it; the core never touches ctx. Existing ports:
 * port/stm32 (stm32_flash.c), port/qemu (qflash.c), their platform filled by
 * bl1/main.c and agent/agent_glue.c over port/bsp.h; port/host (simflash.c,
 * the virtual board);
 * SHA-256 and ECDSA over mbedTLS in port/mbedtls, the keys in port/firmware. */
#ifndef OB_PORT_H
#define OB_PORT_H

#include "ob.h"

/* ---- the flash ---- */

typedef struct {
    uint16_t count;    /* sectors in this run */
    uint32_t size;     /* bytes per sector */
    uint32_t erase_ms; /* typical erase time of one such sector (datasheet) */
} ob_sector_run;

/* A chip's flash as data: runs of equal sectors from a base address, the
 * program granularity and the datasheet timings. */
typedef struct {
    const char *name;          /* chip family, e.g. "stm32f42x-2M" */
    uint32_t base;             /* address of sector 0 */
    const ob_sector_run *runs; /* sector runs in address order, contiguous */
    uint8_t nruns;
    uint8_t prog_align;        /* program address and length granularity, bytes (4 for x32) */
    uint16_t prog_word_us;     /* typical time to program prog_align bytes (datasheet) */
} ob_flash_geom;

/* Every operation returns OB_OK or a negative ob_err (OB_ERR_FLASH for a
 * hardware error flag) and leaves the controller locked and the caches
 * coherent with the new contents. */
typedef struct ob_flash ob_flash;
struct ob_flash {
    const ob_flash_geom *geom;
    /* Reads any range inside the flash. */
    int (*read)(ob_flash *f, uint32_t addr, void *dst, uint32_t len);
    /* Programs [addr, addr+len): addr and len multiples of prog_align, range
     * inside the flash; NOR rules (bits only go 1->0: refuse otherwise with
     * OB_ERR_NOT_ERASED). */
    int (*program)(ob_flash *f, uint32_t addr, const void *src, uint32_t len);
    /* Erases the whole sector that starts at sector_addr (must be a sector start). */
    int (*erase)(ob_flash *f, uint32_t sector_addr);
    /* Non-NULL when the flash is memory-mapped: byte at address a is mapped[a - geom->base].
     * Core code may read through it instead of calling read(). */
    const uint8_t *mapped;
    void *ctx; /* the port's own state (or NULL: the port embeds the struct) */
};

/* ---- the board's services ----
 * Who needs what: bl1's ob_boot_run calls log and watchdog_kick; the agent
 * (agent/ob_agent.h) needs now_ms and reset and calls log and entropy; the
 * shared connection logic (core/session.h) calls log and entropy. Every
 * callback a user does not need may be NULL. */
typedef struct ob_platform ob_platform;
struct ob_platform {
    /* Prints one console line (no newline in line; the port adds it). */
    void (*log)(ob_platform *p, const char *line);
    /* Refreshes the watchdog; called between flash sectors during long work. */
    void (*watchdog_kick)(ob_platform *p);
    /* A millisecond clock, any origin, wrapping at 2^32. */
    uint32_t (*now_ms)(ob_platform *p);
    /* Restarts the board; does not return. */
    void (*reset)(ob_platform *p);
    /* Fills buf with n bytes from the port's entropy source (the seed of
     * the nonces of authorized installs, docs/SIGNING.md "Entropy"). NULL:
     * none, the nonces then come from the clock and the journal only. */
    void (*entropy)(ob_platform *p, uint8_t *buf, size_t n);
    void *ctx; /* the port's own state (or NULL: the port embeds the struct) */
};

/* ---- SHA-256 (FIPS 180-4), link time ----
 * port/mbedtls/sha256_mbedtls.c: over mbedTLS, on the host (Debian's
 * libmbedcrypto) and in the firmware (mbedTLS from source). They cannot fail. */
#define OB_SHA256_LEN 32

/* Opaque, large and aligned enough for the backing implementation's context. */
typedef union {
    uint64_t align;
    uint8_t bytes[128];
} ob_sha256_ctx;

void ob_sha256_init(ob_sha256_ctx *c);
void ob_sha256_update(ob_sha256_ctx *c, const void *data, size_t len);
void ob_sha256_final(ob_sha256_ctx *c, uint8_t out[OB_SHA256_LEN]);
/* All three at once over one buffer. */
void ob_sha256(const void *data, size_t len, uint8_t out[OB_SHA256_LEN]);

/* ---- ECDSA P-256 verification (FIPS 186-4), link time ----
 * port/mbedtls/ecdsa_mbedtls.c (host, signed firmware); a development
 * firmware links port/firmware/ecdsa_unsigned.c, which never vouches for
 * anything (without keys the core never calls it). */
#define OB_PUBKEY_LEN 65 /* uncompressed point: 0x04 || X || Y */

/* sig is r || s, big-endian. Returns OB_OK or OB_ERR_SIGNATURE; must reject
 * r, s outside [1, n-1] and s > n/2 (only the low-S form of a signature is
 * accepted, so a signature cannot be altered into a second valid one). */
int ob_ecdsa_p256_verify(const uint8_t pub[OB_PUBKEY_LEN], const uint8_t digest[OB_SHA256_LEN],
                         const uint8_t sig[64]);

/* ---- the keys a firmware accepts, link time (firmware only) ----
 * A signed build (make ... SIGNING_KEYS="a.pem ...") links
 * port/firmware/signed.c and the keyring `otaboot keyring` generated from
 * the PEM files; a development build (DEV_MODE=1) links
 * port/firmware/ecdsa_unsigned.c, where ob_fw_keys is NULL: images are
 * checked for integrity, not authenticity, and bl1 says so on every boot.
 * bl1, the agent and rescue pass ob_fw_keys to the core whatever the build.
 * The host tools take their keys from PEM files instead (port/host/hostkeys.h). */
struct ob_keyring; /* core/sig.h */
/* Generated by `otaboot keyring` (signed builds only). */
extern const struct ob_keyring ob_signing_keys;
/* &ob_signing_keys, or NULL in a development build. */
extern const struct ob_keyring *const ob_fw_keys;

#endif
