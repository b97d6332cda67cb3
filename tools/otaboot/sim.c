/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot sim: options, the factory state and the power-cycle loop. */
#include "sim.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "keys.h"
#include "common.h"
#include "image.h"
#include "net.h"

#define WATCHDOG_MS_DEFAULT 1000u

static const char help[] =
    "usage: otaboot sim --board NAME [options]\n"
    "Runs a virtual board: bl1's logic on a simulated flash with the board's\n"
    "sector map, then a modelled application (or rescue firmware) serving the\n"
    "update port on TCP. Console lines go to stdout. The flash lives in a file,\n"
    "so stopping and restarting the process is a power cycle.\n"
    "  -b, --board NAME          board to model (e.g. nucleo-f429zi)\n"
    "  -p, --profile P           flash layout profile: slot, direct or rollback (default slot)\n"
    "  -f, --flash FILE          flash contents (created erased; default: a temporary file)\n"
    "      --bind ADDR           address to listen on (default 127.0.0.1)\n"
    "      --port N              TCP port (default 40000; 0 picks a free one)\n"
    "      --no-confirm          the application never confirms itself (it keeps serving)\n"
    "      --bad-version M.m.p   the application of this version hangs before it confirms:\n"
    "                            the watchdog resets the board, so trial boots run by themselves\n"
    "      --watchdog-ms MS      how long a hung application runs before the watchdog resets\n"
    "                            it (default 1000; a real board's is about 32 s)\n"
    "      --dev                 deprecated, does nothing: a board without --key is a\n"
    "                            development board and takes plain gzip anyway\n"
    "      --max-trials N        unconfirmed boots before rescue (default 3)\n"
    "      --idle-timeout S      drop a client silent for S seconds (default 10)\n"
    "      --deadline S          every transfer's time limit before its size is known (default 20)\n"
    "      --min-rate BYTES      average rate a transfer must keep: its limit grows by size/rate\n"
    "                            (default 4096 bytes/s)\n"
    "      --rescue-return S     rescue entered on the application's request goes back to it when\n"
    "                            no install has started within S seconds (default 60)\n"
    "      --cut-after N         power cut at the N-th flash program/erase from now (0 = next)\n"
    "      --cut-kind KIND       before | torn | partial-erase (default before)\n"
    "      --seed N              seed of torn/partial-erase content (default 1)\n"
    "  -k, --key PUB.pem         a production board: accept only images signed by this key\n"
    "                            (up to 4); without --key it is a development board (unsigned\n"
    "                            images and plain `gzip -9` accepted, fully checked; said on\n"
    "                            every boot)\n"
    "  -h, --help                this text\n"
    "Query on the port: \"STATUS\\n\" (one key=value line, with the progress of a transfer).\n"
    "Exit: 0 stopped by SIGINT/SIGTERM, 5 bl1 halted, 6 injected power cut, 3 flash file error.\n";

volatile int sim_stop = 0;

static void on_signal(int sig)
{
    (void)sig;
    sim_stop = 1;
}

void sim_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static void console(ob_platform *p, const char *line)
{
    (void)p;
    sim_say("%s", line);
}

/* The factory programs the rescue firmware with a debugger. Ours is modelled:
 * a vector table (initial SP at the top of the first RAM region, reset handler
 * inside the region) and a marker, enough for bl1's checks to start it. */
static int provision_rescue(sim *s)
{
    const ob_layout *l = s->l;
    uint8_t img[64];
    if (l->rescue.size == 0)
        return 0;
    if (ob_flash_read(&s->sf.dev, l->rescue.addr, img, 8) != OB_OK)
        return -1;
    if (ob_get_le32(img) != 0xFFFFFFFFu || ob_get_le32(img + 4) != 0xFFFFFFFFu)
        return 0;
    memset(img, 0, sizeof img);
    ob_put_le32(img, l->ram[0].base + l->ram[0].size);
    ob_put_le32(img + 4, l->rescue.addr + 0x101u);
    snprintf((char *)img + 8, sizeof img - 8, "otaboot sim: modelled rescue");
    if (simflash_poke(&s->sf, l->rescue.addr, img, sizeof img) != OB_OK)
        return -1;
    sim_say("sim: factory state: modelled rescue firmware programmed at 0x%08x", l->rescue.addr);
    return 0;
}

static int power_cut_exit(sim *s)
{
    sim_say("sim: power cut (injected after %llu flash operations from start): exiting with code %d, "
            "restart to power up",
            (unsigned long long)simflash_op_count(&s->sf), EXIT_POWER_CUT);
    return EXIT_POWER_CUT;
}

