/* SPDX-License-Identifier: Apache-2.0 */
/* tools/otaboot/loadimg.c: Intel HEX and ELF32 loaders, every refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "loadimg.h"

static char why[256];

/* One record line with its checksum (Intel HEX: two's complement of the byte sum). */
static void rec(char *out, unsigned type, unsigned addr, const uint8_t *d, unsigned n)
{
    unsigned sum = n + (addr >> 8) + (addr & 0xff) + type;
    out += sprintf(out, ":%02X%04X%02X", n, addr, type);
    for (unsigned i = 0; i < n; i++) {
        out += sprintf(out, "%02X", d[i]);
        sum += d[i];
    }
    sprintf(out, "%02X\n", (0x100 - (sum & 0xff)) & 0xff);
}

static void test_hex_linear_with_gap(void **st)
{
    (void)st;
    char text[512], *p = text;
    const uint8_t ela[2] = { 0x08, 0x02 }, a[4] = { 1, 2, 3, 4 }, b[2] = { 9, 8 };
    rec(p, 4, 0, ela, 2);
    p += strlen(p);
    rec(p, 0, 0x0000, a, 4);
    p += strlen(p);
    rec(p, 0, 0x0006, b, 2);
    p += strlen(p);
    rec(p, 5, 0, a, 4); /* start linear address: ignored */
    p += strlen(p);
    strcpy(p, ":00000001FF\r\n");
    app_image img;
    assert_int_equal(hex_parse(text, strlen(text), &img, why, sizeof why), 0);
    assert_int_equal(img.addr, 0x08020000u);
    assert_int_equal(img.len, 8);
    const uint8_t want[8] = { 1, 2, 3, 4, 0xFF, 0xFF, 9, 8 };
    assert_memory_equal(img.data, want, 8);
    assert_string_equal(img.format, "hex");
    app_image_free(&img);
}

static void test_hex_segment_address(void **st)
{
    (void)st;
    char text[256];
    const uint8_t esa[2] = { 0x10, 0x00 }, a[1] = { 0x55 };
    rec(text, 2, 0, esa, 2);
    rec(text + strlen(text), 0, 0x10, a, 1);
    strcat(text, ":00000001FF\n");
    app_image img;
    assert_int_equal(hex_parse(text, strlen(text), &img, why, sizeof why), 0);
    assert_int_equal(img.addr, 0x10010u);
    app_image_free(&img);
}

static void expect_hex_error(const char *text, const char *needle)
{
    app_image img;
    why[0] = '\0';
    assert_int_equal(hex_parse(text, strlen(text), &img, why, sizeof why), -1);
    assert_non_null(strstr(why, needle));
    assert_null(img.data);
}

static void test_hex_errors(void **st)
{
    (void)st;
    char text[512];
    const uint8_t a[2] = { 1, 2 };
    expect_hex_error(":0100000001FE\n", "no end-of-file record");
    expect_hex_error(":00000001FF\n", "holds no data");
    expect_hex_error(":0100000001FF\n:00000001FF\n", "checksum mismatch");
    expect_hex_error(":0200000001FD\n:00000001FF\n", "length field");
    expect_hex_error("0100000001FE\n", "not a record");
    expect_hex_error(":01000000G1FE\n", "bad hex digit");
    expect_hex_error(":00000001FF\n:0100000001FE\n", "after the end-of-file");
    expect_hex_error(":00000007F9\n", "unknown record type 7");
    expect_hex_error(":0100000402F9\n:00000001FF\n", "bad extended linear");
    /* the same byte twice */
    rec(text, 0, 0, a, 2);
    rec(text + strlen(text), 0, 1, a, 2);
    strcat(text, ":00000001FF\n");
    expect_hex_error(text, "written twice");
    /* a span over the limit: one byte at 0, one at 32 MiB */
    const uint8_t ela[2] = { 0x02, 0x00 };
    rec(text, 0, 0, a, 1);
    rec(text + strlen(text), 4, 0, ela, 2);
    rec(text + strlen(text), 0, 0, a, 1);
    strcat(text, ":00000001FF\n");
    expect_hex_error(text, "spans");
}

