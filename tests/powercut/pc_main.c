/* SPDX-License-Identifier: Apache-2.0 */
/* Power-cut harness: cut the power at every flash operation of every flow,
 * on every board layout, with every kind of cut, and prove the board comes
 * back bootable and consistent. docs/ROBUSTNESS.md explains the method.
 *
 * For each layout (ob_all_layouts: every board, every profile) and each flow
 * (pc_flows.c) and each journal-fill variant (the flow starts with the active
 * journal sector holding 0..A free records, A the flow's appends, so every
 * append of the flow and the first of its recovery meets a compaction; or
 * with plenty of room):
 *   1. build the start state through the real code paths; snapshot it;
 *   2. run the flow uncut and count its flash operations N;
 *   3. for every cut index i < N and every kind (before the operation, torn
 *      program, partial erase): restore, run cut at i, power up, check the
 *      journal reads as one state, recover (bl1, and the sender again), check
 *      the end state; every bl1 decision on the way is checked (bootable,
 *      only an allowed image, the rollback point once it is due, or a
 *      legitimate rescue, app bytes exactly that image, a seal pending at
 *      power-up is what the next bl1 starts, the security counter never
 *      lower, the rollback point intact in its slot);
 *   4. for a sample of cut indices (every one in the rollback flow), cut
 *      again at every operation of the recovery, power up and recover once
 *      more.
 * Then the flows that move whole images run with full-size images at sampled
 * cut points.
 *
 *   build/host/powercut              the `make check` set (>= 100,000 scenarios)
 *   build/host/powercut --torture    every cut point with full-size images and a
 *                                    second cut after every first one (hours)
 *   options: --layout=<board>[/<profile>]  --flow=<name>  --double-every=<k>
 *            --large-points=<k> (cut points per kind for full-size images)
 *            --jobs=<n> (processes, default 2) */
#include "pc.h"

#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pc_flows.h"

static struct {
    int torture;
    const char *layout;
    const char *flow;
    unsigned double_every;
    unsigned large_points;
    unsigned jobs;
} opt = {0, NULL, NULL, 3, 8, 2};

static fx_board board;
static unsigned long long total_scenarios;

static uint32_t seed_of(const pc_ctx *c, unsigned fi, int variant, uint64_t cut, int kind)
{
    uint32_t s = (c->layout_idx + 1) * 2654435761u;
    s ^= (fi + 1) * 40503u + (uint32_t)(variant + 2) * 9176u;
    s ^= (uint32_t)cut * 2246822519u + (uint32_t)kind * 3266489917u;
    return s ? s : 1;
}

typedef struct {
    const pc_flow *fl;
    unsigned fi;
    int variant;
    pc_start start;
} start_state;

static void begin(pc_ctx *c, const start_state *ss)
{
    pc_snap_restore(c);
    c->flow = ss->fl->name;
    c->variant = ss->variant;
    c->allowed = ss->fl->allowed;
    c->rescue_ok = ss->fl->rescue_ok;
    c->trials_may_run_out = ss->fl->trials_may_run_out;
    c->count_trials = ss->fl->count_trials;
    c->start = ss->start;
    c->trial_starts = ss->start.trial_starts;
    c->counter_floor = ss->start.counter;
    c->must_start = 0;
    c->cut1 = c->cut2 = -1;
    memset(&c->last, 0, sizeof c->last);
}

/* Builds the start state of a flow and snapshots it. */
static void build(pc_ctx *c, start_state *ss)
{
    pc_erase_all(c);
    c->flow = ss->fl->name;
    c->variant = ss->variant;
    c->allowed = ~0u;
    c->rescue_ok = ~0u;
    c->count_trials = 0;
    c->trials_may_run_out = 0;
    c->must_start = 0;
    c->trial_starts = 0;
    c->counter_floor = 0;
    memset(&c->start, 0, sizeof c->start);
    ss->fl->setup(c);
    if (ss->variant >= 0)
        pc_fill_journal(c, ss->variant);
    const ob_jimage *rb = ob_jstate_rollback_point(&c->b->j.st);
    c->start.trial_starts = c->trial_starts;
    c->start.counter = c->b->j.st.security_counter;
    c->start.rollback_v = rb && c->l->profile == OB_PROFILE_ROLLBACK ? pc_version_index(rb->fw_version) : 0;
    ss->start = c->start;
    pc_snap_take(c);
}

