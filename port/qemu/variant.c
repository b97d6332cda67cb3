/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: what one build variant of an mps2 firmware is: the
 * board's layout for its profile. mk/qemu.mk compiles this file once per
 * variant with -DMPS2_LAYOUT=<layout object>; whether it is a development
 * board follows from the keys linked in (port/firmware/ob_fw_keys.h). */
#include "mps2_variant.h"

const ob_layout *const mps2_layout = &MPS2_LAYOUT;
