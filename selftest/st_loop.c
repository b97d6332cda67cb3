/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: MAC loopback frames (see st_loop.h). */
#include "st_loop.h"

#include "ob.h"
#include "st_calc.h"
#include "stm32_mmio.h"

static uint8_t frame[ETH_BUF_SIZE];

int st_loop_start(eth_mac *m, const uint8_t mac[6])
{
    int rc = eth_mac_init(m, mac);

    if (rc != OB_OK)
        return rc;
    /* eth_mac_start keeps the MACCR bits it does not own. */
    stm32_set(&m->regs->MACCR, ETH_MACCR_LM);
    return eth_mac_start(m, 1, 1);
}

int st_loop_send(eth_mac *m, uint32_t seq, const uint8_t mac[6])
{
    uint32_t len = st_frame_len(seq);
    int rc = eth_mac_tx_claim(m);

    if (rc != OB_OK)
        return rc;
    st_frame_make(frame, seq, mac);
    rc = eth_mac_tx_append(m, 0, frame, len);
    if (rc != OB_OK) {
        (void)eth_mac_tx_commit(m, 0); /* drops the claim */
        return rc;
    }
    return eth_mac_tx_commit(m, len);
}

int st_loop_recv(eth_mac *m, uint32_t seq, const uint8_t mac[6], uint32_t *len, uint32_t *bad_off)
{
    uint32_t n = eth_mac_rx_peek(m);
    int verdict;

    eth_mac_tx_reclaim(m);
    if (n == 0)
        return -1;
    *len = eth_mac_rx_copy(m, 0, frame, sizeof frame);
    verdict = st_frame_check(frame, *len, seq, mac, bad_off);
    eth_mac_rx_release(m);
    return verdict;
}

void st_loop_stop(eth_mac *m)
{
    eth_mac_stop(m);
    stm32_clr(&m->regs->MACCR, ETH_MACCR_LM);
}
