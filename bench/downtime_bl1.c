/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot benchmark: the instructions bl1 executes for an install, by phase,
 * on QEMU mps2-an386 (Cortex-M4) run with -icount shift=0.
 *
 * This is bl1 (bl1/main.c over port/qemu/bsp.c: ob_boot_run on the emulated board's
 * layout, with the variant's keys) with three changes, all for measuring:
 *  - the flash driver is the STM32 one (port/stm32/stm32_flash.c, F40x
 *    family record with the emulated board's sector map), so its own work
 *    (pre-check, word loop, read-back compare, blank check) is counted as on
 *    the boards. Its FLASH registers sit in QEMU's "RESERVED 4" region at
 *    0x40030000, which reads as zero and ignores writes: the controller is
 *    always idle, unlocked and error-free, so every BSY wait ends at once.
 *    An erase sets the sector to 0xFF before the driver runs (that memset
 *    is the model, not bl1's work, and is not counted). A program is the
 *    driver's own word store into the file-backed PSRAM.
 *  - the core's phase functions are wrapped (the link's --wrap option:
 *    ob_sig_check, ob_sha256_flash, ob_inflate_run, ob_flash_sink_finish,
 *    ob_journal_open / install_start / install_done / trial_boot / rollback), and so
 *    are the flash callbacks and the console; each instruction is charged
 *    to the innermost of them running (anything else: "other").
 *  - it reports and exits through semihosting instead of jumping.
 *
 * Clock: the CMSDK APB timer 0 (Arm DDI 0479, "APB timer": CTRL +0, VALUE
 * +4, RELOAD +8), a 32-bit down counter at the 25 MHz peripheral clock of
 * QEMU's mps2 (hw/arm/mps2.c). Under -icount shift=0 QEMU's virtual clock
 * advances 1 ns per guest instruction, so one tick is 40 instructions and
 * the counter wraps after 171 G instructions. The method is checked first on
 * a loop of known length, as tests/qemu/net/signed_time.c does.
 *
 * Output: "dt.KEY=VALUE" lines (bench/downtime.py reads them) between bl1's
 * own console lines; exit status 0 when bl1 installed an image and chose
 * to start it. The same program measures a rollback when linked with the
 * rollback layout (mk/bench.mk): the flash then holds a trial image that
 * used its boots and the previous one kept in a slot (downtime_host
 * rollback), and the boot installs that one again. */
#include <string.h>

#include "boot.h"
#include "flash_sink.h"
#include "inflate.h"
#include "journal.h"
#include "line.h"
#include "mps2_variant.h"
#include "sig.h"
#include "stm32_flash.h"
#include "verify.h"

#define TIMER0_CTRL (*(volatile uint32_t *)0x40000000u)
#define TIMER0_VALUE (*(volatile uint32_t *)0x40000004u)
#define TIMER0_RELOAD (*(volatile uint32_t *)0x40000008u)
#define INSN_PER_TICK (1000000000u / MPS2_SYSCLK_HZ) /* 1 ns per instruction */
#define RAZ_WI_REGION 0x40030000u                     /* QEMU mps2: "RESERVED 4" */

/* Where instructions are charged; the names are the keys of the output. */
enum { C_OTHER, C_SIG, C_HASH_SLOT, C_INFLATE, C_HASH_APP, C_JOURNAL, C_CONSOLE, C_PROGRAM, C_ERASE, C_MODEL, C_N };
static const char *const cat_name[C_N] = {
    [C_OTHER] = "other",     [C_SIG] = "sig",         [C_HASH_SLOT] = "hash_slot", [C_INFLATE] = "inflate",
    [C_HASH_APP] = "hash_app", [C_JOURNAL] = "journal", [C_CONSOLE] = "console",   [C_PROGRAM] = "program",
    [C_ERASE] = "erase",     [C_MODEL] = "model",
};

static uint64_t insn[C_N];
static uint8_t stack[16];
static unsigned depth;
static uint32_t last;

/* Flash operations as the driver saw them, by region. */
static struct {
    uint32_t erases, erase_bytes, app_erases, programs, prog_bytes, app_prog_bytes;
} ops;
static uint32_t console_chars; /* as a UART sends them: "\n" is "\r\n" */

static void charge(void)
{
    uint32_t now = TIMER0_VALUE;
    insn[stack[depth]] += (uint64_t)(last - now) * INSN_PER_TICK; /* counts down */
    last = now;
}

static void enter(uint8_t cat)
{
    charge();
    if (depth + 1u < sizeof stack)
        stack[++depth] = cat;
}

static void leave(void)
{
    charge();
    if (depth)
        depth--;
}

static void timer_start(void)
{
    TIMER0_CTRL = 0;
    TIMER0_RELOAD = 0xFFFFFFFFu;
    TIMER0_VALUE = 0xFFFFFFFFu;
    TIMER0_CTRL = 1; /* enable, no interrupt */
    last = TIMER0_VALUE;
}

/* 2 instructions (SUBS, BNE) per iteration, 2,000,000 in all. */
static uint32_t calibrate(void)
{
    uint32_t t0, t1, n = 1000000u;
    t0 = TIMER0_VALUE;
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
    t1 = TIMER0_VALUE;
    return (t0 - t1) * INSN_PER_TICK;
}

static void put_kv(const char *key, uint64_t v)
{
    mps2_puts("dt.");
    mps2_puts(key);
    mps2_puts("=");
    if (v > 0xFFFFFFFFu)
        mps2_println("overflow");
    else {
        mps2_put_u32((uint32_t)v);
        mps2_println("");
    }
}

/* ---- console ---- */

static void say(const char *line)
{
    enter(C_CONSOLE);
    mps2_println(line);
    console_chars += (uint32_t)strlen(line) + 2u;
    leave();
}

static void log_line(ob_platform *p, const char *line)
{
    (void)p;
    say(line);
}

/* ---- flash: the STM32 driver over the emulated flash ---- */

static stm32_family fam;
static stm32_flash hw;
static ob_flash drv; /* the driver's device */
static ob_flash flash; /* what bl1 gets: the driver, counted */

static uint32_t no_clock(void)
{
    return 0; /* BSY is never set: no wait needs a clock */
}

static int in_region(const ob_region *r, uint32_t addr)
{
    return r->size && addr >= r->addr && addr - r->addr < r->size;
}

static int read_counted(ob_flash *f, uint32_t addr, void *dst, uint32_t len)
{
    (void)f;
    return drv.read(&drv, addr, dst, len); /* memcpy: the caller's work, as on the boards */
}

static int program_counted(ob_flash *f, uint32_t addr, const void *src, uint32_t len)
{
    (void)f;
    enter(C_PROGRAM);
    int rc = drv.program(&drv, addr, src, len);
    leave();
    if (rc == OB_OK) {
        ops.programs++;
        ops.prog_bytes += len;
        if (in_region(&mps2_layout->app, addr))
            ops.app_prog_bytes += len;
    }
    return rc;
}

static int erase_counted(ob_flash *f, uint32_t sector_addr)
{
    uint32_t start = 0, size = 0;
    (void)f;
    if (ob_flash_sector_of(drv.geom, sector_addr, NULL, &start, &size) == OB_OK && start == sector_addr) {
        enter(C_MODEL); /* what the controller does */
        memset((void *)(uintptr_t)start, 0xFF, size);
        leave();
    }
    enter(C_ERASE);
    int rc = drv.erase(&drv, sector_addr);
    leave();
    if (rc == OB_OK) {
        ops.erases++;
        ops.erase_bytes += size;
        if (in_region(&mps2_layout->app, sector_addr))
            ops.app_erases++;
    }
    return rc;
}

static void flash_setup(void)
{
    fam = stm32_family_f40x; /* ART caches, x32, same sequences as F2/F7 */
    fam.geom = mps2_layout->geom;
    hw.regs = (stm32_flash_regs *)RAZ_WI_REGION;
    hw.cache = (cm_cache_regs *)RAZ_WI_REGION;
    hw.mem = (volatile uint32_t *)(uintptr_t)mps2_layout->geom->base;
    hw.fam = &fam;
    hw.now_ms = no_clock;
    stm32_flash_init(&drv, &hw);
    flash = drv;
    flash.read = read_counted;
    flash.program = program_counted;
    flash.erase = erase_counted;
}

/* ---- the core's phases (--wrap) ---- */

int __real_ob_sig_check(const ob_keyring *keys, const uint8_t rec[OB_META_LEN]);
int __wrap_ob_sig_check(const ob_keyring *keys, const uint8_t rec[OB_META_LEN]);
int __wrap_ob_sig_check(const ob_keyring *keys, const uint8_t rec[OB_META_LEN])
{
    enter(C_SIG);
    int rc = __real_ob_sig_check(keys, rec);
    leave();
    return rc;
}

int __real_ob_sha256_flash(ob_flash *f, uint32_t addr, uint32_t len, uint8_t out[OB_SHA256_LEN]);
int __wrap_ob_sha256_flash(ob_flash *f, uint32_t addr, uint32_t len, uint8_t out[OB_SHA256_LEN]);
int __wrap_ob_sha256_flash(ob_flash *f, uint32_t addr, uint32_t len, uint8_t out[OB_SHA256_LEN])
{
    const ob_layout *l = mps2_layout;
    enter(in_region(&l->app, addr)                                    ? C_HASH_APP
          : in_region(&l->slot, addr) || in_region(&l->slot2, addr) ? C_HASH_SLOT
                                                                      : C_OTHER);
    int rc = __real_ob_sha256_flash(f, addr, len, out);
    leave();
    return rc;
}

int __real_ob_inflate_run(ob_inflate *s, ob_pull_fn pull, void *pull_ctx, ob_sink *out);
int __wrap_ob_inflate_run(ob_inflate *s, ob_pull_fn pull, void *pull_ctx, ob_sink *out);
int __wrap_ob_inflate_run(ob_inflate *s, ob_pull_fn pull, void *pull_ctx, ob_sink *out)
{
    enter(C_INFLATE);
    int rc = __real_ob_inflate_run(s, pull, pull_ctx, out);
    leave();
    return rc;
}

int __real_ob_flash_sink_finish(ob_flash_sink *fs);
int __wrap_ob_flash_sink_finish(ob_flash_sink *fs);
int __wrap_ob_flash_sink_finish(ob_flash_sink *fs)
{
    enter(C_INFLATE); /* the output's last partial stage */
    int rc = __real_ob_flash_sink_finish(fs);
    leave();
    return rc;
}

#define WRAP_JOURNAL(name, params, args)  \
    int __real_##name params;             \
    int __wrap_##name params;             \
    int __wrap_##name params              \
    {                                     \
        enter(C_JOURNAL);                 \
        int rc = __real_##name args;      \
        leave();                          \
        return rc;                        \
    }
WRAP_JOURNAL(ob_journal_open, (ob_journal * j, ob_flash *f, const ob_layout *l), (j, f, l))
WRAP_JOURNAL(ob_journal_install_start, (ob_journal * j, const ob_jimage *img), (j, img))
WRAP_JOURNAL(ob_journal_install_done, (ob_journal * j, const ob_jimage *img), (j, img))
WRAP_JOURNAL(ob_journal_trial_boot, (ob_journal * j), (j))
WRAP_JOURNAL(ob_journal_rollback, (ob_journal * j, int reason), (j, reason))

/* ---- run ---- */

static ob_boot_work work;

int main(void)
{
    ob_boot_cfg cfg = {.max_trials = 3, .keys = ob_fw_keys};
    ob_platform plat = {.log = log_line};
    ob_boot_result res;

    mps2_uart_init();
    timer_start();
    put_kv("calibration_2000000", calibrate());
    /* What one enter/leave pair costs, to bound the measurement's own share. */
    memset(insn, 0, sizeof insn);
    last = TIMER0_VALUE;
    for (int i = 0; i < 1000; i++) {
        enter(C_MODEL);
        leave();
    }
    charge();
    put_kv("probe_1000_pairs", insn[C_OTHER] + insn[C_MODEL]);
    flash_setup();

    memset(insn, 0, sizeof insn);
    memset(&ops, 0, sizeof ops);
    console_chars = 0;
    depth = 0;
    stack[0] = C_OTHER;
    last = TIMER0_VALUE;
    /* bl1's own lines around the core's (bl1/main.c prints these four on
     * the boards, with their names): counted for the console time. */
    ob_line l;
    ob_line_init(&l);
    ob_line_str(ob_line_str(ob_line_str(&l, "bl1: otaboot bl1 on " MPS2_BOARD_NAME " (MPS2 AN386), "),
                            ob_profile_name(mps2_layout->profile)),
                " layout, reset cause: software");
    say(l.buf);
    say("bl1: clock: 25 MHz from the MPS2 oscillator (QEMU)");
    say("bl1: watchdog started (32 s)");
    int rc = ob_boot_run(mps2_layout, &flash, &cfg, &plat, &work, &res);
    ob_line_init(&l);
    ob_line_hex(ob_line_str(&l, "bl1: jumping to the application: VTOR "), res.vector_addr);
    ob_line_hex(ob_line_str(&l, ", MSP "), res.sp);
    ob_line_hex(ob_line_str(&l, ", entry "), res.entry);
    say(l.buf);
    charge();

    uint64_t total = 0;
    for (unsigned c = 0; c < C_N; c++) {
        char key[24] = "insn.";
        strcat(key, cat_name[c]);
        put_kv(key, insn[c]);
        total += insn[c];
    }
    put_kv("insn.total", total);
    put_kv("console_chars", console_chars);
    put_kv("erases", ops.erases);
    put_kv("erase_bytes", ops.erase_bytes);
    put_kv("app_erases", ops.app_erases);
    put_kv("programs", ops.programs);
    put_kv("prog_bytes", ops.prog_bytes);
    put_kv("app_prog_bytes", ops.app_prog_bytes);
    put_kv("signed", ob_fw_keys != 0);
    put_kv("fw_version", res.fw_version);
    int ok = rc == OB_OK && res.action == OB_BOOT_START_APP && ops.app_erases > 0;
    mps2_println(ok ? "dt.result=installed" : "dt.result=NO INSTALL");
    mps2_semihost_exit(ok ? 0 : 1);
}
