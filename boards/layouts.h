/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: what a board's layout.c needs (core/layout.h, OB_KIB), and the
 * layout a firmware is built for. Each boards/<board>/layout.c defines its
 * tables as `const ob_layout ob_layout_<board>_<profile>`; the host library
 * links them all and lists them in ob_all_layouts (boards/registry.c, from
 * the board folders: scripts/board-lists.sh). A firmware links only its own
 * board's layout.c and names its layout on the command line:
 * OB_BOARD_LAYOUT (port/stm32/port.mk) or MPS2_LAYOUT (port/qemu/port.mk). */
#ifndef OB_LAYOUTS_H
#define OB_LAYOUTS_H

#include "layout.h"

#define OB_KIB(n) ((uint32_t)(n) * 1024u)

#ifdef OB_BOARD_LAYOUT
extern const ob_layout OB_BOARD_LAYOUT;
#endif
#ifdef MPS2_LAYOUT
extern const ob_layout MPS2_LAYOUT;
#endif

#endif