/* ELF32 LE with the given program headers: type, offset, paddr, filesz. */
typedef struct {
    uint32_t type, off, paddr, filesz;
} ph;

static size_t make_elf(uint8_t *buf, size_t cap, const ph *phs, unsigned n, uint16_t machine)
{
    memset(buf, 0, cap);
    memcpy(buf, "\x7f" "ELF\x01\x01\x01", 7);
    buf[16] = 2;          /* ET_EXEC */
    buf[18] = (uint8_t)machine;
    buf[28] = 52;         /* e_phoff */
    buf[42] = 32;         /* e_phentsize */
    buf[44] = (uint8_t)n; /* e_phnum */
    for (unsigned i = 0; i < n; i++) {
        uint8_t *p = buf + 52 + 32 * i;
        uint32_t f[8] = { phs[i].type, phs[i].off, phs[i].paddr + 0x1000u, phs[i].paddr, phs[i].filesz, phs[i].filesz, 5, 4 };
        for (int k = 0; k < 8; k++)
            for (int b = 0; b < 4; b++)
                p[4 * k + b] = (uint8_t)(f[k] >> (8 * b));
    }
    return 52 + 32 * n;
}

static void test_elf_segments_by_paddr(void **st)
{
    (void)st;
    uint8_t buf[1024];
    ph phs[3] = { { 1, 400, 0x08020010, 4 }, { 1, 300, 0x08020000, 8 }, { 1, 0, 0x20000000, 0 } };
    make_elf(buf, sizeof buf, phs, 3, 40);
    memcpy(buf + 300, "ABCDEFGH", 8);
    memcpy(buf + 400, "WXYZ", 4);
    app_image img;
    assert_int_equal(elf_parse(buf, 500, &img, why, sizeof why), 0);
    assert_int_equal(img.addr, 0x08020000u);
    assert_int_equal(img.len, 0x14);
    assert_memory_equal(img.data, "ABCDEFGH\xff\xff\xff\xff\xff\xff\xff\xffWXYZ", 0x14);
    app_image_free(&img);
}

static void expect_elf_error(const uint8_t *buf, size_t n, const char *needle)
{
    app_image img;
    why[0] = '\0';
    assert_int_equal(elf_parse(buf, n, &img, why, sizeof why), -1);
    assert_non_null(strstr(why, needle));
}

static void test_elf_errors(void **st)
{
    (void)st;
    uint8_t buf[1024];
    ph one = { 1, 300, 0x08020000, 8 };
    expect_elf_error((const uint8_t *)"\x7f" "ELF", 4, "not an ELF");
    make_elf(buf, sizeof buf, &one, 1, 40);
    buf[4] = 2; /* ELFCLASS64 */
    expect_elf_error(buf, 500, "32-bit little-endian");
    make_elf(buf, sizeof buf, &one, 1, 40);
    buf[16] = 1; /* ET_REL */
    expect_elf_error(buf, 500, "not an executable");
    make_elf(buf, sizeof buf, &one, 0, 40);
    expect_elf_error(buf, 500, "no program headers");
    make_elf(buf, sizeof buf, &one, 1, 40);
    expect_elf_error(buf, 60, "program headers lie outside");
    expect_elf_error(buf, 304, "segment 0 lies outside");
    ph bss = { 1, 0, 0x20000000, 0 };
    make_elf(buf, sizeof buf, &bss, 1, 40);
    expect_elf_error(buf, 500, "no loadable bytes");
    ph far[2] = { { 1, 300, 0x08000000, 4 }, { 1, 300, 0x0A000000, 4 } };
    make_elf(buf, sizeof buf, far, 2, 40);
    expect_elf_error(buf, 500, "span");
    ph top = { 1, 300, 0xFFFFFFFE, 8 };
    make_elf(buf, sizeof buf, &top, 1, 40);
    expect_elf_error(buf, 500, "span");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hex_linear_with_gap), cmocka_unit_test(test_hex_segment_address),
        cmocka_unit_test(test_hex_errors),          cmocka_unit_test(test_elf_segments_by_paddr),
        cmocka_unit_test(test_elf_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
