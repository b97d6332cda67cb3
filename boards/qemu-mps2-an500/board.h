/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: mps2-an500 (Cortex-M7) addresses, from QEMU 7.2
 * hw/arm/mps2.c and Arm AN500 (the FPGA image it models). */
#ifndef MPS2_BOARD_H
#define MPS2_BOARD_H

#include "layouts.h"

#define MPS2_BOARD_NAME "qemu-mps2-an500"
#define MPS2_ETH_BASE 0xA0000000u   /* LAN9118 */

#endif
