/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: the Ethernet MAC and its DMA (one Synopsys IP on the
 * F2, F4 and F7), polled, in RMII mode.
 *
 * Sources: RM0033 chapter 29, RM0090 chapter 33, RM0385 chapter 38
 * ("Ethernet (ETH): media access control (MAC) with DMA controller"): the
 * register maps (MAC, DMA), the normal TX/RX descriptor formats (TDES0-3,
 * RDES0-3), the DMA initialisation and the TX/RX DMA operation flow charts.
 * SYSCFG_PMC.MII_RMII_SEL: RM0033 8.2.2, RM0090 9.2.2, RM0385 7.2.2.
 *
 * Memory model. Descriptors and buffers live in one eth_dma_mem block that the
 * firmware places in the linker section ETH_DMA_SECTION. Every descriptor is
 * padded to one 32-byte line (DSL = 4 words, "descriptor skip length" in
 * ETH_DMABMR), every buffer starts on a line and is a whole number of lines.
 * That is what makes cache maintenance by address safe on the F7 (a clean or
 * invalidate of one descriptor never touches a neighbour the DMA owns), and it
 * costs nothing on the F2/F4, which have no data cache: their cache ops are
 * NULL. See docs/ETHERNET.md for why maintenance by address was chosen over
 * an MPU region.
 *
 * Ownership. The CPU hands a descriptor to the DMA by writing OWN last, after
 * the buffer (cleaned to memory on the F7), the length and the buffer address;
 * it takes one back only when it reads OWN = 0. A descriptor the DMA owns is
 * never written: a full TX ring is OB_ERR_BUSY (back-pressure), not an
 * overwrite. */
#ifndef ETH_MAC_H
#define ETH_MAC_H

#include <stddef.h>
#include <stdint.h>

#include "stm32_opt.h" /* ETH_RX_DESC_COUNT, ETH_TX_DESC_COUNT, ETH_DMA_SECTION */
#include "stm32_regs.h"

/* ---- Register map (RM0090 33.8.5 register map table; same offsets in
 * RM0033 29.8.5 and RM0385 38.8.5). Only what the driver uses is named. ---- */
typedef struct {
    reg32 MACCR;      /* 0x0000 configuration */
    reg32 MACFFR;     /* 0x0004 frame filter */
    reg32 MACHTHR;    /* 0x0008 */
    reg32 MACHTLR;    /* 0x000C */
    reg32 MACMIIAR;   /* 0x0010 MII (MDIO) address */
    reg32 MACMIIDR;   /* 0x0014 MII data */
    reg32 MACFCR;     /* 0x0018 flow control */
    reg32 MACVLANTR;  /* 0x001C */
    reg32 rsv0[6];    /* 0x0020 .. 0x0034 (wake-up, PMT, debug on F42x/F7) */
    reg32 MACSR;      /* 0x0038 */
    reg32 MACIMR;     /* 0x003C */
    reg32 MACA0HR;    /* 0x0040 MAC address 0 high */
    reg32 MACA0LR;    /* 0x0044 MAC address 0 low */
    reg32 rsv1[1006]; /* 0x0048 .. 0x0FFC: more addresses, MMC, PTP */
    reg32 DMABMR;     /* 0x1000 bus mode */
    reg32 DMATPDR;    /* 0x1004 transmit poll demand */
    reg32 DMARPDR;    /* 0x1008 receive poll demand */
    reg32 DMARDLAR;   /* 0x100C receive descriptor list address */
    reg32 DMATDLAR;   /* 0x1010 transmit descriptor list address */
    reg32 DMASR;      /* 0x1014 status (write 1 to clear) */
    reg32 DMAOMR;     /* 0x1018 operation mode */
    reg32 DMAIER;     /* 0x101C interrupt enable */
    reg32 DMAMFBOCR;  /* 0x1020 missed frames and buffer overflow counter */
} eth_regs;
#define ETH_BASE 0x40028000u
#define SYSCFG_PMC_ADDR 0x40013804u /* SYSCFG base 0x40013800 + PMC 0x04 */

