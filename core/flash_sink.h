/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: a sequential flash writer that is also an inflate sink.
 *
 * Output offset 0 is region base. Bytes are staged in a small RAM buffer and
 * programmed on flush; the sector about to be written is erased just before
 * its first byte, so only the sectors the data reaches are ever erased. Earlier
 * output is read back from memory-mapped flash (or through read()), which is
 * what lets the inflater work with no window. */
#ifndef OB_FLASH_SINK_H
#define OB_FLASH_SINK_H

#include "flash.h"
#include "sink.h"

typedef struct {
    ob_sink sink;
    ob_flash *flash;
    uint32_t base;
    uint32_t size;         /* region size: output beyond it is OB_ERR_INF_LIMIT */
    uint32_t erased_end;   /* sectors in [base, erased_end) are erased */
    ob_platform *platform; /* its watchdog_kick is called after each erase; may be NULL */
} ob_flash_sink;

/* stage_len must be a non-zero multiple of the flash's prog_align. */
void ob_flash_sink_init(ob_flash_sink *fs, ob_flash *f, uint32_t base, uint32_t size,
                        uint8_t *stage, uint32_t stage_len);
/* Appends bytes (flushing as the stage fills). */
int ob_flash_sink_write(ob_flash_sink *fs, const uint8_t *p, uint32_t n);
/* Programs what is staged, padding the last unit with 0xFF. */
int ob_flash_sink_finish(ob_flash_sink *fs);

#endif
