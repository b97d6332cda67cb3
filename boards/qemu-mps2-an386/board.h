/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: mps2-an386 (Cortex-M4) addresses, from QEMU 7.2
 * hw/arm/mps2.c and Arm AN386 (the FPGA image it models). */
#ifndef MPS2_BOARD_H
#define MPS2_BOARD_H

#include "layouts.h"

#define MPS2_BOARD_NAME "qemu-mps2-an386"
#define MPS2_ETH_BASE 0x40200000u   /* LAN9118 (SMSC LAN9220 on the real board) */

#endif
