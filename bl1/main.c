/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot bl1: the bootloader's main on an STM32 board.
 *
 * Start-up (clocks, console, caches, watchdog), one console line per step,
 * then the core decides (ob_boot_run: journal, verify, install, trial
 * counting; it prints its own lines) and this file carries the decision out:
 * jump to the application or rescue, or halt with the reason. */
#include "board.h"
#include "boot.h"
#include "layouts.h"
#include "line.h"
#include "stm32_clock.h"
#include "stm32_flash.h"
#include "stm32_start.h"
#include "stm32_sys.h"
#include "stm32_uart.h"
#ifdef BOARD_QEMU
#include "qemu_exit.h"
#endif

#ifndef OB_BOARD_LAYOUT
#error "OB_BOARD_LAYOUT names the layout (set by mk/firmware.mk)"
#endif
/* Long enough for the slowest single step bl1 does between kicks (hashing
 * the whole slot on HSI), short enough that a hang is cut within a minute at
 * the slowest LSI. In seconds, so the console line can say it. */
#define BL1_WATCHDOG_S 32
#define BL1_STR(x) BL1_STR_(x)
#define BL1_STR_(x) #x

static stm32_flash flash_hw = STM32_FLASH_ON_CHIP(&BOARD_FAMILY);
static ob_flash flash;
static ob_boot_work work;

static void put_line(ob_line *l)
{
    stm32_uart_write(l->buf, l->len);
    stm32_uart_write("\n", 1);
}

static void log_line(ob_platform *p, const char *s)
{
    (void)p;
    stm32_uart_puts(s);
    stm32_uart_write("\n", 1);
}

static void kick(ob_platform *p)
{
    (void)p;
    stm32_iwdg_kick();
}

static ob_line *mhz(ob_line *l, uint32_t hz)
{
    return ob_line_str(ob_line_u32(l, hz / 1000000u), " MHz");
}

static void say_clock(const stm32_clock_cfg *cfg, const stm32_clocks *clk)
{
    ob_line l;
    ob_line_init(&l);
    ob_line_str(&l, "bl1: clock: ");
    if (clk->on_pll) {
        mhz(&l, clk->sysclk_hz);
        ob_line_str(&l, cfg->hse_bypass ? " from HSE " : " from HSE crystal ");
        mhz(&l, cfg->hse_hz);
        ob_line_str(&l, " through the PLL");
        if (clk->overdrive)
            ob_line_str(&l, ", over-drive on");
    } else {
        ob_line_str(ob_line_str(&l, clk->fault ? clk->fault : "?"), ": running on HSI ");
        mhz(&l, clk->sysclk_hz);
    }
    put_line(&l);
}

static void halt(int reason) __attribute__((noreturn));
static void halt(int reason)
{
    static const stm32_pin led = BOARD_LED;
    ob_line l;

    ob_line_init(&l);
    ob_line_str(&l, "bl1: halted: ");
    ob_line_str(&l, ob_strerror(reason));
    ob_line_str(&l, "; nothing will be started");
    put_line(&l);
    stm32_uart_flush();
#ifdef BOARD_QEMU
    qemu_exit(QEMU_EXIT_HALT);
#endif
    stm32_gpio_enable(led.port);
    stm32_gpio_output(led);
    stm32_gpio_write(led, BOARD_LED_ACTIVE_HIGH);
    for (;;) {
        stm32_iwdg_kick(); /* stay halted with the message on screen, not in a reset loop */
        stm32_delay_ms(100);
    }
}

int main(void)
{
    static const stm32_clock_cfg clk_cfg = BOARD_CLOCK;
    static const stm32_uart_cfg con = BOARD_CONSOLE;
    const ob_layout *layout = &OB_BOARD_LAYOUT;
    const char *cause = stm32_reset_cause();
    stm32_clocks clk;
    /* Keys built in (SIGNING_KEYS=), or NULL: a development board
     * (DEV_MODE=1), which bl1 announces on every boot. */
    ob_boot_cfg cfg = {.keys = ob_fw_keys};
    ob_platform plat = {.log = log_line, .watchdog_kick = kick};
    ob_boot_result res;
    ob_line l;

    stm32_start(&flash_hw, &clk_cfg, &con, BOARD_FAMILY.cache == STM32_CACHE_L1, &clk);

    ob_line_init(&l);
    ob_line_str(&l, "\nbl1: otaboot bl1 on ");
    ob_line_str(ob_line_str(&l, layout->board), " (");
    ob_line_str(ob_line_str(&l, layout->mcu), "), ");
    ob_line_str(ob_line_str(&l, ob_profile_name(layout->profile)), " layout, reset cause: ");
    ob_line_str(&l, cause);
    put_line(&l);
    say_clock(&clk_cfg, &clk);

    /* tests/stm32/test_stm32_boards.c checks that the layout's geometry is
     * the family's, so it is not checked again here. */
    stm32_flash_init(&flash, &flash_hw);

    stm32_iwdg_start(BL1_WATCHDOG_S * 1000u);
    log_line(&plat, "bl1: watchdog started (" BL1_STR(BL1_WATCHDOG_S) " s)");

    (void)ob_boot_run(layout, &flash, &cfg, &plat, &work, &res);
    if (res.action != OB_BOOT_START_APP && res.action != OB_BOOT_START_RESCUE)
        halt(res.reason ? res.reason : OB_ERR_NO_APP);

    ob_line_init(&l);
    ob_line_str(&l, res.action == OB_BOOT_START_APP ? "bl1: jumping to the application: VTOR "
                                                    : "bl1: jumping to rescue: VTOR ");
    ob_line_hex(&l, res.vector_addr);
    ob_line_str(&l, ", MSP ");
    ob_line_hex(&l, res.sp);
    ob_line_str(&l, ", entry ");
    ob_line_hex(&l, res.entry);
    put_line(&l);
    stm32_uart_flush();
    stm32_iwdg_kick();
    stm32_systick_stop();
    stm32_clock_to_reset_state();
    cm_jump(&BOARD_FAMILY, res.vector_addr, res.sp, res.entry);
}
