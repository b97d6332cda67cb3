/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot STM32 port: Ethernet MAC + DMA driver (see eth_mac.h).
 *
 * Sequences from RM0090 chapter 33 (same text in RM0033 chapter 29 and RM0385
 * chapter 38): "DMA initialization" (bus mode, descriptor lists, MAC filters
 * and configuration, then start), "TxDMA operation" (the DMA fetches the
 * descriptor at its current position; OWN = 0 suspends it with TBUS set
 * until a transmit poll demand), "RxDMA operation" (OWN = 0 suspends it with
 * RBUS set until a receive poll demand), the normal descriptor formats and
 * "Stopping and starting transmission". Every register and descriptor access
 * goes through stm32_mmio.h so the host test runs this file against a model. */
#include "eth_mac.h"

#include <string.h>

#include "ob.h"
#include "stm32_mmio.h"

/* Errata ES0182 / ES0206 (F40x / F42x) "successive write operations to the
 * same register might not be fully taken into account": a MAC or DMA
 * configuration write is repeated after at least four TX_CLK/RX_CLK cycles
 * (1.6 us at 10 Mbit/s). The reads in between provide the delay. */
#define SETTLE_READS 64u

static void wr_settled(reg32 *reg, uint32_t v)
{
    uint32_t i;

    stm32_wr(reg, v);
    for (i = 0; i < SETTLE_READS; i++)
        (void)stm32_rd(reg);
    stm32_wr(reg, v);
}

static uint32_t round_line(uint32_t len)
{
    return (len + ETH_LINE - 1u) & ~(ETH_LINE - 1u);
}

static void clean(eth_mac *m, const volatile void *p, uint32_t len)
{
    stm32_dsb();
    if (m->cache != NULL)
        m->cache->clean(p, round_line(len));
}

static void invalidate(eth_mac *m, const volatile void *p, uint32_t len)
{
    if (m->cache != NULL)
        m->cache->invalidate(p, round_line(len));
}

/* ---- Cortex-M7 L1 data cache by address (PM0253 4.8.5) ---- */
#define CACHE ((cm_cache_regs *)CM_CACHE_BASE)

static void l1_by_line(reg32 *op, const volatile void *addr, uint32_t len)
{
    uint32_t a = (uint32_t)(uintptr_t)addr & ~(ETH_LINE - 1u);
    uint32_t end = (uint32_t)(uintptr_t)addr + len;

    stm32_dsb();
    for (; a < end; a += ETH_LINE)
        stm32_wr(op, a);
    stm32_dsb();
}

static void l1_clean(const volatile void *addr, uint32_t len)
{
    l1_by_line(&CACHE->DCCMVAC, addr, len);
}

static void l1_invalidate(const volatile void *addr, uint32_t len)
{
    l1_by_line(&CACHE->DCIMVAC, addr, len);
}

const eth_cache_ops eth_cache_l1 = {.clean = l1_clean, .invalidate = l1_invalidate};

/* ---- Initialisation ---- */

static int wait_clear(eth_mac *m, reg32 *reg, uint32_t bit)
{
    uint32_t n;

    for (n = 0; n < m->poll_limit; n++)
        if ((stm32_rd(reg) & bit) == 0)
            return OB_OK;
    return OB_ERR_TIMEOUT;
}

/* RMII is selected while the MAC is held in reset and before its clocks run
 * (note under SYSCFG_PMC.MII_RMII_SEL). SYSCFG sits on APB2: the read-back
 * makes sure the selection has landed before the MAC leaves reset. */
static void select_rmii(eth_mac *m)
{
    stm32_set(&m->rcc->APB2ENR, RCC_APB2ENR_SYSCFGEN);
    (void)stm32_rd(&m->rcc->APB2ENR);
    stm32_set(&m->rcc->AHB1RSTR, RCC_AHB1RSTR_ETHMACRST);
    stm32_set(m->syscfg_pmc, SYSCFG_PMC_MII_RMII_SEL);
    (void)stm32_rd(m->syscfg_pmc);
    stm32_set(&m->rcc->AHB1ENR, RCC_AHB1ENR_ETHMAC);
    (void)stm32_rd(&m->rcc->AHB1ENR);
    stm32_clr(&m->rcc->AHB1RSTR, RCC_AHB1RSTR_ETHMACRST);
    (void)stm32_rd(&m->rcc->AHB1RSTR);
}

static void desc_wr(reg32 *field, uint32_t v)
{
    stm32_wr(field, v);
}

/* Gives RX descriptor i to the DMA: size and address first, OWN last, each
 * step visible to the DMA before the next. */
