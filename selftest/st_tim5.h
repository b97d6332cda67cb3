/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: TIM5 input capture of the LSE.
 *
 * TIM5 is a 32-bit general-purpose timer on APB1 (RM0033, RM0090, RM0385,
 * chapter "General-purpose timers (TIM2 to TIM5)": one register map). Its
 * channel 4 input can be remapped to the LSE by TIM5_OR.TI4_RMP = 10 (the
 * same chapter, "TIM5 option register (TIM5_OR)", in all three manuals),
 * so the CPU clock can be measured against the 32.768 kHz crystal with no
 * wiring: capture on every 8th LSE edge (IC4PSC = /8), count timer ticks
 * over a whole number of LSE periods. */
#ifndef ST_TIM5_H
#define ST_TIM5_H

#include <stdint.h>

#include "stm32_regs.h"

typedef struct {
    reg32 CR1;    /* 0x00 */
    reg32 CR2;    /* 0x04 */
    reg32 SMCR;   /* 0x08 */
    reg32 DIER;   /* 0x0C */
    reg32 SR;     /* 0x10 */
    reg32 EGR;    /* 0x14 */
    reg32 CCMR1;  /* 0x18 */
    reg32 CCMR2;  /* 0x1C */
    reg32 CCER;   /* 0x20 */
    reg32 CNT;    /* 0x24 */
    reg32 PSC;    /* 0x28 */
    reg32 ARR;    /* 0x2C */
    reg32 rsv0;   /* 0x30 */
    reg32 CCR1;   /* 0x34 */
    reg32 CCR2;   /* 0x38 */
    reg32 CCR3;   /* 0x3C */
    reg32 CCR4;   /* 0x40 */
    reg32 rsv1;   /* 0x44 */
    reg32 DCR;    /* 0x48 */
    reg32 DMAR;   /* 0x4C */
    reg32 OR;     /* 0x50 */
} st_tim_regs;
#define ST_TIM5_BASE 0x40000C00u
#define ST_RCC_APB1ENR_TIM5EN (1u << 3)

#define TIM_CR1_CEN (1u << 0)
#define TIM_EGR_UG (1u << 0)
#define TIM_SR_CC4IF (1u << 4)
#define TIM_SR_CC4OF (1u << 12)
#define TIM_CCMR2_CC4S_TI4 (1u << 8)   /* CC4 is an input, IC4 mapped on TI4 */
#define TIM_CCMR2_IC4PSC_8 (3u << 10)  /* capture every 8 events */
#define TIM_CCMR2_CH4_MASK (0xFFu << 8)
#define TIM_CCER_CC4E (1u << 12)
#define TIM5_OR_TI4_RMP_MASK (3u << 6)
#define TIM5_OR_TI4_LSE (2u << 6)

#define ST_LSE_EDGES_PER_CAPTURE 8u

/* Counts TIM5 ticks (prescaler 1) over `captures` capture periods of 8 LSE
 * cycles each, after one capture to start from. TIM5's clock must be on.
 * Every wait for a capture is bounded by poll_limit reads of SR.
 * OB_OK with *ticks; OB_ERR_TIMEOUT when a capture did not come (no LSE);
 * OB_ERR_STATE on an over-capture (a capture lost: the count would be
 * short by one period). The channel is switched off again either way. */
int st_tim5_lse_ticks(st_tim_regs *tim, uint32_t captures, uint32_t poll_limit, uint32_t *ticks);

#endif
