/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the board support package (port/bsp.h) from the
 * board's data (boards/<board>/board.h): clock tree, console USART, caches,
 * SysTick, on-chip flash, IWDG, LED, RNG, the jump to another image; the
 * network in bsp_net.c. */
#include "bsp.h"

#include "board.h"
#include "layouts.h"
#include "ob_agent_opt.h"
#include "stm32_bsp.h"
#include "stm32_flash.h"
#include "stm32_gpio.h"
#include "stm32_rng.h"
#include "stm32_start.h"

#ifndef OB_BOARD_LAYOUT
#error "OB_BOARD_LAYOUT names the layout (set by port/stm32/port.mk)"
#endif

static const stm32_clock_cfg clk_cfg = BOARD_CLOCK;
static const stm32_uart_cfg con = BOARD_CONSOLE;
static const stm32_pin led = BOARD_LED;
static stm32_flash flash_hw = STM32_FLASH_ON_CHIP(&BOARD_FAMILY);
static ob_flash flash;
static uint32_t hclk_hz;

static ob_line *mhz(ob_line *l, uint32_t hz)
{
    return ob_line_str(ob_line_u32(l, hz / 1000000u), " MHz");
}

void bsp_start(bsp_info *info, ob_line *clock)
{
    stm32_clocks clk;

    info->reset_cause = stm32_reset_cause();
    stm32_start(&flash_hw, &clk_cfg, &con, BOARD_FAMILY.cache == STM32_CACHE_L1, &clk);
    /* tests/stm32/test_stm32_boards.c checks that the layout's geometry is
     * the family's, so it is not checked again here. */
    stm32_flash_init(&flash, &flash_hw);
    info->layout = &OB_BOARD_LAYOUT;
    info->clock_fault = clk.fault;
    info->sysclk_hz = clk.sysclk_hz;
    info->rescue_return_ms = OB_AGENT_RESCUE_RETURN_MS; /* RESCUE_RETURN_S, port/stm32/port.mk */
    hclk_hz = clk.hclk_hz;
    if (clock == NULL)
        return;
    if (clk.on_pll) {
        mhz(clock, clk.sysclk_hz);
        ob_line_str(clock, clk_cfg.hse_bypass ? " from HSE " : " from HSE crystal ");
        mhz(clock, clk_cfg.hse_hz);
        ob_line_str(clock, " through the PLL");
        if (clk.overdrive)
            ob_line_str(clock, ", over-drive on");
    } else {
        ob_line_str(ob_line_str(clock, clk.fault ? clk.fault : "?"), ": running on HSI ");
        mhz(clock, clk.sysclk_hz);
    }
}

uint32_t stm32_bsp_hclk_hz(void)
{
    return hclk_hz;
}

void bsp_line(const char *s)
{
    stm32_uart_puts(s);
    stm32_uart_puts("\n");
}

ob_flash *bsp_flash(void)
{
    return &flash;
}

uint32_t bsp_millis(void)
{
    return stm32_millis();
}

int bsp_watchdog_start(uint32_t timeout_ms)
{
    stm32_iwdg_start(timeout_ms);
    return 1;
}

void bsp_watchdog_kick(void)
{
    stm32_iwdg_kick();
}

void bsp_led(int on)
{
    static int ready;
    if (!ready) {
        ready = 1;
        stm32_gpio_enable(led.port);
        stm32_gpio_output(led);
    }
    stm32_gpio_write(led, on ? BOARD_LED_ACTIVE_HIGH : !BOARD_LED_ACTIVE_HIGH);
}

void bsp_reset(void)
{
    stm32_uart_flush();
    cm_reset();
}

void bsp_jump(uint32_t vector_addr, uint32_t sp, uint32_t entry)
{
    stm32_uart_flush();
    stm32_iwdg_kick();
    stm32_systick_stop();
    stm32_clock_to_reset_state();
    cm_jump(&BOARD_FAMILY, vector_addr, sp, entry);
}

/* Authorized installs: the nonces' seed from the hardware RNG. */
void bsp_entropy(uint8_t *buf, size_t n)
{
    if (stm32_rng_fill(buf, n) != n)
        bsp_line("agent: no random numbers from the RNG (no 48 MHz clock): nonces seeded from the clock and the journal");
}

/* A board run under QEMU (port/qemu/netduinoplus2/semihost.c) ends the run
 * here with its "halted" code instead. */
void stm32_halt_hook(void) __attribute__((weak));
void stm32_halt_hook(void)
{
}

/* Real boards go on; the QEMU netduinoplus2 ends its run (semihost.c). */
void bsp_exit(int passed) __attribute__((weak));
void bsp_exit(int passed)
{
    (void)passed;
}

void bsp_halt(void)
{
    stm32_uart_flush();
    stm32_halt_hook();
    stm32_gpio_enable(led.port);
    stm32_gpio_output(led);
    stm32_gpio_write(led, BOARD_LED_ACTIVE_HIGH);
    for (;;) {
        stm32_iwdg_kick(); /* stay halted with the message on screen, not in a reset loop */
        stm32_delay_ms(100);
    }
}