static void rx_give(eth_mac *m, uint32_t i)
{
    eth_desc *d = &m->mem->rx[i];
    uint32_t rer = i == ETH_RX_DESC_COUNT - 1u ? ETH_RDES1_RER : 0u;

    desc_wr(&d->des1, rer | m->rx_buf_size);
    desc_wr(&d->des2, eth_dma_addr(m->mem->rx_buf[i]));
    desc_wr(&d->des3, 0);
    clean(m, d, sizeof *d);
    desc_wr(&d->des0, ETH_RDES0_OWN);
    clean(m, d, sizeof *d);
}

static void build_rings(eth_mac *m)
{
    uint32_t i;

    for (i = 0; i < ETH_TX_DESC_COUNT; i++) {
        eth_desc *d = &m->mem->tx[i];

        desc_wr(&d->des0, 0); /* CPU-owned; TER is written with each frame */
        desc_wr(&d->des1, 0);
        desc_wr(&d->des2, eth_dma_addr(m->mem->tx_buf[i]));
        desc_wr(&d->des3, 0);
        clean(m, d, sizeof *d);
    }
    for (i = 0; i < ETH_RX_DESC_COUNT; i++)
        rx_give(m, i);
    m->tx_next = m->tx_clean = m->tx_busy = 0;
    m->tx_claimed = 0;
    m->rx_next = m->rx_len = m->rx_count = 0;
}

int eth_mac_init(eth_mac *m, const uint8_t mac[6])
{
    eth_regs *r = m->regs;
    int rc;

    if (m->mem == NULL || mac == NULL || m->rx_buf_size % ETH_LINE != 0 ||
        m->rx_buf_size > ETH_BUF_SIZE)
        return OB_ERR_ARG;
    if (m->rx_buf_size == 0)
        m->rx_buf_size = ETH_BUF_SIZE;
    memset(&m->stats, 0, sizeof m->stats);
    m->started = 0;
    select_rmii(m);

    /* Software reset of the MAC and DMA: completes only with the PHY's
     * REF_CLK running (ETH_DMABMR.SR description). */
    stm32_set(&r->DMABMR, ETH_DMABMR_SR);
    rc = wait_clear(m, &r->DMABMR, ETH_DMABMR_SR);
    if (rc != OB_OK)
        return rc;

    /* Bus mode: address-aligned fixed bursts of 32 beats for TX and RX, and
     * DSL padding each normal descriptor to one cache line. EDFE stays 0:
     * no time stamps and no checksum offload, so normal descriptors do. */
    stm32_wr(&r->DMABMR, ETH_DMABMR_AAB | ETH_DMABMR_USP | (32u << ETH_DMABMR_RDP_SHIFT) |
                             ETH_DMABMR_FB | (32u << ETH_DMABMR_PBL_SHIFT) |
                             (ETH_DESC_SKIP << ETH_DMABMR_DSL_SHIFT));
    stm32_wr(&r->DMAIER, 0); /* polled */

    build_rings(m);
    stm32_wr(&r->DMARDLAR, eth_dma_addr(&m->mem->rx[0]));
    stm32_wr(&r->DMATDLAR, eth_dma_addr(&m->mem->tx[0]));

    /* Own unicast address, broadcast, and every multicast (lwIP filters). */
    wr_settled(&r->MACFFR, ETH_MACFFR_PAM);
    /* MACA0HR first: the address is taken when the low register is written. */
    stm32_wr(&r->MACA0HR, (uint32_t)mac[4] | (uint32_t)mac[5] << 8);
    stm32_wr(&r->MACA0LR, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
                              (uint32_t)mac[3] << 24);
    /* Store and forward both ways: whole frames only, CRC checked first. */
    wr_settled(&r->DMAOMR, ETH_DMAOMR_TSF | ETH_DMAOMR_RSF);
    return OB_OK;
}

void eth_mac_stop(eth_mac *m)
{
    eth_regs *r = m->regs;
    uint32_t n, omr = stm32_rd(&r->DMAOMR);

    wr_settled(&r->DMAOMR, omr & ~ETH_DMAOMR_ST);
    /* The TX process finishes its frame and reports "stopped" (TPS = 0). */
    for (n = 0; n < m->poll_limit; n++)
        if ((stm32_rd(&r->DMASR) & ETH_DMASR_TPS_MASK) == 0)
            break;
    wr_settled(&r->MACCR, stm32_rd(&r->MACCR) & ~(ETH_MACCR_TE | ETH_MACCR_RE));
    wr_settled(&r->DMAOMR, stm32_rd(&r->DMAOMR) & ~ETH_DMAOMR_SR);
    m->started = 0;
}

