/* SPDX-License-Identifier: Apache-2.0 */
/* Session: the update port's connection logic with time as an input: first
 * bytes, answers, the linger after them (never cut by a clock read at another
 * moment), idle and overall deadlines, a second connection while a transfer
 * runs, the reset after a valid image (whatever the client does then), and
 * rescue going back to the application it was asked by. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "session.h"

#define RAW_LEN 30000
static uint8_t raw[RAW_LEN];
static uint8_t file[RAW_LEN + 4096];
static size_t file_len;
static fx_board B;
static ob_session S;
static char logbuf[16][OB_LINE_MAX];
static int nlog;

static void log_line(ob_platform *p, const char *line)
{
    (void)p;
    if (nlog < 16)
        snprintf(logbuf[nlog++], OB_LINE_MAX, "%s", line);
}
static ob_platform log_platform = {.log = log_line};

static int logged(const char *s)
{
    for (int i = 0; i < nlog; i++)
        if (strstr(logbuf[i], s))
            return 1;
    return 0;
}

static const ob_layout *slot_layout(void)
{
    return ob_layout_find("nucleo-f429zi", OB_PROFILE_SLOT);
}

static const ob_layout *direct_layout(void)
{
    return ob_layout_find("nucleo-f429zi", OB_PROFILE_DIRECT);
}

/* A board with layout l, the session as `running` at time `now`. */
static void start(const ob_layout *l, ob_running running, uint32_t now)
{
    ob_session_cfg cfg;
    fx_board_open(&B, l);
    memset(&cfg, 0, sizeof cfg);
    cfg.layout = l;
    cfg.flash = B.f;
    cfg.journal = &B.j;
    cfg.running = running;
    cfg.window = B.window;
    cfg.window_size = sizeof B.window;
    cfg.platform = &log_platform;
    nlog = 0;
    fx_make_raw(raw, RAW_LEN, l, 3);
    file_len = fx_pack(l, raw, RAW_LEN, 0x02000000, 0, 9, file, sizeof file);
    ob_session_init(&S, &cfg, now);
}

/* The session again on the same board, as after a restart. */
static void restart(ob_running running, uint32_t now)
{
    ob_session_cfg cfg = S.cfg;
    cfg.running = running;
    assert_int_equal(ob_journal_open(&B.j, B.f, B.l), OB_OK);
    nlog = 0;
    ob_session_init(&S, &cfg, now);
}

static void open_conn(ob_conn *c, uint32_t now)
{
    assert_int_equal(ob_session_accept(&S, c, now), OB_OK);
    assert_int_equal(c->state, OB_CONN_SNIFF);
}

static void send_str(ob_conn *c, const char *s, uint32_t now)
{
    ob_session_input(&S, c, (const uint8_t *)s, strlen(s), now);
}

/* The answer line the driver would send now (without its newline). */
static const char *answer(const ob_conn *c)
{
    static char buf[sizeof c->out + 1];
    assert_int_equal(c->state, OB_CONN_ANSWER);
    assert_true(c->out_len > 0 && c->out[c->out_len - 1] == '\n');
    memcpy(buf, c->out, c->out_len - 1u);
    buf[c->out_len - 1u] = '\0';
    return buf;
}

static void test_image_then_linger(void **state)
{
    (void)state;
    ob_conn c;
    start(slot_layout(), OB_RUN_APP, 1000);
    open_conn(&c, 1000);
    ob_session_input(&S, &c, file, file_len, 1000);
    assert_string_equal(answer(&c), OB_ANSWER_OK);
    assert_int_equal(B.j.st.pending, 1);
    assert_int_equal(ob_session_reset_due(&S), 1);
    ob_session_answered(&S, &c, 1005);
    assert_int_equal(c.state, OB_CONN_LINGER);
    /* a clock read before the answer must not end the linger */
    ob_session_conn_tick(&S, &c, 1000);
    assert_int_equal(c.state, OB_CONN_LINGER);
    /* no new connection while the board is about to restart */
    ob_conn d;
    assert_int_equal(ob_session_accept(&S, &d, 1100), OB_ERR_BUSY);
    ob_session_input_end(&S, &c, 1200);
    assert_int_equal(c.state, OB_CONN_CLOSE);
    ob_session_closed(&S, &c);
    assert_int_equal(c.state, OB_CONN_FREE);
    assert_int_equal(ob_session_reset_due(&S), 1);
    fx_board_close(&B);
}

/* A large image refused at its header: the answer goes out at once, the rest
 * of the file is read and dropped while the client sends it, however long
 * the clock says it has been, until the client closes. */
