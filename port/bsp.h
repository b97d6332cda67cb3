/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the board support package, what bl1, rescue and the demo run on
 * (docs/PORTING.md, "The board support package"). Each program is written
 * once over these functions; a port implements them once: port/stm32/bsp.c
 * (the STM32 boards, the QEMU netduinoplus2 among them), port/qemu/bsp.c
 * (QEMU mps2). The core never calls them: it gets its flash and services
 * through core/ob_port.h, which the programs fill from here. */
#ifndef BSP_H
#define BSP_H

#include "layout.h"
#include "line.h"

typedef struct {
    const ob_layout *layout; /* this board and profile */
    const char *reset_cause; /* "power-on", "pin", "watchdog", ...: why the CPU started */
    const char *clock_fault; /* NULL, or why the clock fell back to its reset source */
    uint32_t sysclk_hz;      /* the CPU clock */
    uint32_t rescue_return_ms; /* rescue entered on request: back to the application after (0: never) */
} bsp_info;

/* Clocks, console, caches, the millisecond tick; the flash bound; info
 * filled. Once, first. clock: NULL, or a line to which it appends how the
 * clock was set up ("180 MHz from HSE crystal 8 MHz through the PLL"). */
void bsp_start(bsp_info *info, ob_line *clock);
/* One console line: s, then the port's line end. */
void bsp_line(const char *s);
/* The on-chip flash (bound by bsp_start). */
ob_flash *bsp_flash(void);
/* Milliseconds since bsp_start, wrapping at 2^32. */
uint32_t bsp_millis(void);
/* Starts the independent watchdog: 1, or 0 when the board has none. */
int bsp_watchdog_start(uint32_t timeout_ms);
void bsp_watchdog_kick(void);
/* The board's LED on or off (nothing where there is none). */
void bsp_led(int on);
/* Restarts the board. */
void bsp_reset(void) __attribute__((noreturn));
/* Console flushed, tick and clocks back to their reset state, VTOR =
 * vector_addr, MSP = sp, branch to entry. */
void bsp_jump(uint32_t vector_addr, uint32_t sp, uint32_t entry) __attribute__((noreturn));
/* A self-contained QEMU test run (netduinoplus2) ends here through
 * semihosting, exit code 0 when passed, else 4; elsewhere it returns (a
 * board, or mps2, whose tests go on over the network). */
void bsp_exit(int passed);
/* bl1 found nothing to start: stays there (LED on, watchdog refreshed, the
 * message on the console), or ends a QEMU run with its "halted" code. */
void bsp_halt(void) __attribute__((noreturn));

/* ---- the network (rescue and the networked demo; agent/agent_glue.c) ---- */
struct netif;
/* Fills buf with n bytes from the board's random source, or leaves it as
 * it is where there is none (saying so where there should have been one). */
void bsp_entropy(uint8_t *buf, size_t n);
/* Ethernet and lwIP (NO_SYS, polled) up, DHCP started or the static address
 * set: the netif, or NULL after a console line saying why. */
struct netif *bsp_netif_start(void);
/* Main-loop work: received frames, lwIP's timers, the DHCP fallback; the
 * address on the console when it changes. */
void bsp_netif_poll(void);
/* 1 once the interface can be reached (link up, an address). */
int bsp_netif_ready(void);

#endif
