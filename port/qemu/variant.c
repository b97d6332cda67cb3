/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: what one build variant of an mps2 firmware is: the
 * board's layout for its profile, and whether it is a development-mode
 * build (plain gzip accepted, fully checked), and how long rescue entered on
 * the application's request waits for an install before going back to it.
 * mk/qemu.mk compiles this file once per variant with
 * -DMPS2_LAYOUT=<layout object> -DMPS2_DEV_MODE=0|1 -DMPS2_RESCUE_RETURN_MS=N;
 * the rest of every image is the same code. */
#include "mps2_variant.h"

const ob_layout *const mps2_layout = &MPS2_LAYOUT;
const uint8_t mps2_dev_mode = MPS2_DEV_MODE;
const uint32_t mps2_rescue_return_ms = MPS2_RESCUE_RETURN_MS;
