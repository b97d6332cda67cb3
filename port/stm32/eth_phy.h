/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: MDIO through the MAC's station management interface,
 * and the PHY driver for the Microchip (SMSC) LAN8742A and LAN8710A.
 *
 * MDIO: ETH_MACMIIAR / ETH_MACMIIDR (RM0090 33.4.2 "Station management
 * agent", same in RM0033 29.4.2 and RM0385 38.4.2). A read or write sets MB,
 * the MAC clears it when the MDIO frame is done; every wait is bounded.
 *
 * PHY: IEEE 802.3 clause 22 registers 0 (basic control), 1 (basic status),
 * 2/3 (identifier), 4 (auto-negotiation advertisement), 5 (link partner
 * ability), and the LAN87xx vendor register 31 "PHY special control/status"
 * (LAN8742A datasheet DS00001989 section 4.2.22, LAN8710A datasheet
 * DS00002164 section 4.2: bit 12 auto-negotiation done, bits 4:2 speed
 * indication 001 10BASE-T half, 101 10BASE-T full, 010 100BASE-TX half,
 * 110 100BASE-TX full). A PHY with another identifier is driven through the
 * standard registers alone: its result is resolved from registers 4 and 5
 * with the priority of IEEE 802.3 annex 28B.3. */
#ifndef ETH_PHY_H
#define ETH_PHY_H

#include <stdint.h>

#include "eth_mac.h"

/* Clause 22 registers and bits. */
#define PHY_BCR 0u
#define PHY_BSR 1u
#define PHY_ID1 2u
#define PHY_ID2 3u
#define PHY_ANAR 4u
#define PHY_ANLPAR 5u
#define PHY_PSCSR 31u

#define PHY_BCR_RESET (1u << 15)
#define PHY_BCR_AN_ENABLE (1u << 12)
#define PHY_BCR_AN_RESTART (1u << 9)
#define PHY_BSR_AN_COMPLETE (1u << 5)
#define PHY_BSR_LINK (1u << 2)   /* latches low until read */
#define PHY_AN_10HD (1u << 5)
#define PHY_AN_10FD (1u << 6)
#define PHY_AN_100HD (1u << 7)
#define PHY_AN_100FD (1u << 8)
#define PHY_AN_SELECTOR_8023 1u
#define PHY_PSCSR_AUTODONE (1u << 12)
#define PHY_PSCSR_SPEED_MASK (7u << 2)
#define PHY_PSCSR_10HD (1u << 2)
#define PHY_PSCSR_100HD (2u << 2)
#define PHY_PSCSR_10FD (5u << 2)
#define PHY_PSCSR_100FD (6u << 2)

#define PHY_OUI_ID1 0x0007u       /* Microchip/SMSC */
#define PHY_ID2_MODEL_MASK 0xFFF0u /* low 4 bits: revision */
#define PHY_ID2_LAN8742A 0xC130u
#define PHY_ID2_LAN8710A 0xC0F0u  /* also LAN8720A: same register set */

typedef enum { ETH_PHY_OTHER = 0, ETH_PHY_LAN8742A, ETH_PHY_LAN8710A } eth_phy_model;

/* The model identifier registers 2 and 3 name (revision bits ignored);
 * ETH_PHY_OTHER for any other PHY. */
eth_phy_model eth_phy_identify(uint16_t id1, uint16_t id2);
/* "LAN8742A", "LAN8710A" or "(other)". */
const char *eth_phy_name(eth_phy_model m);

typedef struct {
    uint8_t up;
    uint8_t speed_100;
    uint8_t full_duplex;
} eth_link;

typedef struct {
    eth_regs *regs;
    uint8_t addr;          /* PHY address on the MDIO bus (0 on all four boards) */
    uint32_t cr;           /* MACMIIAR.CR field, from eth_mdio_cr */
    uint32_t poll_limit;   /* MB polls per MDIO frame */
    uint32_t reset_polls;  /* BCR reads while waiting for the PHY reset */
    eth_phy_model model;
    eth_link link;         /* last reported */
} eth_phy;

/* MB polls per frame: an MDIO frame is 64 bits at >= 1 MHz (< 64 us), a poll
 * at least a few cycles; 100000 polls cover it at 216 MHz with margin. */
#define ETH_MDIO_POLLS 100000u
/* The LAN87xx reset completes in well under 0.5 s; one BCR read takes a
 * whole MDIO frame (about 26 us at 2.5 MHz), so 20000 reads are >= 0.5 s. */
#define ETH_PHY_RESET_POLLS 20000u

/* MACMIIAR.CR for an HCLK (RM0090 ETH_MACMIIAR: 20-35 MHz /16, 35-60 /26,
 * 60-100 /42, 100-150 /62, 150-216 /102 (150-168 in RM0090, to 216 in
 * RM0385); MDC must stay at or below 2.5 MHz (IEEE 802.3 22.2.2.13)).
 * OB_ERR_ARG below 20 MHz or above 216 MHz. */
int eth_mdio_cr(uint32_t hclk_hz, uint32_t *cr);

/* One clause 22 frame. OB_ERR_TIMEOUT if MB stays set (before or after). */
int eth_mdio_read(eth_phy *p, uint32_t reg, uint16_t *val);
int eth_mdio_write(eth_phy *p, uint32_t reg, uint16_t val);

/* Identifies the PHY (OB_ERR_STATE when nothing answers: 0x0000/0xFFFF),
 * resets it (bounded), advertises 10/100 half/full and starts
 * auto-negotiation. Link state starts down. */
int eth_phy_init(eth_phy *p);

/* Reads the link state once (call it every 100 ms or so). *out gets the
 * current state; returns 1 if it differs from the last one reported, 0 if
 * not, an error if MDIO failed. A link that dropped between two polls is
 * reported down once (basic status link bit latches low). */
int eth_phy_poll(eth_phy *p, eth_link *out);

#endif