int eth_mac_start(eth_mac *m, int speed_100, int full_duplex)
{
    eth_regs *r = m->regs;
    uint32_t cr;
    int rc;

    if (m->started)
        eth_mac_stop(m);
    cr = stm32_rd(&r->MACCR) & ~ETH_MACCR_CTRL; /* keep reserved bits */
    if (speed_100)
        cr |= ETH_MACCR_FES;
    if (full_duplex)
        cr |= ETH_MACCR_DM;
    wr_settled(&r->MACCR, cr);

    stm32_set(&r->DMAOMR, ETH_DMAOMR_FTF);
    rc = wait_clear(m, &r->DMAOMR, ETH_DMAOMR_FTF);
    if (rc != OB_OK)
        return rc;
    /* Restart order of "Stopping and starting transmission": the DMAs
     * first, then the MAC transmitter and receiver. */
    wr_settled(&r->DMAOMR, stm32_rd(&r->DMAOMR) | ETH_DMAOMR_ST | ETH_DMAOMR_SR);
    wr_settled(&r->MACCR, cr | ETH_MACCR_TE | ETH_MACCR_RE);
    m->started = 1;
    return OB_OK;
}

/* ---- Transmission ---- */

static uint32_t desc_rd(eth_mac *m, eth_desc *d)
{
    invalidate(m, d, sizeof *d);
    return stm32_rd(&d->des0);
}

void eth_mac_tx_reclaim(eth_mac *m)
{
    while (m->tx_busy > 0) {
        uint32_t s = desc_rd(m, &m->mem->tx[m->tx_clean]);

        if (s & ETH_TDES0_OWN)
            break;
        if (s & ETH_TDES0_ES)
            m->stats.tx_errors++;
        m->tx_clean = (m->tx_clean + 1u) % ETH_TX_DESC_COUNT;
        m->tx_busy--;
    }
}

int eth_mac_tx_claim(eth_mac *m)
{
    if (m->tx_claimed)
        return OB_OK;
    eth_mac_tx_reclaim(m);
    if (m->tx_busy == ETH_TX_DESC_COUNT) {
        m->stats.tx_ring_full++;
        return OB_ERR_BUSY;
    }
    m->tx_claimed = 1;
    return OB_OK;
}

int eth_mac_tx_append(eth_mac *m, uint32_t off, const void *src, uint32_t len)
{
    if (!m->tx_claimed)
        return OB_ERR_STATE;
    if (off > ETH_MAX_FRAME || len > ETH_MAX_FRAME - off)
        return OB_ERR_RANGE;
    if (len > 0)
        memcpy(&m->mem->tx_buf[m->tx_next][off], src, len);
    return OB_OK;
}

int eth_mac_tx_commit(eth_mac *m, uint32_t len)
{
    eth_regs *r = m->regs;
    uint32_t i = m->tx_next;
    eth_desc *d = &m->mem->tx[i];
    uint32_t ctl;

    if (!m->tx_claimed)
        return OB_ERR_STATE;
    m->tx_claimed = 0;
    if (len < ETH_MIN_FRAME || len > ETH_MAX_FRAME)
        return OB_ERR_ARG;

    /* Buffer, then length and address, then OWN: the DMA may fetch the
     * descriptor the moment OWN is visible (it is running, or a poll demand
     * from elsewhere arrives). */
    clean(m, m->mem->tx_buf[i], len);
    desc_wr(&d->des1, len & ETH_TDES1_TBS1_MASK);
    desc_wr(&d->des2, eth_dma_addr(m->mem->tx_buf[i]));
    ctl = ETH_TDES0_FS | ETH_TDES0_LS;
    if (i == ETH_TX_DESC_COUNT - 1u)
        ctl |= ETH_TDES0_TER;
    desc_wr(&d->des0, ctl);
    clean(m, d, sizeof *d);
    desc_wr(&d->des0, ctl | ETH_TDES0_OWN);
    clean(m, d, sizeof *d);

    m->tx_next = (i + 1u) % ETH_TX_DESC_COUNT;
    m->tx_busy++;
    m->stats.tx_frames++;

    /* A suspended TX process resumes only on a poll demand, and only with
     * the underflow status cleared (TxDMA operation, step 9). */
    if (stm32_rd(&r->DMASR) & (ETH_DMASR_TBUS | ETH_DMASR_TUS))
        stm32_wr(&r->DMASR, ETH_DMASR_TBUS | ETH_DMASR_TUS);
    stm32_wr(&r->DMATPDR, 0);
    return OB_OK;
}

/* ---- Reception ---- */

static uint32_t rx_index(uint32_t first, uint32_t k)
{
    return (first + k) % ETH_RX_DESC_COUNT;
}

/* Hands count descriptors from first back to the DMA. */
static void rx_return(eth_mac *m, uint32_t first, uint32_t count)
{
    uint32_t k;

    for (k = 0; k < count; k++)
        rx_give(m, rx_index(first, k));
    m->rx_next = rx_index(first, count);
}

static void rx_resume(eth_mac *m)
{
    eth_regs *r = m->regs;

    if (stm32_rd(&r->DMASR) & ETH_DMASR_RBUS) {
        m->stats.rx_rbus++;
        stm32_wr(&r->DMASR, ETH_DMASR_RBUS | ETH_DMASR_AIS);
        stm32_wr(&r->DMARPDR, 0);
    }
}

