/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: .bin / Intel HEX / ELF loaders (see loadimg.h).
 * Intel HEX: the "Hexadecimal Object File Format Specification" (Intel,
 * rev. A, 1988). ELF: the System V ABI "ELF header" and "Program header"
 * chapters, ELF32 for ARM. */
#include "loadimg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static int why_set(char *why, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
    return -1;
}

void app_image_free(app_image *img)
{
    free(img->data);
    memset(img, 0, sizeof *img);
}

/* ---- Intel HEX ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

typedef struct {
    uint32_t addr;
    uint8_t len;
    uint8_t type;
    uint8_t data[255];
} hex_rec;

/* Decodes one record line (without its line ending). */
static int hex_record(const char *s, size_t n, hex_rec *r, unsigned line, char *why, size_t cap)
{
    uint8_t b[260];
    if (n < 11 || s[0] != ':' || (n - 1) % 2 != 0)
        return why_set(why, cap, "HEX line %u: not a record", line);
    size_t nb = (n - 1) / 2;
    if (nb > sizeof b)
        return why_set(why, cap, "HEX line %u: record too long", line);
    uint8_t sum = 0;
    for (size_t i = 0; i < nb; i++) {
        int hi = hexval(s[1 + 2 * i]), lo = hexval(s[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            return why_set(why, cap, "HEX line %u: bad hex digit", line);
        b[i] = (uint8_t)(hi << 4 | lo);
        sum = (uint8_t)(sum + b[i]);
    }
    if (nb != (size_t)b[0] + 5)
        return why_set(why, cap, "HEX line %u: length field does not match the record", line);
    if (sum != 0)
        return why_set(why, cap, "HEX line %u: checksum mismatch", line);
    r->len = b[0];
    r->addr = (uint32_t)(b[1] << 8 | b[2]);
    r->type = b[3];
    memcpy(r->data, b + 4, r->len);
    return 0;
}

/* Walks the records; pass 0 finds the span, pass 1 copies. */
static int hex_walk(const char *text, size_t n, int pass, uint32_t *lo, uint64_t *hi, uint8_t *out,
                    uint8_t *used, char *why, size_t cap)
{
    uint32_t base = 0;
    unsigned line = 0;
    int seen_eof = 0, any = 0;
    size_t i = 0;
    hex_rec r;
    while (i < n) {
        size_t e = i;
        while (e < n && text[e] != '\n')
            e++;
        size_t len = e - i;
        if (len > 0 && text[i + len - 1] == '\r')
            len--;
        line++;
        if (len > 0) {
            if (seen_eof)
                return why_set(why, cap, "HEX line %u: data after the end-of-file record", line);
            if (hex_record(text + i, len, &r, line, why, cap) != 0)
                return -1;
            switch (r.type) {
            case 0: {
                uint64_t a = (uint64_t)base + r.addr;
                if (a + r.len > 0x100000000ull)
                    return why_set(why, cap, "HEX line %u: data beyond 4 GiB", line);
                if (r.len == 0)
                    break;
                if (pass == 0) {
                    if (!any || a < *lo)
                        *lo = (uint32_t)a;
                    if (!any || a + r.len > *hi)
                        *hi = a + r.len;
                    any = 1;
                } else {
                    size_t off = (size_t)(a - *lo);
                    for (unsigned k = 0; k < r.len; k++) {
                        if (used[off + k])
                            return why_set(why, cap, "HEX line %u: address 0x%08llx written twice",
                                           line, (unsigned long long)a + k);
                        used[off + k] = 1;
                    }
                    memcpy(out + off, r.data, r.len);
                }
                break;
            }
            case 1:
                seen_eof = 1;
                break;
            case 2:
                if (r.len != 2)
                    return why_set(why, cap, "HEX line %u: bad extended segment address record", line);
                base = (uint32_t)(r.data[0] << 8 | r.data[1]) << 4;
                break;
            case 4:
                if (r.len != 2)
                    return why_set(why, cap, "HEX line %u: bad extended linear address record", line);
                base = (uint32_t)(r.data[0] << 8 | r.data[1]) << 16;
                break;
            case 3:
            case 5:
                break; /* start address: the vector table says where to start */
            default:
                return why_set(why, cap, "HEX line %u: unknown record type %u", line, r.type);
            }
        }
        i = e + 1;
    }
    if (!seen_eof)
        return why_set(why, cap, "HEX file has no end-of-file record");
    if (pass == 0 && !any)
        return why_set(why, cap, "HEX file holds no data");
    return 0;
}

int hex_parse(const char *text, size_t n, app_image *img, char *why, size_t cap)
{
    uint32_t lo = 0;
    uint64_t hi = 0;
    memset(img, 0, sizeof *img);
    if (hex_walk(text, n, 0, &lo, &hi, NULL, NULL, why, cap) != 0)
        return -1;
    if (hi - lo > APP_SPAN_MAX)
        return why_set(why, cap, "HEX data spans %llu bytes (more than %u)", (unsigned long long)(hi - lo),
                       APP_SPAN_MAX);
    size_t span = (size_t)(hi - lo);
    if (span == 0)
        return why_set(why, cap, "HEX file has no data records");
    uint8_t *out = malloc(span), *used = calloc(span, 1);
    if (out == NULL || used == NULL) {
        free(out);
        free(used);
        return why_set(why, cap, "out of memory");
    }
    memset(out, 0xFF, span);
    int rc = hex_walk(text, n, 1, &lo, &hi, out, used, why, cap);
    free(used);
    if (rc != 0) {
        free(out);
        return -1;
    }
    img->data = out;
    img->len = span;
    img->has_addr = 1;
    img->addr = lo;
    img->format = "hex";
    return 0;
}

/* ---- ELF32 ---- */

#define PT_LOAD 1u

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

#define SHT_SYMTAB 2u
#define STT_OBJECT 1u
#define SHF_WRITE 1u
#define SHF_ALLOC 2u

static int is_vector_section(const char *name)
{
    static const char *const names[] = {".isr_vector", ".vectors", ".vector_table", ".intvecs"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i]))
            return 1;
    return 0;
}

