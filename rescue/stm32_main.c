/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot rescue firmware on the four STM32 boards: the update agent alone,
 * in the layout's rescue region (port/stm32/ld/rescue.ld). bl1 starts it when
 * the application is missing, broken or never confirmed, or when the
 * application asked for it (direct profile). It listens on the same port as
 * the application: in the slot profile it stores and seals an update for bl1
 * to install (OB_RX_SLOT); in the direct profile it inflates the image
 * straight into the application area, verifies it and restarts, and bl1
 * starts the new application on trial (OB_RX_DIRECT). The network and agent
 * glue is the demo's (port/stm32/stm32_agent.c). (rescue/main.c is the QEMU
 * mps2 rescue.) */
#include "board.h"
#include "layouts.h"
#include "line.h"
#include "stm32_agent.h"
#include "stm32_clock.h"
#include "stm32_flash.h"
#include "stm32_start.h"
#include "stm32_sys.h"
#include "stm32_uart.h"

static stm32_flash flash_hw = STM32_FLASH_ON_CHIP(&BOARD_FAMILY);
static ob_flash flash;

int main(void)
{
    static const stm32_clock_cfg clk_cfg = BOARD_CLOCK;
    static const stm32_uart_cfg con = BOARD_CONSOLE;
    static const stm32_pin led = BOARD_LED;
    const ob_layout *layout = &OB_BOARD_LAYOUT;
    stm32_clocks clk;
    ob_line l;
    uint32_t last = 0, on = 0;

    stm32_start(&flash_hw, &clk_cfg, &con, BOARD_FAMILY.cache == STM32_CACHE_L1, &clk);
    stm32_iwdg_kick();

    ob_line_init(&l);
    ob_line_str(&l, "rescue: otaboot rescue on ");
    ob_line_str(ob_line_str(&l, layout->board), ", profile ");
    ob_line_str(&l, ob_profile_name(layout->profile));
    stm32_uart_puts(l.buf);
    stm32_uart_puts("\n");
    if (clk.fault) {
        stm32_uart_puts("rescue: clock fell back to HSI: ");
        stm32_uart_puts(clk.fault);
        stm32_uart_puts("\n");
    }

    stm32_flash_init(&flash, &flash_hw);
    stm32_agent_cfg cfg = {
        .layout = layout,
        .flash = &flash,
        .running = OB_RUN_RESCUE,
        .net = {.board = BOARD_NAME, .fam = &BOARD_FAMILY, .hclk_hz = clk.hclk_hz},
    };
    /* Without a network there is nothing rescue can do; it stays up with
     * the message on the console (and the LED on) rather than reset into
     * the same state again and again. */
    int started = stm32_agent_start(&cfg) == OB_OK;

    stm32_gpio_enable(led.port);
    stm32_gpio_output(led);
    stm32_gpio_write(led, BOARD_LED_ACTIVE_HIGH);
    for (;;) {
        uint32_t now;
        (void)stm32_agent_poll(); /* refreshes the watchdog too */
        now = stm32_millis();
        /* Fast blink: "rescue is waiting for an image". */
        if (started && now - last >= 125u) {
            last = now;
            on = !on;
            stm32_gpio_write(led, on ? BOARD_LED_ACTIVE_HIGH : !BOARD_LED_ACTIVE_HIGH);
        }
    }
}
