/* SPDX-License-Identifier: Apache-2.0 */
/* tools/otaboot/appcheck.c: is this application for this board? Which
 * vector-table check fails, a gzip'd input, and what an ELF tells: its
 * vector-table length against the chip's, its RAM sections against the
 * board's RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "appcheck.h"
#include "ob.h"

static char why[512];
static uint8_t elf[4096];

static void w32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void w16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* A section header: name, type, flags, addr, offset, size, link, entsize. */
static void shdr(uint8_t *p, uint32_t name, uint32_t type, uint32_t flags, uint32_t addr, uint32_t off, uint32_t size,
                 uint32_t link, uint32_t entsize)
{
    w32(p, name);
    w32(p + 4, type);
    w32(p + 8, flags);
    w32(p + 12, addr);
    w32(p + 16, off);
    w32(p + 20, size);
    w32(p + 24, link);
    w32(p + 36, entsize);
}

/* An ELF as a linker writes it for a Cortex-M application at 0x08020000:
 * .text (2 KiB, starting with a vector table of `vectors` words, SP sp),
 * .bss at bss_addr of bss_size bytes, and the symbol vector_table. Returns
 * the file size. */
static size_t make_app_elf(unsigned vectors, uint32_t sp, uint32_t bss_addr, uint32_t bss_size)
{
    static const char shstr[] = "\0.text\0.bss\0.symtab\0.strtab\0.shstrtab";
    static const char str[] = "\0vector_table";
    const uint32_t text = 128, text_len = 0x800, sym = text + text_len, strt = sym + 32, shs = strt + 16,
                   sh = shs + 48;
    memset(elf, 0, sizeof elf);
    memcpy(elf, "\x7f" "ELF\x01\x01\x01", 7);
    w16(elf + 16, 2);  /* ET_EXEC */
    w16(elf + 18, 40); /* EM_ARM */
    w32(elf + 28, 52); /* e_phoff */
    w32(elf + 32, sh); /* e_shoff */
    w16(elf + 42, 32);
    w16(elf + 44, 1);
    w16(elf + 46, 40);
    w16(elf + 48, 6);
    w16(elf + 50, 5); /* .shstrtab */
    uint8_t *ph = elf + 52;
    w32(ph, 1);
    w32(ph + 4, text);
    w32(ph + 8, 0x08020000u);
    w32(ph + 12, 0x08020000u);
    w32(ph + 16, text_len);
    w32(ph + 20, text_len);
    w32(elf + text, sp);
    for (unsigned i = 1; i < vectors; i++)
        w32(elf + text + 4 * i, 0x08020000u + 4 * vectors + 1);
    /* symbol 1: vector_table, STT_OBJECT, in .text */
    w32(elf + sym + 16, 1);
    w32(elf + sym + 20, 0x08020000u);
    w32(elf + sym + 24, 4 * vectors);
    elf[sym + 28] = 0x11; /* STB_GLOBAL, STT_OBJECT */
    w16(elf + sym + 30, 1);
    memcpy(elf + strt, str, sizeof str);
    memcpy(elf + shs, shstr, sizeof shstr);
    shdr(elf + sh + 40, 1, 1, 6, 0x08020000u, text, text_len, 0, 0);     /* .text: PROGBITS, AX */
    shdr(elf + sh + 80, 7, 8, 3, bss_addr, sym, bss_size, 0, 0);          /* .bss: NOBITS, WA */
    shdr(elf + sh + 120, 12, 2, 0, 0, sym, 32, 4, 16);                   /* .symtab -> .strtab */
    shdr(elf + sh + 160, 20, 3, 0, 0, strt, sizeof str, 0, 0);           /* .strtab */
    shdr(elf + sh + 200, 28, 3, 0, 0, shs, sizeof shstr, 0, 0);          /* .shstrtab */
    return sh + 240;
}

static const ob_layout *board(const char *name)
{
    const ob_layout *l = ob_layout_find(name, OB_PROFILE_SLOT);
    assert_non_null(l);
    return l;
}

static int check_elf(const char *b, size_t n)
{
    app_image img;
    assert_int_equal(elf_parse(elf, n, &img, why, sizeof why), 0);
    why[0] = '\0';
    int rc = app_check(&img, board(b), why, sizeof why);
    app_image_free(&img);
    return rc;
}