#define SYSCFG_PMC_MII_RMII_SEL (1u << 23)
#define RCC_APB2ENR_SYSCFGEN (1u << 14)
#define RCC_AHB1ENR_ETHMAC (7u << 25)  /* ETHMACEN, ETHMACTXEN, ETHMACRXEN */
#define RCC_AHB1RSTR_ETHMACRST (1u << 25)

/* ETH_MACCR */
#define ETH_MACCR_RE (1u << 2)
#define ETH_MACCR_TE (1u << 3)
#define ETH_MACCR_DM (1u << 11)   /* full duplex */
#define ETH_MACCR_FES (1u << 14)  /* 100 Mbit/s */
#define ETH_MACCR_CTRL (ETH_MACCR_RE | ETH_MACCR_TE | ETH_MACCR_DM | ETH_MACCR_FES)

/* ETH_MACFFR */
#define ETH_MACFFR_PAM (1u << 4)  /* pass all multicast */

/* ETH_MACMIIAR */
#define ETH_MACMIIAR_MB (1u << 0)
#define ETH_MACMIIAR_MW (1u << 1)
#define ETH_MACMIIAR_CR_SHIFT 2u
#define ETH_MACMIIAR_CR_MASK (7u << 2)
#define ETH_MACMIIAR_MR_SHIFT 6u
#define ETH_MACMIIAR_PA_SHIFT 11u

/* ETH_DMABMR */
#define ETH_DMABMR_SR (1u << 0)
#define ETH_DMABMR_DSL_SHIFT 2u
#define ETH_DMABMR_EDFE (1u << 7)
#define ETH_DMABMR_PBL_SHIFT 8u
#define ETH_DMABMR_FB (1u << 16)
#define ETH_DMABMR_RDP_SHIFT 17u
#define ETH_DMABMR_USP (1u << 23)
#define ETH_DMABMR_AAB (1u << 25)

/* ETH_DMASR */
#define ETH_DMASR_TS (1u << 0)
#define ETH_DMASR_TPSS (1u << 1)
#define ETH_DMASR_TBUS (1u << 2)
#define ETH_DMASR_TJTS (1u << 3)
#define ETH_DMASR_ROS (1u << 4)
#define ETH_DMASR_TUS (1u << 5)
#define ETH_DMASR_RS (1u << 6)
#define ETH_DMASR_RBUS (1u << 7)
#define ETH_DMASR_RPSS (1u << 8)
#define ETH_DMASR_RWTS (1u << 9)
#define ETH_DMASR_ETS (1u << 10)
#define ETH_DMASR_FBES (1u << 13)
#define ETH_DMASR_ERS (1u << 14)
#define ETH_DMASR_AIS (1u << 15)
#define ETH_DMASR_NIS (1u << 16)
#define ETH_DMASR_W1C 0x0001E7FFu /* every write-1-to-clear status bit */
#define ETH_DMASR_TPS_SHIFT 20u   /* 3 bits: 000 stopped */
#define ETH_DMASR_TPS_MASK (7u << 20)

/* ETH_DMAOMR */
#define ETH_DMAOMR_SR (1u << 1)
#define ETH_DMAOMR_ST (1u << 13)
#define ETH_DMAOMR_FTF (1u << 20)
#define ETH_DMAOMR_TSF (1u << 21)
#define ETH_DMAOMR_RSF (1u << 25)

/* ---- Normal descriptors (RM0090 33.6.7 "DMA descriptors") ---- */
#define ETH_TDES0_OWN (1u << 31)
#define ETH_TDES0_IC (1u << 30)
#define ETH_TDES0_LS (1u << 29)
#define ETH_TDES0_FS (1u << 28)
#define ETH_TDES0_TER (1u << 21)
#define ETH_TDES0_TCH (1u << 20)
#define ETH_TDES0_ES (1u << 15)
#define ETH_TDES1_TBS1_MASK 0x1FFFu

#define ETH_RDES0_OWN (1u << 31)
#define ETH_RDES0_FL_SHIFT 16u
#define ETH_RDES0_FL_MASK (0x3FFFu << 16)
#define ETH_RDES0_ES (1u << 15)
#define ETH_RDES0_DE (1u << 14)
#define ETH_RDES0_OE (1u << 11)
#define ETH_RDES0_FS (1u << 9)
#define ETH_RDES0_LS (1u << 8)
#define ETH_RDES0_CE (1u << 1)
#define ETH_RDES1_RER (1u << 15)
#define ETH_RDES1_RCH (1u << 14)
#define ETH_RDES1_RBS1_MASK 0x1FFFu

