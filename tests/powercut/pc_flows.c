/* SPDX-License-Identifier: Apache-2.0 */
/* Power-cut harness: the flows. Each has a start state built through the
 * real code paths (setup), the work that is cut (run), what the board does
 * once power is back (recover: bl1, and the sender trying again where the
 * flow is a transfer) and the state it must end in (final). The rollback
 * profile runs the slot profile's flows (its end states where it differs:
 * an image that never confirms takes the board back to the previous one)
 * and its own: the rollback's re-install, a first image with nothing
 * before it, a rollback point that fails verification, an update after a
 * rollback. */
#include "pc.h"

#include <string.h>

#include "pc_flows.h"
#include "session.h"

#define STEP(x)                   \
    do {                          \
        if ((x) == PC_CUT)        \
            return PC_CUT;        \
    } while (0)

static ob_rx_mode mode_of(const pc_ctx *c)
{
    return c->l->profile == OB_PROFILE_DIRECT ? OB_RX_DIRECT : OB_RX_SLOT;
}

static int rollback_profile(const pc_ctx *c)
{
    return c->l->profile == OB_PROFILE_ROLLBACK;
}

/* The image kept to go back to, as a version index (0: none). */
static int rollback_v(const pc_ctx *c)
{
    const ob_jimage *img = ob_jstate_rollback_point(&c->b->j.st);
    return img ? pc_version_index(img->fw_version) : 0;
}

/* ---- start states ---- */

/* Rescue flashed, v1 delivered, booted and confirmed (in the rollback
 * profile through a slot, as its first flash does: its copy stays there). */
static void base_confirmed(pc_ctx *c)
{
    pc_put_rescue(c);
    assert_int_equal(pc_boot(c), 0); /* nothing yet: rescue */
    assert_int_equal(c->last.action, OB_BOOT_START_RESCUE);
    assert_int_equal(pc_send(c, 1, mode_of(c)), 0);
    assert_int_equal(pc_boot(c), 0);
    assert_int_equal(c->last.fw_version, pc_version(1));
    assert_int_equal(pc_confirm(c), 0);
    assert_int_equal(pc_boot(c), 0);
    assert_true(c->last.action == OB_BOOT_START_APP && !c->last.trial);
}

/* v1 confirmed, v2 delivered the profile's way and started once as a trial
 * (slot: installed and booted; direct: written by rescue, not booted yet). */
static void v2_trial(pc_ctx *c)
{
    base_confirmed(c);
    c->trial_starts = 0;
    if (c->l->profile != OB_PROFILE_DIRECT) {
        assert_int_equal(pc_send(c, 2, OB_RX_SLOT), 0);
        assert_int_equal(pc_boot(c), 0);
        assert_true(c->last.trial && c->last.fw_version == pc_version(2));
    } else {
        assert_int_equal(pc_request_rescue(c, 2), 0);
        assert_int_equal(pc_boot(c), 0);
        assert_int_equal(c->last.action, OB_BOOT_START_RESCUE);
        assert_int_equal(pc_send(c, 2, OB_RX_DIRECT), 0);
    }
}

static void setup_confirmed(pc_ctx *c)
{
    base_confirmed(c);
}

static void setup_sealed(pc_ctx *c)
{
    base_confirmed(c);
    assert_int_equal(pc_send(c, 2, OB_RX_SLOT), 0);
}

/* The first image, v1, delivered through a slot and started once as a
 * trial: nothing before it to go back to. */
static void v1_first_trial(pc_ctx *c)
{
    pc_put_rescue(c);
    assert_int_equal(pc_boot(c), 0);
    assert_int_equal(c->last.action, OB_BOOT_START_RESCUE);
    assert_int_equal(pc_send(c, 1, OB_RX_SLOT), 0);
    c->trial_starts = 0;
    assert_int_equal(pc_boot(c), 0);
    assert_true(c->last.trial && c->last.fw_version == pc_version(1));
}

/* v2 on trial has used its trial boots: the next bl1 run gives up on it. */
static void v2_trials_used(pc_ctx *c)
{
    v2_trial(c);
    while (c->trial_starts < PC_MAX_TRIALS) {
        assert_int_equal(pc_boot(c), 0);
        assert_true(c->last.trial && c->last.fw_version == pc_version(2));
    }
    assert_int_equal(c->b->j.st.trials, PC_MAX_TRIALS);
}

/* ... and v1's copy in its slot went bad (rollback profile). */
static void setup_bad_rollback_point(pc_ctx *c)
{
    v2_trials_used(c);
    pc_damage_rollback_point(c);
}

/* v2 never confirmed itself: the board runs rescue (in the rollback profile
 * because v1's copy failed its verification). */