/* One cut at `cut`; returns the operations the recovery took (uncut). */
static uint64_t single(pc_ctx *c, const start_state *ss, uint64_t cut, int kind)
{
    begin(c, ss);
    c->cut1 = (long)cut;
    c->kind1 = kind;
    simflash_cut_after(&c->b->sf, cut, (simflash_cut)kind, seed_of(c, ss->fi, ss->variant, cut, kind));
    PC_ASSERT(c, ss->fl->run(c) == PC_CUT);
    pc_after_power_up(c);
    uint64_t o = pc_ops(c);
    PC_ASSERT(c, ss->fl->recover(c) == 0);
    uint64_t rops = pc_ops(c) - o;
    ss->fl->final(c);
    pc_check_journal(c, 0);
    total_scenarios++;
    return rops;
}

static void twice(pc_ctx *c, const start_state *ss, uint64_t cut, int kind, uint64_t cut2, int kind2)
{
    begin(c, ss);
    c->cut1 = (long)cut;
    c->kind1 = kind;
    simflash_cut_after(&c->b->sf, cut, (simflash_cut)kind, seed_of(c, ss->fi, ss->variant, cut, kind));
    PC_ASSERT(c, ss->fl->run(c) == PC_CUT);
    pc_after_power_up(c);
    c->cut2 = (long)cut2;
    c->kind2 = kind2;
    simflash_cut_after(&c->b->sf, cut2, (simflash_cut)kind2, seed_of(c, ss->fi, ss->variant, cut2, kind2 + 3));
    PC_ASSERT(c, ss->fl->recover(c) == PC_CUT);
    pc_after_power_up(c);
    PC_ASSERT(c, ss->fl->recover(c) == 0);
    ss->fl->final(c);
    pc_check_journal(c, 0);
    total_scenarios++;
}

/* Runs the flow uncut (and its normal continuation); returns its operations. */
static uint64_t reference(pc_ctx *c, const start_state *ss)
{
    begin(c, ss);
    uint64_t o = pc_ops(c);
    PC_ASSERT(c, ss->fl->run(c) == 0);
    uint64_t nops = pc_ops(c) - o;
    PC_ASSERT(c, ss->fl->recover(c) == 0);
    ss->fl->final(c);
    pc_check_journal(c, 0);
    return nops;
}

static int flow_selected(const pc_flow *fl, const ob_layout *l)
{
    return (fl->profiles & PC_PROFILE(l)) && (!opt.flow || strcmp(opt.flow, fl->name) == 0);
}