static void test_rejected_header_client_still_sending(void **state)
{
    (void)state;
    ob_conn c;
    start(slot_layout(), OB_RUN_APP, 0xFFFFF000u); /* the clock wraps during the test */
    const ob_layout *other = ob_layout_find("nucleo-f207zg", OB_PROFILE_SLOT);
    uint8_t *wrong = malloc(sizeof file);
    assert_non_null(wrong);
    fx_make_raw(raw, RAW_LEN, other, 4);
    size_t n = fx_pack(other, raw, RAW_LEN, 1, 0, 9, wrong, sizeof file);
    uint32_t t = 0xFFFFF000u;
    open_conn(&c, t);
    ob_session_input(&S, &c, wrong, 1000, t);
    assert_string_equal(answer(&c), "Update rejected: image built for another board");
    ob_session_answered(&S, &c, t + 1);
    assert_true(c.limit_ms > OB_SESSION_BASE_MS); /* the declared size counts */
    /* the same moment's clock, read before the answer was sent: no close */
    ob_session_conn_tick(&S, &c, t);
    assert_int_equal(c.state, OB_CONN_LINGER);
    for (size_t off = 1000; off < n; off += 1000) {
        t += 240; /* a client just above the minimum rate */
        ob_session_input(&S, &c, wrong + off, OB_MIN((size_t)1000, n - off), t);
        ob_session_conn_tick(&S, &c, t);
        assert_int_equal(c.state, OB_CONN_LINGER);
    }
    ob_session_input_end(&S, &c, t);
    assert_int_equal(c.state, OB_CONN_CLOSE);
    assert_int_equal(ob_session_reset_due(&S), 0);
    assert_int_equal(B.sf.stats.erases, 0);
    free(wrong);
    fx_board_close(&B);
}

/* After the answer a client that neither sends nor closes is closed once
 * linger_ms of silence have passed. */
static void test_linger_silence(void **state)
{
    (void)state;
    ob_conn c;
    start(slot_layout(), OB_RUN_APP, 0);
    open_conn(&c, 0);
    send_str(&c, "STATUS\n", 10);
    assert_memory_equal(answer(&c), "otaboot board=nucleo-f429zi", 27);
    ob_session_answered(&S, &c, 20);
    ob_session_conn_tick(&S, &c, 20 + OB_SESSION_LINGER_MS - 1);
    assert_int_equal(c.state, OB_CONN_LINGER);
    ob_session_conn_tick(&S, &c, 20 + OB_SESSION_LINGER_MS);
    assert_int_equal(c.state, OB_CONN_CLOSE);
    fx_board_close(&B);
}

/* The peer's reset after an accepted verdict, before or after the answer
 * went out: the image is sealed, the board restarts all the same. */
static void test_reset_by_peer_after_verdict(void **state)
{
    (void)state;
    for (int sent = 0; sent < 2; sent++) {
        ob_conn c;
        start(slot_layout(), OB_RUN_APP, 0);
        open_conn(&c, 0);
        ob_session_input(&S, &c, file, file_len, 5);
        assert_string_equal(answer(&c), OB_ANSWER_OK);
        if (sent)
            ob_session_answered(&S, &c, 6);
        ob_session_lost(&S, &c, 7);
        assert_int_equal(c.state, OB_CONN_FREE);
        assert_int_equal(ob_session_reset_due(&S), 1);
        assert_int_equal(B.j.st.pending, 1);
        fx_board_close(&B);
    }
    /* the direct profile: the application's accepted header (restarting
     * into rescue) and rescue's written image, the peer's RST before the
     * answer went out, or while it lingers */
    for (int sent = 0; sent < 2; sent++) {
        ob_conn c;
        start(direct_layout(), OB_RUN_APP, 0);
        open_conn(&c, 0);
        ob_session_input(&S, &c, file, 300, 5);
        assert_non_null(strstr(answer(&c), ob_strerror(OB_ERR_VIA_RESCUE)));
        if (sent)
            ob_session_answered(&S, &c, 6);
        ob_session_lost(&S, &c, 7);
        assert_int_equal(ob_session_reset_due(&S), 1);
        assert_int_equal(B.j.st.rescue_request, OB_RESCUE_REQUESTED);
        restart(OB_RUN_RESCUE, 100);
        open_conn(&c, 100);
        ob_session_input(&S, &c, file, file_len, 105);
        assert_string_equal(answer(&c), OB_ANSWER_OK);
        if (sent)
            ob_session_answered(&S, &c, 106);
        ob_session_lost(&S, &c, 107);
        assert_int_equal(c.state, OB_CONN_FREE);
        assert_int_equal(ob_session_reset_due(&S), 1);
        assert_true(fx_app_is(&B, raw, RAW_LEN));
        fx_board_close(&B);
    }
}

