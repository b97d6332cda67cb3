/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update slot's header.
 *
 * The slot holds a 256-byte header, then the compressed payload exactly as
 * received (deflate stream + 8-byte gzip trailer). The header is programmed
 * last, after the payload, just before the seal, so a slot whose header is
 * erased was never completed. It carries the payload length and, for images
 * with metadata, the metadata record itself: bl1 re-checks it (and, in signed
 * builds, its signature) from flash before it erases anything. */
#ifndef OB_SLOT_H
#define OB_SLOT_H

#include "image.h"

#define OB_SLOT_MAGIC 0x4C53424Fu /* "OBSL" */
#define OB_SLOT_FMT 1u
#define OB_SLOT_HAS_META 0x01u

typedef struct {
    uint32_t payload_len;
    int has_meta;
    const uint8_t *rec; /* the metadata record (OB_META_LEN bytes): encode reads it from
                           here, decode points it into the buffer it was given */
} ob_slot_hdr;

void ob_slot_hdr_encode(const ob_slot_hdr *h, uint8_t out[OB_SLOT_HDR_LEN]);
/* OB_ERR_NO_SEAL for anything but a complete, self-consistent header. */
int ob_slot_hdr_decode(const uint8_t in[OB_SLOT_HDR_LEN], ob_slot_hdr *h);

#endif
