/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU netduinoplus2: ends the emulation with an exit code.
 *
 * ARM semihosting (Arm "Semihosting for AArch32 and AArch64", version 2):
 * on M-profile the call is BKPT 0xAB with the operation in r0 and its
 * argument in r1. SYS_EXIT_EXTENDED (0x20) takes a block {reason, code};
 * with reason ADP_Stopped_ApplicationExit QEMU exits with `code`
 * (-semihosting-config enable=on,target=native). On real hardware without
 * a debugger BKPT faults, which is why only QEMU builds link this file. */
#include <stdint.h>

#include "qemu_exit.h"
#include "bsp.h"
#include "stm32_bsp.h"
#include "stm32_uart.h"

#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

void qemu_exit(int code)
{
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};

    stm32_uart_flush();
    /* r0/r1 loaded inside the asm: a call between loading and BKPT would
     * clobber them. */
    __asm__ volatile("mov r0, %0\n"
                     "mov r1, %1\n"
                     "bkpt 0xab\n"
                     :
                     : "r"(SYS_EXIT_EXTENDED), "r"(block)
                     : "r0", "r1", "memory");
    for (;;)
        __asm__ volatile("nop");
}

/* A fault in a QEMU test run ends it at once with a code no test expects. */
void stm32_fault(void)
{
    stm32_uart_puts("fault: exception taken, ending the QEMU run\n");
    qemu_exit(QEMU_EXIT_FAULT);
}

/* bl1 found nothing to start (port/stm32/bsp.c, bsp_halt). */
void stm32_halt_hook(void)
{
    qemu_exit(QEMU_EXIT_HALT);
}

/* The demo's verdict (port/bsp.h). */
void bsp_exit(int passed)
{
    qemu_exit(passed ? QEMU_EXIT_APP_OK : QEMU_EXIT_SELFTEST);
}
