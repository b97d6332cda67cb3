/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the STM32 Ethernet MAC + DMA, the RCC/SYSCFG bits it needs,
 * an optional write-back data cache between the CPU and the DMA, and a
 * LAN87xx PHY behind MDIO (stm32_eth_phy_model.c). The driver (port/stm32/eth_*.c, built with
 * STM32_REG_MODEL) reaches it through stm32_rd/stm32_wr/eth_dma_addr.
 *
 * The DMA follows the reference manuals' flow (RM0090 chapter 33): TX fetches
 * descriptors from its current position on a poll demand (or, in eager mode,
 * whenever OWN becomes visible), transmits FS..LS, writes the status back with
 * OWN and the control bits cleared, advances by 16 + 4*DSL bytes or to the
 * list base after TER, and suspends with TBUS on a CPU-owned descriptor. RX
 * fills DMA-owned descriptors, writes FS/LS/FL/status, clears OWN, and
 * suspends with RBUS keeping the frame until a receive poll demand.
 *
 * Everything the driver does out of order counts as a violation. With the
 * cache on, the DMA sees only what the driver cleaned, and the driver sees
 * the DMA's writes only after invalidating. */
#ifndef STM32_ETH_MODEL_H
#define STM32_ETH_MODEL_H

#include <stdint.h>

#include "eth_mac.h"
#include "eth_phy.h"

#define EM_MAX_FRAMES 64
#define EM_FRAME_MAX 3200
#define EM_BUS_BASE 0x20010000u
#define EM_MAX_CACHE_LOG 1024

/* em_rx flags */
#define EM_RX_CRC_ERROR 1u  /* last descriptor: ES + CE */
#define EM_RX_TRUNCATED 2u  /* the last descriptor closes without LS (flushed frame) */
#define EM_RX_SHORT_FL 4u   /* FL a quarter of the bytes written (length mismatch) */

typedef struct {
    char op;      /* 'C' clean, 'I' invalidate */
    uint32_t off; /* offset in eth_dma_mem */
    uint32_t len;
} em_cache_op;

typedef struct {
    eth_regs regs;
    stm32_rcc_regs rcc;
    uint32_t pmc;
    stm32_gpio_regs gpio[9];
    eth_dma_mem *mem;   /* the driver's DMA memory (CPU view) */
    uint8_t *shadow;    /* the DMA's view when cache = 1 */
    int cache;
    int eager;

    /* reset, clocks, FIFO flush */
    int no_refclk;      /* DMABMR.SR never clears */
    int sr_left;
    int ftf_stuck, ftf_left;

    /* DMA engines */
    uint32_t tx_cur, rx_cur;
    uint8_t tx_acc[EM_FRAME_MAX];
    uint32_t tx_acc_len;
    int tx_in_frame;
    uint32_t tx_fresh[ETH_TX_DESC_COUNT]; /* bit 0: TDES1, bit 1: TDES2 written since write-back */
    uint32_t tx_sum[ETH_TX_DESC_COUNT];   /* buffer checksum when OWN was written */
    uint32_t tx_status_next;              /* TDES0 status bits of the next frame sent */
    int tx_running;                       /* inside tx_run (no re-entry) */
    uint8_t rx_pend[EM_FRAME_MAX];
    uint32_t rx_pend_len, rx_pend_off, rx_pend_flags;
    int rx_pend_active;
    int rx_step_limit;  /* descriptors written per step (0: all): a frame still arriving */

    /* what went out */
    uint8_t frames[EM_MAX_FRAMES][EM_FRAME_MAX];
    uint32_t frame_len[EM_MAX_FRAMES];
    int nframes;

    /* MDIO and PHY */
    int mii_left, mii_polls, mii_stuck, mii_frames, miiar_reads;
    uint32_t mii_cr;
    uint8_t phy_addr;
    uint16_t phy_id2;
    uint16_t bcr, anar, partner;
    int phy_reset_left, phy_reset_polls, phy_reset_stuck;
    int an_running, an_left, an_polls, an_done, link, latched_low, cable;

    /* counters */
    int tpdr, rpdr, dsb, rx_lost;
    uint32_t l1_clean[64], l1_inval[64];
    int nl1_clean, nl1_inval;
    em_cache_op cache_log[EM_MAX_CACHE_LOG];
    int ncache;

    int violations;
    char first_violation[200];
} eth_model;

extern eth_model EM;
extern const eth_cache_ops em_cache_ops;

/* Fresh model: registers at reset values, memory zeroed (poisoned shadow),
 * PHY LAN8742A at address 0 with a cable and a 100/full partner. */
void em_reset(eth_dma_mem *mem, uint8_t *shadow, int cache);

/* A frame arrives on the wire (the model appends a 4-byte CRC). Returns 0 if
 * the DMA stored it completely, 1 if it is waiting (RBUS), -1 if it was lost
 * (MAC receiver or RX DMA off, or the FIFO already holds a waiting frame). */
int em_rx(const uint8_t *frame, uint32_t len, uint32_t flags);

/* Lets the DMA write the next rx_step_limit descriptors of a waiting frame. */
void em_rx_step(void);

/* Plug or unplug the cable (link down, auto-negotiation restarts on plug). */
void em_cable(int on);

/* Offset of p in the DMA memory (for cache log checks). */
uint32_t em_off(const volatile void *p);

/* Fresh model (em_reset) and a driver instance on it, not initialised:
 * registers, RCC, SYSCFG, the DMA memory, the cache operations when cache is
 * set, a poll limit of 1000. */
void em_attach(eth_mac *mac, eth_dma_mem *mem, uint8_t *shadow, int cache);

/* A cmocka check that the model saw no violation; prints the first one. */
#define NO_VIOLATION() assert_int_equal_msg(EM.violations, 0)
#define assert_int_equal_msg(v, e)                                   \
    do {                                                             \
        if ((v) != (e))                                              \
            print_message("model: %s\n", EM.first_violation);        \
        assert_int_equal(v, e);                                      \
    } while (0)

/* The model's parts among themselves: a violation (counted, the first one's
 * text kept), and the PHY's registers as MDIO frames reach them. */
void em_violation(const char *what, uint32_t a, uint32_t b);
uint16_t em_phy_read(uint32_t reg);
void em_phy_write(uint32_t reg, uint16_t v);

#endif
