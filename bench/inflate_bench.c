/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: inflate speed against zlib, same inputs, same run.
 *
 *   build/bench/inflate_bench NAME=FILE... [--KEY VALUE]...
 *
 * Each file is compressed once with zlib (raw deflate, level 9), then inflated
 * repeatedly by ob_inflate (flat-memory sink) and by zlib's inflate for rounds
 * of at least 0.2 s, alternating; the best of 7 rounds of each is kept. Prints a
 * table and machine-readable lines `inflate.<name>.<key>=<value>`. scripts/bench-inflate.sh
 * prepares the corpora and measures the Cortex-M4 figures. */
#define _POSIX_C_SOURCE 200809L
#include "inflate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "zlib_ref.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    uint8_t *p;
    long len;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)len + 1);
    if (!p || fread(p, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        free(p);
        return NULL;
    }
    fclose(f);
    *n = (size_t)len;
    return p;
}

static int run_ob(const uint8_t *c, size_t cl, uint8_t *out, size_t n)
{
    size_t used;
    long r = ob_inflate_mem(c, cl, out, n, &used);
    return r == (long)n ? 0 : -1;
}

static int run_zlib(const uint8_t *c, size_t cl, uint8_t *out, size_t n)
{
    return zlib_inflate_raw(c, cl, out, n) == (long)n ? 0 : -1;
}

typedef int (*inflate_fn)(const uint8_t *, size_t, uint8_t *, size_t);

/* MB/s (output bytes) of one round of >= 0.2 s. */
static double round_speed(inflate_fn fn, const uint8_t *c, size_t cl, uint8_t *out, size_t n)
{
    double t0 = now(), t;
    long reps = 0;
    do {
        if (fn(c, cl, out, n) != 0)
            return -1;
        reps++;
        t = now() - t0;
    } while (t < 0.2);
    return (double)n * (double)reps / t / 1e6;
}

/* Best of 7 rounds each, the two inflaters alternating so that a change in
 * machine load hits both alike. */
static void speeds(const uint8_t *c, size_t cl, uint8_t *out, size_t n, double *ob, double *zl)
{
    int round;
    *ob = *zl = 0;
    for (round = 0; round < 7; round++) {
        double a = round_speed(run_ob, c, cl, out, n), b = round_speed(run_zlib, c, cl, out, n);
        if (a > *ob)
            *ob = a;
        if (b > *zl)
            *zl = b;
    }
}

int main(int argc, char **argv)
{
    int i, fails = 0;
    printf("%-8s %9s %9s %10s %10s %6s\n", "corpus", "bytes", "deflated", "ob MB/s", "zlib MB/s", "ratio");
    for (i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        char name[32];
        uint8_t *raw, *c, *out;
        size_t n, cl;
        uLongf dl;
        z_stream z;
        double ob, zl;
        if (!strncmp(argv[i], "--", 2)) { /* --key value: a figure measured by the caller */
            if (i + 1 < argc)
                printf("inflate.%s=%s\n", argv[i] + 2, argv[i + 1]);
            i++;
            continue;
        }
        if (!eq || eq - argv[i] >= (long)sizeof name) {
            fprintf(stderr, "usage: %s NAME=FILE...\n", argv[0]);
            return 2;
        }
        memcpy(name, argv[i], (size_t)(eq - argv[i]));
        name[eq - argv[i]] = 0;
        raw = slurp(eq + 1, &n);
        if (!raw || n == 0) {
            fprintf(stderr, "%s: cannot read\n", eq + 1);
            return 2;
        }
        dl = compressBound((uLong)n);
        c = malloc(dl);
        out = malloc(n);
        memset(&z, 0, sizeof z);
        deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
        z.next_in = raw;
        z.avail_in = (uInt)n;
        z.next_out = c;
        z.avail_out = (uInt)dl;
        deflate(&z, Z_FINISH);
        cl = z.total_out;
        deflateEnd(&z);
        if (run_ob(c, cl, out, n) != 0 || memcmp(out, raw, n) != 0) {
            fprintf(stderr, "%s: ob_inflate output differs\n", name);
            fails++;
            continue;
        }
        speeds(c, cl, out, n, &ob, &zl);
        printf("%-8s %9zu %9zu %10.1f %10.1f %6.2f\n", name, n, cl, ob, zl, ob / zl);
        printf("inflate.%s.bytes=%zu\ninflate.%s.deflated=%zu\n", name, n, name, cl);
        printf("inflate.%s.ob_mbps=%.1f\ninflate.%s.zlib_mbps=%.1f\ninflate.%s.ratio=%.2f\n", name, ob,
               name, zl, name, ob / zl);
        free(raw);
        free(c);
        free(out);
    }
    printf("inflate.host_state_bytes=%zu\n", sizeof(ob_inflate));
    return fails ? 1 : 0;
}
