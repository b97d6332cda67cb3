/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU netduinoplus2: semihosting exit (semihost.c). */
#ifndef QEMU_EXIT_H
#define QEMU_EXIT_H

#define QEMU_EXIT_APP_OK 0   /* the demo application ran and passed its self-check */
#define QEMU_EXIT_HALT 3     /* bl1 found nothing it may start */
#define QEMU_EXIT_SELFTEST 4 /* the demo's self-check failed */
#define QEMU_EXIT_FAULT 99   /* an exception handler ran */

void qemu_exit(int code) __attribute__((noreturn));

#endif
