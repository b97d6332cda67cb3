/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: measurement arithmetic (see st_calc.h). */
#include "st_calc.h"

uint32_t st_timer_clock_hz(uint32_t pclk1_hz, uint32_t apb1_div)
{
    return apb1_div <= 1u ? pclk1_hz : 2u * pclk1_hz;
}

uint32_t st_hz_from_lse(uint32_t ticks, uint32_t lse_cycles)
{
    if (lse_cycles == 0 || lse_cycles > ST_LSE_HZ || ST_LSE_HZ % lse_cycles != 0)
        return 0;
    return ticks * (ST_LSE_HZ / lse_cycles);
}

uint32_t st_sysclk_from_timer(uint32_t timer_hz, uint32_t apb1_div)
{
    /* SYSCLK = PCLK1 * div, timer = PCLK1 (div 1) or 2 * PCLK1. */
    return apb1_div <= 1u ? timer_hz : timer_hz / 2u * apb1_div;
}

int32_t st_ppm(uint32_t measured, uint32_t expected)
{
    /* Whole MHz as the divisor keeps the product in 32 bits; the expected
     * clocks here are whole MHz (8, 16, 120, 168, 180, 216). */
    int32_t mhz = (int32_t)(expected / 1000000u);
    int32_t diff = measured >= expected ? (int32_t)(measured - expected) : -(int32_t)(expected - measured);

    if (mhz == 0)
        return 0;
    return diff / mhz;
}

int st_within(uint32_t measured, uint32_t expected, uint32_t lo_ppm, uint32_t hi_ppm)
{
    int32_t ppm = st_ppm(measured, expected);

    if (expected < 1000000u)
        return 0;
    /* Outside +/- 2^31 ppm the difference itself is out of range. */
    if (measured / 4u > expected || expected / 4u > measured)
        return 0;
    return ppm >= -(int32_t)lo_ppm && ppm <= (int32_t)hi_ppm;
}

uint32_t st_frame_len(uint32_t seq)
{
    return ST_FRAME_MIN + (seq * 97u) % (ST_FRAME_MAX - ST_FRAME_MIN + 1u);
}

static uint8_t pattern(uint32_t seq, uint32_t i)
{
    return (uint8_t)(seq * 131u + i * 7u + (i >> 8));
}

void st_frame_make(uint8_t *f, uint32_t seq, const uint8_t mac[6])
{
    uint32_t len = st_frame_len(seq), i;

    for (i = 0; i < 6; i++)
        f[i] = f[6 + i] = mac[i];
    f[12] = (uint8_t)(ST_ETHERTYPE >> 8);
    f[13] = (uint8_t)ST_ETHERTYPE;
    f[14] = (uint8_t)(seq >> 24);
    f[15] = (uint8_t)(seq >> 16);
    f[16] = (uint8_t)(seq >> 8);
    f[17] = (uint8_t)seq;
    for (i = 18; i < len; i++)
        f[i] = pattern(seq, i);
}

int st_frame_check(const uint8_t *f, uint32_t len, uint32_t seq, const uint8_t mac[6], uint32_t *bad_off)
{
    uint32_t i;
    uint8_t want;

    *bad_off = 0;
    if (len != st_frame_len(seq))
        return ST_FRAME_BAD_LEN;
    for (i = 0; i < len; i++) {
        if (i < 12)
            want = mac[i % 6];
        else if (i == 12)
            want = (uint8_t)(ST_ETHERTYPE >> 8);
        else if (i == 13)
            want = (uint8_t)ST_ETHERTYPE;
        else if (i < 18)
            want = (uint8_t)(seq >> (8u * (17u - i)));
        else
            want = pattern(seq, i);
        if (f[i] != want) {
            *bad_off = i;
            return ST_FRAME_BAD_DATA;
        }
    }
    return ST_FRAME_OK;
}

uint32_t st_erase_max_ms(st_chip chip, uint32_t sector_size)
{
    switch (sector_size) {
    case 16u * 1024u:
        return chip == ST_CHIP_F7 ? 0 : 500u;
    case 32u * 1024u:
        return chip == ST_CHIP_F7 ? 500u : 0;
    case 64u * 1024u:
        return chip == ST_CHIP_F7 ? 0 : 1100u;
    case 128u * 1024u:
        return 2000u;
    case 256u * 1024u:
        return chip == ST_CHIP_F7 ? 4000u : 0;
    default:
        return 0;
    }
}

int st_scratch_ok(uint32_t image_end, uint32_t sector_start, uint32_t app_start, uint32_t app_end)
{
    return sector_start >= app_start && sector_start < app_end && image_end <= sector_start;
}

const ob_region *st_scratch_region(const ob_layout *l, uint32_t image_end, uint32_t *start, uint32_t *size)
{
    const ob_region *order[3] = { &l->app, ob_layout_slot(l, 1), ob_layout_slot(l, 0) };
    for (int i = 0; i < 3; i++) {
        const ob_region *r = order[i];
        if (r == NULL || r->size == 0 ||
            ob_flash_sector_of(l->geom, r->addr + r->size - 1u, NULL, start, size) != OB_OK)
            continue;
        if (st_scratch_ok(image_end, *start, r->addr, r->addr + r->size))
            return r;
    }
    return NULL;
}
