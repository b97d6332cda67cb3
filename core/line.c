/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: console line builder. */
#include "line.h"

void ob_line_init(ob_line *l)
{
    l->len = 0;
    l->buf[0] = '\0';
}

static void put(ob_line *l, char c)
{
    if (l->len + 1 < OB_LINE_MAX) {
        l->buf[l->len++] = c;
        l->buf[l->len] = '\0';
    }
}

ob_line *ob_line_str(ob_line *l, const char *s)
{
    while (s && *s)
        put(l, *s++);
    return l;
}

ob_line *ob_line_u32(ob_line *l, uint32_t v)
{
    char tmp[10];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        put(l, tmp[--n]);
    return l;
}

static const char hexdig[] = "0123456789abcdef";

ob_line *ob_line_hex(ob_line *l, uint32_t v)
{
    ob_line_str(l, "0x");
    for (int i = 28; i >= 0; i -= 4)
        put(l, hexdig[(v >> i) & 0xF]);
    return l;
}

ob_line *ob_line_version(ob_line *l, uint32_t v)
{
    ob_line_u32(l, v >> 24);
    put(l, '.');
    ob_line_u32(l, (v >> 16) & 0xFF);
    put(l, '.');
    return ob_line_u32(l, v & 0xFFFF);
}

ob_line *ob_line_bytes_hex(ob_line *l, const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        put(l, hexdig[p[i] >> 4]);
        put(l, hexdig[p[i] & 0xF]);
    }
    return l;
}

ob_line *ob_line_reason(ob_line *l, int err)
{
    const char *s = ob_strerror_boot(err);
    if (s)
        return ob_line_str(l, s);
    return ob_line_str(ob_line_u32(ob_line_str(l, "error -"), 0u - (uint32_t)err), ": otaboot status names it");
}