static void setup_failed(pc_ctx *c)
{
    if (rollback_profile(c))
        setup_bad_rollback_point(c);
    else
        v2_trial(c);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(pc_boot(c), 0);
        if (c->last.action == OB_BOOT_START_RESCUE)
            break;
    }
    assert_int_equal(c->last.action, OB_BOOT_START_RESCUE);
    assert_int_equal(c->b->j.st.app_status, OB_APP_FAILED);
}

/* v2 never confirmed itself: bl1 went back to v1 (rollback profile). */
static void setup_rolled_back(pc_ctx *c)
{
    v2_trials_used(c);
    assert_int_equal(pc_boot(c), 0);
    assert_true(c->last.action == OB_BOOT_START_APP && !c->last.trial);
    assert_int_equal(c->last.fw_version, pc_version(1));
    assert_true(c->b->j.st.rolled_back && c->b->j.st.rollback_from == pc_version(2));
}

/* ---- slot: a transfer into the update slot ---- */

static int run_receive(pc_ctx *c)
{
    return pc_send(c, 3, OB_RX_SLOT);
}

static int recover_receive(pc_ctx *c)
{
    STEP(pc_boot(c));
    /* rollback profile: a seal made it before the cut (v3's, or the v2 that
     * v3 was overwriting) and bl1 installed it; on trial with v1 kept, the
     * board takes no transfer until it confirms or is given up */
    if (rollback_profile(c) && c->last.trial)
        return pc_send_refused(c, 3, OB_ERR_TRIAL_RUNNING);
    STEP(pc_send(c, 3, OB_RX_SLOT));
    return pc_boot(c);
}

/* A new image on trial keeps the image the flow started from to go back to
 * (rollback profile): prev is what was the rollback point. */
static void final_keeps_rollback_point(pc_ctx *c)
{
    if (!rollback_profile(c))
        return;
    const ob_jimage *prev = &c->b->j.st.prev;
    if (c->start.rollback_v == 0 || c->start.damaged)
        PC_ASSERT(c, prev->raw_size == 0);
    else
        PC_ASSERT(c, prev->raw_size == c->raw_len[c->start.rollback_v] &&
                         prev->fw_version == pc_version(c->start.rollback_v));
}

static void final_v3_trial(pc_ctx *c)
{
    PC_ASSERT(c, c->last.action == OB_BOOT_START_APP && c->last.trial);
    PC_ASSERT(c, c->last.fw_version == pc_version(3));
    final_keeps_rollback_point(c);
}

/* v3 on trial; or, in the rollback profile, v2 when the cut came before v3's
 * transfer began: its seal is installed, and v3 refused while it is on trial. */
static void final_v3_or_sealed_trial(pc_ctx *c)
{
    if (rollback_profile(c) && c->last.fw_version == pc_version(2)) {
        PC_ASSERT(c, c->last.action == OB_BOOT_START_APP && c->last.trial);
        final_keeps_rollback_point(c);
        return;
    }
    final_v3_trial(c);
}

/* ---- slot: bl1 installs the sealed update ---- */

static int run_install(pc_ctx *c)
{
    return pc_boot(c);
}

static void final_v2_trial(pc_ctx *c)
{
    PC_ASSERT(c, c->last.action == OB_BOOT_START_APP && c->last.trial);
    PC_ASSERT(c, c->last.fw_version == pc_version(2));
    PC_ASSERT(c, c->b->j.st.app_status == OB_APP_TRIAL);
    final_keeps_rollback_point(c);
}

/* ---- direct: the application checks the header and restarts into rescue,
 * which writes the app area ---- */

static int run_direct(pc_ctx *c)
{
    STEP(pc_request_rescue(c, 3));
    STEP(pc_boot(c));
    PC_ASSERT(c, c->last.action == OB_BOOT_START_RESCUE);
    return pc_send(c, 3, OB_RX_DIRECT);
}

/* The person sends the file again: to rescue if the board is in rescue, to
 * the application (which restarts into rescue) otherwise. */
static int recover_direct(pc_ctx *c)
{
    STEP(pc_boot(c));
    if (c->last.action == OB_BOOT_START_APP && c->last.fw_version == pc_version(3))
        return 0; /* the cut came after the install was recorded */
    if (c->last.action == OB_BOOT_START_APP) {
        PC_ASSERT(c, c->last.fw_version == pc_version(1));
        STEP(pc_request_rescue(c, 3));
        STEP(pc_boot(c));
    }
    PC_ASSERT(c, c->last.action == OB_BOOT_START_RESCUE);
    STEP(pc_send(c, 3, OB_RX_DIRECT));
    return pc_boot(c);
}

/* ---- direct: a header-only send; rescue on request goes back ---- */

