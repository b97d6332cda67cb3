/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the update agent, an lwIP raw-API service on TCP port 40000
 * (OB_AGENT_PORT) that feeds the core receiver (core/receiver.h). With
 * NO_SYS=1 it runs in the main loop; with NO_SYS=0 on lwIP's tcpip thread
 * (docs/integration.md).
 *
 * Use (docs/integration.md):
 *   ob_agent_start(netif, &cfg);   once lwIP and the netif are up
 *   ob_agent_poll();               from the main loop, next to sys_check_timeouts()
 *   ob_agent_confirm();            once the application knows it is healthy
 *
 * The connection logic is the shared one of core/session.h (the virtual
 * board drives the same): a client sends either a gzip file (first byte
 * 0x1f, RFC 1952) or the line "STATUS\n"; it gets back one line: "Valid
 * update file received", "Update rejected: <reason>" or the status. Then the
 * agent sends its FIN and reads and drops what the client still sends until
 * it closes, goes silent (2 s) or the connection's deadline passes, and only
 * then closes: a client still sending is never reset. While an image arrives
 * a second connection gets STATUS (with the progress) or "Update rejected:
 * busy". The agent keeps 3 connections; a fourth takes the place of the one
 * silent longest after its answer, or is reset. Silent for idle_timeout_ms
 * before the answer: "Update rejected: timeout"; past the deadline (20 s plus
 * the declared size at 4 KiB/s): "Update rejected: transfer too slow ...".
 * Received data is handed over from ob_agent_poll, and the TCP window is
 * reopened (tcp_recved) only after that data has been written to flash, so a
 * fast sender is held back by the flash, not by RAM. After a valid update the
 * connections are closed and our FIN acknowledged (bounded) before
 * cfg.reset() is called.
 *
 * What the agent does with an image depends on the layout and on what runs:
 *   slot profile, application or rescue: store in the update slot, verify,
 *     seal for bl1, reset;
 *   direct profile, rescue: inflate straight into the application area,
 *     verify, reset (bl1 starts the new image as a trial);
 *   direct profile, application: the application cannot overwrite itself:
 *     answer OB_ERR_VIA_RESCUE's line, journal a rescue request, reset into
 *     rescue; the sender sends the file again. */
#ifndef OB_AGENT_H
#define OB_AGENT_H

#include "lwip/netif.h"
#include "ob_agent_opt.h" /* OB_AGENT_PORT */
#include "receiver.h"
#include "status.h"

typedef struct {
    const ob_layout *layout;   /* this board and profile */
    ob_flash *flash;           /* the flash the layout describes */
    ob_running running;        /* OB_RUN_APP in an application, OB_RUN_RESCUE in rescue */
    const struct ob_keyring *keys; /* NULL: a development board (unsigned images, plain gzip) */
    /* Dry-run window (slot profile): >= 32 KiB, a power of two. With it, a
     * plain gzip and the raw image hash are checked before sealing. NULL:
     * metadata images only; bl1 checks the rest before installing. */
    uint8_t *window;
    uint32_t window_size;
    uint16_t port;             /* 0: OB_AGENT_PORT */
    uint32_t idle_timeout_ms;  /* 0: 10 s */
    uint32_t rescue_return_ms; /* rescue entered on the application's request goes back to
                                  it when no install started within this; 0: 60 s */
    uint32_t (*now_ms)(void);  /* a millisecond clock (required) */
    void (*log)(const char *line);  /* console line without newline (may be NULL) */
    void (*reset)(void);       /* restart the board (required, does not return) */
    /* Authorized installs (core/auth.h): seed bytes for the nonces, from the
     * port's entropy source. NULL: seeded from the clock and the journal
     * only, which a peer may guess (docs/SIGNING.md "Entropy"). */
    void (*entropy)(uint8_t *buf, size_t n);
} ob_agent_cfg;

/* Opens the journal and listens on cfg->port on every address of netif (the
 * netif is only checked for being non-NULL: lwIP binds to IP_ANY). OB_OK,
 * OB_ERR_ARG for missing pieces, OB_ERR_STATE if already started,
 * OB_ERR_FLASH if the journal cannot be read, OB_ERR_BUSY if lwIP has no PCB. */
int ob_agent_start(struct netif *netif, const ob_agent_cfg *cfg);

/* Feeds received data to the receiver, enforces the idle timeout, finishes
 * closing connections, and resets after a valid update. Call it often. */
void ob_agent_poll(void);

/* Records in the journal that the running application works (only an
 * application on a trial boot needs it; otherwise nothing is written).
 * OB_OK, OB_ERR_STATE before ob_agent_start or in rescue, or the journal's error. */
int ob_agent_confirm(void);

/* The journal state the agent keeps (for the application's own display). */
const ob_jstate *ob_agent_journal(void);

#endif
