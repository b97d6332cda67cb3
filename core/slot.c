/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: update slot header (layout in docs/SPEC.md, "Update slot").
 *   0 magic "OBSL" | 4 format (1) | 5 flags (bit 0: metadata) | 6 reserved (0)
 *   8 payload length | 12 reserved (0) | 16 metadata record (180, zero if none)
 *   196 zero | 252 CRC32 of [0, 252) */
#include "slot.h"

#include <string.h>

#define OFF_REC 16u
#define OFF_CRC 252u

void ob_slot_hdr_encode(const ob_slot_hdr *h, uint8_t out[OB_SLOT_HDR_LEN])
{
    memset(out, 0, OB_SLOT_HDR_LEN);
    ob_put_le32(out, OB_SLOT_MAGIC);
    out[4] = OB_SLOT_FMT;
    out[5] = h->has_meta ? OB_SLOT_HAS_META : 0;
    ob_put_le32(out + 8, h->payload_len);
    if (h->has_meta)
        memcpy(out + OFF_REC, h->rec, OB_META_LEN);
    ob_put_le32(out + OFF_CRC, ob_crc32(0, out, OFF_CRC));
}

int ob_slot_hdr_decode(const uint8_t in[OB_SLOT_HDR_LEN], ob_slot_hdr *h)
{
    memset(h, 0, sizeof *h);
    if (ob_get_le32(in) != OB_SLOT_MAGIC || in[4] != OB_SLOT_FMT || (in[5] & ~OB_SLOT_HAS_META) ||
        ob_get_le32(in + OFF_CRC) != ob_crc32(0, in, OFF_CRC))
        return OB_ERR_NO_SEAL;
    h->payload_len = ob_get_le32(in + 8);
    h->has_meta = (in[5] & OB_SLOT_HAS_META) != 0;
    if (h->has_meta)
        h->rec = in + OFF_REC;
    return OB_OK;
}
