/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: clock tree (RCC, PWR over-drive, flash latency).
 *
 * Brings SYSCLK to the board's PLL setting from HSE, every wait bounded.
 * Whatever times out (HSE, PLL lock, over-drive, switch) is undone and the
 * chip keeps running on the 16 MHz HSI: the caller prints `fault`. That is
 * also what happens under QEMU, whose RCC reads 0. */
#ifndef STM32_CLOCK_H
#define STM32_CLOCK_H

#include "stm32_flash.h"

typedef struct {
    uint32_t hse_hz;
    uint8_t hse_bypass; /* 1: external clock on OSC_IN (ST-LINK MCO), 0: crystal */
    uint8_t pll_m;      /* VCO input = HSE / M (1..2 MHz, 2 MHz preferred for jitter) */
    uint16_t pll_n;     /* VCO output = input * N */
    uint8_t pll_p;      /* SYSCLK = VCO / P, P in {2, 4, 6, 8} */
    uint8_t pll_q;      /* 48 MHz domain = VCO / Q */
    uint8_t apb1_div;   /* 1, 2, 4, 8 or 16 */
    uint8_t apb2_div;
} stm32_clock_cfg;

typedef struct {
    uint32_t sysclk_hz, hclk_hz, pclk1_hz, pclk2_hz;
    uint8_t on_pll;     /* 0: running on HSI */
    uint8_t overdrive;
    const char *fault;  /* NULL, or what went wrong and made it fall back */
} stm32_clocks;

#define STM32_HSI_HZ 16000000u
/* About 100 ms of polling at 16 MHz: HSE start-up is a few ms (datasheets). */
#define STM32_CLOCK_POLLS 200000u

/* SYSCLK the configuration asks for, or 0 when it breaks a family limit
 * (VCO input/output range, N range, P value, SYSCLK or APB maximum). */
uint32_t stm32_clock_cfg_sysclk(const stm32_family *fam, const stm32_clock_cfg *cfg);

/* Returns OB_OK on the PLL, OB_ERR_TIMEOUT on fallback to HSI (out is
 * filled either way). flash sets the latency. cfg must pass
 * stm32_clock_cfg_sysclk (the host test checks every board's). */
int stm32_clock_init(stm32_flash *flash, const stm32_clock_cfg *cfg, stm32_clocks *out);

/* Back to the reset clock (HSI, PLL and HSE off, prescalers /1) so that the
 * application starts from the state its own start-up code expects. */
void stm32_clock_to_reset_state(void);

#endif
