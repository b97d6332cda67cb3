/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: MDIO and the LAN8742A / LAN8710A PHY (see eth_phy.h). */
#include "eth_phy.h"

#include "ob.h"
#include "stm32_mmio.h"

typedef struct {
    uint32_t min_hz; /* lowest HCLK of the range */
    uint32_t cr;
} cr_range;

/* Ascending; the last range ends at 216 MHz (RM0385 ETH_MACMIIAR). */
static const cr_range cr_table[] = {
    {20000000u, 2u},  /* /16 */
    {35000000u, 3u},  /* /26 */
    {60000000u, 0u},  /* /42 */
    {100000000u, 1u}, /* /62 */
    {150000000u, 4u}, /* /102 */
};
#define CR_MAX_HZ 216000000u

int eth_mdio_cr(uint32_t hclk_hz, uint32_t *cr)
{
    size_t i;

    if (hclk_hz < cr_table[0].min_hz || hclk_hz > CR_MAX_HZ)
        return OB_ERR_ARG;
    for (i = sizeof cr_table / sizeof cr_table[0]; i-- > 0;)
        if (hclk_hz >= cr_table[i].min_hz)
            break;
    *cr = cr_table[i].cr;
    return OB_OK;
}

static int mii_idle(eth_phy *p)
{
    uint32_t n;

    for (n = 0; n < p->poll_limit; n++)
        if ((stm32_rd(&p->regs->MACMIIAR) & ETH_MACMIIAR_MB) == 0)
            return OB_OK;
    return OB_ERR_TIMEOUT;
}

static uint32_t miiar(eth_phy *p, uint32_t reg)
{
    return ((uint32_t)(p->addr & 31u) << ETH_MACMIIAR_PA_SHIFT) |
           ((reg & 31u) << ETH_MACMIIAR_MR_SHIFT) |
           ((p->cr << ETH_MACMIIAR_CR_SHIFT) & ETH_MACMIIAR_CR_MASK) | ETH_MACMIIAR_MB;
}

int eth_mdio_read(eth_phy *p, uint32_t reg, uint16_t *val)
{
    int rc = mii_idle(p);

    if (rc != OB_OK)
        return rc;
    stm32_wr(&p->regs->MACMIIAR, miiar(p, reg));
    rc = mii_idle(p);
    if (rc != OB_OK)
        return rc;
    *val = (uint16_t)stm32_rd(&p->regs->MACMIIDR);
    return OB_OK;
}

int eth_mdio_write(eth_phy *p, uint32_t reg, uint16_t val)
{
    int rc = mii_idle(p);

    if (rc != OB_OK)
        return rc;
    /* Data first: the frame starts when MB is written. */
    stm32_wr(&p->regs->MACMIIDR, val);
    stm32_wr(&p->regs->MACMIIAR, miiar(p, reg) | ETH_MACMIIAR_MW);
    return mii_idle(p);
}

eth_phy_model eth_phy_identify(uint16_t id1, uint16_t id2)
{
    if (id1 != PHY_OUI_ID1)
        return ETH_PHY_OTHER;
    if ((id2 & PHY_ID2_MODEL_MASK) == PHY_ID2_LAN8742A)
        return ETH_PHY_LAN8742A;
    if ((id2 & PHY_ID2_MODEL_MASK) == PHY_ID2_LAN8710A)
        return ETH_PHY_LAN8710A;
    return ETH_PHY_OTHER;
}

const char *eth_phy_name(eth_phy_model m)
{
    return m == ETH_PHY_LAN8742A ? "LAN8742A" : m == ETH_PHY_LAN8710A ? "LAN8710A" : "(other)";
}

int eth_phy_init(eth_phy *p)
{
    uint16_t id1, id2, bcr = PHY_BCR_RESET;
    uint32_t n;
    int rc;

    p->model = ETH_PHY_OTHER;
    p->link.up = p->link.speed_100 = p->link.full_duplex = 0;
    rc = eth_mdio_read(p, PHY_ID1, &id1);
    if (rc == OB_OK)
        rc = eth_mdio_read(p, PHY_ID2, &id2);
    if (rc != OB_OK)
        return rc;
    /* A floating MDIO line reads all ones; a held-low one all zeros. */
    if ((id1 == 0xFFFFu && id2 == 0xFFFFu) || (id1 == 0 && id2 == 0))
        return OB_ERR_STATE;
    p->model = eth_phy_identify(id1, id2);

    /* Soft reset: BCR bit 15 clears itself when the PHY is ready. */
    rc = eth_mdio_write(p, PHY_BCR, PHY_BCR_RESET);
    for (n = 0; rc == OB_OK && n < p->reset_polls; n++) {
        rc = eth_mdio_read(p, PHY_BCR, &bcr);
        if (rc == OB_OK && (bcr & PHY_BCR_RESET) == 0)
            break;
    }
    if (rc != OB_OK)
        return rc;
    if (bcr & PHY_BCR_RESET)
        return OB_ERR_TIMEOUT;

    rc = eth_mdio_write(p, PHY_ANAR, PHY_AN_100FD | PHY_AN_100HD | PHY_AN_10FD | PHY_AN_10HD |
                                         PHY_AN_SELECTOR_8023);
    if (rc == OB_OK)
        rc = eth_mdio_write(p, PHY_BCR, PHY_BCR_AN_ENABLE | PHY_BCR_AN_RESTART);
    return rc;
}

/* Speed and duplex of an established link. Returns 0 if not (yet) known. */
static int resolve(eth_phy *p, eth_link *l)
{
    uint16_t v, anar, anlpar;
    uint32_t common;

    if (p->model != ETH_PHY_OTHER) {
        if (eth_mdio_read(p, PHY_PSCSR, &v) != OB_OK || !(v & PHY_PSCSR_AUTODONE))
            return 0;
        switch (v & PHY_PSCSR_SPEED_MASK) {
        case PHY_PSCSR_10HD: l->speed_100 = 0; l->full_duplex = 0; return 1;
        case PHY_PSCSR_10FD: l->speed_100 = 0; l->full_duplex = 1; return 1;
        case PHY_PSCSR_100HD: l->speed_100 = 1; l->full_duplex = 0; return 1;
        case PHY_PSCSR_100FD: l->speed_100 = 1; l->full_duplex = 1; return 1;
        default: return 0;
        }
    }
    if (eth_mdio_read(p, PHY_ANAR, &anar) != OB_OK || eth_mdio_read(p, PHY_ANLPAR, &anlpar) != OB_OK)
        return 0;
    common = (uint32_t)anar & anlpar;
    l->speed_100 = (common & (PHY_AN_100FD | PHY_AN_100HD)) != 0;
    l->full_duplex = (common & PHY_AN_100FD) != 0 ||
                     (!l->speed_100 && (common & PHY_AN_10FD) != 0);
    return (common & (PHY_AN_100FD | PHY_AN_100HD | PHY_AN_10FD | PHY_AN_10HD)) != 0;
}

int eth_phy_poll(eth_phy *p, eth_link *out)
{
    eth_link l = {0, 0, 0};
    uint16_t bsr;
    int rc = eth_mdio_read(p, PHY_BSR, &bsr);

    if (rc != OB_OK)
        return rc;
    if ((bsr & PHY_BSR_LINK) && (bsr & PHY_BSR_AN_COMPLETE) && resolve(p, &l))
        l.up = 1;
    else
        l.speed_100 = l.full_duplex = 0;
    *out = l;
    if (l.up == p->link.up && l.speed_100 == p->link.speed_100 &&
        l.full_duplex == p->link.full_duplex)
        return 0;
    p->link = l;
    return 1;
}
