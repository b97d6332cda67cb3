/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: the board support package (port/bsp.h) on mps2: the
 * CMSDK UART, SysTick, the file-backed flash; a fixed 25 MHz clock, no
 * watchdog, no LED, no random source, no reset cause to read; the network
 * in net.c. */
#include "bsp.h"

#include "mps2_variant.h"

static ob_flash flash;

void bsp_start(bsp_info *info, ob_line *clock)
{
    mps2_uart_init();
    mps2_tick_start(); /* flash erase times (qflash.c); mps2_jump stops it */
    mps2_flash_init(&flash, mps2_layout->geom);
    info->layout = mps2_layout;
    info->reset_cause = "unknown";
    info->clock_fault = NULL;
    info->rescue_return_ms = mps2_rescue_return_ms;
    info->sysclk_hz = MPS2_SYSCLK_HZ;
    if (clock)
        ob_line_str(clock, "25 MHz, fixed");
}

void bsp_line(const char *s)
{
    mps2_println(s);
}

ob_flash *bsp_flash(void)
{
    return &flash;
}

uint32_t bsp_millis(void)
{
    return mps2_millis();
}

int bsp_watchdog_start(uint32_t timeout_ms)
{
    (void)timeout_ms;
    return 0;
}

void bsp_watchdog_kick(void)
{
}

void bsp_led(int on)
{
    (void)on;
}

void bsp_entropy(uint8_t *buf, size_t n)
{
    (void)buf; /* no random source: the nonces come from the clock and the journal */
    (void)n;
}

void bsp_reset(void)
{
    mps2_reset();
}

void bsp_jump(uint32_t vector_addr, uint32_t sp, uint32_t entry)
{
    mps2_jump(vector_addr, sp, entry);
}

void bsp_exit(int passed)
{
    (void)passed; /* the tests go on over the network */
}

void bsp_halt(void)
{
    for (;;)
        __asm__ volatile("wfi");
}
