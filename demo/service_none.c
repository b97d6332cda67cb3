/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot demo application without a network (see service.h): the QEMU
 * netduinoplus2 build, whose emulated STM32F405 has no Ethernet MAC. The
 * self-check is all there is to pass; the confirmation goes straight to the
 * journal the self-check opened. */
#include "service.h"


static ob_journal *journal;
static int told;

int demo_service_start(const demo_env *env)
{
    journal = env->journal;
    return OB_OK;
}

const char *demo_service_poll(void)
{
    bsp_watchdog_kick();
    if (told || journal == NULL)
        return NULL;
    told = 1;
    return "self-check passed";
}

int demo_service_confirm(void)
{
    if (journal == NULL)
        return OB_ERR_STATE;
    return journal->st.app_status == OB_APP_TRIAL ? ob_journal_confirm(journal) : OB_OK;
}
