/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: ob_inflate against zlib, on streams zlib makes (raw deflate, every
 * level, window size and strategy) and on corrupted copies of them (bit
 * flips, byte changes, truncation). For a corrupted stream both must succeed
 * with the same output and the same input length, or both must fail; any
 * difference fails the test.
 *
 * Firmware-like data: the allocated sections (code, constants) of the ARM
 * objects in newlib's libc.a/libm.a, read straight from the archives (ar and
 * ELF32 parsed here, no tool run). If the toolchain is absent, a deterministic
 * generator of Thumb-like instruction streams takes their place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "deflate_gen.h"
#include "inflate.h"

#define CORPUS_SIZE (1u << 20)

static uint8_t *corpus; /* CORPUS_SIZE bytes of firmware-like data */

/* ---- corpus */

static uint32_t le32(const uint8_t *p) { return ob_get_le32(p); }

/* Appends SHF_ALLOC PROGBITS sections of one ELF32 little-endian ARM object. */
static size_t elf_sections(const uint8_t *e, size_t n, uint8_t *dst, size_t room)
{
    size_t got = 0;
    uint32_t shoff, i, shnum, shentsize;
    if (n < 52 || memcmp(e, "\177ELF\1\1", 6) != 0 || ob_get_le16(e + 18) != 40 /* EM_ARM */)
        return 0;
    shoff = le32(e + 32);
    shentsize = ob_get_le16(e + 46);
    shnum = ob_get_le16(e + 48);
    if (shentsize < 40 || shoff > n || (size_t)shnum * shentsize > n - shoff)
        return 0;
    for (i = 0; i < shnum && got < room; i++) {
        const uint8_t *sh = e + shoff + (size_t)i * shentsize;
        uint32_t type = le32(sh + 4), flags = le32(sh + 8), off = le32(sh + 16), size = le32(sh + 20);
        if (type != 1 || !(flags & 2) || off > n || size > n - off)
            continue;
        if (size > room - got)
            size = (uint32_t)(room - got);
        memcpy(dst + got, e + off, size);
        got += size;
    }
    return got;
}

/* Walks a System V ar archive. */
static size_t ar_sections(const char *path, uint8_t *dst, size_t room)
{
    FILE *f = fopen(path, "rb");
    uint8_t *a;
    long len;
    size_t pos = 8, got = 0;
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    a = malloc((size_t)len);
    if (!a || fread(a, 1, (size_t)len, f) != (size_t)len || len < 8 || memcmp(a, "!<arch>\n", 8) != 0) {
        fclose(f);
        free(a);
        return 0;
    }
    fclose(f);
    while (pos + 60 <= (size_t)len && got < room) {
        char sz[11];
        size_t msize;
        memcpy(sz, a + pos + 48, 10);
        sz[10] = 0;
        msize = strtoul(sz, NULL, 10);
        pos += 60;
        if (msize > (size_t)len - pos)
            break;
        got += elf_sections(a + pos, msize, dst + got, room - got);
        pos += msize + (msize & 1);
    }
    free(a);
    return got;
}

/* Thumb-2-like: 16-bit ops with register fields, BL pairs, literal pools of
 * addresses, repeated prologues. */
static void thumb_like(uint8_t *p, size_t n, uint32_t seed)
{
    size_t i = 0;
    uint32_t r = seed | 1;
    while (i + 4 <= n) {
        uint32_t k = rnd(&r) % 16, v;
        if (k < 9) {
            static const uint16_t ops[] = {0x4600, 0x6800, 0x6000, 0x3000, 0x2000, 0xB500, 0xBD00, 0x4770, 0xD000};
            v = ops[k] | (rnd(&r) & (k < 5 ? 0x3F : 0xFF));
            p[i++] = (uint8_t)v;
            p[i++] = (uint8_t)(v >> 8);
        } else if (k < 12) {
            v = 0xF000F800u | (rnd(&r) & 0x07FF07FFu); /* BL */
            ob_put_le16(p + i, (uint16_t)(v >> 16));
            ob_put_le16(p + i + 2, (uint16_t)v);
            i += 4;
        } else if (k < 14) {
            ob_put_le32(p + i, 0x08000000u + (rnd(&r) & 0x3FFFC)); /* literal pool */
            i += 4;
        } else if (i > 64) {
            size_t d = 2 * (1 + rnd(&r) % (i / 2 < 2000 ? i / 2 : 2000)), l = 4 + rnd(&r) % 24, j;
            for (j = 0; j < l && i < n; j++, i++)
                p[i] = p[i - d];
        }
    }
    while (i < n)
        p[i++] = 0;
}

