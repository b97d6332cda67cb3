/* SPDX-License-Identifier: Apache-2.0 */
/* tools/otaboot: HOST[:PORT] parsing, the progress line, pack_build (every profile). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "image.h"
#include "layouts.h"
#include "net.h"
#include "pack.h"
#include "progress.h"

static void test_hostport(void **st)
{
    (void)st;
    char host[64], why[128];
    uint16_t port;
    assert_int_equal(net_parse_hostport("192.168.1.50", host, sizeof host, &port, why, sizeof why), 0);
    assert_string_equal(host, "192.168.1.50");
    assert_int_equal(port, 40000);
    assert_int_equal(net_parse_hostport("board.local:4242", host, sizeof host, &port, why, sizeof why), 0);
    assert_string_equal(host, "board.local");
    assert_int_equal(port, 4242);
    assert_int_equal(net_parse_hostport("[::1]:65535", host, sizeof host, &port, why, sizeof why), 0);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 65535);
    assert_int_equal(net_parse_hostport("fe80::1", host, sizeof host, &port, why, sizeof why), 0);
    assert_string_equal(host, "fe80::1");
    assert_int_equal(port, 40000);
    const char *bad[] = { "", "host:", "host:0", "host:65536", "host:4x", ":40000", "[::1", "[::1]x", NULL };
    for (int i = 0; bad[i]; i++)
        assert_int_equal(net_parse_hostport(bad[i], host, sizeof host, &port, why, sizeof why), -1);
    assert_int_equal(net_parse_hostport("a-very-long-host-name-that-does-not-fit-in-the-buffer-at-all-x", host, 16,
                                        &port, why, sizeof why),
                     -1);
}

static void test_progress_line(void **st)
{
    (void)st;
    char buf[160];
    progress_format(buf, sizeof buf, 512 * 1024, 1024 * 1024, 1.0, 10);
    assert_string_equal(buf, "[#####-----]  50%  512.0 KiB/1.00 MiB  0.52 MB/s  0:01 left");
    progress_format(buf, sizeof buf, 1000, 1000, 2.0, 4);
    assert_string_equal(buf, "[####] 100%  1000 B/1000 B  0.00 MB/s  done");
    progress_format(buf, sizeof buf, 0, 1000, 0.0, 4);
    assert_string_equal(buf, "[----]   0%  0 B/1000 B  0.00 MB/s  --:-- left");
}

static uint8_t *fake_app(size_t n, uint32_t sp, uint32_t reset)
{
    uint8_t *p = malloc(n);
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i % 7 == 0 ? i : 0x20);
    ob_put_le32(p, sp);
    ob_put_le32(p + 4, reset);
    return p;
}

static void test_pack_build_roundtrip(void **st)
{
    (void)st;
    pack_opts o = { ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT), 0x01020003u, 7, 0, "app.bin", NULL };
    char why[256];
    uint8_t *gz, *raw = fake_app(5000, 0x20030000u, 0x08020101u), back[6000];
    size_t gzlen;
    assert_int_equal(pack_build(&o, raw, 5000, &gz, &gzlen, why, sizeof why), OB_OK);
    ob_gzhdr h;
    assert_int_equal(ob_gzhdr_parse(&h, gz, gzlen), OB_OK);
    assert_true(h.has_meta);
    assert_int_equal(h.meta.fw_version, 0x01020003u);
    assert_int_equal(h.meta.security_counter, 7);
    assert_int_equal(h.meta.raw_size, 5000);
    assert_int_equal(h.meta.payload_size, gzlen - h.header_len);
    uint8_t d[32];
    ob_sha256(raw, 5000, d);
    assert_memory_equal(d, h.meta.raw_sha256, 32);
    /* zlib, the reference, reads the same file as a gzip member */
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 16 + 15), Z_OK);
    z.next_in = gz;
    z.avail_in = (uInt)gzlen;
    z.next_out = back;
    z.avail_out = sizeof back;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, 5000);
    assert_int_equal(z.avail_in, 0);
    inflateEnd(&z);
    assert_memory_equal(back, raw, 5000);
    free(gz);
    /* plain: no metadata, still a gzip member */
    o.plain = 1;
    assert_int_equal(pack_build(&o, raw, 5000, &gz, &gzlen, why, sizeof why), OB_OK);
    assert_int_equal(ob_gzhdr_parse(&h, gz, gzlen), OB_OK);
    assert_false(h.has_meta);
    free(gz);
    free(raw);
}

