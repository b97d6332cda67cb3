/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: error lines. */
#include "ob.h"

const char *ob_strerror_boot(int err)
{
    switch (err) {
    case OB_OK: return "ok";
    case OB_ERR_FLASH: return "flash operation failed";
    case OB_ERR_ALIGN: return "flash address or length misaligned";
    case OB_ERR_RANGE: return "address outside the flash area";
    case OB_ERR_NOT_ERASED: return "flash not erased before programming";
    case OB_ERR_POWER_CUT: return "power lost";
    case OB_ERR_META_VERSION: return "unknown otaboot metadata version";
    case OB_ERR_META_LENGTH: return "inconsistent lengths in the gzip extra field";
    case OB_ERR_META_MISSING: return "no otaboot metadata in the gzip header";
    case OB_ERR_META_DUPLICATE: return "otaboot metadata present twice";
    case OB_ERR_META_FIELD: return "invalid field in the otaboot metadata";
    case OB_ERR_WRONG_BOARD: return "image built for another board";
    case OB_ERR_WRONG_PROFILE: return "image built for another flash layout profile";
    case OB_ERR_LOAD_ADDR: return "image linked for another address than the application area";
    case OB_ERR_TOO_LARGE: return "image larger than the application area";
    case OB_ERR_SLOT_FULL: return "compressed image larger than the update slot";
    case OB_ERR_VECTOR: return "vector table check failed: not a firmware image for this board (otaboot pack APP -b BOARD says which check)";
    case OB_ERR_EMPTY: return "image is empty";
    case OB_ERR_PAYLOAD_HASH: return "compressed payload hash mismatch";
    case OB_ERR_IMAGE_HASH: return "image hash mismatch";
    case OB_ERR_GZ_CRC: return "gzip CRC32 mismatch";
    case OB_ERR_GZ_ISIZE: return "gzip length mismatch";
    case OB_ERR_TRAILING: return "data after the end of the gzip member";
    case OB_ERR_TRUNCATED: return "transfer ended before the image was complete";
    case OB_ERR_SIZE_MISMATCH: return "image size differs from its metadata";
    case OB_ERR_INF_BLOCK_TYPE: return "corrupt deflate data: invalid block type";
    case OB_ERR_INF_STORED_LEN: return "corrupt deflate data: stored block length mismatch";
    case OB_ERR_INF_OVERSUB: return "corrupt deflate data: over-subscribed code lengths";
    case OB_ERR_INF_INCOMPLETE: return "corrupt deflate data: incomplete code lengths";
    case OB_ERR_INF_DIST: return "corrupt deflate data: distance too far back";
    case OB_ERR_INF_SYMBOL: return "corrupt deflate data: invalid symbol";
    case OB_ERR_INF_LENS: return "corrupt deflate data: invalid code length repeat";
    case OB_ERR_INF_LIMIT: return "image inflates beyond the application area";
    case OB_ERR_INF_NO_EOB: return "corrupt deflate data: no end-of-block code";
    case OB_ERR_SIGNATURE: return "bad signature";
    case OB_ERR_UNKNOWN_KEY: return "unknown key";
    case OB_ERR_UNSIGNED: return "unsigned image";
    case OB_ERR_DOWNGRADE: return "downgrade";
    case OB_ERR_JOURNAL: return "boot journal could not be written";
    case OB_ERR_NO_SEAL: return "no sealed update to install";
    case OB_ERR_NO_APP: return "no valid application";
    case OB_ERR_NO_RESCUE: return "no rescue firmware";
    case OB_ERR_RESCUE_REQUESTED: return "rescue requested by the application";
    case OB_ERR_JOURNAL_LOST: return "boot journal records lost: install the application again";
    case OB_ERR_STATE: return "not possible in the current state";
    case OB_ERR_ARG: return "invalid argument";
    case OB_ERR_PLAIN_REFUSED: return "plain gzip without otaboot metadata, and this board has signing keys (sign it: otaboot pack app.bin -b BOARD -v VERSION --key KEY.pem)";
    default: return NULL;
    }
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
    case OB_ERR_PLAIN_UNCHECKED: return "plain gzip, and this agent has no inflate window to check it before storing it (pack it: otaboot pack app.bin -b BOARD -v VERSION)";
    default: return "unknown error";
    }
}
