/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: SMSC LAN9118 Ethernet controller, polled (no
 * interrupt). SMSC LAN9118 datasheet rev. 1.5: section 5 (system control
 * and status registers), 3.12-3.13 (TX/RX data path), 5.4 (MAC CSRs).
 * QEMU's model: hw/net/lan9118.c. Frames go in and out whole, without FCS. */
#ifndef MPS2_LAN9118_H
#define MPS2_LAN9118_H

#include <stdint.h>

/* Soft reset, MAC address from the controller (QEMU: -nic ...,mac=), TX and
 * RX on. 0, or -1 when no LAN9118 answers at base (BYTE_TEST). */
int lan9118_init(uint32_t base, uint8_t mac[6]);
/* Number of received frames waiting in the RX FIFO. */
uint32_t lan9118_rx_pending(uint32_t base);
/* Copies the next frame into buf (4-byte aligned, >= its length rounded up
 * to 4, plus 4) and returns its length; frames with an error flag or longer
 * than cap are dropped (returns 0). */
uint32_t lan9118_rx_read(uint32_t base, uint32_t *buf, uint32_t cap);
/* Sends one frame of len bytes from a 4-byte aligned buffer. -1 when the TX
 * FIFO has no room (the caller drops it; TCP retransmits). */
int lan9118_tx(uint32_t base, const uint32_t *frame, uint32_t len);

#endif
