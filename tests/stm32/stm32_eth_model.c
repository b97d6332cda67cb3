/* SPDX-License-Identifier: Apache-2.0 */
/* Host model of the STM32 Ethernet MAC + DMA (see the header; the PHY behind
 * MDIO is in stm32_eth_phy_model.c). Written from the reference manuals'
 * descriptions, not from the driver: the descriptor stride comes from
 * DMABMR.DSL, ring ends from TER/RER. */
#include "stm32_eth_model.h"

#include <stdio.h>
#include <string.h>

#include "stm32_mmio.h"

eth_model EM;

#define GPIO_FIRST 0x40020000u
#define GPIO_SPAN (9u * 0x400u)
#define DCIMVAC_ADDR 0xE000EF5Cu
#define DCCMVAC_ADDR 0xE000EF68u

#define TDES0_CTRL 0xFCF00000u /* OWN, IC, LS, FS, DC, DP, TTSE, CIC, TER, TCH */

void em_violation(const char *what, uint32_t a, uint32_t b)
{
    if (EM.violations++ == 0)
        snprintf(EM.first_violation, sizeof EM.first_violation, "%s (0x%x, 0x%x)", what, a, b);
}

/* ---- memory views ---- */

static int in_mem(const volatile void *p, uint32_t len)
{
    uintptr_t a = (uintptr_t)p, base = (uintptr_t)EM.mem;

    return EM.mem != NULL && a >= base && a - base <= sizeof(eth_dma_mem) &&
           len <= sizeof(eth_dma_mem) - (a - base);
}

uint32_t em_off(const volatile void *p)
{
    return (uint32_t)((uintptr_t)p - (uintptr_t)EM.mem);
}

uint32_t eth_dma_addr(const volatile void *p)
{
    if (!in_mem(p, 1)) {
        em_violation("DMA address outside the DMA memory", 0, 0);
        return 0xDEAD0000u;
    }
    return EM_BUS_BASE + em_off(p);
}