/* Rescue as it runs after this boot: nothing comes in time, it must decide
 * to go back to the application (a restart, nothing written). */
static int rescue_goes_back(pc_ctx *c)
{
    ob_session s;
    ob_session_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.layout = c->l;
    cfg.flash = c->b->f;
    cfg.journal = &c->b->j;
    cfg.running = OB_RUN_RESCUE;
    ob_session_init(&s, &cfg, 0);
    ob_session_tick(&s, OB_SESSION_RESCUE_RETURN_MS);
    PC_ASSERT(c, ob_session_reset_due(&s));
    return 0;
}

static int run_rescue_return(pc_ctx *c)
{
    STEP(pc_request_rescue(c, 3));
    STEP(pc_boot(c));
    PC_ASSERT(c, c->last.action == OB_BOOT_START_RESCUE);
    STEP(rescue_goes_back(c));
    return pc_boot(c);
}

static int recover_rescue_return(pc_ctx *c)
{
    STEP(pc_boot(c));
    if (c->last.action == OB_BOOT_START_RESCUE) {
        STEP(rescue_goes_back(c));
        STEP(pc_boot(c));
    }
    return 0;
}

static void final_v1_confirmed(pc_ctx *c)
{
    PC_ASSERT(c, c->last.action == OB_BOOT_START_APP && !c->last.trial);
    PC_ASSERT(c, c->last.fw_version == pc_version(1));
    PC_ASSERT(c, c->b->j.st.app_status == OB_APP_CONFIRMED);
    PC_ASSERT(c, c->b->j.st.rescue_request != OB_RESCUE_REQUESTED);
}

/* ---- either profile: rescue (after a failed image) takes a new one ---- */

static int run_rescue_receive(pc_ctx *c)
{
    return pc_send(c, 3, mode_of(c));
}

static int recover_rescue_receive(pc_ctx *c)
{
    STEP(pc_boot(c));
    if (c->last.action == OB_BOOT_START_APP && c->l->profile == OB_PROFILE_DIRECT)
        return 0; /* installed before the cut: nothing to send again */
    STEP(pc_send(c, 3, mode_of(c)));
    return pc_boot(c);
}

/* ---- trial boots and the confirmation ---- */

static int run_trial_confirm(pc_ctx *c)
{
    STEP(pc_boot(c));
    STEP(pc_confirm(c));
    return pc_boot(c);
}

/* The board went back to v1 by itself: started confirmed, the failure of
 * v2 recorded, the counter where v1 left it, nothing kept any more but v1's
 * own copy (the next update goes into the other slot). */
static void final_rolled_back(pc_ctx *c)
{
    const ob_jstate *st = &c->b->j.st;
    PC_ASSERT(c, c->last.action == OB_BOOT_START_APP && !c->last.trial);
    PC_ASSERT(c, c->last.fw_version == pc_version(1));
    PC_ASSERT(c, st->app_status == OB_APP_CONFIRMED);
    PC_ASSERT(c, st->rolled_back && st->rollback_from == pc_version(2));
    PC_ASSERT(c, st->prev.raw_size == 0 && !st->pending);
    PC_ASSERT(c, st->security_counter == 1);
    PC_ASSERT(c, c->trial_starts <= PC_MAX_TRIALS);
    PC_ASSERT(c, rollback_v(c) == 1);
}

static int recover_trial_confirm(pc_ctx *c)
{
    STEP(pc_boot(c));
    if (c->last.action == OB_BOOT_START_RESCUE || !c->last.trial)
        return 0; /* the cuts used up its trial boots: rescue or v1 back (checked in final) */
    STEP(pc_confirm(c));
    return pc_boot(c);
}

static void final_confirmed(pc_ctx *c)
{
    if (c->last.action == OB_BOOT_START_RESCUE) {
        PC_ASSERT(c, c->trial_starts >= PC_MAX_TRIALS);
        PC_ASSERT(c, c->b->j.st.app_status == OB_APP_FAILED);
        return;
    }
    if (rollback_profile(c) && c->last.fw_version == pc_version(1)) {
        PC_ASSERT(c, c->trial_starts >= PC_MAX_TRIALS);
        final_rolled_back(c);
        return;
    }
    PC_ASSERT(c, c->last.action == OB_BOOT_START_APP && !c->last.trial);
    PC_ASSERT(c, c->last.fw_version == pc_version(2));
    PC_ASSERT(c, c->b->j.st.app_status == OB_APP_CONFIRMED);
    PC_ASSERT(c, c->b->j.st.security_counter == 2);
    /* confirmed: v1 is given up, v2's own copy is what a rollback would take */
    PC_ASSERT(c, !rollback_profile(c) || (c->b->j.st.prev.raw_size == 0 && rollback_v(c) == 2));
}

