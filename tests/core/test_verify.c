/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for core/verify.c and the host SHA-256 port: CRC-32 against zlib,
 * SHA-256 against FIPS 180-2 example values, hashing flash through both
 * access paths, constant-time compare, and the vector-table check. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "verify.h"
#include "xorshift.h"

static uint32_t rng_state = 0x9e3779b9u;
static uint32_t rnd(void) { return xorshift32(&rng_state); }

/* ---- CRC-32 --------------------------------------------------------------- */

static void test_crc32(void **state)
{
    static uint8_t buf[4096];
    size_t i, len, cut;
    int k;

    (void)state;
    assert_int_equal(ob_crc32(0, NULL, 0), 0);
    assert_int_equal(ob_crc32(0x1234u, NULL, 10), 0x1234u); /* NULL data: unchanged */
    /* the check value of CRC-32/ISO-HDLC (the gzip CRC) */
    assert_int_equal(ob_crc32(0, "123456789", 9), 0xcbf43926u);
    assert_int_equal(ob_crc32(0, "", 0), 0);
    for (i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)rnd();
    for (k = 0; k < 300; k++) {
        uint32_t whole;

        len = rnd() % sizeof buf;
        cut = len == 0 ? 0 : rnd() % len;
        whole = ob_crc32(0, buf, len);
        assert_int_equal(whole, (uint32_t)crc32(0, buf, (uInt)len));
        /* chainable */
        assert_int_equal(ob_crc32(ob_crc32(0, buf, cut), buf + cut, len - cut), whole);
        /* chaining from any start value agrees with zlib too */
        assert_int_equal(ob_crc32(whole, buf, cut), (uint32_t)crc32(whole, buf, (uInt)cut));
    }
}

/* ---- SHA-256 ------------------------------------------------------------- */

