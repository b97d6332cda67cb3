/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot self-test: frames through the MAC's internal loopback and the DMA,
 * on the Ethernet driver (port/stm32/eth_mac.h). ETH_MACCR.LM (bit 12;
 * "Ethernet MAC configuration register (ETH_MACCR)" in RM0033 chapter 29,
 * RM0090 chapter 33, RM0385 chapter 38) turns the MII transmit path back
 * into the receive path inside the MAC: a frame sent through the TX DMA
 * comes back through the RX DMA without reaching the PHY's wire (the RMII
 * clock still comes from the PHY). */
#ifndef ST_LOOP_H
#define ST_LOOP_H

#include <stdint.h>

#include "eth_mac.h"

#define ETH_MACCR_LM (1u << 12)

/* eth_mac_init, LM set, MAC started at 100 Mbit/s full duplex. */
int st_loop_start(eth_mac *m, const uint8_t mac[6]);
/* Sends frame seq (st_calc.h's st_frame_make). OB_ERR_BUSY: TX ring full. */
int st_loop_send(eth_mac *m, uint32_t seq, const uint8_t mac[6]);
/* Takes the next received frame, if any, and checks it against frame seq:
 * -1 nothing received yet, else ST_FRAME_OK / ST_FRAME_BAD_LEN /
 * ST_FRAME_BAD_DATA (*bad_off, *len: what came). */
int st_loop_recv(eth_mac *m, uint32_t seq, const uint8_t mac[6], uint32_t *len, uint32_t *bad_off);
/* MAC stopped, LM cleared. */
void st_loop_stop(eth_mac *m);

#endif