static void test_queries(void **state)
{
    (void)state;
    ob_conn c;
    start(slot_layout(), OB_RUN_APP, 0);
    /* a line ended by the client's half-close counts */
    open_conn(&c, 0);
    send_str(&c, "STATUS", 1);
    assert_int_equal(c.state, OB_CONN_LINE);
    ob_session_input_end(&S, &c, 2);
    assert_string_equal(answer(&c), "otaboot board=nucleo-f429zi profile=slot running=app version=none app=unknown "
                                    "trials=0 update=none counter=0 reason=0 transfer=none");
    ob_session_answered(&S, &c, 3);
    assert_int_equal(c.state, OB_CONN_CLOSE);
    /* no network reset: RESET is not a query */
    open_conn(&c, 10);
    send_str(&c, "RESET\n", 11);
    assert_string_equal(answer(&c), "Update rejected: not a gzip file (make an image with: otaboot pack app.bin -b BOARD -v VERSION)");
    assert_int_equal(ob_session_reset_due(&S), 0);
    /* 16 bytes without a newline: not a query */
    open_conn(&c, 20);
    send_str(&c, "STATUSSTATUSSTATUS\n", 21);
    assert_string_equal(answer(&c), "Update rejected: not a gzip file (make an image with: otaboot pack app.bin -b BOARD -v VERSION)");
    /* connected, nothing sent, closed: closed without an answer */
    open_conn(&c, 30);
    ob_session_input_end(&S, &c, 31);
    assert_int_equal(c.state, OB_CONN_CLOSE);
    fx_board_close(&B);
}

/* A second connection while an image arrives: STATUS with the progress, an
 * image or anything else "busy"; the transfer goes on. */
static void test_second_connection(void **state)
{
    (void)state;
    ob_conn a, b;
    start(slot_layout(), OB_RUN_APP, 0);
    open_conn(&a, 0);
    ob_session_input(&S, &a, file, 5000, 1);
    assert_int_equal(a.state, OB_CONN_IMAGE);
    open_conn(&b, 2);
    send_str(&b, "STATUS\r\n", 3);
    char want[64];
    snprintf(want, sizeof want, " transfer=5000/%zu", file_len);
    assert_non_null(strstr(answer(&b), want));
    ob_status st;
    assert_int_equal(ob_status_parse(answer(&b), &st), OB_OK);
    assert_int_equal(st.receiving, 1);
    assert_int_equal(st.received, 5000);
    assert_int_equal(st.expected, file_len);
    ob_session_answered(&S, &b, 4);
    ob_session_input_end(&S, &b, 4);
    ob_session_closed(&S, &b);

    open_conn(&b, 5);
    ob_session_input(&S, &b, file, 3000, 6);
    assert_string_equal(answer(&b), "Update rejected: busy");
    open_conn(&b, 7);
    send_str(&b, "hello\n", 8);
    assert_string_equal(answer(&b), "Update rejected: busy");

    ob_session_input(&S, &a, file + 5000, file_len - 5000, 9);
    assert_string_equal(answer(&a), OB_ANSWER_OK);
    fx_board_close(&B);
}

static void test_idle_timeout(void **state)
{
    (void)state;
    ob_conn c;
    start(slot_layout(), OB_RUN_APP, 100);
    open_conn(&c, 100);
    ob_session_input(&S, &c, file, 100, 200);
    ob_session_conn_tick(&S, &c, 200 + OB_SESSION_IDLE_MS - 1);
    assert_int_equal(c.state, OB_CONN_IMAGE);
    ob_session_conn_tick(&S, &c, 200 + OB_SESSION_IDLE_MS);
    assert_string_equal(answer(&c), "Update rejected: timeout");
    assert_true(logged("client silent for 10 s"));
    /* the receiver is free again */
    ob_conn d;
    open_conn(&d, 20000);
    ob_session_input(&S, &d, file, file_len, 20001);
    assert_string_equal(answer(&d), OB_ANSWER_OK);
    fx_board_close(&B);
}

