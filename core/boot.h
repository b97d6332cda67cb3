/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: bl1's decisions, as a state machine over the flash interface.
 *
 * ob_boot_run reads the journal, resumes or performs a pending install
 * (verify the slot completely before any erase, journal "install started",
 * erase only the sectors the image needs, inflate, read back and hash,
 * journal "installed, trial"), counts trial boots, and says what to start.
 * It never jumps itself: the port does that with the result. */
#ifndef OB_BOOT_H
#define OB_BOOT_H

#include "inflate.h"
#include "journal.h"

struct ob_keyring; /* signature keys (core/sig.h); NULL: none */

typedef struct {
    uint8_t max_trials;  /* unconfirmed boots before rescue (default 3 when 0) */
    /* Signing keys; NULL: a development board (unsigned images and
     * plain-gzip seals accepted, fully checked; said on every boot). */
    const struct ob_keyring *keys;
} ob_boot_cfg;

typedef enum {
    OB_BOOT_START_APP = 1,
    OB_BOOT_START_RESCUE = 2,
    OB_BOOT_HALT = 3
} ob_boot_action;

typedef struct {
    ob_boot_action action;
    uint32_t vector_addr; /* vector table of what to start */
    uint32_t sp;          /* its initial stack pointer */
    uint32_t entry;       /* its reset handler (Thumb bit set) */
    uint32_t fw_version;  /* of the app, when known (0 otherwise) */
    int trial;            /* 1: this is an unconfirmed trial boot */
    int reason;           /* for rescue or halt: why (an ob_err) */
} ob_boot_result;

/* Working memory (about 2 KiB); place it anywhere, no malloc. What is
 * here is not on bl1's stack, and the verification before an install shares
 * it with the inflater, which runs only afterwards. */
typedef struct {
    union {
        ob_inflate inf;                 /* during an install */
        uint8_t slot_hdr[256];          /* while the slot is verified */
    } u;
    uint8_t stage[256];   /* not-yet-programmed tail of the output */
    uint8_t inbuf[64];    /* input chunk when the flash is not memory-mapped */
} ob_boot_work;

/* p: the console and the watchdog (log, watchdog_kick; core/ob_port.h), may be NULL. */
int ob_boot_run(const ob_layout *l, ob_flash *f, const ob_boot_cfg *cfg, ob_platform *p,
                ob_boot_work *work, ob_boot_result *out);

#endif