/* "sim: reset (N flash operations since power on)": N to choose a --cut-after. */
static void say_ops(sim *s, const char *what)
{
    sim_say("sim: %s (%llu flash operations since power on)", what, (unsigned long long)simflash_op_count(&s->sf));
}

/* The application of --bad-version runs (journal replayed after this boot). */
static int app_is_bad(const sim *s)
{
    const ob_jstate *st = &s->j.st;
    return s->o.bad && st->app_status != OB_APP_UNKNOWN && !(st->app.flags & OB_JIMG_PLAIN) &&
           st->app.fw_version == s->o.bad_version;
}

/* The hung application: it serves nothing and confirms nothing until the
 * watchdog resets the board. Returns -1 to boot again, or EXIT_OK when
 * stopped meanwhile. */
static int hang(sim *s, const char *v)
{
    uint32_t ms = s->o.watchdog_ms;
    if (ms % 1000u)
        sim_say("app: %s hangs (--bad-version): watchdog reset in %u ms", v, ms);
    else
        sim_say("app: %s hangs (--bad-version): watchdog reset in %u s", v, ms / 1000u);
    double end = net_now() + ms / 1000.0;
    while (!sim_stop && net_now() < end)
        net_sleep_ms(20);
    if (sim_stop) {
        say_ops(s, "stopped");
        return EXIT_OK;
    }
    say_ops(s, "watchdog reset");
    sim_drop_pending(s);
    return -1;
}

/* Rollback profile: which slot keeps the image bl1 would go back to, and
 * which one the next transfer writes (core/journal.h). */
static void say_slots(const sim *s)
{
    const ob_layout *l = s->l;
    if (l->profile != OB_PROFILE_ROLLBACK)
        return;
    const ob_jimage *back = ob_jstate_rollback_point(&s->j.st);
    uint32_t next = ob_layout_slot(l, ob_jstate_update_slot(&s->j.st, l))->addr;
    char v[40] = "a plain-gzip image";
    if (back == NULL) {
        sim_say("sim: no image kept to go back to (a failed update ends in rescue); the next update goes into "
                "the slot at 0x%08x", next);
        return;
    }
    if (!(back->flags & OB_JIMG_PLAIN)) {
        v[0] = 'v';
        ob_version_format(back->fw_version, v + 1, sizeof v - 1);
    }
    sim_say("sim: %s kept to go back to in the slot at 0x%08x; the next update goes into the slot at 0x%08x", v,
            ob_jimage_slot(back, l)->addr, next);
}

/* One boot: bl1, then the modelled firmware it starts. Returns -1 to boot
 * again, or an exit code. */
static int boot_once(sim *s)
{
    static ob_boot_work work;
    ob_boot_cfg cfg;
    ob_platform plat;
    ob_boot_result res;
    char v[40] = "a plain-gzip image (no version)";
    memset(&cfg, 0, sizeof cfg);
    cfg.max_trials = s->o.max_trials;
    cfg.keys = s->o.keys.count ? &s->o.keys : NULL;
    memset(&plat, 0, sizeof plat);
    plat.log = console;

    int rc = ob_boot_run(s->l, &s->sf.dev, &cfg, &plat, &work, &res);
    if (rc == OB_ERR_POWER_CUT || simflash_is_dead(&s->sf))
        return power_cut_exit(s);
    if (res.action == OB_BOOT_HALT || (rc != OB_OK && res.action != OB_BOOT_START_RESCUE)) {
        sim_say("sim: bl1 halted (%s): the board does nothing until it is reflashed", ob_strerror(res.reason ? res.reason : rc));
        return EXIT_HALT;
    }
    if (ob_journal_open(&s->j, &s->sf.dev, s->l) != OB_OK)
        return power_cut_exit(s);
    if (res.action == OB_BOOT_START_APP) {
        s->running = OB_RUN_APP;
        s->app_version = res.fw_version;
        if (s->j.st.app_status == OB_APP_UNKNOWN) {
            snprintf(v, sizeof v, "an application without a journal record");
        } else if (res.fw_version) {
            v[0] = 'v';
            ob_version_format(res.fw_version, v + 1, sizeof v - 1);
        }
        sim_say("app: %s started%s: entry 0x%08x, SP 0x%08x (Cortex-M code does not run here: the modelled "
                "application takes over)",
                v, res.trial ? " on trial" : "", res.entry, res.sp);
        if (app_is_bad(s))
            return hang(s, v);
        if (s->j.st.app_status == OB_APP_TRIAL) {
            if (s->o.no_confirm) {
                sim_say("app: not confirming itself (--no-confirm): trial boot %u of %u", s->j.st.trials,
                        s->o.max_trials ? s->o.max_trials : 3);
            } else {
                rc = ob_journal_confirm(&s->j);
                if (rc == OB_ERR_POWER_CUT || simflash_is_dead(&s->sf))
                    return power_cut_exit(s);
                if (rc != OB_OK)
                    sim_say("app: confirm failed: %s", ob_strerror(rc));
                else
                    sim_say("app: %s is healthy and confirmed itself", v);
            }
        }
    } else {
        s->running = OB_RUN_RESCUE;
        sim_say("rescue: started at 0x%08x (%s); it takes updates %s", res.vector_addr, ob_strerror(res.reason),
                s->l->profile == OB_PROFILE_DIRECT     ? "straight into the application area"
                : s->l->profile == OB_PROFILE_ROLLBACK ? "into one of the two update slots"
                                                       : "into the update slot");
    }
    say_slots(s);
    switch (sim_serve(s)) {
    case SERVE_RESET:
        say_ops(s, "reset");
        return -1;
    case SERVE_POWER_CUT:
        return power_cut_exit(s);
    case SERVE_STOP:
        say_ops(s, "stopped");
        return EXIT_OK;
    default:
        return EXIT_INTERNAL;
    }
}

