/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: building one console line without stdio (core has no printf). */
#ifndef OB_LINE_H
#define OB_LINE_H

#include "ob.h"
#include "ob_opt.h" /* OB_LINE_MAX */

typedef struct {
    char buf[OB_LINE_MAX];
    uint32_t len; /* always < OB_LINE_MAX; text past the end is dropped */
} ob_line;

void ob_line_init(ob_line *l);
ob_line *ob_line_str(ob_line *l, const char *s);
ob_line *ob_line_u32(ob_line *l, uint32_t v);
ob_line *ob_line_hex(ob_line *l, uint32_t v);           /* 0x%08x */
ob_line *ob_line_version(ob_line *l, uint32_t v);       /* M.m.p */
ob_line *ob_line_bytes_hex(ob_line *l, const uint8_t *p, uint32_t n); /* lowercase hex */
/* An error's line (ob_strerror_boot), or "error -N: otaboot status names it"
 * for a receiver's or agent's reason (a failed direct install records one in
 * the journal, which bl1 then reports). */
ob_line *ob_line_reason(ob_line *l, int err);

#endif