/* What the DMA sees at a bus address (NULL if outside its memory). */
static uint8_t *dma_view(uint32_t bus, uint32_t len)
{
    uint8_t *base = EM.cache ? EM.shadow : (uint8_t *)EM.mem;

    if (bus < EM_BUS_BASE || bus - EM_BUS_BASE > sizeof(eth_dma_mem) ||
        len > sizeof(eth_dma_mem) - (bus - EM_BUS_BASE)) {
        em_violation("DMA access outside its memory", bus, len);
        return NULL;
    }
    return base + (bus - EM_BUS_BASE);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static uint32_t checksum(const uint8_t *p, uint32_t len)
{
    uint32_t h = 2166136261u, i;

    for (i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static uint32_t stride(void)
{
    return 16u + 4u * ((EM.regs.DMABMR >> ETH_DMABMR_DSL_SHIFT) & 31u);
}

/* Index of the TX descriptor at offset off, -1 if off is not in one. */
static int tx_index(uint32_t off, uint32_t *word)
{
    uint32_t base = (uint32_t)offsetof(eth_dma_mem, tx);

    if (off < base || off >= base + sizeof EM.mem->tx)
        return -1;
    *word = (off - base) % sizeof(eth_desc) / 4u;
    return (int)((off - base) / sizeof(eth_desc));
}

static int rx_index(uint32_t off, uint32_t *word)
{
    uint32_t base = (uint32_t)offsetof(eth_dma_mem, rx);

    if (off < base || off >= base + sizeof EM.mem->rx)
        return -1;
    *word = (off - base) % sizeof(eth_desc) / 4u;
    return (int)((off - base) / sizeof(eth_desc));
}

/* ---- TX engine ---- */

static void tx_run(void)
{
    int guard;

    if (!(EM.regs.DMAOMR & ETH_DMAOMR_ST) || EM.tx_running)
        return;
    EM.tx_running = 1;
    EM.regs.DMASR = (EM.regs.DMASR & ~ETH_DMASR_TPS_MASK) | (3u << ETH_DMASR_TPS_SHIFT);
    for (guard = 0; guard < 256; guard++) {
        uint8_t *d = dma_view(EM.tx_cur, 16), *buf;
        uint32_t d0, d1, len, idx, w;
        int i;

        if (d == NULL)
            break;
        d0 = get32(d);
        d1 = get32(d + 4);
        if (!(d0 & ETH_TDES0_OWN)) {
            EM.regs.DMASR |= ETH_DMASR_TBUS | ETH_DMASR_NIS;
            EM.regs.DMASR = (EM.regs.DMASR & ~ETH_DMASR_TPS_MASK) | (6u << ETH_DMASR_TPS_SHIFT);
            break;
        }
        i = tx_index(EM.tx_cur - EM_BUS_BASE, &w);
        if (i < 0 || w != 0)
            em_violation("TX DMA fetched a descriptor outside the TX ring", EM.tx_cur, 0);
        if ((d0 & ETH_TDES0_FS) && EM.tx_in_frame)
            em_violation("TX FS inside a frame", d0, 0);
        if (!(d0 & ETH_TDES0_FS) && !EM.tx_in_frame)
            em_violation("TX descriptor without FS starts a frame", d0, 0);
        if (d0 & ETH_TDES0_FS) {
            EM.tx_in_frame = 1;
            EM.tx_acc_len = 0;
        }
        len = d1 & ETH_TDES1_TBS1_MASK;
        if (len == 0 || EM.tx_acc_len + len > EM_FRAME_MAX)
            em_violation("TX buffer length", len, EM.tx_acc_len);
        else if ((buf = dma_view(get32(d + 8), len)) != NULL) {
            if (i >= 0 && checksum(buf, len) != EM.tx_sum[i])
                em_violation("TX buffer seen by the DMA differs from the one at OWN time", (uint32_t)i,
                          len);
            memcpy(EM.tx_acc + EM.tx_acc_len, buf, len);
            EM.tx_acc_len += len;
        }
        idx = EM.tx_cur;
        if (d0 & ETH_TDES0_LS) {
            if (EM.nframes < EM_MAX_FRAMES) {
                memcpy(EM.frames[EM.nframes], EM.tx_acc, EM.tx_acc_len);
                EM.frame_len[EM.nframes++] = EM.tx_acc_len;
            }
            EM.tx_in_frame = 0;
            put32(d, EM.tx_status_next);
            EM.tx_status_next = 0;
        } else {
            put32(d, 0);
        }
        if (i >= 0)
            EM.tx_fresh[i] = 0;
        EM.tx_cur = (d0 & ETH_TDES0_TER) ? EM.regs.DMATDLAR : idx + stride();
    }
    EM.tx_running = 0;
}

/* ---- RX engine ---- */

static void rx_run(void)
{
    int guard;

    if (!EM.rx_pend_active || !(EM.regs.DMAOMR & ETH_DMAOMR_SR))
        return;
    for (guard = 0; guard < 256 && EM.rx_pend_active; guard++) {
        uint8_t *d, *buf;
        uint32_t d0, d1, rbs, n, st, w;

        if (EM.rx_step_limit > 0 && guard >= EM.rx_step_limit)
            return;
        if ((d = dma_view(EM.rx_cur, 16)) == NULL)
            return;
        d0 = get32(d);
        d1 = get32(d + 4);
        if (!(d0 & ETH_RDES0_OWN)) {
            EM.regs.DMASR |= ETH_DMASR_RBUS | ETH_DMASR_AIS;
            return;
        }
        if (rx_index(EM.rx_cur - EM_BUS_BASE, &w) < 0 || w != 0)
            em_violation("RX DMA fetched a descriptor outside the RX ring", EM.rx_cur, 0);
        rbs = d1 & ETH_RDES1_RBS1_MASK;
        if (rbs == 0 || rbs % 4u != 0) {
            em_violation("RX buffer size not a multiple of 4", rbs, 0);
            return;
        }
        n = EM.rx_pend_len - EM.rx_pend_off;
        if (n > rbs)
            n = rbs;
        if ((buf = dma_view(get32(d + 8), n)) == NULL)
            return;
        memcpy(buf, EM.rx_pend + EM.rx_pend_off, n);
        st = EM.rx_pend_off == 0 ? ETH_RDES0_FS : 0;
        EM.rx_pend_off += n;
        if (EM.rx_pend_off == EM.rx_pend_len) {
            uint32_t fl = EM.rx_pend_len;

            if (EM.rx_pend_flags & EM_RX_SHORT_FL)
                fl /= 4u;
            if (!(EM.rx_pend_flags & EM_RX_TRUNCATED))
                st |= ETH_RDES0_LS | (fl << ETH_RDES0_FL_SHIFT);
            if (EM.rx_pend_flags & EM_RX_CRC_ERROR)
                st |= ETH_RDES0_ES | ETH_RDES0_CE;
            EM.rx_pend_active = 0;
            EM.regs.DMASR |= ETH_DMASR_RS | ETH_DMASR_NIS;
        }
        put32(d, st);
        EM.rx_cur = (d1 & ETH_RDES1_RER) ? EM.regs.DMARDLAR : EM.rx_cur + stride();
    }
}

int em_rx(const uint8_t *frame, uint32_t len, uint32_t flags)
{
    uint32_t i;

    if (!(EM.regs.MACCR & ETH_MACCR_RE) || !(EM.regs.DMAOMR & ETH_DMAOMR_SR) ||
        EM.rx_pend_active || len + 4u > EM_FRAME_MAX) {
        EM.rx_lost++;
        return -1;
    }
    memcpy(EM.rx_pend, frame, len);
    for (i = 0; i < 4; i++)
        EM.rx_pend[len + i] = (uint8_t)(0xC0 + i); /* stands for the CRC */
    EM.rx_pend_len = len + 4u;
    EM.rx_pend_off = 0;
    EM.rx_pend_flags = flags;
    EM.rx_pend_active = 1;
    rx_run();
    return EM.rx_pend_active ? 1 : 0;
}

void em_rx_step(void)
{
    rx_run();
}

/* ---- registers ---- */

static void eth_write(uint32_t off, uint32_t v)
{
    eth_regs *r = &EM.regs;

    switch (off) {
    case offsetof(eth_regs, DMABMR):
        if (v & ETH_DMABMR_SR) {
            if (!(EM.pmc & SYSCFG_PMC_MII_RMII_SEL) || (EM.rcc.AHB1ENR & RCC_AHB1ENR_ETHMAC) !=
                RCC_AHB1ENR_ETHMAC || (EM.rcc.AHB1RSTR & RCC_AHB1RSTR_ETHMACRST))
                em_violation("DMA reset without RMII selected, clocks on, MAC out of reset", EM.pmc,
                          EM.rcc.AHB1ENR);
            r->MACCR = 0x8000u;
            r->DMAOMR = 0;
            r->DMASR = 0;
            r->DMABMR = 0x00020100u; /* reset value without SR: sr_left drives SR */
            EM.sr_left = 3;
            return;
        }
        r->DMABMR = v;
        return;
    case offsetof(eth_regs, DMATPDR):
        EM.tpdr++;
        tx_run();
        return;
    case offsetof(eth_regs, DMARPDR):
        EM.rpdr++;
        rx_run();
        return;
    case offsetof(eth_regs, DMASR):
        r->DMASR &= ~(v & ETH_DMASR_W1C);
        return;
    case offsetof(eth_regs, DMARDLAR):
        if (r->DMAOMR & ETH_DMAOMR_SR)
            em_violation("DMARDLAR written while RX runs", v, 0);
        r->DMARDLAR = EM.rx_cur = v;
        return;
    case offsetof(eth_regs, DMATDLAR):
        if (r->DMAOMR & ETH_DMAOMR_ST)
            em_violation("DMATDLAR written while TX runs", v, 0);
        r->DMATDLAR = EM.tx_cur = v;
        return;
    case offsetof(eth_regs, DMAOMR): {
        uint32_t was = r->DMAOMR;

        if (v & ETH_DMAOMR_FTF)
            EM.ftf_left = 3;
        r->DMAOMR = v;
        if (!(v & ETH_DMAOMR_ST))
            r->DMASR &= ~ETH_DMASR_TPS_MASK;
        if ((v & ETH_DMAOMR_ST) && !(was & ETH_DMAOMR_ST))
            tx_run();
        if ((v & ETH_DMAOMR_SR) && !(was & ETH_DMAOMR_SR))
            rx_run();
        return;
    }
    case offsetof(eth_regs, MACMIIAR):
        if (EM.mii_left > 0) {
            em_violation("MACMIIAR written while MB is set", v, 0);
            return;
        }
        r->MACMIIAR = v & ~ETH_MACMIIAR_MB;
        if (v & ETH_MACMIIAR_MB) {
            uint32_t pa = (v >> ETH_MACMIIAR_PA_SHIFT) & 31u, mr = (v >> ETH_MACMIIAR_MR_SHIFT) & 31u;

            EM.mii_cr = (v & ETH_MACMIIAR_CR_MASK) >> ETH_MACMIIAR_CR_SHIFT;
            EM.mii_frames++;
            EM.mii_left = EM.mii_polls;
            if (v & ETH_MACMIIAR_MW) {
                if (pa == EM.phy_addr)
                    em_phy_write(mr, (uint16_t)r->MACMIIDR);
            } else {
                r->MACMIIDR = pa == EM.phy_addr ? em_phy_read(mr) : 0xFFFFu;
            }
        }
        return;
    case offsetof(eth_regs, MACMIIDR):
        if (EM.mii_left > 0)
            em_violation("MACMIIDR written while MB is set", v, 0);
        r->MACMIIDR = v & 0xFFFFu;
        return;
    default:
        *(uint32_t *)((uint8_t *)r + off) = v;
    }
}

static uint32_t eth_read(uint32_t off)
{
    eth_regs *r = &EM.regs;

    switch (off) {
    case offsetof(eth_regs, DMABMR):
        if (EM.sr_left > 0 && !EM.no_refclk)
            EM.sr_left--;
        return EM.sr_left > 0 ? r->DMABMR | ETH_DMABMR_SR : r->DMABMR;
    case offsetof(eth_regs, DMAOMR):
        if (EM.ftf_left > 0 && !EM.ftf_stuck)
            EM.ftf_left--;
        return EM.ftf_left > 0 ? r->DMAOMR | ETH_DMAOMR_FTF : r->DMAOMR & ~ETH_DMAOMR_FTF;
    case offsetof(eth_regs, MACMIIAR):
        EM.miiar_reads++;
        if (EM.mii_left > 0) {
            if (!EM.mii_stuck)
                EM.mii_left--;
            return r->MACMIIAR | ETH_MACMIIAR_MB;
        }
        return r->MACMIIAR;
    case offsetof(eth_regs, MACMIIDR):
        if (EM.mii_left > 0)
            em_violation("MACMIIDR read while MB is set", 0, 0);
        return r->MACMIIDR;
    default:
        return *(uint32_t *)((uint8_t *)r + off);
    }
}

/* A CPU write into DMA memory: bookkeeping of descriptor ownership. */
static void mem_write(volatile uint32_t *p, uint32_t v)
{
    uint32_t off = em_off(p), word;
    uint8_t *view = EM.cache ? EM.shadow : (uint8_t *)EM.mem;
    int i;

    if ((i = tx_index(off, &word)) >= 0) {
        uint32_t d0off = (uint32_t)offsetof(eth_dma_mem, tx) + (uint32_t)i * sizeof(eth_desc);

        if (get32(view + d0off) & ETH_TDES0_OWN)
            em_violation("CPU wrote a TX descriptor the DMA owns", (uint32_t)i, word);
        if (word == 1 || word == 2)
            EM.tx_fresh[i] |= 1u << (word - 1u);
        if (word == 0 && (v & ETH_TDES0_OWN)) {
            uint32_t len = EM.mem->tx[i].des1 & ETH_TDES1_TBS1_MASK;

            if (EM.tx_fresh[i] != 3u)
                em_violation("TX OWN set before TDES1 and TDES2 were written", (uint32_t)i,
                          EM.tx_fresh[i]);
            if (len <= ETH_BUF_SIZE)
                EM.tx_sum[i] = checksum(EM.mem->tx_buf[i], len);
        }
    } else if ((i = rx_index(off, &word)) >= 0) {
        uint32_t d0off = (uint32_t)offsetof(eth_dma_mem, rx) + (uint32_t)i * sizeof(eth_desc);

        if (get32(view + d0off) & ETH_RDES0_OWN)
            em_violation("CPU wrote an RX descriptor the DMA owns", (uint32_t)i, word);
    }
    *p = v;
    if (EM.eager && !EM.cache)
        tx_run();
}

uint32_t stm32_rd(const volatile uint32_t *reg)
{
    uintptr_t a = (uintptr_t)reg;

    if (a >= (uintptr_t)&EM.regs && a < (uintptr_t)(&EM.regs + 1))
        return eth_read((uint32_t)(a - (uintptr_t)&EM.regs));
    if (a >= (uintptr_t)&EM.rcc && a < (uintptr_t)(&EM.rcc + 1))
        return *reg;
    if (reg == &EM.pmc)
        return EM.pmc;
    if (a >= GPIO_FIRST && a < GPIO_FIRST + GPIO_SPAN)
        return *(uint32_t *)((uint8_t *)EM.gpio + (a - GPIO_FIRST) / 0x400u * sizeof(stm32_gpio_regs) +
                             (a - GPIO_FIRST) % 0x400u);
    if (in_mem(reg, 4))
        return *reg;
    em_violation("read of an unmodelled address", (uint32_t)a, 0);
    return 0;
}

void stm32_wr(volatile uint32_t *reg, uint32_t v)
{
    uintptr_t a = (uintptr_t)reg;

    if (a >= (uintptr_t)&EM.regs && a < (uintptr_t)(&EM.regs + 1)) {
        eth_write((uint32_t)(a - (uintptr_t)&EM.regs), v);
    } else if (a >= (uintptr_t)&EM.rcc && a < (uintptr_t)(&EM.rcc + 1)) {
        *reg = v;
    } else if (reg == &EM.pmc) {
        /* SYSCFG without its clock ignores writes; RMII must be chosen with
         * the MAC in reset and before its clocks run. */
        if (!(EM.rcc.APB2ENR & RCC_APB2ENR_SYSCFGEN)) {
            em_violation("SYSCFG_PMC written with SYSCFG unclocked", v, 0);
            return;
        }
        if ((v & SYSCFG_PMC_MII_RMII_SEL) && (!(EM.rcc.AHB1RSTR & RCC_AHB1RSTR_ETHMACRST) ||
                                              (EM.rcc.AHB1ENR & RCC_AHB1ENR_ETHMAC)))
            em_violation("RMII selected outside MAC reset or with its clocks on", v, EM.rcc.AHB1ENR);
        EM.pmc = v;
    } else if (a >= GPIO_FIRST && a < GPIO_FIRST + GPIO_SPAN) {
        *(uint32_t *)((uint8_t *)EM.gpio + (a - GPIO_FIRST) / 0x400u * sizeof(stm32_gpio_regs) +
                      (a - GPIO_FIRST) % 0x400u) = v;
    } else if ((uint32_t)a == DCCMVAC_ADDR) {
        if (EM.nl1_clean < 64)
            EM.l1_clean[EM.nl1_clean++] = v;
    } else if ((uint32_t)a == DCIMVAC_ADDR) {
        if (EM.nl1_inval < 64)
            EM.l1_inval[EM.nl1_inval++] = v;
    } else if (in_mem(reg, 4)) {
        mem_write(reg, v);
    } else {
        em_violation("write to an unmodelled address", (uint32_t)a, v);
    }
}

void stm32_dsb(void)
{
    EM.dsb++;
}

void stm32_isb(void)
{
}

/* ---- the write-back cache between CPU and DMA ---- */

static void cache_op(char op, const volatile void *addr, uint32_t len)
{
    uint32_t off;

    if (!in_mem(addr, len) || ((uintptr_t)addr % ETH_LINE) != 0 || len % ETH_LINE != 0 || len == 0) {
        em_violation("cache maintenance on a partial line or outside DMA memory",
                  (uint32_t)(uintptr_t)addr, len);
        return;
    }
    off = em_off(addr);
    if (EM.ncache < EM_MAX_CACHE_LOG) {
        EM.cache_log[EM.ncache].op = op;
        EM.cache_log[EM.ncache].off = off;
        EM.cache_log[EM.ncache++].len = len;
    }
    if (!EM.cache)
        return;
    if (op == 'C') {
        memcpy(EM.shadow + off, (uint8_t *)EM.mem + off, len);
        if (EM.eager)
            tx_run();
    } else {
        memcpy((uint8_t *)EM.mem + off, EM.shadow + off, len);
    }
}

static void em_clean(const volatile void *addr, uint32_t len)
{
    cache_op('C', addr, len);
}

static void em_invalidate(const volatile void *addr, uint32_t len)
{
    cache_op('I', addr, len);
}

const eth_cache_ops em_cache_ops = {em_clean, em_invalidate};

void em_reset(eth_dma_mem *mem, uint8_t *shadow, int cache)
{
    memset(&EM, 0, sizeof EM);
    EM.mem = mem;
    EM.shadow = shadow;
    EM.cache = cache;
    memset(mem, 0, sizeof *mem);
    if (shadow != NULL)
        memset(shadow, 0, sizeof *mem);
    EM.regs.MACCR = 0x8000u;
    EM.regs.DMABMR = 0x00020100u;
    EM.mii_polls = 2;
    EM.phy_addr = 0;
    EM.phy_id2 = PHY_ID2_LAN8742A | 1u;
    EM.bcr = PHY_BCR_AN_ENABLE;
    EM.anar = 0x01E1;
    EM.partner = PHY_AN_100FD | PHY_AN_100HD | PHY_AN_10FD | PHY_AN_10HD;
    EM.phy_reset_polls = 3;
    EM.an_polls = 3;
    EM.cable = 1;
}

void em_attach(eth_mac *mac, eth_dma_mem *mem, uint8_t *shadow, int cache)
{
    em_reset(mem, shadow, cache);
    memset(mac, 0, sizeof *mac);
    mac->regs = &EM.regs;
    mac->rcc = &EM.rcc;
    mac->syscfg_pmc = &EM.pmc;
    mac->mem = mem;
    mac->cache = cache ? &em_cache_ops : NULL;
    mac->poll_limit = 1000;
}
