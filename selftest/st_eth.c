/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: the Ethernet MAC, its DMA and the PHY, without the
 * network: the RMII pins (the board's BOARD_ETH, eth_pins.c), the MAC reset
 * (which completes only with the PHY's 50 MHz REF_CLK), the PHY identifier over MDIO (IEEE 802.3
 * clause 22 registers 2 and 3), and 100 frames through the MAC's internal
 * loopback (st_loop.h). The driver is port/stm32/eth_*.c. */
#include "st.h"

#include "eth_phy.h"
#include "eth_pins.h"
#include "st_loop.h"
#include "stm32_mmio.h"

#define LOOP_FRAMES 100u
#define LOOP_POLLS 200000u /* receive polls per frame: a 1514-byte frame takes 121 us */

static eth_dma_mem st_dma ETH_DMA_MEM_ATTR;

int st_eth_check(const st_ctx *c)
{
    const eth_board *b = c->eth;
    eth_mac m = ETH_MAC_ON_CHIP(&st_dma, c->fam->cache == STM32_CACHE_L1 ? &eth_cache_l1 : NULL);
    eth_phy phy = {0};
    /* Locally administered, never seen on a wire: frames stay in the MAC. */
    static const uint8_t mac[6] = {0x02, 0x00, 0x5E, 0x57, 0x00, 0x01};
    uint16_t id1 = 0, id2 = 0;
    uint32_t seq, n, len = 0, bad = 0, ok = 0;
    int rc, v = -1;
    ob_line l;

    if (b == NULL) {
        st_report(ST_SKIP, "eth.mac", "no Ethernet on this board");
        return 0;
    }
    eth_pins_setup(b);
    rc = eth_mac_init(&m, mac);
    /* DMABMR reads back what eth_mac_init wrote (never 0 on the chip: the
     * DSL and burst fields are set); where no MAC answers (QEMU's STM32
     * models read 0 everywhere) its "reset" also seems to complete. */
    if (rc == OB_OK && stm32_rd(&m.regs->DMABMR) == 0) {
        st_report(ST_SKIP, "eth.mac", "ETH_DMABMR reads 0 after set-up: no Ethernet MAC (QEMU)");
        return 0;
    }
    if (rc != OB_OK) {
        st_report(ST_FAIL, "eth.mac", rc == OB_ERR_TIMEOUT ? "DMA reset did not complete: no 50 MHz REF_CLK from the PHY (PA1)"
                                                           : ob_strerror(rc));
        return 0;
    }
    st_report(ST_PASS, "eth.mac", "MAC and DMA reset completed: the PHY's 50 MHz REF_CLK reaches PA1");

    phy.regs = m.regs;
    phy.addr = b->phy_addr;
    phy.poll_limit = ETH_MDIO_POLLS;
    if (eth_mdio_cr(c->clk->hclk_hz, &phy.cr) != OB_OK) {
        st_report(ST_FAIL, "eth.phy", "HCLK below 20 MHz: no MDC clock range (RM0090 ETH_MACMIIAR.CR)");
        return 0;
    }
    rc = eth_mdio_read(&phy, PHY_ID1, &id1);
    if (rc == OB_OK)
        rc = eth_mdio_read(&phy, PHY_ID2, &id2);
    ob_line_init(&l);
    ob_line_str(ob_line_u32(ob_line_str(&l, "address "), phy.addr), ": identifier ");
    ob_line_hex(&l, (uint32_t)id1 << 16 | id2);
    if (rc != OB_OK) {
        ob_line_str(&l, ", MDIO timed out (MB stuck)");
        st_report(ST_FAIL, "eth.phy", l.buf);
        return 0;
    }
    if (eth_phy_identify(id1, id2) == b->phy) {
        ob_line_str(ob_line_str(&l, ", "), eth_phy_name(b->phy));
        st_report(ST_PASS, "eth.phy", l.buf);
    } else {
        ob_line_str(ob_line_str(&l, ", expected a "), eth_phy_name(b->phy));
        st_report(ST_FAIL, "eth.phy", l.buf);
        return 0;
    }

    rc = st_loop_start(&m, mac);
    for (seq = 0; rc == OB_OK && seq < LOOP_FRAMES; seq++) {
        rc = st_loop_send(&m, seq, mac);
        for (n = 0, v = -1; rc == OB_OK && v < 0 && n < LOOP_POLLS; n++)
            v = st_loop_recv(&m, seq, mac, &len, &bad);
        if (v != ST_FRAME_OK)
            break;
        ok++;
    }
    st_loop_stop(&m);
    st_kick();
    ob_line_init(&l);
    ob_line_str(ob_line_u32(&l, ok), " of ");
    ob_line_str(ob_line_u32(&l, LOOP_FRAMES), " frames (60..1514 bytes) came back intact through TX DMA, MAC loopback, RX DMA");
    if (rc != OB_OK) {
        ob_line_str(ob_line_str(&l, "; "), ob_strerror(rc));
    } else if (v < 0) {
        ob_line_str(ob_line_u32(ob_line_str(&l, "; frame "), seq), " never came back");
    } else if (v != ST_FRAME_OK) {
        ob_line_str(ob_line_u32(ob_line_str(&l, "; frame "), seq), v == ST_FRAME_BAD_LEN ? " came back " : " differs at byte ");
        ob_line_u32(&l, v == ST_FRAME_BAD_LEN ? len : bad);
        if (v == ST_FRAME_BAD_LEN)
            ob_line_str(&l, " bytes long");
    }
    st_report(ok == LOOP_FRAMES ? ST_PASS : ST_FAIL, "eth.loopback", l.buf);
    return 1;
}
