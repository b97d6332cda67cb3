/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: shared helpers (see common.h). */
#include "common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tool_cmd = NULL;

static void vline(const char *fmt, va_list ap)
{
    fputs("otaboot", stderr);
    if (tool_cmd != NULL)
        fprintf(stderr, " %s", tool_cmd);
    fputs(": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(fmt, ap);
    va_end(ap);
    return code;
}

void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(fmt, ap);
    va_end(ap);
}

int read_file(const char *path, size_t max, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    *data = NULL;
    *len = 0;
    if (f == NULL) {
        fail(EXIT_IO, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (cap - n < 65536) {
            size_t ncap = cap ? cap * 2 : 262144;
            uint8_t *nb = realloc(buf, ncap + 1);
            if (nb == NULL) {
                fclose(f);
                free(buf);
                fail(EXIT_IO, "%s: out of memory", path);
                return -1;
            }
            buf = nb;
            cap = ncap;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (n > max) {
            fclose(f);
            free(buf);
            fail(EXIT_IO, "%s is larger than %zu bytes", path, max);
            return -1;
        }
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        fclose(f);
        free(buf);
        fail(EXIT_IO, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    fclose(f);
    buf[n] = 0;
    *data = buf;
    *len = n;
    return 0;
}

int write_file(const char *path, const void *data, size_t len)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    if (tmp == NULL)
        return -1;
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    if (f == NULL) {
        fail(EXIT_IO, "cannot create %s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    int ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        fail(EXIT_IO, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

int parse_uint(const char *s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    if (s == NULL || *s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10u + (uint64_t)(*s - '0');
        if (v > max)
            return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

void list_boards(char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (const ob_layout *const *l = ob_all_layouts; *l != NULL; l++) {
        int dup = 0;
        for (const ob_layout *const *p = ob_all_layouts; p != l; p++)
            if (strcmp((*p)->board, (*l)->board) == 0)
                dup = 1;
        if (dup)
            continue;
        int k = snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", (*l)->board);
        if (k < 0 || (size_t)k >= cap - len)
            break;
        len += (size_t)k;
    }
}

const ob_layout *find_layout(const char *board, ob_profile profile)
{
    const ob_layout *l = ob_layout_find(board, profile);
    if (l == NULL) {
        char names[256];
        list_boards(names, sizeof names);
        fail(EXIT_USAGE, "unknown board '%s' with profile %s (known boards: %s)", board ? board : "",
             ob_profile_name(profile), names);
    }
    return l;
}

int print_help(const char *text)
{
    fputs(text, stdout);
    return EXIT_OK;
}