/* A name from a string table of the file (bounds-checked, truncated). */
static void elf_name(const uint8_t *buf, uint32_t stroff, uint32_t strsize, uint32_t name, char *out, size_t cap)
{
    size_t k = 0;
    while (name < strsize && name + k < strsize && buf[stroff + name + k] && k < cap - 1) {
        out[k] = (char)buf[stroff + name + k];
        k++;
    }
    out[k] = '\0';
}

/* The vector table as the symbol table tells it: a data object at the load
 * address (g_pfnVectors of CubeMX start-up files, vector_table here). */
static void elf_vector_symbol(const uint8_t *buf, size_t n, const uint8_t *symsh, const uint8_t *strsh,
                              app_image *img)
{
    uint32_t off = le32(symsh + 16), size = le32(symsh + 20), entsize = le32(symsh + 36);
    uint32_t stroff = le32(strsh + 16), strsize = le32(strsh + 20);
    if (entsize < 16 || off > n || size > n - off || stroff > n || strsize > n - stroff)
        return;
    for (uint32_t i = 0; i < size / entsize; i++) {
        const uint8_t *sym = buf + off + (size_t)i * entsize;
        uint32_t value = le32(sym + 4), ssize = le32(sym + 8);
        if ((sym[12] & 0xF) != STT_OBJECT || value != img->addr || ssize < 64 || ssize % 4 != 0)
            continue;
        elf_name(buf, stroff, strsize, le32(sym), img->vt.name, sizeof img->vt.name);
        img->vt.addr = value;
        img->vt.size = ssize;
        return;
    }
}

/* The section headers (optional: a stripped file may have none): the vector
 * table at the load address and the allocated writable sections. */
static void elf_sections(const uint8_t *buf, size_t n, app_image *img)
{
    uint32_t shoff = le32(buf + 32);
    uint16_t shentsize = le16(buf + 46), shnum = le16(buf + 48), shstrndx = le16(buf + 50);
    if (shnum == 0 || shentsize < 40 || shoff > n || (uint64_t)shnum * shentsize > n - shoff || shstrndx >= shnum)
        return;
    const uint8_t *strsh = buf + shoff + (size_t)shstrndx * shentsize;
    uint32_t stroff = le32(strsh + 16), strsize = le32(strsh + 20);
    if (stroff > n || strsize > n - stroff)
        return;
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = buf + shoff + (size_t)i * shentsize;
        uint32_t name = le32(sh), type = le32(sh + 4), flags = le32(sh + 8), addr = le32(sh + 12),
                 size = le32(sh + 20), link = le32(sh + 24);
        if (type == SHT_SYMTAB && link < shnum && !img->vt.size)
            elf_vector_symbol(buf, n, sh, buf + shoff + (size_t)link * shentsize, img);
        if (!(flags & SHF_ALLOC) || size == 0 || name >= strsize)
            continue;
        app_section s;
        memset(&s, 0, sizeof s);
        elf_name(buf, stroff, strsize, name, s.name, sizeof s.name);
        s.addr = addr;
        s.size = size;
        if (addr == img->addr && is_vector_section(s.name))
            img->vt = s;
        else if ((flags & SHF_WRITE) && img->nram < APP_MAX_RAM)
            img->ram[img->nram++] = s;
    }
}

