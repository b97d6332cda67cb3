/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot demo application: what the demo serves besides blinking, chosen
 * at build time by linking one file (port/stm32/port.mk):
 *   service_net.c   the four boards: Ethernet, lwIP, DHCP, the update agent
 *                   on TCP port 40000; healthy once the network is up.
 *   service_none.c  QEMU netduinoplus2, which cannot emulate the STM32
 *                   Ethernet MAC: nothing; healthy right after the self-check.
 * main.c confirms the image (on a trial boot) once the service says it is
 * healthy. */
#ifndef DEMO_SERVICE_H
#define DEMO_SERVICE_H

#include "bsp.h"
#include "journal.h"

typedef struct {
    const bsp_info *board;      /* what bsp_start said */
    ob_journal *journal;        /* opened by the self-check */
} demo_env;

/* Starts the service (OB_OK, or its error after a console line: the demo
 * then runs without it and never confirms). */
int demo_service_start(const demo_env *env);

/* One main-loop pass (also refreshes the watchdog). Returns, once, the
 * reason the application now counts as healthy ("network up"), else NULL. */
const char *demo_service_poll(void);

/* Records in the journal that this image works, if bl1 started it as a
 * trial (OB_OK and nothing written otherwise), or the journal's error. */
int demo_service_confirm(void);

#endif