/* ---- an image that never confirms: rescue, or (rollback profile) bl1
 * goes back to the previous one; a second cut during that re-install
 * comes from the recovery's cuts ---- */

static int boot_until_given_up(pc_ctx *c)
{
    for (int i = 0; i < PC_MAX_TRIALS + 2; i++) {
        STEP(pc_boot(c));
        if (c->last.action == OB_BOOT_START_RESCUE || !c->last.trial)
            return 0;
    }
    PC_ASSERT(c, !c->last.trial);
    return 0;
}

static void final_rescue(pc_ctx *c)
{
    PC_ASSERT(c, c->last.action == OB_BOOT_START_RESCUE);
    PC_ASSERT(c, c->b->j.st.app_status == OB_APP_FAILED);
    PC_ASSERT(c, c->trial_starts <= PC_MAX_TRIALS);
    PC_ASSERT(c, c->b->j.st.security_counter == 1); /* the unconfirmed image never raised it */
}

static void final_given_up(pc_ctx *c)
{
    if (rollback_profile(c))
        final_rolled_back(c);
    else
        final_rescue(c);
}

/* The first image never confirmed: rescue, nothing to go back to, the
 * counter never raised. */
static void final_rescue_first(pc_ctx *c)
{
    PC_ASSERT(c, c->last.action == OB_BOOT_START_RESCUE);
    PC_ASSERT(c, c->b->j.st.app_status == OB_APP_FAILED && c->b->j.st.prev.raw_size == 0);
    PC_ASSERT(c, c->trial_starts <= PC_MAX_TRIALS);
    PC_ASSERT(c, c->b->j.st.security_counter == 0);
}

/* ---- rollback profile: the rollback point fails its verification ---- */

/* Rescue, and bl1 erased nothing on the way: it verified the copy before
 * anything else, so v2 is still in the application area as it was. */
static void final_rescue_nothing_erased(pc_ctx *c)
{
    final_rescue(c);
    PC_ASSERT(c, fx_app_is(c->b, c->raw[2], c->raw_len[2]));
}

#define V(n) (1u << (n))
#define RB PC_ROLLBACK
#define SLOTS (PC_SLOT | PC_ROLLBACK)

const pc_flow pc_flows[] = {
    /* name              profiles    setup            run                 recover                 final            allowed       rescue_ok trials_out count large appends double_all */
    {"receive",          SLOTS,      setup_confirmed, run_receive,        recover_receive,        final_v3_trial,  V(1) | V(3),        0, 0, 0, 1, 1, 0},
    {"receive-over-seal", SLOTS,     setup_sealed,    run_receive,        recover_receive,        final_v3_or_sealed_trial, V(1) | V(2) | V(3), 0, 0, 0, 0, 2, 0},
    {"install",          SLOTS,      setup_sealed,    run_install,        run_install,            final_v2_trial,  V(2),               0, 0, 0, 1, 3, 0},
    {"direct-receive",   PC_DIRECT,  setup_confirmed, run_direct,         recover_direct,         final_v3_trial,  V(1) | V(3),  PC_DIRECT, 0, 0, 1, 4, 0},
    {"rescue-return",    PC_DIRECT,  setup_confirmed, run_rescue_return,  recover_rescue_return,  final_v1_confirmed, V(1),       PC_DIRECT, 0, 0, 0, 2, 0},
    {"rescue-receive",   PC_ALL,     setup_failed,    run_rescue_receive, recover_rescue_receive, final_v3_trial,  V(3),            PC_ALL, 0, 0, 0, 2, 0},
    {"trial-confirm",    PC_ALL,     v2_trial,        run_trial_confirm,  recover_trial_confirm,  final_confirmed, V(2),               0, 1, 1, 0, 2, 0},
    {"unconfirmed",      PC_ALL,     v2_trial,        boot_until_given_up, boot_until_given_up,   final_given_up,  V(2), PC_SLOT | PC_DIRECT, 0, 1, 0, 4, 0},
    {"rollback",         RB,         v2_trials_used,  run_install,        run_install,            final_rolled_back, 0,                0, 0, 1, 1, 4, 1},
    {"first-unconfirmed", RB,        v1_first_trial,  boot_until_given_up, boot_until_given_up,   final_rescue_first, V(1),          RB, 0, 1, 0, 3, 0},
    {"rollback-bad-copy", RB,        setup_bad_rollback_point, run_install, run_install,          final_rescue_nothing_erased, 0,     RB, 0, 1, 0, 4, 0},
    {"receive-after-rollback", RB,   setup_rolled_back, run_receive,      recover_receive,        final_v3_trial, V(1) | V(3), 0, 0, 0, 0, 1, 0},
    {NULL, 0, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0},
};
