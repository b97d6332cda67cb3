/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: board facts the checks compare against.
 * LSE: the Nucleo-144 boards carry the 32.768 kHz crystal X2 on PC14/PC15
 * (UM1974 section "LSE clock", its default configuration); the Olimex
 * STM32-E407 carries a 32.768 kHz crystal on PC14/PC15 (STM32-E407 schematic,
 * rev. B and later). PHY: LAN8742A on the Nucleo-144 (UM1974 "Ethernet"),
 * LAN8710A on the E407 (its schematic); identifiers from the PHY datasheets
 * (eth_phy.h). The QEMU netduinoplus2 build calls itself olimex-e407. */
#include "st.h"

#include <string.h>

#include "eth_phy.h"

static const st_board boards[] = {
    {"nucleo-f207zg", ST_CHIP_F2, 1, PHY_ID2_LAN8742A, "LAN8742A"},
    {"olimex-e407", ST_CHIP_F40X, 1, PHY_ID2_LAN8710A, "LAN8710A"},
    {"nucleo-f429zi", ST_CHIP_F42X, 1, PHY_ID2_LAN8742A, "LAN8742A"},
    {"nucleo-f746zg", ST_CHIP_F7, 1, PHY_ID2_LAN8742A, "LAN8742A"},
};

const st_board *st_board_find(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof boards / sizeof boards[0]; i++)
        if (strcmp(boards[i].board, name) == 0)
            return &boards[i];
    return NULL;
}