static void hex_to(uint8_t *out, const char *hex)
{
    size_t i;

    for (i = 0; i < OB_SHA256_LEN; i++) {
        unsigned v;

        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
}

static void test_sha256_known(void **state)
{
    /* FIPS 180-2, appendix B.1 and B.2, and the empty message. */
    static const struct { const char *msg; const char *hex; } kat[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    uint8_t want[OB_SHA256_LEN], got[OB_SHA256_LEN];
    ob_sha256_ctx c;
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        size_t len = strlen(kat[i].msg);

        hex_to(want, kat[i].hex);
        memset(got, 0, sizeof got);
        ob_sha256(kat[i].msg, len, got);
        assert_memory_equal(got, want, OB_SHA256_LEN);
        /* byte by byte through the incremental interface */
        ob_sha256_init(&c);
        for (j = 0; j < len; j++)
            ob_sha256_update(&c, kat[i].msg + j, 1);
        ob_sha256_update(&c, NULL, 0);
        memset(got, 0, sizeof got);
        ob_sha256_final(&c, got);
        assert_memory_equal(got, want, OB_SHA256_LEN);
    }
}

/* ---- SHA-256 over flash ----------------------------------------------------- */

#define FLASH_BASE 0x08000000u
#define FLASH_SIZE (4u * 16384u)

static const ob_sector_run runs[] = {{4, 16384, 250}};
static const ob_flash_geom geom = {"test-64k", FLASH_BASE, runs, 1, 4, 16};
static uint8_t flash_mem[FLASH_SIZE];
static unsigned reads, max_read, fail_after = 0xffffffffu;

static int fake_read(ob_flash *f, uint32_t addr, void *dst, uint32_t len)
{
    (void)f;
    if (addr < FLASH_BASE || addr - FLASH_BASE + (uint64_t)len > FLASH_SIZE)
        return OB_ERR_RANGE;
    if (reads++ >= fail_after)
        return OB_ERR_FLASH;
    if (len > max_read)
        max_read = len;
    memcpy(dst, flash_mem + (addr - FLASH_BASE), len);
    return OB_OK;
}

static void test_sha256_flash(void **state)
{
    ob_flash mapped = {&geom, fake_read, NULL, NULL, flash_mem, NULL};
    ob_flash byread = {&geom, fake_read, NULL, NULL, NULL, NULL};
    uint8_t want[OB_SHA256_LEN], a[OB_SHA256_LEN], b[OB_SHA256_LEN];
    size_t i;
    int k;

    (void)state;
    for (i = 0; i < FLASH_SIZE; i++)
        flash_mem[i] = (uint8_t)rnd();
    for (k = 0; k < 50; k++) {
        uint32_t off = rnd() % FLASH_SIZE, len = rnd() % (FLASH_SIZE - off + 1);

        if (k == 0) {
            off = 0;
            len = FLASH_SIZE; /* the whole flash, up to its last byte */
        }
        ob_sha256(flash_mem + off, len, want);
        assert_int_equal(ob_sha256_flash(&mapped, FLASH_BASE + off, len, a), OB_OK);
        assert_memory_equal(a, want, OB_SHA256_LEN);
        reads = 0;
        max_read = 0;
        assert_int_equal(ob_sha256_flash(&byread, FLASH_BASE + off, len, b), OB_OK);
        assert_memory_equal(b, want, OB_SHA256_LEN);
        assert_true(max_read <= OB_SHA256_FLASH_CHUNK); /* bounded stack buffer */
        assert_int_equal(reads, (len + OB_SHA256_FLASH_CHUNK - 1) / OB_SHA256_FLASH_CHUNK); /* no more reads than needed */
    }
    /* the mapped path does not call read() */
    reads = 0;
    assert_int_equal(ob_sha256_flash(&mapped, FLASH_BASE, 1000, a), OB_OK);
    assert_int_equal(reads, 0);

    /* ranges outside the flash */
    assert_int_equal(ob_sha256_flash(&mapped, FLASH_BASE - 1, 1, a), OB_ERR_RANGE);
    assert_int_equal(ob_sha256_flash(&mapped, FLASH_BASE, FLASH_SIZE + 1, a), OB_ERR_RANGE);
    assert_int_equal(ob_sha256_flash(&byread, FLASH_BASE + FLASH_SIZE, 1, a), OB_ERR_RANGE);
    assert_int_equal(ob_sha256_flash(&byread, 0xffffff00u, 0x200, a), OB_ERR_RANGE); /* wraps */
    assert_int_equal(ob_sha256_flash(&byread, FLASH_BASE + FLASH_SIZE, 0, a), OB_OK);

    /* a read error is returned and the output is left alone */
    memset(a, 0x5a, sizeof a);
    reads = 0;
    fail_after = 2;
    assert_int_equal(ob_sha256_flash(&byread, FLASH_BASE, 4096, a), OB_ERR_FLASH);
    fail_after = 0xffffffffu;
    for (i = 0; i < OB_SHA256_LEN; i++)
        assert_int_equal(a[i], 0x5a);

    /* arguments */
    byread.read = NULL;
    assert_int_equal(ob_sha256_flash(&byread, FLASH_BASE, 4, a), OB_ERR_ARG);
    assert_int_equal(ob_sha256_flash(NULL, FLASH_BASE, 4, a), OB_ERR_ARG);
    assert_int_equal(ob_sha256_flash(&mapped, FLASH_BASE, 4, NULL), OB_ERR_ARG);
    mapped.geom = NULL;
    assert_int_equal(ob_sha256_flash(&mapped, FLASH_BASE, 4, a), OB_ERR_ARG);
}

/* ---- constant-time compare ------------------------------------------------- */

static void test_memcmp_ct(void **state)
{
    uint8_t x[64], y[64];
    size_t i;
    int bit;

    (void)state;
    for (i = 0; i < sizeof x; i++)
        x[i] = y[i] = (uint8_t)rnd();
    assert_int_equal(ob_memcmp_ct(x, y, sizeof x), 0);
    assert_int_equal(ob_memcmp_ct(x, y, 0), 0);
    for (i = 0; i < sizeof x; i++) {
        for (bit = 0; bit < 8; bit++) {
            y[i] ^= (uint8_t)(1u << bit);
            assert_int_equal(ob_memcmp_ct(x, y, sizeof x), 1);
            assert_int_equal(ob_memcmp_ct(x, y, i), 0); /* difference beyond len */
            y[i] ^= (uint8_t)(1u << bit);
        }
    }
}

/* ---- vector-table check --------------------------------------------------- */

static ob_layout vt_layout(void)
{
    ob_layout l;

    memset(&l, 0, sizeof l);
    l.board = "test";
    l.ram[0].base = 0x20000000u; /* SRAM1+2, 128 KiB */
    l.ram[0].size = 0x20000u;
    l.ram[1].base = 0x10000000u; /* CCM, 64 KiB */
    l.ram[1].size = 0x10000u;
    l.nram = 2;
    l.app.addr = 0x08020000u;
    l.app.size = 0x60000u;
    return l;
}

static int vcheck(const ob_layout *l, const ob_region *r, uint32_t sp, uint32_t reset,
                  uint32_t image_size)
{
    uint8_t vt[8];

    ob_put_le32(vt, sp);
    ob_put_le32(vt + 4, reset);
    return ob_vector_check(l, r, vt, image_size);
}

static void test_vector_check(void **state)
{
    ob_layout l = vt_layout();
    const ob_region *app = &l.app;
    ob_region top = {0xffff0000u, 0x10000u};
    uint8_t vt[8] = {0};

    (void)state;
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020101u, 4096), OB_OK);
    /* SP: base < SP <= base + size, 4-byte aligned, in any RAM region */
    assert_int_equal(vcheck(&l, app, 0x20000000u, 0x08020101u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x20000004u, 0x08020101u, 4096), OB_OK);
    assert_int_equal(vcheck(&l, app, 0x20020004u, 0x08020101u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x2001fffcu, 0x08020101u, 4096), OB_OK); /* 4-, not 8-aligned */
    assert_int_equal(vcheck(&l, app, 0x2001fffeu, 0x08020101u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x2001ffffu, 0x08020101u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x10010000u, 0x08020101u, 4096), OB_OK); /* CCM end */
    assert_int_equal(vcheck(&l, app, 0x18000000u, 0x08020101u, 4096), OB_ERR_VECTOR); /* gap */
    assert_int_equal(vcheck(&l, app, 0xffffffffu, 0x08020101u, 4096), OB_ERR_VECTOR); /* erased */
    assert_int_equal(vcheck(&l, app, 0, 0x08020101u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x08020000u, 0x08020101u, 4096), OB_ERR_VECTOR); /* flash */
    /* reset handler: Thumb bit, past the first two vectors, inside region and image */
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020100u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0xffffffffu, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020001u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020005u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020009u, 4096), OB_OK);
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020fffu, 4096), OB_OK); /* last byte */
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08021001u, 4096), OB_ERR_VECTOR);
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x0801ff01u, 4096), OB_ERR_VECTOR); /* below */
    /* an image size beyond the region is limited by the region */
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x0807ffffu, 0xffffffffu), OB_OK);
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08080001u, 0xffffffffu), OB_ERR_VECTOR);
    /* another region (rescue), and one at the top of the address space */
    assert_int_equal(vcheck(&l, &top, 0x20020000u, 0xffff0009u, 0x10000u), OB_OK);
    assert_int_equal(vcheck(&l, &top, 0x20020000u, 0xffffffffu, 0x10000u), OB_OK);
    assert_int_equal(vcheck(&l, &top, 0x20020000u, 0x00000009u, 0x10000u), OB_ERR_VECTOR);
    /* a layout without RAM accepts no stack pointer */
    l.nram = 0;
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020101u, 4096), OB_ERR_VECTOR);
    l = vt_layout();
    /* too small to hold a vector table; arguments */
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020101u, 7), OB_ERR_EMPTY);
    assert_int_equal(vcheck(&l, app, 0x20020000u, 0x08020101u, 0), OB_ERR_EMPTY);
    assert_int_equal(ob_vector_check(NULL, app, vt, 100), OB_ERR_ARG);
    assert_int_equal(ob_vector_check(&l, NULL, vt, 100), OB_ERR_ARG);
    assert_int_equal(ob_vector_check(&l, app, NULL, 100), OB_ERR_ARG);
    /* an erased vector table */
    memset(vt, 0xff, sizeof vt);
    assert_int_equal(ob_vector_check(&l, app, vt, 4096), OB_ERR_VECTOR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_sha256_known),
        cmocka_unit_test(test_sha256_flash),
        cmocka_unit_test(test_memcmp_ct),
        cmocka_unit_test(test_vector_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
