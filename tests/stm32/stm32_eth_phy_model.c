/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the LAN87xx PHY behind the STM32 Ethernet MAC's MDIO (see
 * stm32_eth_model.h): reset, identification, auto-negotiation against a
 * partner, the link bit that latches low. The result comes from the
 * advertisement and the partner's abilities. */
#include "stm32_eth_model.h"

static uint16_t phy_result(void)
{
    uint16_t common = EM.anar & EM.partner;

    if (common & PHY_AN_100FD)
        return PHY_PSCSR_100FD;
    if (common & PHY_AN_100HD)
        return PHY_PSCSR_100HD;
    if (common & PHY_AN_10FD)
        return PHY_PSCSR_10FD;
    if (common & PHY_AN_10HD)
        return PHY_PSCSR_10HD;
    return 0;
}

static void phy_link_lost(void)
{
    if (EM.link)
        EM.latched_low = 1;
    EM.link = 0;
    EM.an_done = 0;
}

static void an_start(void)
{
    phy_link_lost();
    EM.an_running = 1;
    EM.an_left = EM.an_polls;
}

void em_cable(int on)
{
    EM.cable = on;
    if (!on) {
        phy_link_lost();
        EM.an_running = 0;
    } else if (EM.bcr & PHY_BCR_AN_ENABLE) {
        an_start();
    }
}

uint16_t em_phy_read(uint32_t reg)
{
    switch (reg) {
    case PHY_BCR:
        if (EM.phy_reset_left > 0) {
            if (!EM.phy_reset_stuck)
                EM.phy_reset_left--;
            return EM.bcr | PHY_BCR_RESET;
        }
        return EM.bcr;
    case PHY_BSR: {
        uint16_t v = 0x7809; /* 100FD, 100HD, 10FD, 10HD, AN able, extended */

        if (EM.an_running && EM.cable && EM.an_left-- <= 0) {
            EM.an_running = 0;
            if (phy_result() != 0) {
                EM.an_done = 1;
                EM.link = 1;
            }
        }
        if (EM.an_done)
            v |= PHY_BSR_AN_COMPLETE;
        if (EM.link && !EM.latched_low)
            v |= PHY_BSR_LINK;
        EM.latched_low = 0;
        return v;
    }
    case PHY_ID1: return PHY_OUI_ID1;
    case PHY_ID2: return EM.phy_id2;
    case PHY_ANAR: return EM.anar;
    case PHY_ANLPAR: return EM.an_done ? (uint16_t)(EM.partner | 1u) : 0;
    case PHY_PSCSR: return EM.an_done ? (uint16_t)(PHY_PSCSR_AUTODONE | phy_result() | 0x40) : 0x40;
    default: return 0;
    }
}

void em_phy_write(uint32_t reg, uint16_t v)
{
    if (reg == PHY_BCR) {
        if (v & PHY_BCR_RESET) {
            EM.phy_reset_left = EM.phy_reset_polls;
            EM.anar = 0x01E1;
            EM.bcr = PHY_BCR_AN_ENABLE | (1u << 13) | (1u << 8);
            phy_link_lost();
            EM.an_running = 0;
            return;
        }
        if (EM.phy_reset_left > 0)
            em_violation("PHY written during its reset", reg, v);
        EM.bcr = v & (uint16_t)~(PHY_BCR_RESET | PHY_BCR_AN_RESTART);
        if ((v & PHY_BCR_AN_ENABLE) && (v & PHY_BCR_AN_RESTART))
            an_start();
    } else if (reg == PHY_ANAR) {
        EM.anar = v;
    }
}