static int layout_selected(const ob_layout *l)
{
    if (!opt.layout)
        return 1;
    size_t n = strlen(l->board);
    if (strncmp(opt.layout, l->board, n) != 0)
        return 0;
    return opt.layout[n] == '\0' || (opt.layout[n] == '/' && strcmp(opt.layout + n + 1, ob_profile_name(l->profile)) == 0);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Small images: every cut index, every kind, every fill variant; a second
 * cut at every recovery operation after a sample of first cuts. */
static void test_layout_small(void **state)
{
    unsigned idx = (unsigned)(uintptr_t)*state;
    const ob_layout *l = ob_all_layouts[idx];
    if (!layout_selected(l))
        skip();
    static pc_ctx c;
    double t0 = now();
    unsigned long long before = total_scenarios;
    pc_open(&c, l, idx, &board);
    static const uint32_t sizes[PC_VERSIONS] = {0, 3001, 4099, 3502};
    pc_make_images(&c, sizes);
    printf("  %s/%s:", l->board, ob_profile_name(l->profile));
    for (unsigned fi = 0; pc_flows[fi].name; fi++) {
        const pc_flow *fl = &pc_flows[fi];
        if (!flow_selected(fl, l))
            continue;
        unsigned long long fb = total_scenarios;
        for (int variant = -1; variant <= fl->appends; variant++) {
            start_state ss = {fl, fi, variant, {0, 0, 0, 0}};
            build(&c, &ss);
            uint64_t nops = reference(&c, &ss);
            PC_ASSERT(&c, nops > 0);
            for (int kind = 0; kind < 3; kind++) {
                for (uint64_t cut = 0; cut < nops; cut++) {
                    uint64_t rops = single(&c, &ss, cut, kind);
                    if (!fl->double_all && (cut + (uint64_t)kind + (uint64_t)(variant + 1)) % opt.double_every != 0)
                        continue;
                    for (uint64_t cut2 = 0; cut2 < rops; cut2++)
                        twice(&c, &ss, cut, kind, cut2, (int)((kind + 1 + cut2) % 3));
                }
            }
        }
        printf(" %s %llu,", fl->name, total_scenarios - fb);
    }
    printf(" in %.1f s\n", now() - t0);
    pc_free_images(&c);
    pc_close(&c);
    assert_true(total_scenarios > before);
}

/* Full-size images (the application area nearly full, the slot as full as
 * the compression allows): cut points spread over the whole flow. */
static void test_layout_large(void **state)
{
    unsigned idx = (unsigned)(uintptr_t)*state;
    const ob_layout *l = ob_all_layouts[idx];
    if (!layout_selected(l))
        skip();
    static pc_ctx c;
    double t0 = now();
    unsigned long long before = total_scenarios;
    pc_open(&c, l, idx, &board);
    uint32_t big = l->app.size - 1001;
    uint32_t slot = ob_layout_payload_max(l) + OB_SLOT_HDR_LEN; /* the smallest slot */
    if (l->profile != OB_PROFILE_DIRECT && (uint64_t)big * 53 / 100 > slot - 8192)
        big = (uint32_t)((uint64_t)(slot - 8192) * 100 / 53);
    const uint32_t sizes[PC_VERSIONS] = {0, big / 3 + 1, big, big - 777};
    pc_make_images(&c, sizes);
    printf("  %s/%s full-size (%u bytes):", l->board, ob_profile_name(l->profile), (unsigned)big);
    for (unsigned fi = 0; pc_flows[fi].name; fi++) {
        const pc_flow *fl = &pc_flows[fi];
        if (!fl->large || !flow_selected(fl, l))
            continue;
        unsigned long long fb = total_scenarios;
        start_state ss = {fl, fi, -1, {0, 0, 0, 0}};
        build(&c, &ss);
        uint64_t nops = reference(&c, &ss);
        for (int kind = 0; kind < 3; kind++) {
            uint64_t points = opt.torture ? nops : OB_MIN((uint64_t)opt.large_points, nops);
            for (uint64_t k = 0; k < points; k++) {
                /* spread over the flow, a different phase for each kind */
                uint64_t cut = opt.torture ? k : (nops * k + nops * (uint64_t)kind / 3) / points % nops;
                uint64_t rops = single(&c, &ss, cut, kind);
                if (k == 0 && kind == 0 && rops > 0)
                    twice(&c, &ss, cut, kind, rops / 2, 1);
            }
        }
        printf(" %s %llu,", fl->name, total_scenarios - fb);
    }
    printf(" in %.1f s\n", now() - t0);
    pc_free_images(&c);
    pc_close(&c);
    assert_true(total_scenarios > before);
}

static void parse(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--torture") == 0) {
            opt.torture = 1;
            opt.double_every = 1;
        } else if (strncmp(a, "--layout=", 9) == 0) {
            opt.layout = a + 9;
        } else if (strncmp(a, "--flow=", 7) == 0) {
            opt.flow = a + 7;
        } else if (strncmp(a, "--double-every=", 15) == 0) {
            opt.double_every = (unsigned)strtoul(a + 15, NULL, 10);
        } else if (strncmp(a, "--jobs=", 7) == 0) {
            opt.jobs = (unsigned)strtoul(a + 7, NULL, 10);
        } else if (strncmp(a, "--large-points=", 15) == 0) {
            opt.large_points = (unsigned)strtoul(a + 15, NULL, 10);
        } else {
            fprintf(stderr, "powercut: unknown option %s\n", a);
            exit(2);
        }
    }
    if (opt.double_every == 0)
        opt.double_every = 1u << 30;
    if (opt.large_points == 0)
        opt.large_points = 1;
    if (opt.jobs == 0 || opt.jobs > 16)
        opt.jobs = 1;
}

