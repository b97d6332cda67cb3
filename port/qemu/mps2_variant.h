/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: the build variant (variant.c). */
#ifndef MPS2_VARIANT_H
#define MPS2_VARIANT_H

#include "mps2.h"

extern const ob_layout *const mps2_layout; /* this board's layout, this profile */
extern const uint32_t mps2_rescue_return_ms; /* rescue on request: back to the application after */

#endif
