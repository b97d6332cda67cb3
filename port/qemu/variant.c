/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: what one build variant of an mps2 firmware is: the
 * board's layout for its profile, and how long rescue entered on the
 * application's request waits for an install before going back to it.
 * port/qemu/port.mk compiles this file once per variant with
 * -DMPS2_LAYOUT=<layout object> -DMPS2_RESCUE_RETURN_MS=N; the rest of every
 * image is the same code. Whether it is a development board follows from the
 * keys linked in (ob_fw_keys, core/ob_port.h). */
#include "mps2_variant.h"

const ob_layout *const mps2_layout = &MPS2_LAYOUT;
const uint32_t mps2_rescue_return_ms = MPS2_RESCUE_RETURN_MS;
