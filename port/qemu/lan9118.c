/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: LAN9118 driver, polled (see lan9118.h). */
#include "lan9118.h"

#define R(base, off) (*(volatile uint32_t *)((base) + (off)))
#define RX_DATA 0x00u
#define TX_DATA 0x20u
#define RX_STATUS 0x40u
#define TX_STATUS 0x48u
#define BYTE_TEST 0x64u
#define INT_EN 0x5Cu
#define RX_CFG 0x6Cu
#define TX_CFG 0x70u
#define HW_CFG 0x74u
#define RX_DP_CTRL 0x78u
#define RX_FIFO_INF 0x7Cu
#define TX_FIFO_INF 0x80u
#define PMT_CTRL 0x84u
#define MAC_CSR_CMD 0xA4u
#define MAC_CSR_DATA 0xA8u

#define HW_CFG_SRST 0x1u
#define PMT_READY 0x1u
#define TX_CFG_TX_ON 0x2u
#define CSR_BUSY 0x80000000u
#define CSR_READ 0x40000000u
#define RX_DP_FFWD 0x80000000u
/* MAC CSRs (datasheet 5.4): index into the indirect space */
#define MAC_CR 1u
#define MAC_ADDRH 2u
#define MAC_ADDRL 3u
#define MAC_CR_RXEN (1u << 2)
#define MAC_CR_TXEN (1u << 3)
#define MAC_CR_FDPX (1u << 20)
/* TX command A (3.12.2): first and last segment, buffer size in 10:0 */
#define TXA_FIRST (1u << 13)
#define TXA_LAST (1u << 12)
/* RX status (3.13.3): packet length 29:16 (with FCS), error summary bit 15 */
#define RXS_ES (1u << 15)

/* Bounded waits: a missing or wedged controller must not hang the boot. */
#define SPIN 100000u

static int mac_wait(uint32_t base)
{
    for (uint32_t i = 0; i < SPIN; i++)
        if (!(R(base, MAC_CSR_CMD) & CSR_BUSY))
            return 0;
    return -1;
}

static uint32_t mac_read(uint32_t base, uint32_t reg)
{
    (void)mac_wait(base);
    R(base, MAC_CSR_CMD) = CSR_BUSY | CSR_READ | reg;
    (void)mac_wait(base);
    return R(base, MAC_CSR_DATA);
}

static void mac_write(uint32_t base, uint32_t reg, uint32_t val)
{
    (void)mac_wait(base);
    R(base, MAC_CSR_DATA) = val;
    R(base, MAC_CSR_CMD) = CSR_BUSY | reg;
    (void)mac_wait(base);
}

int lan9118_init(uint32_t base, uint8_t mac[6])
{
    uint32_t i;
    if (R(base, BYTE_TEST) != 0x87654321u)
        return -1;
    R(base, HW_CFG) = HW_CFG_SRST;
    for (i = 0; i < SPIN && (R(base, HW_CFG) & HW_CFG_SRST); i++)
        ;
    for (i = 0; i < SPIN && !(R(base, PMT_CTRL) & PMT_READY); i++)
        ;
    if (i == SPIN)
        return -1;
    R(base, INT_EN) = 0;
    R(base, RX_CFG) = 0; /* no offset, no end padding */
    uint32_t lo = mac_read(base, MAC_ADDRL), hi = mac_read(base, MAC_ADDRH);
    for (i = 0; i < 4; i++)
        mac[i] = (uint8_t)(lo >> (8 * i));
    mac[4] = (uint8_t)hi;
    mac[5] = (uint8_t)(hi >> 8);
    R(base, TX_CFG) = TX_CFG_TX_ON;
    /* Own address, broadcast; not promiscuous (the reset default in QEMU). */
    mac_write(base, MAC_CR, MAC_CR_RXEN | MAC_CR_TXEN | MAC_CR_FDPX);
    return 0;
}

uint32_t lan9118_rx_pending(uint32_t base)
{
    return (R(base, RX_FIFO_INF) >> 16) & 0xFFu; /* RXSUSED */
}

static void rx_skip(uint32_t base, uint32_t words)
{
    if (words >= 4) {
        R(base, RX_DP_CTRL) = RX_DP_FFWD; /* datasheet 3.13.1.1: fast-forward */
        for (uint32_t i = 0; i < SPIN && (R(base, RX_DP_CTRL) & RX_DP_FFWD); i++)
            ;
    } else {
        while (words--)
            (void)R(base, RX_DATA);
    }
}

uint32_t lan9118_rx_read(uint32_t base, uint32_t *buf, uint32_t cap)
{
    if (((R(base, RX_FIFO_INF) >> 16) & 0xFFu) == 0)
        return 0;
    uint32_t st = R(base, RX_STATUS);
    uint32_t len = (st >> 16) & 0x3FFFu; /* with the 4-byte FCS */
    uint32_t words = (len + 3u) / 4u;
    if ((st & RXS_ES) || len < 4u + 14u || len - 4u > cap || words * 4u > cap + 4u) {
        rx_skip(base, words);
        return 0;
    }
    for (uint32_t i = 0; i < words; i++)
        buf[i] = R(base, RX_DATA);
    return len - 4u;
}

int lan9118_tx(uint32_t base, const uint32_t *frame, uint32_t len)
{
    static uint16_t tag;
    /* Drain TX status words so the status FIFO never fills. */
    while ((R(base, TX_FIFO_INF) >> 16) & 0xFFu)
        (void)R(base, TX_STATUS);
    if ((R(base, TX_FIFO_INF) & 0xFFFFu) < len + 8u || len > 0x7FFu)
        return -1;
    tag++;
    R(base, TX_DATA) = TXA_FIRST | TXA_LAST | len;
    R(base, TX_DATA) = ((uint32_t)tag << 16) | len;
    for (uint32_t i = 0; i < (len + 3u) / 4u; i++)
        R(base, TX_DATA) = frame[i];
    return 0;
}