/* The k-th layout of a profile goes to job (k + profile) % jobs: each job
 * gets its share of every profile (their flows cost differently). */
static int runs_here(unsigned i, unsigned job, unsigned jobs)
{
    unsigned k = 0;
    for (unsigned j = 0; j < i; j++)
        k += ob_all_layouts[j]->profile == ob_all_layouts[i]->profile;
    return (k + (unsigned)ob_all_layouts[i]->profile) % jobs == job;
}

/* One job: the cmocka tests of its layouts. Returns cmocka's result. */
static int run_job(unsigned job, unsigned jobs)
{
    static struct CMUnitTest tests[64];
    static char names[64][64];
    size_t n = 0;
    for (unsigned i = 0; ob_all_layouts[i] && n + 2 <= 64; i++) {
        const ob_layout *l = ob_all_layouts[i];
        if (!runs_here(i, job, jobs) || !layout_selected(l))
            continue;
        snprintf(names[n], sizeof names[n], "%s/%s", l->board, ob_profile_name(l->profile));
        tests[n] = (struct CMUnitTest){names[n], test_layout_small, NULL, NULL, (void *)(uintptr_t)i};
        n++;
        snprintf(names[n], sizeof names[n], "%s/%s full-size", l->board, ob_profile_name(l->profile));
        tests[n] = (struct CMUnitTest){names[n], test_layout_large, NULL, NULL, (void *)(uintptr_t)i};
        n++;
    }
    return _cmocka_run_group_tests("powercut", tests, n, NULL, NULL);
}

/* Children of the running jobs: when the parent is stopped (a test
 * runner's timeout, ^C), they are stopped too instead of running on. */
static pid_t children[16];
static volatile sig_atomic_t nchildren;

static void stop_children(int sig)
{
    for (sig_atomic_t k = 0; k < nchildren; k++)
        if (children[k] > 0)
            kill(children[k], SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* The layouts are independent: with --jobs=N (default 2, the CI machine's
 * cores) N child processes take a share each; their output is shown one
 * after the other once all are done, then the total. */
int main(int argc, char **argv)
{
    parse(argc, argv);
    double t0 = now();
    if (opt.jobs == 1) {
        int rc = run_job(0, 1);
        printf("power-cut scenarios: %llu (%.1f s)\n", total_scenarios, now() - t0);
        return rc;
    }
    FILE *out[16];
    pid_t *pid = children;
    fflush(stdout);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = stop_children;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    for (unsigned k = 0; k < opt.jobs; k++) {
        out[k] = tmpfile();
        if (!out[k]) {
            perror("powercut: tmpfile");
            return 1;
        }
        pid[k] = fork();
        if (pid[k] < 0) {
            perror("powercut: fork");
            return 1;
        }
        if (pid[k] == 0) {
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            signal(SIGHUP, SIG_DFL);
            dup2(fileno(out[k]), STDOUT_FILENO);
            dup2(fileno(out[k]), STDERR_FILENO);
            int rc = run_job(k, opt.jobs);
            printf("job scenarios: %llu\n", total_scenarios);
            fflush(stdout);
            _exit(rc == 0 ? 0 : 1);
        }
        nchildren = (sig_atomic_t)(k + 1);
    }
    int failed = 0;
    unsigned long long total = 0;
    for (unsigned k = 0; k < opt.jobs; k++) {
        int st = 0;
        if (waitpid(pid[k], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            failed = 1;
        char line[512];
        rewind(out[k]);
        while (fgets(line, sizeof line, out[k])) {
            unsigned long long n;
            if (sscanf(line, "job scenarios: %llu", &n) == 1)
                total += n;
            else
                fputs(line, stdout);
        }
        fclose(out[k]);
    }
    printf("power-cut scenarios: %llu (%.1f s, %u jobs)\n", total, now() - t0, opt.jobs);
    if (failed)
        printf("[  FAILED  ] a power-cut job failed (see above)\n");
    return failed;
}
