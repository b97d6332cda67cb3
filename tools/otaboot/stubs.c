#include "cmds.h"
int cmd_send(int argc, char **argv) { (void)argc; (void)argv; return 7; }
int cmd_status(int argc, char **argv) { (void)argc; (void)argv; return 7; }
int cmd_sim(int argc, char **argv) { (void)argc; (void)argv; return 7; }
