/* SPDX-License-Identifier: Apache-2.0 */
/* core/status.c: the STATUS answer line (docs/SPEC.md "Status query"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "layouts.h"
#include "status.h"

static ob_status sample(void)
{
    ob_status s;
    memset(&s, 0, sizeof s);
    strcpy(s.board, "nucleo-f429zi");
    s.profile = OB_PROFILE_SLOT;
    s.running = OB_RUN_APP;
    s.has_version = 1;
    s.version = 0x01020000u; /* 1.2.0 */
    s.app_status = OB_APP_CONFIRMED;
    return s;
}

static void test_format_example(void **st)
{
    (void)st;
    ob_status s = sample();
    char buf[OB_STATUS_LINE_MAX];
    int n = ob_status_format(&s, buf, sizeof buf);
    assert_string_equal(buf, "otaboot board=nucleo-f429zi profile=slot running=app version=1.2.0 app=confirmed "
                             "trials=0 update=none counter=0 reason=0 transfer=none");
    assert_int_equal(n, (int)strlen(buf));
}

static void test_roundtrip_all_fields(void **st)
{
    (void)st;
    ob_status s = sample(), back;
    char buf[OB_STATUS_LINE_MAX];
    s.profile = OB_PROFILE_DIRECT;
    s.running = OB_RUN_RESCUE;
    s.app_status = OB_APP_FAILED;
    s.trials = 255;
    s.pending = 1;
    s.update_version = 0xFFFFFFFFu; /* 255.255.65535 */
    s.counter = 0xFFFFFFFFu;
    s.reason = INT32_MIN;
    s.receiving = 1;
    s.received = 0xFFFFFFFFu;
    s.expected = 0xFFFFFFFFu; /* the longest line */
    assert_true(ob_status_format(&s, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, " transfer=4294967295/4294967295"));
    assert_non_null(strstr(buf, "update=255.255.65535"));
    assert_non_null(strstr(buf, "reason=-2147483648"));
    assert_int_equal(ob_status_parse(buf, &back), OB_OK);
    assert_memory_equal(&s, &back, sizeof s);
    /* no version: "none" both ways */
    s.has_version = 0;
    s.version = 0;
    assert_true(ob_status_format(&s, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "version=none"));
    assert_int_equal(ob_status_parse(buf, &back), OB_OK);
    assert_int_equal(back.has_version, 0);
    /* a transfer whose size is not known yet */
    s.expected = 0;
    s.received = 12;
    assert_true(ob_status_format(&s, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, " transfer=12/?"));
    assert_int_equal(ob_status_parse(buf, &back), OB_OK);
    assert_memory_equal(&s, &back, sizeof s);
}

static void test_format_rejects(void **st)
{
    (void)st;
    char buf[OB_STATUS_LINE_MAX];
    ob_status s = sample();
    assert_int_equal(ob_status_format(NULL, buf, sizeof buf), OB_ERR_ARG);
    assert_int_equal(ob_status_format(&s, NULL, sizeof buf), OB_ERR_ARG);
    assert_int_equal(ob_status_format(&s, buf, 20), OB_ERR_ARG); /* too small */
    assert_string_equal(buf, "");
    s.board[0] = '\0';
    assert_int_equal(ob_status_format(&s, buf, sizeof buf), OB_ERR_ARG);
    s = sample();
    strcpy(s.board, "Nucleo");
    assert_int_equal(ob_status_format(&s, buf, sizeof buf), OB_ERR_ARG);
    s = sample();
    s.profile = (ob_profile)7;
    assert_int_equal(ob_status_format(&s, buf, sizeof buf), OB_ERR_ARG);
    s = sample();
    s.running = (ob_running)3;
    assert_int_equal(ob_status_format(&s, buf, sizeof buf), OB_ERR_ARG);
    s = sample();
    s.app_status = 9;
    assert_int_equal(ob_status_format(&s, buf, sizeof buf), OB_ERR_ARG);
}

static const char good[] = "otaboot board=nucleo-f429zi profile=slot running=app version=1.2.0 app=confirmed "
                           "trials=0 update=none counter=0 reason=0 transfer=none";

static void test_parse_tolerates(void **st)
{
    (void)st;
    ob_status s;
    char buf[300];
    snprintf(buf, sizeof buf, "%s\r\n", good);
    assert_int_equal(ob_status_parse(buf, &s), OB_OK);
    /* any order, extra spaces, unknown keys */
    assert_int_equal(ob_status_parse("otaboot  reason=-72 counter=5 update=1.3 trials=2 app=trial version=1.2.0 "
                                     "running=rescue profile=direct board=olimex-e407 future=x",
                                     &s),
                     OB_OK);
    assert_string_equal(s.board, "olimex-e407");
    assert_int_equal(s.reason, -72);
    assert_int_equal(s.counter, 5);
    assert_int_equal(s.pending, 1);
    assert_int_equal(s.update_version, 0x01030000u);
    assert_int_equal(s.running, OB_RUN_RESCUE);
    assert_int_equal(s.app_status, OB_APP_TRIAL);
}

