/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: the compile-time options, each with its default.
 * Set one with -DNAME=value or in the header named by OB_CONFIG_FILE
 * (core/ob_opt.h says how); docs/PORTING.md "Compile-time options". */
#ifndef MPS2_OPT_H
#define MPS2_OPT_H

#ifdef OB_CONFIG_FILE
#include OB_CONFIG_FILE
#endif

/* The network of an mps2 image (net.h): DHCP, and the static address it
 * falls back to when no lease comes within the wait. The static address is
 * QEMU user-mode networking's default guest address, so hostfwd reaches the
 * board either way. */
#ifndef MPS2_NET_DHCP
#define MPS2_NET_DHCP 1 /* 0: the static address only */
#endif
#ifndef MPS2_NET_DHCP_WAIT_MS
#define MPS2_NET_DHCP_WAIT_MS 4000
#endif
#ifndef MPS2_NET_STATIC_IP
#define MPS2_NET_STATIC_IP "10.0.2.15"
#endif
#ifndef MPS2_NET_STATIC_MASK
#define MPS2_NET_STATIC_MASK "255.255.255.0"
#endif
#ifndef MPS2_NET_STATIC_GW
#define MPS2_NET_STATIC_GW "10.0.2.2"
#endif

#endif