uint32_t eth_mac_rx_peek(eth_mac *m)
{
    uint32_t budget = ETH_RX_DESC_COUNT, dropped = 0;

    if (m->rx_len != 0)
        return m->rx_len;
    while (budget > 0) {
        uint32_t first = m->rx_next, n = 1, s, fl, k;
        int broken;

        s = desc_rd(m, &m->mem->rx[first]);
        if (s & ETH_RDES0_OWN)
            break;
        if (!(s & ETH_RDES0_FS)) {
            /* A continuation without its start: give it back. */
            m->stats.rx_broken++;
            rx_return(m, first, 1);
            budget--;
            dropped = 1;
            continue;
        }
        /* The frame's last descriptor carries LS, the length and the status. */
        broken = 0;
        while (!(s & ETH_RDES0_LS)) {
            if (n == ETH_RX_DESC_COUNT) {
                broken = 1; /* longer than the ring: cannot be a frame */
                break;
            }
            s = desc_rd(m, &m->mem->rx[rx_index(first, n)]);
            if (s & ETH_RDES0_OWN)
                goto none; /* the DMA is still writing this frame */
            if (s & ETH_RDES0_FS) {
                broken = 1; /* a new frame began: the one before is cut */
                break;
            }
            n++;
        }
        if (broken) {
            m->stats.rx_broken++;
            rx_return(m, first, n);
            budget = budget > n ? budget - n : 0;
            dropped = 1;
            continue;
        }
        fl = (s & ETH_RDES0_FL_MASK) >> ETH_RDES0_FL_SHIFT;
        if ((s & ETH_RDES0_ES) || fl < ETH_MIN_FRAME + ETH_CRC_LEN ||
            fl > ETH_MAX_FRAME + ETH_CRC_LEN || fl > n * m->rx_buf_size ||
            fl <= (n - 1u) * m->rx_buf_size) {
            m->stats.rx_errors++;
            rx_return(m, first, n);
            budget = budget > n ? budget - n : 0;
            dropped = 1;
            continue;
        }
        /* The CPU reads the buffers next: drop any stale cached copy. */
        for (k = 0; k < n; k++) {
            uint32_t part = fl - k * m->rx_buf_size;
            invalidate(m, m->mem->rx_buf[rx_index(first, k)],
                       part > m->rx_buf_size ? m->rx_buf_size : part);
        }
        m->rx_count = n;
        m->rx_len = fl - ETH_CRC_LEN;
        m->stats.rx_frames++;
        if (dropped)
            rx_resume(m);
        return m->rx_len;
    }
none:
    if (dropped)
        rx_resume(m);
    return 0;
}

uint32_t eth_mac_rx_copy(eth_mac *m, uint32_t off, void *dst, uint32_t len)
{
    uint8_t *out = dst;
    uint32_t done = 0;

    if (m->rx_len == 0 || off >= m->rx_len)
        return 0;
    if (len > m->rx_len - off)
        len = m->rx_len - off;
    while (done < len) {
        uint32_t pos = off + done;
        uint32_t k = pos / m->rx_buf_size, in = pos % m->rx_buf_size;
        uint32_t chunk = OB_MIN(m->rx_buf_size - in, len - done);

        memcpy(out + done, &m->mem->rx_buf[rx_index(m->rx_next, k)][in], chunk);
        done += chunk;
    }
    return done;
}

void eth_mac_rx_release(eth_mac *m)
{
    if (m->rx_len == 0)
        return;
    rx_return(m, m->rx_next, m->rx_count);
    m->rx_len = m->rx_count = 0;
    rx_resume(m);
}

/* ---- Status ---- */

int eth_mac_check(eth_mac *m)
{
    eth_regs *r = m->regs;
    uint32_t sr = stm32_rd(&r->DMASR);
    uint32_t clear = sr & ETH_DMASR_W1C;

    if (sr & ETH_DMASR_FBES) {
        /* Fatal bus error: both DMA engines have stopped (DMASR.FBES). */
        m->stats.fatal++;
        stm32_wr(&r->DMASR, clear);
        m->started = 0;
        return OB_ERR_STATE;
    }
    if (sr & ETH_DMASR_ROS)
        m->stats.rx_overflow++;
    if (sr & ETH_DMASR_TBUS)
        m->stats.tx_unavailable++;
    if (clear)
        stm32_wr(&r->DMASR, clear);
    if (sr & ETH_DMASR_TUS) {
        m->stats.tx_underflow++;
        stm32_wr(&r->DMATPDR, 0);
    }
    if (sr & ETH_DMASR_RBUS) {
        m->stats.rx_rbus++;
        stm32_wr(&r->DMARPDR, 0);
    }
    return OB_OK;
}
