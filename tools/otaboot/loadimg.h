/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: application loaders. A firmware arrives as a raw .bin
 * (no address of its own), an Intel HEX file or an ELF executable; both of
 * the latter carry their load address, which pack checks against the
 * board's application area. */
#ifndef OTABOOT_LOADIMG_H
#define OTABOOT_LOADIMG_H

#include <stddef.h>
#include <stdint.h>

#define APP_SPAN_MAX (16u << 20) /* larger spans are not firmware for these chips */

#define APP_MAX_RAM 8

typedef struct {
    char name[24];
    uint32_t addr, size;
} app_section;

typedef struct {
    uint8_t *data;     /* malloc'd raw image, gaps filled with 0xFF */
    size_t len;
    int has_addr;      /* 1 for HEX and ELF */
    uint32_t addr;     /* address of data[0] when has_addr */
    const char *format; /* "bin", "hex" or "elf" */
    /* ELF with section headers only (else zero): */
    app_section vt;    /* the vector-table section at the load address (.isr_vector, .vectors) */
    app_section ram[APP_MAX_RAM]; /* allocated writable sections: the RAM the application uses */
    unsigned nram;
} app_image;

/* Intel HEX: data (00), end of file (01), extended segment (02) and linear
 * (04) address records; start address records (03, 05) are ignored. Every
 * record's checksum is checked; an overlapping byte, a missing end record,
 * data after it or a span above APP_SPAN_MAX is an error. */
int hex_parse(const char *text, size_t n, app_image *img, char *why, size_t cap);

/* ELF32 little-endian executable: the PT_LOAD segments with p_filesz > 0,
 * placed by physical address (p_paddr: where the bytes live in flash, not
 * where .data runs), concatenated from the lowest, gaps filled with 0xFF.
 * Every offset is bounds-checked against the file. The section headers, when
 * present, give the vector-table section and the RAM sections (vt, ram). */
int elf_parse(const uint8_t *buf, size_t n, app_image *img, char *why, size_t cap);

/* Reads path and dispatches on the extension (.hex/.ihex, .elf/.axf), then on
 * the ELF magic, otherwise raw binary. 0 or -1 (why filled). */
int load_app(const char *path, app_image *img, char *why, size_t cap);

void app_image_free(app_image *img);

#endif