/* ---- Sizes (ring lengths: ETH_RX_DESC_COUNT, ETH_TX_DESC_COUNT in stm32_opt.h) ---- */
#define ETH_LINE 32u         /* Cortex-M7 D-cache line (PM0253 4.8.1) */
#define ETH_DESC_WORDS 4u    /* normal descriptor */
#define ETH_DESC_SKIP 4u     /* DSL: pad words so one descriptor = one line */
/* One buffer holds any frame: 1518 bytes (1500 payload, 14 header, 4 VLAN
 * tag) + 4 CRC, rounded up to whole lines; a multiple of 4 as RBS1 requires. */
#define ETH_BUF_SIZE 1536u
#define ETH_MAX_FRAME 1518u  /* without the CRC, which the MAC adds and strips */
#define ETH_MIN_FRAME 14u
#define ETH_CRC_LEN 4u

typedef struct {
    uint32_t des0, des1, des2, des3;
    uint32_t skip[ETH_DESC_SKIP];
} eth_desc;

typedef struct {
    eth_desc rx[ETH_RX_DESC_COUNT];
    eth_desc tx[ETH_TX_DESC_COUNT];
    uint8_t rx_buf[ETH_RX_DESC_COUNT][ETH_BUF_SIZE];
    uint8_t tx_buf[ETH_TX_DESC_COUNT][ETH_BUF_SIZE];
} eth_dma_mem;

/* The section the firmware puts eth_dma_mem in: ETH_DMA_SECTION (stm32_opt.h). */
#define ETH_DMA_MEM_ATTR __attribute__((section(ETH_DMA_SECTION), aligned(ETH_LINE)))

/* Bus address of DMA-visible memory. On the chip the CPU and the DMA share
 * one 32-bit map; the host test's model supplies its own translation. */
#ifdef STM32_REG_MODEL
uint32_t eth_dma_addr(const volatile void *p);
#else
static inline uint32_t eth_dma_addr(const volatile void *p)
{
    return (uint32_t)(uintptr_t)p;
}
#endif

/* Data-cache maintenance by address. Ranges are whole lines (the driver only
 * passes line-aligned addresses and lengths rounded up to ETH_LINE). */
typedef struct {
    void (*clean)(const volatile void *addr, uint32_t len);    /* CPU writes -> memory */
    void (*invalidate)(const volatile void *addr, uint32_t len); /* forget cached lines */
} eth_cache_ops;

/* Cortex-M7 L1 by address: DCCMVAC / DCIMVAC (PM0253 4.8.5) with DSBs. */
extern const eth_cache_ops eth_cache_l1;

typedef struct {
    uint32_t tx_frames, tx_errors, tx_ring_full;
    uint32_t rx_frames, rx_errors, rx_broken; /* ES set / descriptor sequence broken */
    uint32_t rx_rbus, tx_unavailable, rx_overflow, tx_underflow, fatal;
} eth_stats;

typedef struct {
    eth_regs *regs;
    stm32_rcc_regs *rcc;
    reg32 *syscfg_pmc;
    eth_dma_mem *mem;
    const eth_cache_ops *cache; /* NULL: DMA memory is not cached */
    uint32_t poll_limit;        /* bound of every busy-wait (register reads) */
    uint32_t rx_buf_size;       /* RBS1 given to the DMA: 0 = ETH_BUF_SIZE; else a
                                 * multiple of 32 below it (frames then span several
                                 * descriptors: the host test uses that) */

    /* driver state */
    uint32_t tx_next;    /* next TX descriptor to fill */
    uint32_t tx_clean;   /* oldest TX descriptor handed to the DMA */
    uint32_t tx_busy;    /* TX descriptors the DMA owns */
    int tx_claimed;      /* tx_next was claimed and not committed */
    uint32_t rx_next;    /* next RX descriptor to look at */
    uint32_t rx_len;     /* length of the frame in hand (0: none) */
    uint32_t rx_count;   /* descriptors of the frame in hand */
    int started;
    eth_stats stats;
} eth_mac;

