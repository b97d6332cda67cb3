/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the RNG (see stm32_rng.h). RM0090 24.3.1: after a seed
 * error, clear SEIS and restart the generator (RNGEN 0 then 1); the first
 * word after enabling is discarded, and a word equal to the one before is
 * not used (the continuous test of the RM, section 24.3.1). */
#include "stm32_rng.h"

#include "stm32_mmio.h"
#include "stm32_regs.h"

#define RCC ((stm32_rcc_regs *)STM32_RCC_BASE)
#define RNG ((stm32_rng_regs *)STM32_RNG_BASE)

/* One word, or 0 with *ok = 0 when none comes. */
static uint32_t next_word(int *ok)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        uint32_t polls = STM32_RNG_POLLS, sr;
        while (!((sr = stm32_rd(&RNG->SR)) & (RNG_SR_DRDY | RNG_SR_SECS)) && --polls)
            ;
        if (sr & RNG_SR_SECS) {
            stm32_clr(&RNG->SR, RNG_SR_SEIS);
            stm32_clr(&RNG->CR, RNG_CR_RNGEN);
            stm32_set(&RNG->CR, RNG_CR_RNGEN);
            continue;
        }
        if (!polls)
            break;
        *ok = 1;
        return stm32_rd(&RNG->DR);
    }
    *ok = 0;
    return 0;
}

size_t stm32_rng_fill(uint8_t *buf, size_t n)
{
    int ok;
    stm32_set(&RCC->AHB2ENR, RCC_AHB2ENR_RNGEN);
    stm32_dsb();
    stm32_set(&RNG->CR, RNG_CR_RNGEN);
    uint32_t prev = next_word(&ok);
    for (size_t i = 0, words = 0; ok && i < n; words++) {
        uint32_t w = next_word(&ok);
        if (words > n) /* at most n / 4 words needed: a stuck generator */
            ok = 0;
        if (!ok || w == prev)
            continue;
        prev = w;
        for (int k = 0; k < 4 && i < n; k++, i++)
            buf[i] = (uint8_t)(w >> (8 * k));
    }
    stm32_clr(&RNG->CR, RNG_CR_RNGEN);
    stm32_clr(&RCC->AHB2ENR, RCC_AHB2ENR_RNGEN);
    return ok ? n : 0;
}
