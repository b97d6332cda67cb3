/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the host tool. One program, one subcommand per file. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "common.h"
#include "image.h"

/* The release comes from the file VERSION (the Makefile passes it). */
#ifndef OTABOOT_VERSION
#define OTABOOT_VERSION "unknown (built without the Makefile)"
#endif

static const char help[] =
    "usage: otaboot COMMAND [options]   (otaboot COMMAND --help for each)\n"
    "  pack     APP -b BOARD -v VERSION   build an image (gzip + metadata) from .bin/.hex/.elf\n"
    "  inspect  FILE [--board NAME]       show an image's metadata and check every hash\n"
    "  send     HOST[:PORT] FILE          send an image to a board (port 40000)\n"
    "  status   HOST[:PORT]               ask a board what it runs\n"
    "  sim      --board NAME              run a virtual board on 127.0.0.1\n"
    "  keygen   -o KEY.pem                make a P-256 signing key, print its public key\n"
    "  keyring  KEY.pem...                C source of the keys a firmware accepts\n"
    "  --version                          the tool's version and its image format\n"
    "Exit codes: 0 ok, 1 rejected/check failed, 2 usage, 3 file error, 4 network error,\n"
    "5 board halted (sim), 6 injected power cut (sim), 7 internal error, 8 board busy\n"
    "(send) (README.md).\n";

static const struct {
    const char *name;
    int (*fn)(int, char **);
} cmds[] = {
    { "pack", cmd_pack }, { "inspect", cmd_inspect }, { "send", cmd_send },
    { "status", cmd_status }, { "sim", cmd_sim }, { "keygen", cmd_keygen }, { "keyring", cmd_keyring },
};

int main(int argc, char **argv)
{
    /* A peer that goes away must not kill us: write() reports EPIPE instead. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2)
        return fputs(help, stderr), EXIT_USAGE;
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
        return print_help(help);
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("otaboot %s (image metadata version %d)\n", OTABOOT_VERSION, OB_META_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(argv[1], cmds[i].name)) {
            tool_cmd = cmds[i].name;
            return cmds[i].fn(argc - 1, argv + 1);
        }
    return fail(EXIT_USAGE, "unknown command '%s' (pack, inspect, send, status, sim, keygen, keyring; see --help)", argv[1]);
}
