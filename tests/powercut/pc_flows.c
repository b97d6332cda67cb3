/* SPDX-License-Identifier: Apache-2.0 */
/* Power-cut harness: the flows. Each has a start state built through the
 * real code paths (setup), the work that is cut (run), what the board does
 * once power is back (recover: bl1, and the sender trying again where the
 * flow is a transfer) and the state it must end in (final). */
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
    return c->l->profile == OB_PROFILE_SLOT ? OB_RX_SLOT : OB_RX_DIRECT;
}

/* ---- start states ---- */

/* Rescue flashed, v1 delivered, booted and confirmed. */
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
    if (c->l->profile == OB_PROFILE_SLOT) {
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

/* v2 never confirmed itself: the board runs rescue. */
static void setup_failed(pc_ctx *c)
{
    v2_trial(c);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(pc_boot(c), 0);
        if (c->last.action == OB_BOOT_START_RESCUE)
            break;
    }
    assert_int_equal(c->last.action, OB_BOOT_START_RESCUE);
    assert_int_equal(c->b->j.st.app_status, OB_APP_FAILED);
}

/* ---- slot: a transfer into the update slot ---- */

static int run_receive(pc_ctx *c)
{
    return pc_send(c, 3, OB_RX_SLOT);
}

static int recover_receive(pc_ctx *c)
{
    STEP(pc_boot(c));
    STEP(pc_send(c, 3, OB_RX_SLOT));
    return pc_boot(c);
}

static void final_v3_trial(pc_ctx *c)
{
    PC_ASSERT(c, c->last.action == OB_BOOT_START_APP && c->last.trial);
    PC_ASSERT(c, c->last.fw_version == pc_version(3));
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

static int recover_trial_confirm(pc_ctx *c)
{
    STEP(pc_boot(c));
    if (c->last.action == OB_BOOT_START_RESCUE)
        return 0; /* the cuts used up its trial boots (checked in final) */
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
    PC_ASSERT(c, c->last.action == OB_BOOT_START_APP && !c->last.trial);
    PC_ASSERT(c, c->last.fw_version == pc_version(2));
    PC_ASSERT(c, c->b->j.st.app_status == OB_APP_CONFIRMED);
    PC_ASSERT(c, c->b->j.st.security_counter == 2);
}

/* ---- an image that never confirms ends in rescue ---- */

static int boot_until_rescue(pc_ctx *c)
{
    for (int i = 0; i < PC_MAX_TRIALS + 2; i++) {
        STEP(pc_boot(c));
        if (c->last.action == OB_BOOT_START_RESCUE)
            return 0;
    }
    PC_ASSERT(c, c->last.action == OB_BOOT_START_RESCUE);
    return 0;
}

static void final_rescue(pc_ctx *c)
{
    PC_ASSERT(c, c->last.action == OB_BOOT_START_RESCUE);
    PC_ASSERT(c, c->b->j.st.app_status == OB_APP_FAILED);
    PC_ASSERT(c, c->trial_starts <= PC_MAX_TRIALS);
    PC_ASSERT(c, c->b->j.st.security_counter == 1); /* the unconfirmed image never raised it */
}

#define SLOT 1u
#define DIRECT 2u
#define V(n) (1u << (n))

const pc_flow pc_flows[] = {
    /* name              profiles  setup            run                 recover                 final            allowed       rescue trials_out count large appends */
    {"receive",          SLOT,     setup_confirmed, run_receive,        recover_receive,        final_v3_trial,  V(1) | V(3),        0, 0, 0, 1, 1},
    {"receive-over-seal", SLOT,    setup_sealed,    run_receive,        recover_receive,        final_v3_trial,  V(1) | V(2) | V(3), 0, 0, 0, 0, 2},
    {"install",          SLOT,     setup_sealed,    run_install,        run_install,            final_v2_trial,  V(2),               0, 0, 0, 1, 3},
    {"direct-receive",   DIRECT,   setup_confirmed, run_direct,         recover_direct,         final_v3_trial,  V(1) | V(3),        1, 0, 0, 1, 4},
    {"rescue-return",    DIRECT,   setup_confirmed, run_rescue_return,  recover_rescue_return,  final_v1_confirmed, V(1),             1, 0, 0, 0, 2},
    {"rescue-receive",   SLOT | DIRECT, setup_failed, run_rescue_receive, recover_rescue_receive, final_v3_trial, V(3),              1, 0, 0, 0, 2},
    {"trial-confirm",    SLOT | DIRECT, v2_trial,  run_trial_confirm,  recover_trial_confirm,  final_confirmed, V(2),               0, 1, 1, 0, 2},
    {"unconfirmed",      SLOT | DIRECT, v2_trial,  boot_until_rescue,  boot_until_rescue,      final_rescue,    V(2),               1, 0, 1, 0, 4},
    {NULL, 0, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0},
};