/* One byte every 3 s keeps the idle timer happy but not the deadline. */
static void test_deadline(void **state)
{
    (void)state;
    ob_conn c;
    uint32_t t = 0;
    start(slot_layout(), OB_RUN_APP, 0);
    open_conn(&c, 0);
    size_t i = 0;
    while (c.state == OB_CONN_IMAGE || c.state == OB_CONN_SNIFF) {
        assert_true(i < 100);
        ob_session_input(&S, &c, file + i++, 1, t);
        t += 3000;
        ob_session_conn_tick(&S, &c, t);
    }
    assert_true(t >= OB_SESSION_BASE_MS && t < OB_SESSION_BASE_MS + 3000);
    assert_string_equal(answer(&c), "Update rejected: transfer too slow: it went past its time limit (send again "
                                    "over a faster link)");
    ob_session_answered(&S, &c, t);
    /* the client keeps trickling: the linger ends at the deadline all the same */
    for (; c.state == OB_CONN_LINGER; t += 1000) {
        assert_true(t < OB_SESSION_BASE_MS + OB_SESSION_LINGER_MS + 2000);
        ob_session_input(&S, &c, file, 1, t);
        ob_session_conn_tick(&S, &c, t);
    }
    assert_int_equal(c.state, OB_CONN_CLOSE);

    /* once the header is known the limit grows with the declared size */
    open_conn(&c, 100000);
    ob_session_input(&S, &c, file, 300, 100000);
    assert_int_equal(c.state, OB_CONN_IMAGE);
    uint32_t want = OB_SESSION_BASE_MS + (uint32_t)(file_len * 1000u / OB_SESSION_MIN_RATE);
    assert_true(c.limit_ms >= want - 1 && c.limit_ms <= want + 1);
    fx_board_close(&B);
}

/* rescue as bl1 starts it on the application's request: a confirmed direct
 * application, then RESCUE_REQUEST and RESCUE_ACK. */
static void rescue_on_request(uint32_t now)
{
    start(direct_layout(), OB_RUN_RESCUE, now);
    assert_int_equal(fx_send(&B, file, file_len, 0, OB_RX_DIRECT), OB_OK);
    assert_int_equal(fx_confirm(&B), OB_OK);
    assert_int_equal(ob_journal_rescue_request(&B.j), OB_OK);
    assert_int_equal(ob_journal_rescue_ack(&B.j), OB_OK);
    restart(OB_RUN_RESCUE, now);
    /* the next release (the confirmed one is "Already installed") */
    fx_make_raw(raw, RAW_LEN, B.l, 4);
    file_len = fx_pack(B.l, raw, RAW_LEN, 0x02010000, 0, 9, file, sizeof file);
}

static void test_rescue_returns_in_time(void **state)
{
    (void)state;
    ob_conn c;
    rescue_on_request(5000);
    assert_int_equal(S.by_request, 1);
    /* a status query changes nothing */
    open_conn(&c, 6000);
    send_str(&c, "STATUS\n", 6000);
    assert_non_null(strstr(answer(&c), "running=rescue"));
    ob_session_tick(&S, 5000 + OB_SESSION_RESCUE_RETURN_MS - 1);
    assert_int_equal(ob_session_reset_due(&S), 0);
    /* a header still arriving when the time is up is answered */
    ob_conn d;
    open_conn(&d, 64000);
    ob_session_input(&S, &d, file, 50, 64000);
    ob_session_tick(&S, 5000 + OB_SESSION_RESCUE_RETURN_MS);
    assert_int_equal(ob_session_reset_due(&S), 1);
    assert_string_equal(answer(&d), "Update rejected: timeout");
    assert_true(logged("back to the application"));
    /* nothing recorded: the next boot starts the application */
    assert_int_equal(B.j.st.app_status, OB_APP_CONFIRMED);
    ob_boot_result res;
    assert_int_equal(fx_boot(&B, &res), OB_OK);
    assert_int_equal(res.action, OB_BOOT_START_APP);
    fx_board_close(&B);

    /* rescue for any other reason stays */
    start(direct_layout(), OB_RUN_RESCUE, 0);
    assert_int_equal(S.by_request, 0);
    ob_session_tick(&S, 10u * OB_SESSION_RESCUE_RETURN_MS);
    assert_int_equal(ob_session_reset_due(&S), 0);
    fx_board_close(&B);
}

