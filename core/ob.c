/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: error lines. */
#include "ob.h"

/* The lines of the reasons bl1 can meet, in one list: their codes in one
 * byte each and their texts back to back, so bl1 carries no table of
 * pointers (ob_strerror_boot finds the text by counting NULs). */
#define BOOT_LINES(X) \
    X(OB_OK, "ok") \
    X(OB_ERR_FLASH, "flash operation failed") \
    X(OB_ERR_ALIGN, "flash address or length misaligned") \
    X(OB_ERR_RANGE, "address outside the flash area") \
    X(OB_ERR_NOT_ERASED, "flash not erased before programming") \
    X(OB_ERR_POWER_CUT, "power lost") \
    X(OB_ERR_META_VERSION, "unknown otaboot metadata version") \
    X(OB_ERR_META_LENGTH, "inconsistent lengths in the gzip extra field") \
    X(OB_ERR_META_MISSING, "no otaboot metadata in the gzip header") \
    X(OB_ERR_META_DUPLICATE, "otaboot metadata present twice") \
    X(OB_ERR_META_FIELD, "invalid field in the otaboot metadata") \
    X(OB_ERR_WRONG_BOARD, "image built for another board") \
    X(OB_ERR_WRONG_PROFILE, "image built for another flash layout profile") \
    X(OB_ERR_LOAD_ADDR, "image linked for another address than the application area") \
    X(OB_ERR_TOO_LARGE, "image larger than the application area") \
    X(OB_ERR_SLOT_FULL, "compressed image larger than the update slot") \
    X(OB_ERR_VECTOR, "vector table check failed: not a firmware image for this board (otaboot pack APP -b BOARD says which check)") \
    X(OB_ERR_EMPTY, "image is empty") \
    X(OB_ERR_PAYLOAD_HASH, "compressed payload hash mismatch") \
    X(OB_ERR_IMAGE_HASH, "image hash mismatch") \
    X(OB_ERR_GZ_CRC, "gzip CRC32 mismatch") \
    X(OB_ERR_GZ_ISIZE, "gzip length mismatch") \
    X(OB_ERR_TRAILING, "data after the end of the gzip member") \
    X(OB_ERR_TRUNCATED, "transfer ended before the image was complete") \
    X(OB_ERR_SIZE_MISMATCH, "image size differs from its metadata") \
    X(OB_ERR_INF_BLOCK_TYPE, "corrupt deflate data: invalid block type") \
    X(OB_ERR_INF_STORED_LEN, "corrupt deflate data: stored block length mismatch") \
    X(OB_ERR_INF_OVERSUB, "corrupt deflate data: over-subscribed code lengths") \
    X(OB_ERR_INF_INCOMPLETE, "corrupt deflate data: incomplete code lengths") \
    X(OB_ERR_INF_DIST, "corrupt deflate data: distance too far back") \
    X(OB_ERR_INF_SYMBOL, "corrupt deflate data: invalid symbol") \
    X(OB_ERR_INF_LENS, "corrupt deflate data: invalid code length repeat") \
    X(OB_ERR_INF_LIMIT, "image inflates beyond the application area") \
    X(OB_ERR_INF_NO_EOB, "corrupt deflate data: no end-of-block code") \
    X(OB_ERR_SIGNATURE, "bad signature") \
    X(OB_ERR_UNKNOWN_KEY, "unknown key") \
    X(OB_ERR_UNSIGNED, "unsigned image") \
    X(OB_ERR_DOWNGRADE, "downgrade") \
    X(OB_ERR_JOURNAL, "boot journal could not be written") \
    X(OB_ERR_NO_SEAL, "no sealed update to install") \
    X(OB_ERR_NO_APP, "no valid application") \
    X(OB_ERR_NO_RESCUE, "no rescue firmware") \
    X(OB_ERR_RESCUE_REQUESTED, "rescue requested by the application") \
    X(OB_ERR_JOURNAL_LOST, "boot journal records lost: install the application again") \
    X(OB_ERR_STATE, "not possible in the current state") \
    X(OB_ERR_ARG, "invalid argument") \
    X(OB_ERR_PLAIN_REFUSED, "plain gzip without otaboot metadata, and this board has signing keys (sign it: otaboot pack app.bin -b BOARD -v VERSION --key KEY.pem)")

#define CODE(code, text) (uint8_t)-(code),
#define TEXT(code, text) text "\0"
static const uint8_t boot_codes[] = {BOOT_LINES(CODE)};
static const char boot_texts[] = BOOT_LINES(TEXT);

const char *ob_strerror_boot(int err)
{
    const char *t = boot_texts;
    for (size_t i = 0; i < sizeof boot_codes; i++) {
        if (boot_codes[i] == 0u - (unsigned)err)
            return t;
        while (*t++)
            ;
    }
    return NULL;
}

const char *ob_strerror(int err)
{
    const char *s = ob_strerror_boot(err);
    if (s)
        return s;
    switch (err) {
    case OB_ERR_GZ_MAGIC: return "not a gzip file (make an image with: otaboot pack app.bin -b BOARD -v VERSION)";
    case OB_ERR_GZ_METHOD: return "gzip compression method is not deflate (compress with gzip, or: otaboot pack)";
    case OB_ERR_GZ_FLAGS: return "gzip header has reserved flag bits set";
    case OB_ERR_GZ_TRUNCATED: return "gzip header truncated";
    case OB_ERR_GZ_HCRC: return "gzip header CRC mismatch";
    case OB_ERR_GZ_TEXT_LONG: return "gzip file name or comment longer than 1024 bytes (pack the image with otaboot pack)";
    case OB_ERR_BUSY: return "busy";
    case OB_ERR_TIMEOUT: return "timeout";
    case OB_ERR_VIA_RESCUE: return "this board installs updates through rescue: restarting into rescue now, send the file again";
    case OB_ERR_TOO_SLOW: return "transfer too slow: it went past its time limit (send again over a faster link)";
    case OB_ERR_AUTH_REQUIRED: return "not authorized (send it with: otaboot send --key KEY.pem)";
    case OB_ERR_AUTH_REFUSED: return "not authorized: proof refused (wrong key, or its nonce was used or expired: send again with otaboot send --key KEY.pem)";
    case OB_ERR_AUTH_FORMAT: return "not authorized: malformed AUTH line (send it with: otaboot send --key KEY.pem)";
    case OB_ERR_ALREADY_INSTALLED: return "Already installed";
    case OB_ERR_TRIAL_RUNNING: return "the running image is on trial and the previous one is kept to go back to: let it confirm itself (or reset the board until it rolls back), then send again";
    case OB_ERR_PLAIN_UNCHECKED: return "plain gzip, and this agent has no inflate window to check it before storing it (pack it: otaboot pack app.bin -b BOARD -v VERSION)";
    default: return "unknown error";
    }
}
