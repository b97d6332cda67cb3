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
 * or EXIT_NET / EXIT_REJECTED with why. */
int status_query(const char *host, uint16_t port, int timeout_ms, char *line, size_t cap, ob_status *s, char *why,
                 size_t wcap);

#endif
