/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: what every subcommand shares (exit codes, error lines,
 * file helpers, board lookup). README.md "Exit codes" lists the codes. */
#ifndef OTABOOT_COMMON_H
#define OTABOOT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"

enum {
    EXIT_OK = 0,
    EXIT_REJECTED = 1,  /* the image or the board's answer is bad (pack, inspect, send) */
    EXIT_USAGE = 2,     /* bad command line: option, value, unknown board */
    EXIT_IO = 3,        /* a file could not be read or written */
    EXIT_NET = 4,       /* connection refused, unreachable, reset, timed out, no answer */
    EXIT_HALT = 5,      /* sim: bl1 halted (no application, no rescue) */
    EXIT_POWER_CUT = 6, /* sim: the injected power cut happened; restart to power up */
    EXIT_INTERNAL = 7,  /* sim: an unexpected local failure (socket, memory) */
    EXIT_BUSY = 8       /* send: the board was taking another transfer (after --retries) */
};

/* The running subcommand's name, for error lines ("otaboot pack: ..."). */
extern const char *tool_cmd;

/* One line on stderr: "otaboot <cmd>: <message>". Returns code. */
int fail(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Same, without a code (warnings). */
void warn(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Reads a whole file (at most max bytes; larger is an error). The buffer is
 * malloc'd (one extra NUL byte). Returns 0 or -1 with errno-style detail
 * already printed by fail(). */
int read_file(const char *path, size_t max, uint8_t **data, size_t *len);
/* Writes via path.tmp + rename so an interrupted run leaves no half file. */
int write_file(const char *path, const void *data, size_t len);

/* Parses a decimal unsigned number (no sign, all digits). 0 on success. */
int parse_uint(const char *s, uint32_t max, uint32_t *out);

/* Board lookup with an error line listing the known boards. NULL if unknown. */
const ob_layout *find_layout(const char *board, ob_profile profile);
/* "nucleo-f207zg, olimex-e407, ..." (each board once) into buf. */
void list_boards(char *buf, size_t cap);

/* Help text: prints it to stdout and returns EXIT_OK. */
int print_help(const char *text);

#endif
