/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: the arithmetic of the measurements, without registers
 * (host-tested by tests/stm32/test_stm32_st_clock.c). */
#ifndef ST_CALC_H
#define ST_CALC_H

#include <stdint.h>

#include "layout.h"

#define ST_LSE_HZ 32768u

/* Timer kernel clock of an APB1 timer (TIM2-TIM5): PCLK1 when the APB1
 * prescaler is 1, else twice PCLK1 (RM0033 5.2, RM0090 6.2 "Clocks",
 * RM0385 5.2 with DCKCFGR1.TIMPRE at its reset value 0). */
uint32_t st_timer_clock_hz(uint32_t pclk1_hz, uint32_t apb1_div);

/* Frequency of a timer that counted ticks during lse_cycles periods of the
 * 32.768 kHz LSE. lse_cycles must divide 32768 (a power of two): the result
 * is then exact, ticks * (32768 / lse_cycles). 0 if it does not. */
uint32_t st_hz_from_lse(uint32_t ticks, uint32_t lse_cycles);

/* SYSCLK from the timer clock measured on an APB1 timer (inverse of
 * st_timer_clock_hz with HCLK = SYSCLK). */
uint32_t st_sysclk_from_timer(uint32_t timer_hz, uint32_t apb1_div);

/* (measured - expected) in parts per million, rounded toward zero;
 * expected >= 1 MHz. */
int32_t st_ppm(uint32_t measured, uint32_t expected);

/* 1 when measured lies in [expected - lo_ppm, expected + hi_ppm]. */
int st_within(uint32_t measured, uint32_t expected, uint32_t lo_ppm, uint32_t hi_ppm);

/* Tolerances. A crystal against a crystal: HSE (or the ST-LINK's MCO, itself
 * from a crystal) and the LSE are each within about 100 ppm; 1000 ppm still
 * catches any wrong PLL factor (the smallest step, N +/- 1 at N = 336, is
 * 3000 ppm). HSI, factory-trimmed, over the full temperature range:
 * -8 % / +4.5 % (DS8626 and DS9405 table "HSI oscillator characteristics";
 * DS6697 and DS10916 give a range inside it). */
#define ST_XTAL_PPM 1000u
#define ST_HSI_LO_PPM 80000u
#define ST_HSI_HI_PPM 45000u

/* ---- MAC loopback frames ---- */
#define ST_FRAME_MIN 60u    /* without the CRC */
#define ST_FRAME_MAX 1514u
#define ST_ETHERTYPE 0x88B5u /* IEEE 802 local experimental EtherType 1 */

enum { ST_FRAME_OK = 0, ST_FRAME_BAD_LEN, ST_FRAME_BAD_DATA };

/* Length of frame seq: spread over [ST_FRAME_MIN, ST_FRAME_MAX]. */
uint32_t st_frame_len(uint32_t seq);
/* Fills f (st_frame_len(seq) bytes): destination and source = mac,
 * EtherType ST_ETHERTYPE, seq big-endian, then a pattern of seq and offset. */
void st_frame_make(uint8_t *f, uint32_t seq, const uint8_t mac[6]);
/* Checks a received frame against frame seq. *bad_off: first wrong byte. */
int st_frame_check(const uint8_t *f, uint32_t len, uint32_t seq, const uint8_t mac[6], uint32_t *bad_off);

/* ---- Flash ---- */
typedef enum { ST_CHIP_F2 = 0, ST_CHIP_F40X, ST_CHIP_F42X, ST_CHIP_F7 } st_chip;
/* The chip of each family record BOARD_FAMILY can name (st_erase_max_ms's
 * datasheet table): ST_CHIP_OF(BOARD_FAMILY). A board of a family without a
 * line here does not compile (tests/stm32/test_stm32_boards.c checks each
 * board's). */
#define ST_CHIP_stm32_family_f2 ST_CHIP_F2
#define ST_CHIP_stm32_family_f40x ST_CHIP_F40X
#define ST_CHIP_stm32_family_f42x ST_CHIP_F42X
#define ST_CHIP_stm32_family_f7 ST_CHIP_F7
#define ST_CHIP_PASTE(fam) ST_CHIP_##fam
#define ST_CHIP_OF(fam) ST_CHIP_PASTE(fam)

/* Datasheet maximum of one sector erase at x32 parallelism, in ms, or 0 for
 * a sector size the table does not know. DS6697 (F2), DS8626 (F405/407),
 * DS9405 (F427/429) table "Flash memory programming": 16 KB 500 ms, 64 KB
 * 1100 ms, 128 KB 2000 ms; DS10916 (F746) same table: 32 KB 500 ms (the
 * 16 KB figure), 128 KB 2000 ms, 256 KB 4000 ms. */
uint32_t st_erase_max_ms(st_chip chip, uint32_t sector_size);

/* The scratch sector of the flash test: the last sector of the application
 * area [app_start, app_end) when the image [app_start, image_end) does not
 * reach into it. sector_start/sector_size: of that last sector. 1 if usable. */
int st_scratch_ok(uint32_t image_end, uint32_t sector_start, uint32_t app_start, uint32_t app_end);

/* The region whose last sector the flash test erases: the application area
 * when the image [app.addr, image_end) leaves its last sector free, else the
 * last update slot (rollback: slot2), whose contents the self-test may lose
 * (`make selftest` erases the journal, so nothing refers to them). *start and
 * *size: that sector. NULL: no such sector (the image fills a layout
 * without slots). */
const ob_region *st_scratch_region(const ob_layout *l, uint32_t image_end, uint32_t *start, uint32_t *size);

#endif
