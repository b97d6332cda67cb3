/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU smoke test: a Cortex-M image runs under qemu-system-arm,
 * prints on UART0, counts SysTick and exits through semihosting. Built as
 * build/qemu/<board>/hello.elf; `make check` runs it. */
#include "mps2.h"

int main(void)
{
    mps2_uart_init();
    mps2_tick_start();
    mps2_println("hello from " MPS2_BOARD_NAME);
    uint32_t t0 = mps2_millis();
    while (mps2_millis() - t0 < 20u)
        __asm__ volatile("wfi");
    mps2_println("systick ok");
    mps2_semihost_exit(0);
}