/* ETH registers, RCC, SYSCFG_PMC of the chip; the caller adds mem and cache. */
#define ETH_MAC_POLL_LIMIT 1000000u
#define ETH_MAC_ON_CHIP(mem_, cache_)                                                \
    {                                                                                \
        .regs = (eth_regs *)ETH_BASE,                                                \
        .rcc = (stm32_rcc_regs *)STM32_RCC_BASE,                                     \
        .syscfg_pmc = (reg32 *)SYSCFG_PMC_ADDR,                                      \
        .mem = (mem_),                                                               \
        .cache = (cache_),                                                           \
        .poll_limit = ETH_MAC_POLL_LIMIT,                                            \
    }

/* Selects RMII (SYSCFG_PMC, with the MAC held in reset), enables the MAC
 * clocks, resets the DMA (DMABMR.SR, bounded: OB_ERR_TIMEOUT when the PHY
 * gives no 50 MHz REF_CLK), programs the MAC address, filters, DMA bus mode
 * and store-and-forward, and builds both descriptor rings (every RX
 * descriptor owned by the DMA). Transmission and reception stay off until
 * eth_mac_start. mac: 6 bytes. OB_ERR_ARG for a bad rx_buf_size. */
int eth_mac_init(eth_mac *m, const uint8_t mac[6]);

/* (Re)starts the MAC at the given link: FES/DM from the PHY result, TX FIFO
 * flushed (bounded), DMA TX/RX started, then MAC TX/RX enabled. A running MAC
 * is stopped first. OB_ERR_TIMEOUT if the flush never completes. */
int eth_mac_start(eth_mac *m, int speed_100, int full_duplex);

/* Stops DMA TX (waits, bounded, for the TX process to stop), MAC TX/RX and
 * DMA RX. Descriptors keep their owners. */
void eth_mac_stop(eth_mac *m);

/* Transmission, in two steps so the caller copies straight into DMA memory:
 * claim the next TX buffer (OB_ERR_BUSY when the DMA owns every descriptor),
 * append the frame's pieces (OB_ERR_RANGE past ETH_MAX_FRAME, nothing
 * written), then commit the total length, which hands the descriptor over
 * (OWN last) and writes the poll demand. commit: OB_ERR_STATE without a
 * claim, OB_ERR_ARG for a length outside [ETH_MIN_FRAME, ETH_MAX_FRAME]
 * (the claim is then dropped). */
int eth_mac_tx_claim(eth_mac *m);
int eth_mac_tx_append(eth_mac *m, uint32_t off, const void *src, uint32_t len);
int eth_mac_tx_commit(eth_mac *m, uint32_t len);
/* Takes back the TX descriptors the DMA has finished with (counts errors). */
void eth_mac_tx_reclaim(eth_mac *m);

/* Reception: length (without CRC) of the next complete good frame, 0 when
 * there is none yet. Frames with the error summary bit, broken descriptor
 * sequences and impossible lengths are dropped here and their descriptors
 * returned, at most one ring's worth per call. The frame stays in hand until
 * eth_mac_rx_release. */
uint32_t eth_mac_rx_peek(eth_mac *m);
/* Copies len bytes from offset off of the frame in hand; returns the count
 * copied (less at the end of the frame, 0 without a frame). */
uint32_t eth_mac_rx_copy(eth_mac *m, uint32_t off, void *dst, uint32_t len);
/* Returns the frame's descriptors to the DMA and, if the DMA had suspended
 * for want of a descriptor (RBUS), clears RBUS and writes the poll demand. */
void eth_mac_rx_release(eth_mac *m);

/* Polled interrupt summary: reads DMASR, counts and clears the abnormal
 * causes (RBUS -> receive poll demand, TUS -> transmit poll demand, ROS),
 * clears the normal ones. OB_ERR_STATE after a fatal bus error (FBES): the
 * DMA has stopped and the interface must be initialised again. */
int eth_mac_check(eth_mac *m);

#endif
