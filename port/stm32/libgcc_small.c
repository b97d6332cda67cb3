/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: a small unsigned 64-bit division for the firmware.
 *
 * Cortex-M has no 64-bit divide; GCC calls __aeabi_uldivmod (ARM "Run-time
 * ABI for the Arm Architecture", IHI 0043, section 4.2) for uint64_t / and %.
 * libgcc's version is about 750 bytes - 5 % of bl1's 16 KiB sector - for the
 * odd 64-bit division in geometry helpers. This one is a 64-step restoring
 * division: slow (a few hundred cycles) and about 100 bytes. It takes
 * precedence over libgcc's at link time. stm32_udiv64 is plain C and is
 * checked against the host's division by tests/stm32/test_stm32_udiv.c. */
#include <stdint.h>

uint64_t stm32_udiv64(uint64_t n, uint64_t d, uint64_t *rem);

uint64_t stm32_udiv64(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;
    int i;

    if (d == 0) {
        /* libgcc would call __aeabi_ldiv0, which returns; give the same
         * all-ones quotient a hardware divider gives, never trap in bl1. */
        *rem = n;
        return UINT64_MAX;
    }
    /* Shifts by constants only: a variable 64-bit shift would be a call. */
    for (i = 0; i < 64; i++) {
        r = (r << 1) | (n >> 63);
        n <<= 1;
        q <<= 1;
        if (r >= d) {
            r -= d;
            q |= 1u;
        }
    }
    *rem = r;
    return q;
}

#ifndef STM32_REG_MODEL
/* AEABI: numerator r0:r1, denominator r2:r3; quotient r0:r1, remainder
 * r2:r3. The remainder goes through an 8-byte slot on the stack, whose
 * address is stm32_udiv64's fifth argument word (AAPCS: on the stack). */
__attribute__((naked)) void __aeabi_uldivmod(void)
{
    __asm__ volatile("push {lr}\n"
                     "sub sp, sp, #12\n" /* keeps sp 8-byte aligned at the call */
                     "add ip, sp, #4\n"
                     "str ip, [sp]\n"
                     "bl stm32_udiv64\n"
                     "ldr r2, [sp, #4]\n"
                     "ldr r3, [sp, #8]\n"
                     "add sp, sp, #12\n"
                     "pop {pc}\n");
}
#endif
