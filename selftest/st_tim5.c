/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: TIM5 input capture of the LSE (see st_tim5.h).
 * Input capture set-up: RM0090 chapter 18, "Input capture mode" (CC4S selects
 * the input while CC4E = 0, then CC4E enables the capture; reading CCR4
 * clears CC4IF; CC4OF flags a capture that overwrote an unread one). */
#include "st_tim5.h"

#include "ob.h"
#include "stm32_mmio.h"

static int next_capture(st_tim_regs *tim, uint32_t poll_limit, uint32_t *at)
{
    uint32_t n, sr;

    for (n = 0; n < poll_limit; n++) {
        sr = stm32_rd(&tim->SR);
        if (sr & TIM_SR_CC4OF)
            return OB_ERR_STATE;
        if (sr & TIM_SR_CC4IF) {
            *at = stm32_rd(&tim->CCR4);
            return OB_OK;
        }
    }
    return OB_ERR_TIMEOUT;
}

int st_tim5_lse_ticks(st_tim_regs *tim, uint32_t captures, uint32_t poll_limit, uint32_t *ticks)
{
    uint32_t first = 0, last = 0, i;
    int rc;

    stm32_wr(&tim->CR1, 0);
    stm32_wr(&tim->CCER, 0);
    stm32_wr(&tim->PSC, 0);
    stm32_wr(&tim->ARR, 0xFFFFFFFFu);
    stm32_modify(&tim->OR, TIM5_OR_TI4_RMP_MASK, TIM5_OR_TI4_LSE);
    stm32_modify(&tim->CCMR2, TIM_CCMR2_CH4_MASK, TIM_CCMR2_CC4S_TI4 | TIM_CCMR2_IC4PSC_8);
    stm32_wr(&tim->CCER, TIM_CCER_CC4E);
    stm32_wr(&tim->EGR, TIM_EGR_UG); /* loads PSC, clears the counter */
    stm32_wr(&tim->SR, 0);
    stm32_wr(&tim->CR1, TIM_CR1_CEN);

    rc = next_capture(tim, poll_limit, &first);
    for (i = 0; rc == OB_OK && i < captures; i++)
        rc = next_capture(tim, poll_limit, &last);

    stm32_wr(&tim->CR1, 0);
    stm32_wr(&tim->CCER, 0);
    if (rc == OB_OK)
        *ticks = last - first; /* modulo 2^32: a wrap in between is fine */
    return rc;
}
