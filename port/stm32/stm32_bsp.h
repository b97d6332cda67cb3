/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: what the port's own glue (the network) needs from its
 * board support package (bsp.c) beyond port/bsp.h. */
#ifndef STM32_BSP_H
#define STM32_BSP_H

#include <stdint.h>

/* HCLK as bsp_start set it up (the Ethernet MDC divider depends on it). */
uint32_t stm32_bsp_hclk_hz(void);
/* Called by bsp_halt before it settles into its loop; empty (weak) except
 * under QEMU, where it ends the run with the "halted" exit code. */
void stm32_halt_hook(void);

#endif
