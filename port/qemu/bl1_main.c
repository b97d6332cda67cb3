/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot QEMU port: bl1 for mps2. QEMU loads it at 0x00000000 with -kernel
 * (and again on every reset); the journal, rescue, application and update
 * slot live in the file-backed flash. The decisions are core/boot.c's; this
 * file gives them a console and a flash, and jumps. */
#include "boot.h"
#include "mps2_variant.h"

static ob_flash flash;
static ob_boot_work work;

static void log_line(ob_platform *p, const char *line)
{
    (void)p;
    mps2_println(line);
}

int main(void)
{
    ob_boot_result res;
    /* Keys: the signed variant's keyring, or NULL: a development board
     * (ob_boot_run then says so). */
    ob_boot_cfg cfg = { .max_trials = 3, .keys = ob_fw_keys };
    ob_platform plat = { .log = log_line };

    mps2_uart_init();
    mps2_tick_start(); /* flash erase times (qflash.c); mps2_jump stops it */
    mps2_puts("bl1: otaboot bl1 on " MPS2_BOARD_NAME ", profile ");
    mps2_puts(ob_profile_name(mps2_layout->profile));
    mps2_println(ob_fw_keys ? "" : " (development board)");
    mps2_flash_init(&flash, mps2_layout->geom);

    int rc = ob_boot_run(mps2_layout, &flash, &cfg, &plat, &work, &res);
    if (rc == OB_OK && (res.action == OB_BOOT_START_APP || res.action == OB_BOOT_START_RESCUE))
        mps2_jump(res.vector_addr, res.sp, res.entry);

    mps2_puts("bl1: halted: ");
    mps2_println(ob_strerror(rc != OB_OK ? rc : res.reason));
    for (;;)
        __asm__ volatile("wfi");
}
