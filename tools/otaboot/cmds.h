/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot host tool: the subcommands (one file each). */
#ifndef OTABOOT_CMDS_H
#define OTABOOT_CMDS_H

int cmd_pack(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_sim(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_keyring(int argc, char **argv);

#include "status.h"
/* One STATUS query (status_cmd.c): EXIT_OK with the line and its fields,
 * or EXIT_NET / EXIT_REJECTED with why. net_kind (may be NULL): NET_OK, or
 * how the network failed (net.h: NET_REFUSED, NET_TIMEOUT, ...). */
int status_query(const char *host, uint16_t port, int timeout_ms, char *line, size_t cap, ob_status *s, char *why,
                 size_t wcap, int *net_kind);
/* send.c: what the board would refuse at the header, checked before sending:
 * gzip magic, a whole header, with metadata the file size, and given the
 * board's STATUS (st, or NULL) its board, profile and layout sizes. OB_OK or
 * the error with the reason and what to do in why. */
int send_precheck(const char *file, const uint8_t *d, size_t n, const ob_status *st, char *why, size_t cap);

#endif