static int parse_opts(int argc, char **argv, sim_opts *o)
{
    static const struct option opts[] = {
        { "board", required_argument, NULL, 'b' },     { "profile", required_argument, NULL, 'p' },
        { "flash", required_argument, NULL, 'f' },     { "bind", required_argument, NULL, 'B' },
        { "port", required_argument, NULL, 'P' },      { "no-confirm", no_argument, NULL, 'N' },
        { "dev", no_argument, NULL, 'D' },             { "max-trials", required_argument, NULL, 'T' },
        { "idle-timeout", required_argument, NULL, 'I' }, { "cut-after", required_argument, NULL, 'C' },
        { "cut-kind", required_argument, NULL, 'K' },  { "seed", required_argument, NULL, 'S' },
        { "key", required_argument, NULL, 'k' },
        { "deadline", required_argument, NULL, 'L' }, { "min-rate", required_argument, NULL, 'M' },
        { "rescue-return", required_argument, NULL, 'R' },
        { "bad-version", required_argument, NULL, 'V' }, { "watchdog-ms", required_argument, NULL, 'W' },
        { "help", no_argument, NULL, 'h' },            { NULL, 0, NULL, 0 },
    };
    uint32_t u;
    int c;
    memset(o, 0, sizeof *o);
    o->bind = "127.0.0.1";
    o->port = OTABOOT_PORT;
    o->idle_ms = 10000;
    o->seed = 1;
    o->watchdog_ms = WATCHDOG_MS_DEFAULT;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":b:p:f:k:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': o->board = optarg; break;
        case 'k':
            if (keys_add(&o->keys, optarg) != 0)
                return EXIT_USAGE;
            break;
        case 'p':
            if (ob_profile_parse(optarg, &o->profile) != OB_OK)
                return fail(EXIT_USAGE, "unknown profile '%s' (slot, direct or rollback)", optarg);
            break;
        case 'f': o->flash_path = optarg; break;
        case 'B': o->bind = optarg; break;
        case 'P':
            if (parse_uint(optarg, 65535, &u) != 0)
                return fail(EXIT_USAGE, "bad --port '%s' (0..65535)", optarg);
            o->port = (uint16_t)u;
            break;
        case 'N': o->no_confirm = 1; break;
        case 'V':
            if (ob_version_parse(optarg, &o->bad_version) != OB_OK)
                return fail(EXIT_USAGE, "bad --bad-version '%s' (MAJOR.MINOR.PATCH, e.g. 2.0.0)", optarg);
            o->bad = 1;
            break;
        case 'W':
            if (parse_uint(optarg, 600000u, &u) != 0 || u == 0)
                return fail(EXIT_USAGE, "bad --watchdog-ms '%s' (1..600000 ms)", optarg);
            o->watchdog_ms = u;
            break;
        case 'D':
            fprintf(stderr, "otaboot: --dev is deprecated and does nothing: a board without --key is a "
                            "development board and takes plain gzip\n");
            break;
        case 'T':
            if (parse_uint(optarg, 255, &u) != 0 || u == 0)
                return fail(EXIT_USAGE, "bad --max-trials '%s' (1..255)", optarg);
            o->max_trials = (uint8_t)u;
            break;
        case 'I':
            if (parse_uint(optarg, 3600, &u) != 0 || u == 0)
                return fail(EXIT_USAGE, "bad --idle-timeout '%s' (1..3600 s)", optarg);
            o->idle_ms = (int)u * 1000;
            break;
        case 'L':
            if (parse_uint(optarg, 3600, &u) != 0 || u == 0)
                return fail(EXIT_USAGE, "bad --deadline '%s' (1..3600 s)", optarg);
            o->deadline_ms = u * 1000u;
            break;
        case 'M':
            if (parse_uint(optarg, 4000000u, &u) != 0 || u == 0)
                return fail(EXIT_USAGE, "bad --min-rate '%s' (1..4000000 bytes/s)", optarg);
            o->min_rate = u;
            break;
        case 'R':
            if (parse_uint(optarg, 3600, &u) != 0 || u == 0)
                return fail(EXIT_USAGE, "bad --rescue-return '%s' (1..3600 s)", optarg);
            o->rescue_return_ms = u * 1000u;
            break;
        case 'C':
            if (parse_uint(optarg, 0xFFFFFFFFu, &u) != 0)
                return fail(EXIT_USAGE, "bad --cut-after '%s'", optarg);
            o->cut = 1;
            o->cut_after = u;
            break;
        case 'K':
            if (!strcmp(optarg, "before"))
                o->cut_kind = SIMFLASH_CUT_BEFORE;
            else if (!strcmp(optarg, "torn"))
                o->cut_kind = SIMFLASH_CUT_TORN;
            else if (!strcmp(optarg, "partial-erase"))
                o->cut_kind = SIMFLASH_CUT_PARTIAL_ERASE;
            else
                return fail(EXIT_USAGE, "bad --cut-kind '%s' (before, torn or partial-erase)", optarg);
            break;
        case 'S':
            if (parse_uint(optarg, 0xFFFFFFFFu, &o->seed) != 0)
                return fail(EXIT_USAGE, "bad --seed '%s'", optarg);
            break;
        case 'h': return print_help(help), -1;
        case ':': return fail(EXIT_USAGE, "option %s needs a value (see --help)", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return fail(EXIT_USAGE, "unexpected argument '%s' (see --help)", argv[optind]);
    if (o->board == NULL)
        return fail(EXIT_USAGE, "--board is required (see --help)");
    return 0;
}

int cmd_sim(int argc, char **argv)
{
    static sim s;
    char why[256], tmpl[] = "/tmp/otaboot-sim-XXXXXX";
    int rc = parse_opts(argc, argv, &s.o);
    if (rc != 0)
        return rc < 0 ? EXIT_OK : rc;
    s.l = find_layout(s.o.board, s.o.profile);
    if (s.l == NULL)
        return EXIT_USAGE;
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *path = s.o.flash_path;
    if (path == NULL) {
        int fd = mkstemp(tmpl);
        if (fd < 0)
            return fail(EXIT_IO, "cannot create a temporary flash file: %s", strerror(errno));
        close(fd);
        path = tmpl;
    }
    if (simflash_open(&s.sf, s.l->geom, path) != OB_OK) {
        if (s.o.flash_path == NULL)
            unlink(tmpl);
        return fail(EXIT_IO, "cannot open the flash file %s", path);
    }
    s.lfd = net_listen(s.o.bind, s.o.port, &s.port, why, sizeof why);
    if (s.lfd < 0) {
        simflash_close(&s.sf);
        if (s.o.flash_path == NULL)
            unlink(tmpl);
        return fail(EXIT_NET, "%s", why);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    sim_say("sim: virtual %s (%s), %s profile, flash %s (%u KiB)%s", s.l->board, s.l->mcu,
            ob_profile_name(s.l->profile), s.o.flash_path ? s.o.flash_path : "in a temporary file",
            ob_flash_total_size(s.l->geom) / 1024, s.o.keys.count ? "" : ", development board (no --key)");
    int ret = EXIT_OK;
    if (provision_rescue(&s) != 0) {
        ret = fail(EXIT_IO, "cannot program the rescue region of %s", path);
    } else {
        if (s.o.cut) {
            simflash_cut_after(&s.sf, s.o.cut_after, s.o.cut_kind, s.o.seed);
            sim_say("sim: a power cut will hit flash operation %llu from now",
                    (unsigned long long)s.o.cut_after);
        }
        sim_say("sim: power on");
        while ((ret = boot_once(&s)) < 0 && !sim_stop)
            ;
        if (ret < 0)
            ret = EXIT_OK;
    }
    close(s.lfd);
    simflash_close(&s.sf);
    if (s.o.flash_path == NULL)
        unlink(tmpl);
    return ret;
}