/* An Olimex E407 build (STM32F407: 16 + 82 vectors, 128 KiB SRAM) packed
 * for the nucleo-f429zi: its SP and reset handler pass there, its vector
 * table is too short for the F429's 91 interrupts. */
static void test_elf_other_chip(void **st)
{
    (void)st;
    size_t n = make_app_elf(16 + 82, 0x20020000u, 0x200000c0u, 0x14000);
    assert_int_equal(check_elf("olimex-e407", n), OB_OK);
    assert_int_equal(check_elf("nucleo-f429zi", n), OB_ERR_VECTOR);
    assert_string_equal(why, "vector table vector_table has 98 entries, the STM32F429ZI of nucleo-f429zi has 107 "
                             "(16 + 91 interrupts): built for another chip?");
    n = make_app_elf(16 + 91, 0x20030000u, 0x200000c0u, 0x14000);
    assert_int_equal(check_elf("nucleo-f429zi", n), OB_OK);
}

/* RAM use: a .bss that ends past the board's RAM. */
static void test_elf_ram_sections(void **st)
{
    (void)st;
    size_t n = make_app_elf(16 + 82, 0x20020000u, 0x20000000u, 0x30000);
    assert_int_equal(check_elf("olimex-e407", n), OB_ERR_VECTOR);
    assert_string_equal(why, "section .bss (0x20000000-0x20030000) is outside the olimex-e407 RAM "
                             "(0x20000000-0x20020000, 0x10000000-0x10010000): built for another board?");
    /* in the CCM RAM: fine */
    n = make_app_elf(16 + 82, 0x20020000u, 0x10000000u, 0x8000);
    assert_int_equal(check_elf("olimex-e407", n), OB_OK);
}

/* Each vector-table check says what it is. */
static void test_vector_why(void **st)
{
    (void)st;
    const ob_layout *l = board("nucleo-f429zi");
    uint8_t raw[64];
    memset(raw, 0, sizeof raw);
    w32(raw, 0x20020000u);
    w32(raw + 4, 0x08020021u);
    assert_int_equal(vector_why(l, raw, sizeof raw, why, sizeof why), OB_OK);
    w32(raw, 0x20040000u);
    assert_int_equal(vector_why(l, raw, sizeof raw, why, sizeof why), OB_ERR_VECTOR);
    assert_string_equal(why, "vector table check failed: initial SP 0x20040000 is outside the nucleo-f429zi RAM "
                             "(0x20000000-0x20030000, 0x10000000-0x10010000): built for another board?");
    w32(raw, 0x20020002u);
    assert_int_equal(vector_why(l, raw, sizeof raw, why, sizeof why), OB_ERR_VECTOR);
    assert_non_null(strstr(why, "initial SP 0x20020002 is not word-aligned"));
    w32(raw, 0x20020000u);
    w32(raw + 4, 0x08020020u);
    assert_int_equal(vector_why(l, raw, sizeof raw, why, sizeof why), OB_ERR_VECTOR);
    assert_non_null(strstr(why, "reset handler 0x08020020 has no Thumb bit"));
    w32(raw + 4, 0x08000201u);
    assert_int_equal(vector_why(l, raw, sizeof raw, why, sizeof why), OB_ERR_VECTOR);
    assert_non_null(strstr(why, "reset handler 0x08000201 is outside the image (0x08020000-0x08020040)"));
    assert_int_equal(vector_why(l, raw, 4, why, sizeof why), OB_ERR_EMPTY);
}

/* A gzip file given to pack: said as such, not as a vector-table failure. */
static void test_gzip_input(void **st)
{
    (void)st;
    uint8_t gz[32] = {0x1f, 0x8b, 8, 0};
    app_image img = {.data = gz, .len = sizeof gz, .format = "bin"};
    assert_int_equal(app_check(&img, board("nucleo-f429zi"), why, sizeof why), OB_ERR_ARG);
    assert_non_null(strstr(why, "already a gzip file"));
    assert_non_null(strstr(why, "gunzip -c FILE > app.bin"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elf_other_chip),
        cmocka_unit_test(test_elf_ram_sections),
        cmocka_unit_test(test_vector_why),
        cmocka_unit_test(test_gzip_input),
    };
    return cmocka_run_group_tests_name("tool appcheck", tests, NULL, NULL);
}
