/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: transfer progress (see progress.h). */
#include "progress.h"

#include <string.h>
#include <unistd.h>

void progress_bytes(char *buf, size_t cap, double n)
{
    if (n < 1024)
        snprintf(buf, cap, "%.0f B", n);
    else if (n < 1024 * 1024)
        snprintf(buf, cap, "%.1f KiB", n / 1024);
    else
        snprintf(buf, cap, "%.2f MiB", n / (1024 * 1024));
}

void progress_format(char *buf, size_t cap, size_t done, size_t total, double elapsed, int width)
{
    char bar[64], a[24], b[24], eta[48];
    if (width > (int)sizeof bar - 1)
        width = (int)sizeof bar - 1;
    int pct = total ? (int)((double)done * 100.0 / (double)total) : 100;
    int fill = total ? (int)((double)done * width / (double)total) : width;
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[width] = '\0';
    progress_bytes(a, sizeof a, (double)done);
    progress_bytes(b, sizeof b, (double)total);
    double rate = elapsed > 0 ? (double)done / elapsed : 0; /* bytes/s */
    if (rate > 0 && done < total) {
        long left = (long)((double)(total - done) / rate + 0.5);
        snprintf(eta, sizeof eta, "%ld:%02ld left", left / 60, left % 60);
    } else {
        snprintf(eta, sizeof eta, "%s", done >= total ? "done" : "--:-- left");
    }
    snprintf(buf, cap, "[%s] %3d%%  %s/%s  %.2f MB/s  %s", bar, pct, a, b, rate / 1e6, eta);
}

void progress_init(progress *p, FILE *out, size_t total, int quiet)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->tty = isatty(fileno(out));
    p->total = total;
    p->last_tenth = 0; /* the first line is at 10%, not at 0 bytes */
    p->quiet = quiet;
}

static void draw(progress *p, size_t done, double now)
{
    char line[160];
    progress_format(line, sizeof line, done, p->total, now - p->start, 30);
    fprintf(p->out, "\r%s\033[K", line);
    fflush(p->out);
    p->last_draw = now;
}

void progress_update(progress *p, size_t done, double now)
{
    if (p->quiet)
        return;
    if (p->start == 0)
        p->start = now;
    if (p->tty) {
        if (now - p->last_draw >= 0.1 || done == p->total)
            draw(p, done, now);
        return;
    }
    int tenth = p->total ? (int)((double)done * 10.0 / (double)p->total) : 10;
    if (tenth > p->last_tenth) {
        char a[24], b[24];
        progress_bytes(a, sizeof a, (double)done);
        progress_bytes(b, sizeof b, (double)p->total);
        int pct = p->total ? (int)((double)done * 100.0 / (double)p->total) : 100;
        fprintf(p->out, "sent %zu of %zu bytes (%d%%, %s of %s)\n", done, p->total, pct, a, b);
        fflush(p->out);
        p->last_tenth = tenth;
    }
}

void progress_end(progress *p, size_t done, double now)
{
    if (p->quiet)
        return;
    if (p->tty) {
        draw(p, done, now);
        fputc('\n', p->out);
    } else {
        progress_update(p, done, now);
    }
    fflush(p->out);
}
