/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: common definitions shared by every core module.
 *
 * Every fallible function returns OB_OK (0) or a negative ob_err. Each error
 * has one human-readable line (ob_strerror) that the receiver sends back as
 * "Update rejected: <line>" and bl1 prints on its console. */
#ifndef OB_H
#define OB_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    OB_OK = 0,

    /* flash and platform */
    OB_ERR_FLASH = -1,          /* a flash operation reported failure */
    OB_ERR_ALIGN = -2,          /* address or length not aligned to the program width or a sector */
    OB_ERR_RANGE = -3,          /* address outside the flash or the region */
    OB_ERR_NOT_ERASED = -4,     /* program over bits that are not erased (strict NOR check) */
    OB_ERR_POWER_CUT = -5,      /* simulated power loss: the device is dead until power-up */

    /* gzip header (RFC 1952) */
    OB_ERR_GZ_MAGIC = -10,
    OB_ERR_GZ_METHOD = -11,
    OB_ERR_GZ_FLAGS = -12,
    OB_ERR_GZ_TRUNCATED = -13,
    OB_ERR_GZ_HCRC = -14,
    OB_ERR_GZ_TEXT_LONG = -15,   /* FNAME or FCOMMENT longer than OB_GZ_TEXT_MAX */

    /* otaboot metadata */
    OB_ERR_META_VERSION = -20,
    OB_ERR_META_LENGTH = -21,
    OB_ERR_META_MISSING = -22,
    OB_ERR_META_DUPLICATE = -23,
    OB_ERR_META_FIELD = -24,     /* a reserved field is not zero or a value is out of its range */

    /* checks against the board */
    OB_ERR_WRONG_BOARD = -30,
    OB_ERR_WRONG_PROFILE = -31,
    OB_ERR_LOAD_ADDR = -32,
    OB_ERR_TOO_LARGE = -33,      /* raw image larger than the application area */
    OB_ERR_SLOT_FULL = -34,      /* compressed file larger than the update slot */
    OB_ERR_VECTOR = -35,         /* vector table check failed */
    OB_ERR_EMPTY = -36,          /* raw image is empty */

    /* integrity */
    OB_ERR_PAYLOAD_HASH = -40,
    OB_ERR_IMAGE_HASH = -41,
    OB_ERR_GZ_CRC = -42,
    OB_ERR_GZ_ISIZE = -43,
    OB_ERR_TRAILING = -44,       /* bytes after the end of the gzip member */
    OB_ERR_TRUNCATED = -45,      /* input ended before the member was complete */
    OB_ERR_SIZE_MISMATCH = -46,  /* payload or raw size differs from the metadata */

    /* inflate (RFC 1951) */
    OB_ERR_INF_BLOCK_TYPE = -50,
    OB_ERR_INF_STORED_LEN = -51,
    OB_ERR_INF_OVERSUB = -52,    /* over-subscribed code lengths */
    OB_ERR_INF_INCOMPLETE = -53, /* incomplete code lengths */
    OB_ERR_INF_DIST = -54,       /* distance too far back / before the start of output */
    OB_ERR_INF_SYMBOL = -55,     /* invalid literal/length or distance symbol */
    OB_ERR_INF_LENS = -56,       /* code-length repeat past the end / with no previous length / too many codes */
    OB_ERR_INF_LIMIT = -57,      /* output beyond the given limit */
    OB_ERR_INF_NO_EOB = -58,     /* literal/length code has no end-of-block symbol */

    /* signatures and versions */
    OB_ERR_SIGNATURE = -60,
    OB_ERR_UNKNOWN_KEY = -61,
    OB_ERR_UNSIGNED = -62,
    OB_ERR_DOWNGRADE = -63,

    /* journal and boot */
    OB_ERR_JOURNAL = -70,        /* journal could not be written */
    OB_ERR_NO_SEAL = -71,        /* nothing sealed to install */
    OB_ERR_NO_APP = -72,         /* no valid application */
    OB_ERR_NO_RESCUE = -73,      /* no rescue firmware in this layout or region */
    OB_ERR_RESCUE_REQUESTED = -74, /* the application asked for rescue (not a failure) */
    OB_ERR_JOURNAL_LOST = -75,   /* journal records lost: the application's record is not trusted */

    /* service */
    OB_ERR_BUSY = -80,
    OB_ERR_TIMEOUT = -81,
    OB_ERR_STATE = -82,          /* call not valid in the current state */
    OB_ERR_ARG = -83,            /* bad argument */
    OB_ERR_PLAIN_REFUSED = -84,  /* plain gzip on a production board */
    OB_ERR_VIA_RESCUE = -85,     /* direct profile: the application restarts into rescue to take it */
    OB_ERR_TOO_SLOW = -86,       /* the transfer went past its deadline (size at the minimum rate) */
    OB_ERR_AUTH_REQUIRED = -87,  /* this install erases the application: a proof of an owner key is needed */
    OB_ERR_AUTH_REFUSED = -88,   /* the proof is for another nonce or image, expired, used, or by no key of the board */
    OB_ERR_AUTH_FORMAT = -89,    /* an AUTH line that is not "AUTH " and 128 hex digits */
    OB_ERR_ALREADY_INSTALLED = -90, /* the image is the confirmed application: nothing to do, nothing erased */
    OB_ERR_PLAIN_UNCHECKED = -91, /* plain gzip into a slot by a receiver with no inflate window to check it */
    OB_ERR_TRIAL_RUNNING = -92   /* rollback profile: an image on trial and the one before it fill both slots */
} ob_err;

/* One line, no trailing newline, never NULL (unknown codes give a generic line). */
const char *ob_strerror(int err);
/* The same line for the reasons bl1 can meet (flash, image checks, inflate,
 * signature, journal, boot), NULL for those only the receiver, the session
 * and the agent give: bl1 links these lines alone (ob_line_reason). */
const char *ob_strerror_boot(int err);

/* Little-endian helpers (the on-flash and on-wire formats are little-endian). */
static inline uint32_t ob_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint16_t ob_get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}
static inline void ob_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}
static inline void ob_put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

#define OB_MIN(a, b) ((a) < (b) ? (a) : (b))

/* A function whose big locals (a journal record, a decoded metadata record,
 * bl1's start-up lines) stay in its own frame instead of being merged into
 * its caller's, where they would sit under every deeper call (bl1's deepest
 * stack path: docs/BENCHMARKS.md). */
#if defined(__GNUC__)
#define OB_OWN_FRAME __attribute__((noinline))
#else
#define OB_OWN_FRAME
#endif

#endif