int elf_parse(const uint8_t *buf, size_t n, app_image *img, char *why, size_t cap)
{
    memset(img, 0, sizeof *img);
    if (n < 52 || memcmp(buf, "\x7f" "ELF", 4) != 0)
        return why_set(why, cap, "not an ELF file");
    if (buf[4] != 1 || buf[5] != 1)
        return why_set(why, cap, "ELF file is not 32-bit little-endian (Cortex-M images are)");
    if (le16(buf + 16) != 2)
        return why_set(why, cap, "ELF file is not an executable (ET_EXEC)");
    if (le16(buf + 18) != 40)
        warn("ELF machine is %u, not ARM (40)", le16(buf + 18));
    uint32_t phoff = le32(buf + 28);
    uint16_t phentsize = le16(buf + 42), phnum = le16(buf + 44);
    if (phnum == 0)
        return why_set(why, cap, "ELF file has no program headers");
    if (phentsize < 32 || phoff > n || (uint64_t)phnum * phentsize > n - phoff)
        return why_set(why, cap, "ELF program headers lie outside the file");
    uint64_t lo = UINT64_MAX, hi = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < phnum; i++) {
            const uint8_t *ph = buf + phoff + (size_t)i * phentsize;
            uint32_t type = le32(ph), off = le32(ph + 4), paddr = le32(ph + 12), filesz = le32(ph + 16);
            if (type != PT_LOAD || filesz == 0)
                continue;
            if (off > n || filesz > n - off)
                return why_set(why, cap, "ELF segment %u lies outside the file", i);
            if (pass == 0) {
                if (paddr < lo)
                    lo = paddr;
                if ((uint64_t)paddr + filesz > hi)
                    hi = (uint64_t)paddr + filesz;
            } else {
                memcpy(img->data + (paddr - lo), buf + off, filesz);
            }
        }
        if (pass == 0) {
            if (lo == UINT64_MAX)
                return why_set(why, cap, "ELF file has no loadable bytes");
            if (hi > 0x100000000ull || hi - lo > APP_SPAN_MAX)
                return why_set(why, cap, "ELF segments span %llu bytes (more than %u)",
                               (unsigned long long)(hi - lo), APP_SPAN_MAX);
            img->len = (size_t)(hi - lo);
            img->data = malloc(img->len);
            if (img->data == NULL)
                return why_set(why, cap, "out of memory");
            memset(img->data, 0xFF, img->len);
        }
    }
    img->has_addr = 1;
    img->addr = (uint32_t)lo;
    img->format = "elf";
    elf_sections(buf, n, img);
    return 0;
}

/* ---- dispatch ---- */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    if (a < b)
        return 0;
    for (size_t i = 0; i < b; i++) {
        char c = s[a - b + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return 0;
    }
    return 1;
}

int load_app(const char *path, app_image *img, char *why, size_t cap)
{
    uint8_t *buf;
    size_t n;
    memset(img, 0, sizeof *img);
    if (read_file(path, (size_t)64 << 20, &buf, &n) != 0) {
        why[0] = '\0'; /* read_file printed the reason */
        return -1;
    }
    int rc;
    if (ends_with(path, ".hex") || ends_with(path, ".ihex")) {
        rc = hex_parse((const char *)buf, n, img, why, cap);
    } else if (ends_with(path, ".elf") || ends_with(path, ".axf") || (n >= 4 && memcmp(buf, "\x7f" "ELF", 4) == 0)) {
        rc = elf_parse(buf, n, img, why, cap);
    } else {
        img->data = buf;
        img->len = n;
        img->format = "bin";
        return 0;
    }
    free(buf);
    return rc;
}