static int setup(void **st)
{
    static const char *libs[] = {
        "/usr/lib/arm-none-eabi/newlib/thumb/v7e-m+fp/hard/libc.a",
        "/usr/lib/arm-none-eabi/newlib/thumb/v7e-m+fp/hard/libm.a",
        "/usr/lib/arm-none-eabi/newlib/thumb/v7-m/nofp/libc.a",
        "/usr/lib/arm-none-eabi/newlib/thumb/v7-m/nofp/libm.a",
        "/usr/lib/arm-none-eabi/newlib/thumb/v8-m.main+fp/hard/libc.a",
        "/usr/lib/arm-none-eabi/newlib/thumb/v6-m/nofp/libc.a",
    };
    size_t got = 0, i;
    (void)st;
    corpus = malloc(CORPUS_SIZE);
    if (!corpus)
        return -1;
    for (i = 0; i < sizeof libs / sizeof *libs && got < CORPUS_SIZE; i++)
        got += ar_sections(libs[i], corpus + got, CORPUS_SIZE - got);
    if (got < CORPUS_SIZE)
        thumb_like(corpus + got, CORPUS_SIZE - got, 2024);
    print_message("corpus: %zu bytes from newlib objects, %zu synthetic\n", got, (size_t)CORPUS_SIZE - got);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    free(corpus);
    return 0;
}

/* ---- both inflaters */

typedef struct {
    const uint8_t *p;
    size_t n, pos;
    uint32_t rng;
} feeder;

static size_t pull(void *ctx, const uint8_t **chunk)
{
    feeder *f = (feeder *)ctx;
    size_t k = 1 + rnd(&f->rng) % (rnd(&f->rng) & 1 ? 8 : 4096);
    if (f->pos >= f->n)
        return 0;
    if (k > f->n - f->pos)
        k = f->n - f->pos;
    *chunk = f->p + f->pos;
    f->pos += k;
    return k;
}

typedef struct {
    int ok;          /* stream complete */
    int err;         /* our error code or zlib's return code */
    size_t out_len;
    size_t in_used;
} result;

/* Ours: random chunk sizes; the input ends when all of it has been pulled. */
static result run_ob(const uint8_t *c, size_t cl, uint8_t *out, size_t cap, uint32_t seed)
{
    static ob_inflate s;
    ob_sink o;
    feeder f = {c, cl, 0, seed | 1};
    result r = {0, 0, 0, 0};
    int rc;
    uint8_t tmp[64];
    size_t k;
    ob_sink_mem_init(&o, out, (uint32_t)cap);
    ob_inflate_init(&s);
    do
        rc = ob_inflate_run(&s, pull, &f, &o);
    while (rc == OB_INFLATE_NEED_INPUT && f.pos < f.n);
    r.err = rc;
    r.ok = rc == OB_INFLATE_DONE;
    r.out_len = ob_sink_total(&o);
    r.in_used = f.pos;
    while ((k = ob_inflate_unused(&s, tmp, sizeof tmp)) > 0)
        r.in_used -= k;
    return r;
}

static result run_zlib(const uint8_t *c, size_t cl, uint8_t *out, size_t cap)
{
    z_stream z;
    result r = {0, 0, 0, 0};
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, -15), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)c;
    z.avail_in = (uInt)cl;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    r.err = inflate(&z, Z_FINISH);
    r.ok = r.err == Z_STREAM_END;
    r.out_len = z.total_out;
    r.in_used = z.total_in;
    inflateEnd(&z);
    return r;
}

/* Both on the same (possibly corrupt) stream: same verdict, same output. */
static unsigned agree_fails, agree_oks;

static void compare(const uint8_t *c, size_t cl, size_t cap, uint32_t seed, const char *what)
{
    uint8_t *a = malloc(cap + 1), *b = malloc(cap + 1);
    result ro, rz;
    assert_non_null(a);
    assert_non_null(b);
    ro = run_ob(c, cl, a, cap, seed);
    rz = run_zlib(c, cl, b, cap);
    if (ro.ok != rz.ok || (ro.ok && (ro.out_len != rz.out_len || ro.in_used != rz.in_used ||
                                     memcmp(a, b, ro.out_len) != 0))) {
        print_error("%s (seed %u): ob ok=%d err=%d out=%zu in=%zu; zlib ok=%d rc=%d out=%zu in=%zu\n", what,
                    seed, ro.ok, ro.err, ro.out_len, ro.in_used, rz.ok, rz.err, rz.out_len, rz.in_used);
        fail();
    }
    if (ro.ok)
        agree_oks++;
    else
        agree_fails++;
    free(a);
    free(b);
}

/* ---- inputs */

/* Text-like: words from a small vocabulary with spaces and newlines. */
static void text_like(uint8_t *p, size_t n, uint32_t seed)
{
    static const char *w[] = {"the ", "image ", "is ", "verified ", "before ", "any ", "erase", ", ", ".\n",
                              "flash ", "sector ", "of ", "0x0800", "journal ", "record ", "and "};
    size_t i = 0;
    uint32_t r = seed | 1;
    while (i < n) {
        const char *s = w[rnd(&r) % 16];
        while (*s && i < n)
            p[i++] = (uint8_t)*s++;
    }
}