/* Replaces key=value of the good line with repl (NULL: removes it). */
static int parse_with(const char *key, const char *repl)
{
    char buf[400];
    ob_status s;
    const char *p = strstr(good, key);
    const char *e = strchr(p, ' ');
    size_t pre = (size_t)(p - good);
    if (e == NULL)
        e = good + strlen(good);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)pre, good, repl ? repl : "", repl ? e : (*e ? e + 1 : e));
    return ob_status_parse(buf, &s);
}

static void test_parse_rejects(void **st)
{
    (void)st;
    ob_status s;
    char long_line[OB_STATUS_LINE_MAX + 10];
    assert_int_equal(ob_status_parse(NULL, &s), OB_ERR_ARG);
    assert_int_equal(ob_status_parse(good, NULL), OB_ERR_ARG);
    assert_int_equal(ob_status_parse("Update rejected: busy", &s), OB_ERR_ARG);
    assert_int_equal(ob_status_parse("otaboot", &s), OB_ERR_ARG);
    memset(long_line, 'a', sizeof long_line - 1);
    long_line[sizeof long_line - 1] = '\0';
    memcpy(long_line, "otaboot ", 8);
    assert_int_equal(ob_status_parse(long_line, &s), OB_ERR_ARG);
    /* each key missing */
    const char *keys[] = { "board=", "profile=", "running=", "version=", "app=", "trials=", "update=", "counter=", "reason=" };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_int_equal(parse_with(keys[i], NULL), OB_ERR_ARG);
    assert_int_equal(parse_with("board=", "board=Nucleo"), OB_ERR_ARG);
    assert_int_equal(parse_with("board=", "board=a-very-long-board-name"), OB_ERR_ARG);
    assert_int_equal(parse_with("board=", "board="), OB_ERR_ARG);
    assert_int_equal(parse_with("profile=", "profile=swap"), OB_ERR_ARG);
    assert_int_equal(parse_with("running=", "running=bl1"), OB_ERR_ARG);
    assert_int_equal(parse_with("version=", "version=1.02"), OB_ERR_ARG);
    assert_int_equal(parse_with("version=", "version="), OB_ERR_ARG);
    assert_int_equal(parse_with("app=", "app=ok"), OB_ERR_ARG);
    assert_int_equal(parse_with("trials=", "trials=256"), OB_ERR_ARG);
    assert_int_equal(parse_with("trials=", "trials=01"), OB_ERR_ARG);
    assert_int_equal(parse_with("trials=", "trials=-1"), OB_ERR_ARG);
    assert_int_equal(parse_with("counter=", "counter=4294967296"), OB_ERR_ARG);
    assert_int_equal(parse_with("reason=", "reason=-0"), OB_ERR_ARG);
    assert_int_equal(parse_with("reason=", "reason=-2147483649"), OB_ERR_ARG);
    assert_int_equal(parse_with("reason=", "reason=x"), OB_ERR_ARG);
    assert_int_equal(parse_with("transfer=", "transfer=12"), OB_ERR_ARG);
    assert_int_equal(parse_with("transfer=", "transfer=12/0"), OB_ERR_ARG);
    assert_int_equal(parse_with("transfer=", "transfer=/5"), OB_ERR_ARG);
    assert_int_equal(parse_with("transfer=", "transfer=1/x"), OB_ERR_ARG);
    assert_int_equal(parse_with("transfer=", "transfer=5/10"), OB_OK);
    /* transfer came later than the other keys: a line without it is read as no transfer */
    assert_int_equal(parse_with("transfer=", NULL), OB_OK);
    assert_int_equal(parse_with("trials=", "trials=0 trials=1"), OB_ERR_ARG); /* repeated */
    assert_int_equal(parse_with("trials=", "trials=0 junk"), OB_ERR_ARG);     /* token without '=' */
    /* the boundaries themselves parse */
    assert_int_equal(parse_with("counter=", "counter=4294967295"), OB_OK);
    assert_int_equal(parse_with("reason=", "reason=-2147483648"), OB_OK);
    assert_int_equal(parse_with("trials=", "trials=255"), OB_OK);
}

