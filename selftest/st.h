/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: a firmware, linked as an application and started by
 * bl1, that checks on the board what only silicon can show (clocks, the
 * hand-over from bl1, the flash controller, the watchdog, Ethernet) and
 * prints one line per check:
 *   PASS <check>: <what was measured>
 *   FAIL <check>: <what was wrong>
 *   SKIP <check>: <why it could not run here>
 * and a summary line "selftest: N PASS, N FAIL, N SKIP". A check SKIPs only
 * when the peripheral reads back as absent (QEMU) or the board has no such
 * part, never to hide a failure. */
#ifndef ST_H
#define ST_H

#include <stdint.h>

#include "eth_pins.h"
#include "layout.h"
#include "line.h"
#include "st_calc.h"
#include "stm32_clock.h"
#include "stm32_family.h"
#include "stm32_flash.h"

typedef enum { ST_PASS = 0, ST_FAIL, ST_SKIP } st_verdict;

/* One result line; detail may be NULL. */
void st_report(st_verdict v, const char *check, const char *detail);
/* Prints the summary line; returns the number of FAILs. */
unsigned st_summary(void);

/* VTOR as the image found it, before its reset handler set its own table
 * (port/stm32/startup.c). */
extern uint32_t stm32_entry_vtor;

/* State captured at the first instruction of main, before anything of this
 * firmware touched the clocks, caches or interrupts. */
typedef struct {
    uint32_t vtor, msp, control, primask;
    uint32_t ccr, icsr, systick_ctrl;
    uint32_t nvic_enabled, nvic_pending; /* OR of every ISER / ISPR word */
    uint32_t rcc_cr, rcc_cfgr, pwr_cr;
} st_entry;

typedef struct {
    st_chip chip;          /* ST_CHIP_OF(BOARD_FAMILY) */
    uint32_t lse_hz;       /* BOARD_LSE_HZ: the 32.768 kHz crystal, 0: none */
    const eth_board *eth;  /* BOARD_ETH (pins, PHY), NULL: the board has no Ethernet */
    const stm32_family *fam;
    const ob_layout *layout;
    const stm32_clock_cfg *clk_cfg;
    const stm32_clocks *clk;
    stm32_flash *flash_hw;
    ob_flash *flash;
    uint32_t vector_table; /* this image's, from the linker */
    uint32_t image_end;
    uint32_t initial_sp;
} st_ctx;

/* 1 when RCC answers: HSI on and ready always read 1 on the chip while it
 * runs (the PLL is fed from HSE, HSI stays on); QEMU's netduinoplus2 has no
 * RCC and reads 0. */
int st_rcc_present(void);

void st_entry_capture(st_entry *e);
void st_entry_check(const st_ctx *c, const st_entry *e);
void st_clock_check(const st_ctx *c);
void st_watchdog_check(const st_ctx *c);
void st_flash_check(const st_ctx *c);
/* Returns 1 when the MAC and PHY answered (the network checks may follow). */
int st_eth_check(const st_ctx *c);
void st_net_check(const st_ctx *c);
void st_net_skip(const char *why);

/* Watchdog refresh and a bounded wait on SysTick for the checks. */
void st_kick(void);
void st_wait_ms(uint32_t ms);

#endif
