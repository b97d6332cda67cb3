/* SPDX-License-Identifier: Apache-2.0 */
/* Register model of the F2/F4/F7 flash interface, for the host test of the
 * STM32 flash controller driver (port/stm32/stm32_flash.c, test_stm32_flash.c).
 *
 * The driver is compiled with STM32_REG_MODEL, so every register access lands
 * in this model's stm32_rd/stm32_wr. The model behaves like the reference manuals
 * describe (RM0033 ch. 3, RM0090 ch. 3, RM0385 ch. 3): FLASH_CR stays locked
 * until KEYR receives the two keys in order; STRT starts a sector erase only
 * with SER, a valid SNB and PSIZE x32 already written; a word write programs
 * only with PG set; BSY stays set for a few polls; error flags are write-1-to-
 * clear and a stale one stops the next operation. Anything the driver does out
 * of order is counted as a violation and fails the test. The model's sector
 * address table is written out literally (docs/HARDWARE.md, RM0090 table 6), not
 * computed the way the driver computes it. */
#ifndef STM32_FLASH_MODEL_H
#define STM32_FLASH_MODEL_H

#include <stdint.h>

#include "stm32_flash.h"

typedef struct {
    stm32_flash_regs regs;
    cm_cache_regs cache;
    uint32_t *mem;
    uint32_t mem_words;
    const stm32_family *fam;

    int key_stage;        /* 1 after KEY1 */
    int hard_locked;      /* wrong key sequence: locked until reset */
    int busy;             /* polls left with BSY set */
    int stuck;            /* BSY never clears */
    int stuck_after_start; /* the next operation started never ends */
    uint32_t busy_polls;  /* polls the next operation takes (0: BUSY_POLLS) */
    uint32_t pending_addr, pending_len, pending_word;
    int pending;          /* 1 erase, 2 program */
    uint32_t inject_sr;   /* error flags the next operation ends with (and does nothing) */
    int silent;           /* operations "succeed" but change nothing (QEMU's ROM flash) */
    int dsb_since_write;  /* a DSB followed the last flash word write */

    int violations;
    char first_violation[160];

    /* observations */
    int erases, programs, key_writes, sr_clears, dsbs;
    uint32_t last_snb;
    int icrst, dcrst;     /* ART resets seen (with the cache disabled) */
    int dcen_off_since_reset; /* DCEN cleared, no DCRST since */
    uint8_t *invalidated; /* one flag per 32-byte line, F7 */
} model;

/* The model's state, for the test to set up faults and read observations. */
extern model M;
/* The model's clock in microseconds: every FLASH_SR read takes 10 us. */
extern uint64_t model_us;

/* Fresh model of fam: flash erased, FLASH_CR locked, caches as after reset. */
void model_reset(const stm32_family *fam);
/* The model's clock in milliseconds (the driver's now_ms). */
uint32_t model_now_ms(void);

#endif