static void test_rescue_returns_on_refusal(void **state)
{
    (void)state;
    ob_conn c;
    /* a header-only replay of a good image: refused before any erase */
    rescue_on_request(0);
    uint32_t erases = B.sf.stats.erases;
    open_conn(&c, 10);
    ob_session_input(&S, &c, file, 150, 10);
    ob_session_input_end(&S, &c, 11);
    assert_string_equal(answer(&c), "Update rejected: gzip header truncated");
    assert_int_equal(ob_session_reset_due(&S), 1);
    assert_int_equal(B.sf.stats.erases, erases);
    fx_board_close(&B);

    /* an install that started keeps rescue, past the return time too */
    rescue_on_request(0);
    open_conn(&c, 10);
    ob_session_input(&S, &c, file, 1000, 10);
    assert_int_equal(c.state, OB_CONN_IMAGE);
    assert_int_equal(B.j.st.app_status, OB_APP_INSTALLING);
    ob_session_tick(&S, OB_SESSION_RESCUE_RETURN_MS + 10);
    assert_int_equal(ob_session_reset_due(&S), 0);
    ob_session_input(&S, &c, file + 1000, file_len - 1000, OB_SESSION_RESCUE_RETURN_MS + 20);
    assert_string_equal(answer(&c), OB_ANSWER_OK);
    assert_int_equal(ob_session_reset_due(&S), 1);
    fx_board_close(&B);

    /* a transfer cut after the erase began: the application is gone, rescue stays */
    rescue_on_request(0);
    open_conn(&c, 10);
    ob_session_input(&S, &c, file, 1000, 10);
    ob_session_lost(&S, &c, 20);
    assert_int_equal(B.j.st.app_status, OB_APP_FAILED);
    ob_session_tick(&S, 2 * OB_SESSION_RESCUE_RETURN_MS);
    assert_int_equal(ob_session_reset_due(&S), 0);
    fx_board_close(&B);
}

/* All slots taken: the connection silent longest after its answer makes room. */
static void test_evict(void **state)
{
    (void)state;
    ob_conn a, b, c;
    start(slot_layout(), OB_RUN_APP, 0);
    open_conn(&a, 0);
    ob_session_input(&S, &a, file, 100, 1); /* a transfer: never evicted */
    open_conn(&b, 2);
    send_str(&b, "STATUS\n", 3);
    ob_session_answered(&S, &b, 4);
    open_conn(&c, 5);
    send_str(&c, "STATUS\n", 6);
    ob_session_answered(&S, &c, 7);
    ob_conn *all[] = { &a, &b, &c };
    assert_ptr_equal(ob_session_evict(all, 3, 100), &b);
    ob_session_input(&S, &b, file, 10, 50); /* b still sends: c is now the quieter */
    assert_ptr_equal(ob_session_evict(all, 3, 100), &c);
    ob_session_input_end(&S, &b, 60);
    ob_session_input_end(&S, &c, 60);
    assert_null(ob_session_evict(all, 3, 100)); /* none lingers */
    fx_board_close(&B);
}

/* A query line ends at 16 bytes, an AUTH line (the proof before an image)
 * at OB_SESSION_LINE_MAX; a malformed AUTH line is refused before any image. */
static void test_line_lengths(void **state)
{
    (void)state;
    ob_conn c;
    char auth[OB_SESSION_LINE_MAX + 8];
    start(slot_layout(), OB_RUN_APP, 0);
    open_conn(&c, 0);
    send_str(&c, "GET / HTTP/1.1\r\n", 1);
    assert_string_equal(answer(&c), "Update rejected: not a gzip file (make an image with: otaboot pack app.bin -b BOARD -v VERSION)");
    open_conn(&c, 10);
    memset(auth, 'a', sizeof auth);
    memcpy(auth, "AUTH ", 5);
    ob_session_input(&S, &c, (const uint8_t *)auth, OB_SESSION_LINE_MAX - 1, 11);
    assert_int_equal(c.state, OB_CONN_LINE); /* may still be a proof */
    ob_session_input(&S, &c, (const uint8_t *)auth, 1, 12);
    assert_string_equal(answer(&c), "Update rejected: not authorized: malformed AUTH line (send it with: otaboot "
                                    "send --key KEY.pem)");
    assert_null(S.transfer);
    fx_board_close(&B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_then_linger),
        cmocka_unit_test(test_rejected_header_client_still_sending),
        cmocka_unit_test(test_linger_silence),
        cmocka_unit_test(test_reset_by_peer_after_verdict),
        cmocka_unit_test(test_queries),
        cmocka_unit_test(test_second_connection),
        cmocka_unit_test(test_idle_timeout),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_rescue_returns_in_time),
        cmocka_unit_test(test_rescue_returns_on_refusal),
        cmocka_unit_test(test_evict),
        cmocka_unit_test(test_line_lengths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