static void roundtrip(const uint8_t *raw, size_t n, int level, int wbits, int mem, int strategy, uint32_t seed)
{
    size_t cap = 2 * n + 1024, cl; /* above deflateBound for every setting */
    uint8_t *c = malloc(cap), *out = malloc(n + 1);
    result r;
    assert_non_null(c);
    assert_non_null(out);
    cl = zdeflate(raw, n, c, cap, level, wbits, mem, strategy);
    r = run_ob(c, cl, out, n, seed);
    if (!r.ok || r.out_len != n || r.in_used != cl || memcmp(out, raw, n) != 0) {
        print_error("level %d wbits %d mem %d strategy %d n %zu: err %d out %zu in %zu/%zu\n", level, wbits,
                    mem, strategy, n, r.err, r.out_len, r.in_used, cl);
        fail();
    }
    free(c);
    free(out);
}

static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED};

/* 10 levels x 7 window sizes x 5 strategies x 3 kinds of data = 1050
 * streams, plus empty, one byte and the whole 1 MiB corpus. */
static void test_zlib_streams(void **st)
{
    uint8_t *text = malloc(65536), *rle = malloc(65536);
    unsigned count = 0;
    int level, wbits, si;
    uint32_t seed = 1;
    (void)st;
    text_like(text, 65536, 5);
    for (si = 0; si < 65536; si++) /* runs, for RLE */
        rle[si] = (uint8_t)((si / (1 + si % 37)) & 0xF0);
    for (level = 0; level <= 9; level++)
        for (wbits = 9; wbits <= 15; wbits++)
            for (si = 0; si < 5; si++) {
                size_t n = 1 + rnd(&seed) % 24000, off = rnd(&seed) % (CORPUS_SIZE - n);
                int mem = 1 + (int)(rnd(&seed) % 9);
                roundtrip(corpus + off, n, level, wbits, mem, strategies[si], seed);
                roundtrip(text + rnd(&seed) % 30000, 1 + rnd(&seed) % 35000, level, wbits, 8, strategies[si], seed);
                roundtrip(rle + rnd(&seed) % 30000, 1 + rnd(&seed) % 35000, level, wbits, mem, strategies[si], seed);
                count += 3;
            }
    for (level = 0; level <= 9; level++) {
        uint8_t one = (uint8_t)level;
        roundtrip(&one, 0, level, 15, 8, Z_DEFAULT_STRATEGY, 7);
        roundtrip(&one, 1, level, 15, 8, Z_DEFAULT_STRATEGY, 7);
        count += 2;
    }
    for (si = 0; si < 5; si++) {
        roundtrip(corpus, CORPUS_SIZE, si == 0 ? 9 : si == 1 ? 6 : 1, 15, 8, strategies[si], 11);
        count++;
    }
    print_message("%u streams round-tripped\n", count);
    assert_true(count >= 1000);
    free(text);
    free(rle);
}

/* Corrupted streams: flips of 1-3 bits, a changed byte, truncation, and a
 * stream followed by garbage. */
static void test_zlib_corrupt(void **st)
{
    size_t cap0 = 70000;
    uint8_t *c = malloc(cap0), *m = malloc(cap0);
    uint32_t seed = 99;
    unsigned i, count = 0;
    (void)st;
    agree_fails = agree_oks = 0;
    for (i = 0; i < 800; i++) {
        size_t n = 16 + rnd(&seed) % 20000, off = rnd(&seed) % (CORPUS_SIZE - n), cl, cap;
        int level = (int)(rnd(&seed) % 10), strategy = strategies[rnd(&seed) % 5];
        unsigned k;
        cl = zdeflate(corpus + off, n, c, cap0, level, 9 + (int)(rnd(&seed) % 7), 8, strategy);
        cap = 2 * n + 1024; /* a corrupt stream may want more: both stop at cap */
        for (k = 0; k < 6; k++) {
            size_t ml = cl, j;
            memcpy(m, c, cl);
            switch (k) {
            case 0:
            case 1:
            case 2: /* k + 1 bit flips, half of them in the first bytes (headers) */
                for (j = 0; j <= k; j++) {
                    size_t bit = rnd(&seed) % (rnd(&seed) & 1 ? cl * 8 : (cl < 40 ? cl * 8 : 320));
                    m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                }
                break;
            case 3:
                m[rnd(&seed) % cl] = (uint8_t)rnd(&seed);
                break;
            case 4:
                ml = rnd(&seed) % cl;
                break;
            default: /* garbage after the end: not used by either */
                for (j = 0; j < 16; j++)
                    m[cl + j] = (uint8_t)rnd(&seed);
                ml = cl + 16;
                break;
            }
            compare(m, ml, cap, seed, k < 3 ? "bit flips" : k == 3 ? "byte" : k == 4 ? "truncated" : "trailing");
            count++;
        }
    }
    /* Random bytes as streams: nearly all fail, in agreement. */
    for (i = 0; i < 1000; i++) {
        size_t n = 1 + rnd(&seed) % 400, j;
        for (j = 0; j < n; j++)
            m[j] = (uint8_t)rnd(&seed);
        m[0] = (uint8_t)((m[0] & ~6u) | (2u << 1)); /* mostly dynamic headers */
        compare(m, n, 4096, seed, "random");
        count++;
    }
    print_message("%u corrupted streams: %u failed in both, %u inflated identically\n", count, agree_fails,
                  agree_oks);
    assert_true(agree_fails > count / 2);
    free(c);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zlib_streams),
        cmocka_unit_test(test_zlib_corrupt),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
