/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot update agent: the compile-time options, each with its default.
 * Set one with -DNAME=value or in the header named by OB_CONFIG_FILE
 * (core/ob_opt.h says how); docs/PORTING.md "Compile-time options". */
#ifndef OB_AGENT_OPT_H
#define OB_AGENT_OPT_H

#ifdef OB_CONFIG_FILE
#include OB_CONFIG_FILE
#endif

/* TCP port the agent listens on when ob_agent_cfg.port is 0, and the one
 * the port glue passes. The host tool's default is 40000 too: with another
 * number every send names it (`otaboot send HOST:PORT FILE`). */
#ifndef OB_AGENT_PORT
#define OB_AGENT_PORT 40000
#endif

/* ob_agent_cfg.rescue_return_ms of the STM32 firmware: how long rescue,
 * entered on the application's request, waits for an install before going
 * back to the application. 0: the agent's default, 60 s. port/stm32/port.mk
 * sets it from RESCUE_RETURN_S. */
#ifndef OB_AGENT_RESCUE_RETURN_MS
#define OB_AGENT_RESCUE_RETURN_MS 0u
#endif

#endif
