/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: transfer progress. On a terminal one bar redrawn in
 * place (bytes, percent, rate, time left); otherwise a plain line each time
 * the bytes sent pass another tenth of the file (at most 10 lines, the last
 * at 100%, none at 0), so logs stay readable. */
#ifndef OTABOOT_PROGRESS_H
#define OTABOOT_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *out;
    int tty;
    size_t total;
    double start, last_draw;
    int last_tenth;
    int quiet;
} progress;

void progress_init(progress *p, FILE *out, size_t total, int quiet);
/* done: bytes handed to the network so far; now: net_now(). */
void progress_update(progress *p, size_t done, double now);
/* Ends the bar (newline on a terminal). */
void progress_end(progress *p, size_t done, double now);

/* The bar as text, for tests: "[#####-----]  50%  1.2 MiB/2.4 MiB  3.1 MB/s  0:01 left". */
void progress_format(char *buf, size_t cap, size_t done, size_t total, double elapsed, int width);
/* "12.3 KiB" style. */
void progress_bytes(char *buf, size_t cap, double n);

#endif