static void test_pack_build_refusals(void **st)
{
    (void)st;
    pack_opts o = { ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT), 0x01000000u, 0, 0, NULL, NULL };
    char why[256];
    uint8_t *gz = (uint8_t *)1;
    size_t gzlen = 1;
    uint8_t *raw = fake_app(4096, 0x20030000u, 0x08020100u); /* no Thumb bit */
    assert_int_equal(pack_build(&o, raw, 4096, &gz, &gzlen, why, sizeof why), OB_ERR_VECTOR);
    assert_null(gz);
    assert_int_equal(gzlen, 0);
    assert_non_null(strstr(why, "vector table"));
    assert_int_equal(pack_build(&o, raw, 0, &gz, &gzlen, why, sizeof why), OB_ERR_EMPTY);
    free(raw);
    size_t big = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT)->app.size + 1;
    raw = fake_app(big, 0x20030000u, 0x08020101u);
    assert_int_equal(pack_build(&o, raw, big, &gz, &gzlen, why, sizeof why), OB_ERR_TOO_LARGE);
    free(raw);
    /* incompressible and larger than the slot: refused in slot, fine in direct */
    size_t n = 1000 * 1024;
    raw = fake_app(n, 0x20030000u, 0x08020101u);
    uint32_t x = 12345;
    for (size_t i = 8; i < n; i++) {
        x = x * 1103515245u + 12345u;
        raw[i] = (uint8_t)(x >> 24);
    }
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_ERR_SLOT_FULL);
    assert_non_null(strstr(why, "the slot of nucleo-f429zi takes 786176 (sized for 66%)"));
    assert_non_null(strstr(why, "or use the direct profile"));
    o.plain = 1;
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_ERR_SLOT_FULL);
    o.plain = 0;
    o.layout = ob_layout_find("nucleo-f429zi", OB_PROFILE_DIRECT);
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_OK);
    free(gz);
    free(raw);
}

/* n bytes of which the first `noise` are random: compresses to about noise. */
static uint8_t *noisy_app(size_t n, size_t noise, uint32_t reset)
{
    uint8_t *p = fake_app(n, 0x20030000u, reset);
    uint32_t x = 777;
    for (size_t i = 8; i < noise && i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (uint8_t)(x >> 24);
    }
    for (size_t i = noise; i < n; i++)
        p[i] = 0;
    return p;
}

/* Rollback: the image must fit the smaller of the two slots; an image that
 * only the slot profile's larger slot takes is refused with a line that says
 * by how much and what to do. */
static void test_pack_build_rollback(void **st)
{
    (void)st;
    const ob_layout *rb = ob_layout_find("nucleo-f429zi", OB_PROFILE_ROLLBACK);
    pack_opts o = { rb, 0x02000000u, 0, 0, "app.bin", NULL };
    char why[256];
    uint8_t *gz = NULL;
    size_t gzlen = 0;
    ob_gzhdr h;
    uint8_t *raw = fake_app(5000, 0x20030000u, 0x08020101u);
    assert_int_equal(pack_build(&o, raw, 5000, &gz, &gzlen, why, sizeof why), OB_OK);
    assert_int_equal(ob_gzhdr_parse(&h, gz, gzlen), OB_OK);
    assert_int_equal(h.meta.profile, OB_PROFILE_ROLLBACK);
    assert_int_equal(h.meta.load_addr, rb->app.addr);
    free(gz);
    free(raw);

    /* 600 KiB of noise in an 880 KiB application: over the 512 KiB slots */
    size_t n = 880 * 1024, noise = 600 * 1024;
    raw = noisy_app(n, noise, 0x08020101u);
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_ERR_SLOT_FULL);
    assert_null(gz);
    assert_non_null(strstr(why, "compressed image larger than the update slot"));
    assert_non_null(strstr(why, "each slot of nucleo-f429zi takes 524032 (sized for 57%)"));
    assert_non_null(strstr(why, "shrink the application by"));
    assert_non_null(strstr(why, "or use the slot (no rollback) or direct profile"));
    assert_null(strchr(why, '\n'));
    /* the number it gives is the excess: so many bytes less noise fit */
    const char *by = strstr(why, "shrink the application by ");
    size_t over = strtoul(by + strlen("shrink the application by "), NULL, 10);
    assert_true(over > 0 && over < 128 * 1024);
    /* the same raw image with that much less noise (plus deflate's block overhead) packs */
    free(raw);
    raw = noisy_app(n, noise - over - 1024, 0x08020101u);
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_OK);
    free(gz);
    free(raw);
    raw = noisy_app(n, noise, 0x08020101u);
    /* a plain gzip (development board) is held to the same slots */
    o.plain = 1;
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_ERR_SLOT_FULL);
    assert_non_null(strstr(why, "each slot of nucleo-f429zi"));
    o.plain = 0;
    /* the slot profile's 768 KiB slot takes it */
    o.layout = ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_OK);
    free(gz);
    free(raw);

    /* F746: slots as large as the app; an incompressible full-size image is
     * over by its header and trailer, and the slot profile's slot is no
     * larger: only direct is suggested */
    o.layout = ob_layout_find("nucleo-f746zg", OB_PROFILE_ROLLBACK);
    n = ob_layout_find("nucleo-f746zg", OB_PROFILE_ROLLBACK)->app.size;
    raw = noisy_app(n, n, 0x08040101u);
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_ERR_SLOT_FULL);
    assert_non_null(strstr(why, "each slot of nucleo-f746zg takes 261888 (sized for 100%)"));
    assert_non_null(strstr(why, "or use the direct profile"));
    assert_null(strstr(why, "slot (no rollback)"));
    free(raw);
    /* a compressible full-size image fits */
    raw = noisy_app(n, n / 2, 0x08040101u);
    assert_int_equal(pack_build(&o, raw, n, &gz, &gzlen, why, sizeof why), OB_OK);
    free(gz);
    free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostport),
        cmocka_unit_test(test_progress_line),
        cmocka_unit_test(test_pack_build_roundtrip),
        cmocka_unit_test(test_pack_build_refusals),
        cmocka_unit_test(test_pack_build_rollback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
