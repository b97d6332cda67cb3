/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot sim: the virtual board. bl1's logic (ob_boot_run) on a simulated
 * flash kept in a file, then a modelled application or rescue firmware that
 * serves the update port with the core's receiver. sim.c boots; sim_service.c
 * serves TCP. */
#ifndef OTABOOT_SIM_H
#define OTABOOT_SIM_H

#include "boot.h"
#include "journal.h"
#include "sig.h"
#include "simflash.h"
#include "status.h"

typedef struct {
    const char *board;
    ob_profile profile;
    const char *flash_path; /* NULL: a temporary file, removed at exit */
    const char *bind;
    uint16_t port;
    int no_confirm;
    int bad;                /* --bad-version given */
    uint32_t bad_version;   /* the application of this version hangs: it never confirms */
    uint32_t watchdog_ms;   /* a hung application is reset after this long */
    uint8_t max_trials;
    int idle_ms;
    uint32_t deadline_ms;      /* 0: the session's defaults (core/session.h) */
    uint32_t min_rate;
    uint32_t rescue_return_ms;
    int cut;                /* --cut-after given */
    uint64_t cut_after;
    simflash_cut cut_kind;
    uint32_t seed;
    ob_keyring keys;        /* --key: a production board; none: development board */
} sim_opts;

typedef struct {
    sim_opts o;
    const ob_layout *l;
    simflash sf;
    int lfd;
    uint16_t port;
    ob_running running;
    uint32_t app_version;   /* of the started application, for the console */
    ob_journal j;           /* opened after each boot; the receiver appends to it */
} sim;

typedef enum { SERVE_RESET, SERVE_POWER_CUT, SERVE_STOP, SERVE_FATAL } serve_result;

/* Serves connections until the board resets, loses power or is stopped. */
serve_result sim_serve(sim *s);

/* Resets the connections the kernel accepted while nothing served them (a
 * hung application): a reset of the board loses them. */
void sim_drop_pending(sim *s);

/* One console line on stdout. */
void sim_say(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Set by SIGINT/SIGTERM. */
extern volatile int sim_stop;

#endif
