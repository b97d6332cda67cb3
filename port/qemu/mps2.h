/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: what every mps2 image (bl1, rescue, demo) shares.
 * Peripherals common to AN386 and AN500 (QEMU 7.2 hw/arm/mps2.c): CMSDK
 * APB UART0 at 0x40004000, a 25 MHz system clock, the Cortex-M System
 * Control Space at 0xE000E000 (ARMv7-M ARM B3.2). The board header
 * (port/qemu/<board>/board.h) adds the Ethernet base and the layouts. */
#ifndef MPS2_H
#define MPS2_H

#include <stdint.h>

#include "board.h"
#include "layout.h"

#define MPS2_SYSCLK_HZ 25000000u

/* ---- console (CMSDK APB UART0, Arm DDI 0479 "Cortex-M System Design Kit") ---- */
void mps2_uart_init(void);
void mps2_putc(char c);
void mps2_puts(const char *s);      /* as is */
void mps2_println(const char *s);   /* s then "\r\n" */
void mps2_put_hex(uint32_t v);      /* 0x%08x */
void mps2_put_u32(uint32_t v);

/* ---- time (SysTick at 1 kHz, ARMv7-M ARM B3.3) ---- */
void mps2_tick_start(void);
void mps2_tick_stop(void);
uint32_t mps2_millis(void);
int mps2_tick_running(void);

/* ---- system ---- */
/* SYSRESETREQ through SCB AIRCR (ARMv7-M ARM B3.2.6). QEMU reloads what
 * -kernel loaded (bl1) and keeps the file-backed flash. */
void mps2_reset(void) __attribute__((noreturn));
/* Interrupts and SysTick off, NVIC cleared, VTOR = vector_addr, MSP = sp,
 * branch to entry with interrupts enabled. */
void mps2_jump(uint32_t vector_addr, uint32_t sp, uint32_t entry) __attribute__((noreturn));
/* Semihosting SYS_EXIT_EXTENDED (Arm "Semihosting for AArch32 and AArch64",
 * 0x20): QEMU exits with code. Only with -semihosting-config enable=on;
 * without a debugger attached, real hardware would take a fault here. */
void mps2_semihost_exit(int code) __attribute__((noreturn));

/* ---- flash emulated in the file-backed PSRAM (qflash.c) ---- */
/* Binds f to geometry g over the memory at g->base: NOR rules enforced. */
void mps2_flash_init(ob_flash *f, const ob_flash_geom *g);

#endif