static void test_from_journal(void **st)
{
    (void)st;
    ob_jstate js;
    ob_status s;
    memset(&js, 0, sizeof js);
    ob_status_from_journal(&s, ob_layout_find("nucleo-f429zi", OB_PROFILE_DIRECT), &js, OB_RUN_RESCUE);
    assert_string_equal(s.board, "nucleo-f429zi");
    assert_int_equal(s.profile, OB_PROFILE_DIRECT);
    assert_int_equal(s.has_version, 0);
    assert_int_equal(s.pending, 0);
    js.app_status = OB_APP_TRIAL;
    js.app.fw_version = 0x02000000u;
    js.trials = 2;
    js.pending = 1;
    js.seal.fw_version = 0x03000000u;
    js.security_counter = 4;
    js.last_reason = OB_ERR_NO_APP;
    ob_status_from_journal(&s, ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT), &js, OB_RUN_APP);
    assert_int_equal(s.has_version, 1);
    assert_int_equal(s.version, 0x02000000u);
    assert_int_equal(s.trials, 2);
    assert_int_equal(s.pending, 1);
    assert_int_equal(s.update_version, 0x03000000u);
    assert_int_equal(s.counter, 4);
    assert_int_equal(s.reason, OB_ERR_NO_APP);
}

static void test_query_kind(void **st)
{
    (void)st;
    assert_int_equal(ob_query_kind("STATUS", 6), OB_QUERY_STATUS);
    assert_int_equal(ob_query_kind("STATUS\r", 7), OB_QUERY_STATUS);
    assert_int_equal(ob_query_kind("RESET", 5), OB_QUERY_NONE); /* no network reset */
    assert_int_equal(ob_query_kind("status", 6), OB_QUERY_NONE);
    assert_int_equal(ob_query_kind("STATUSX", 7), OB_QUERY_NONE);
    assert_int_equal(ob_query_kind("STATU", 5), OB_QUERY_NONE);
    assert_int_equal(ob_query_kind("", 0), OB_QUERY_NONE);
    assert_int_equal(ob_query_kind(NULL, 0), OB_QUERY_NONE);
    assert_string_equal(ob_running_name(OB_RUN_APP), "app");
    assert_string_equal(ob_running_name(OB_RUN_RESCUE), "rescue");
    assert_string_equal(ob_running_name((ob_running)5), "invalid");
}

/* The optional nonce: last, 32 lowercase hex digits; the longest line fits. */
static void test_nonce_field(void **st)
{
    (void)st;
    ob_status s = sample(), back;
    char buf[OB_STATUS_LINE_MAX];
    strcpy(s.board, "olimex-e407-abc"); /* 15 characters */
    s.profile = OB_PROFILE_DIRECT;
    s.running = OB_RUN_RESCUE;
    s.app_status = OB_APP_INSTALLING;
    s.has_version = s.pending = 1;
    s.version = s.update_version = 0xFFFFFFFFu;
    s.trials = 255;
    s.counter = 0xFFFFFFFFu;
    s.reason = INT32_MIN;
    strcpy(s.nonce, "00112233445566778899aabbccddeeff");
    int n = ob_status_format(&s, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, " nonce=00112233445566778899aabbccddeeff"));
    assert_int_equal(ob_status_parse(buf, &back), OB_OK);
    assert_string_equal(back.nonce, s.nonce);
    /* absent: "" */
    s = sample();
    assert_true(ob_status_format(&s, buf, sizeof buf) > 0);
    assert_null(strstr(buf, "nonce"));
    assert_int_equal(ob_status_parse(buf, &back), OB_OK);
    assert_string_equal(back.nonce, "");
    /* malformed: refused when written and when read */
    strcpy(s.nonce, "00112233445566778899AABBCCDDEEFF");
    assert_int_equal(ob_status_format(&s, buf, sizeof buf), OB_ERR_ARG);
    assert_string_equal(buf, "");
    char line[OB_STATUS_LINE_MAX];
    snprintf(line, sizeof line, "%s nonce=0011", good);
    assert_int_equal(ob_status_parse(line, &back), OB_ERR_ARG);
    snprintf(line, sizeof line, "%s nonce=00112233445566778899aabbccddeeff nonce=00112233445566778899aabbccddeeff",
             good);
    assert_int_equal(ob_status_parse(line, &back), OB_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_example), cmocka_unit_test(test_roundtrip_all_fields),
        cmocka_unit_test(test_format_rejects), cmocka_unit_test(test_parse_tolerates),
        cmocka_unit_test(test_parse_rejects),  cmocka_unit_test(test_from_journal),
        cmocka_unit_test(test_query_kind),     cmocka_unit_test(test_nonce_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
