/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the registry of every layout, for the host tool, the virtual board
 * and the build-time checker. Firmware does not link this file. */
#include <string.h>

#include "layouts.h"

/* all_layouts.inc: OB_LAYOUT(<name>) for each table of boards/<board>/layout.c,
 * written by scripts/board-lists.sh (the Makefile runs it): boards in
 * folder-name order, each board's slot and direct layouts, then every
 * board's rollback layout. An index into this table is a fuzz corpus
 * parameter and picks the power-cut harness's jobs. */
#define OB_LAYOUT(name) extern const ob_layout name;
#include "all_layouts.inc"
#undef OB_LAYOUT

#define OB_LAYOUT(name) &name,
const ob_layout *const ob_all_layouts[] = {
#include "all_layouts.inc"
    NULL,
};
#undef OB_LAYOUT

/* Lives here rather than in core/layout.c so that a firmware linking the core
 * has no reference to the registry. */
const ob_layout *ob_layout_find(const char *board, ob_profile profile)
{
    if (board == NULL)
        return NULL;
    for (const ob_layout *const *l = ob_all_layouts; *l != NULL; l++)
        if ((*l)->profile == profile && strcmp((*l)->board, board) == 0)
            return *l;
    return NULL;
}
