/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: the status answer line (see status.h; docs/SPEC.md "The status line"). */
#include "status.h"

#include <string.h>

#include "image.h"

/* Every key up to K_REASON is required; K_TRANSFER, K_ROLLED_BACK and
 * K_NONCE are optional. */
enum { K_BOARD, K_PROFILE, K_RUNNING, K_VERSION, K_APP, K_TRIALS, K_UPDATE, K_COUNTER, K_REASON, K_TRANSFER,
       K_ROLLED_BACK, K_NONCE, K_COUNT };
#define K_REQUIRED ((1u << K_TRANSFER) - 1u)

static const char *const key_names[K_COUNT] = {
    "board", "profile", "running", "version", "app", "trials", "update", "counter", "reason", "transfer",
    "rolled_back", "nonce",
};

/* Exactly 32 lowercase hex digits. */
static int nonce_ok(const char *v, size_t n)
{
    if (n != sizeof ((ob_status *)0)->nonce - 1)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
            return 0;
    return 1;
}

static const char *const app_names[] = { "unknown", "installing", "trial", "confirmed", "failed" };
#define N_APP (sizeof app_names / sizeof app_names[0])

const char *ob_running_name(ob_running r)
{
    return r == OB_RUN_RESCUE ? "rescue" : r == OB_RUN_APP ? "app" : "invalid";
}

void ob_status_from_journal(ob_status *s, const ob_layout *l, const ob_jstate *st, ob_running running)
{
    memset(s, 0, sizeof *s);
    if (l != NULL && l->board != NULL) {
        size_t n = strlen(l->board);
        memcpy(s->board, l->board, OB_MIN(n, sizeof s->board - 1));
        s->profile = l->profile;
    }
    s->running = running;
    if (st == NULL)
        return;
    s->app_status = st->app_status;
    s->has_version = st->app_status != OB_APP_UNKNOWN && !(st->app.flags & OB_JIMG_PLAIN);
    s->version = s->has_version ? st->app.fw_version : 0;
    s->trials = st->trials;
    s->pending = st->pending != 0;
    s->update_version = s->pending ? st->seal.fw_version : 0;
    s->counter = st->security_counter;
    s->reason = st->last_reason;
    s->rolled_back = st->rolled_back != 0;
    s->rollback_from = s->rolled_back ? st->rollback_from : 0;
}

/* ---- writing ---- */

typedef struct {
    char *buf;
    size_t cap, len;
    int overflow;
} out_buf;

static void put(out_buf *o, const char *s)
{
    size_t n = strlen(s);
    if (o->overflow || n >= o->cap - o->len) {
        o->overflow = 1;
        return;
    }
    memcpy(o->buf + o->len, s, n + 1);
    o->len += n;
}

static void put_u32(out_buf *o, uint32_t v)
{
    char tmp[11];
    size_t i = sizeof tmp - 1;
    tmp[i] = '\0';
    do {
        tmp[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    put(o, tmp + i);
}

static void put_i32(out_buf *o, int32_t v)
{
    if (v < 0) {
        put(o, "-");
        put_u32(o, (uint32_t)0 - (uint32_t)v); /* also right for INT32_MIN */
    } else {
        put_u32(o, (uint32_t)v);
    }
}

static void put_version(out_buf *o, int has, uint32_t v)
{
    char tmp[16];
    put(o, has ? ob_version_format(v, tmp, sizeof tmp) : "none");
}

static void put_key(out_buf *o, int k)
{
    put(o, " ");
    put(o, key_names[k]);
    put(o, "=");
}

static int board_ok(const char *b)
{
    size_t n = 0;
    for (; n < OB_BOARD_NAME_MAX && b[n] != '\0'; n++) {
        char c = b[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return n > 0 && n < OB_BOARD_NAME_MAX;
}

int ob_status_format(const ob_status *s, char *buf, size_t cap)
{
    out_buf o;
    if (s == NULL || buf == NULL || cap == 0)
        return OB_ERR_ARG;
    if (!board_ok(s->board) ||
        (s->profile != OB_PROFILE_SLOT && s->profile != OB_PROFILE_DIRECT && s->profile != OB_PROFILE_ROLLBACK) ||
        (s->running != OB_RUN_APP && s->running != OB_RUN_RESCUE) || s->app_status >= N_APP)
        return OB_ERR_ARG;
    o.buf = buf;
    o.cap = cap;
    o.len = 0;
    o.overflow = 0;
    buf[0] = '\0';
    put(&o, "otaboot");
    put_key(&o, K_BOARD);
    put(&o, s->board);
    put_key(&o, K_PROFILE);
    put(&o, ob_profile_name(s->profile));
    put_key(&o, K_RUNNING);
    put(&o, ob_running_name(s->running));
    put_key(&o, K_VERSION);
    put_version(&o, s->has_version, s->version);
    put_key(&o, K_APP);
    put(&o, app_names[s->app_status]);
    put_key(&o, K_TRIALS);
    put_u32(&o, s->trials);
    put_key(&o, K_UPDATE);
    put_version(&o, s->pending, s->update_version);
    put_key(&o, K_COUNTER);
    put_u32(&o, s->counter);
    put_key(&o, K_REASON);
    put_i32(&o, s->reason);
    put_key(&o, K_TRANSFER);
    if (s->receiving) {
        put_u32(&o, s->received);
        put(&o, "/");
        if (s->expected)
            put_u32(&o, s->expected);
        else
            put(&o, "?");
    } else {
        put(&o, "none");
    }
    if (s->rolled_back) { /* only after a rollback, as the nonce only when there is one */
        put_key(&o, K_ROLLED_BACK);
        put_version(&o, 1, s->rollback_from);
    }
    if (s->nonce[0] != '\0') {
        if (!nonce_ok(s->nonce, strlen(s->nonce)))
            o.overflow = 1; /* refused like a line that does not fit */
        put_key(&o, K_NONCE);
        put(&o, s->nonce);
    }
    if (o.overflow) {
        buf[0] = '\0';
        return OB_ERR_ARG;
    }
    return (int)o.len;
}

/* ---- parsing ---- */

/* Decimal digits only, no sign, no leading zero, at most max. */
static int parse_u32(const char *v, size_t n, uint32_t max, uint32_t *out)
{
    uint32_t x = 0;
    if (n == 0 || (n > 1 && v[0] == '0'))
        return OB_ERR_ARG;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return OB_ERR_ARG;
        uint32_t d = (uint32_t)(v[i] - '0');
        if (x > (max - d) / 10u)
            return OB_ERR_ARG;
        x = x * 10u + d;
    }
    *out = x;
    return OB_OK;
}

static int eq(const char *v, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(v, word, n) == 0;
}

static int parse_version(const char *v, size_t n, int *has, uint32_t *out)
{
    char tmp[24];
    if (eq(v, n, "none")) {
        *has = 0;
        *out = 0;
        return OB_OK;
    }
    if (n >= sizeof tmp)
        return OB_ERR_ARG;
    memcpy(tmp, v, n);
    tmp[n] = '\0';
    *has = 1;
    return ob_version_parse(tmp, out);
}

static int parse_value(ob_status *s, int k, const char *v, size_t n)
{
    uint32_t u = 0; /* parse_u32 leaves it unset on an error, and it is still stored */
    int rc;
    switch (k) {
    case K_BOARD:
        if (n == 0 || n >= OB_BOARD_NAME_MAX)
            return OB_ERR_ARG;
        memset(s->board, 0, sizeof s->board);
        memcpy(s->board, v, n);
        return board_ok(s->board) ? OB_OK : OB_ERR_ARG;
    case K_PROFILE:
        if (eq(v, n, "slot"))
            s->profile = OB_PROFILE_SLOT;
        else if (eq(v, n, "direct"))
            s->profile = OB_PROFILE_DIRECT;
        else if (eq(v, n, "rollback"))
            s->profile = OB_PROFILE_ROLLBACK;
        else
            return OB_ERR_ARG;
        return OB_OK;
    case K_RUNNING:
        if (eq(v, n, "app"))
            s->running = OB_RUN_APP;
        else if (eq(v, n, "rescue"))
            s->running = OB_RUN_RESCUE;
        else
            return OB_ERR_ARG;
        return OB_OK;
    case K_VERSION:
        return parse_version(v, n, &s->has_version, &s->version);
    case K_APP:
        for (u = 0; u < N_APP; u++)
            if (eq(v, n, app_names[u])) {
                s->app_status = (uint8_t)u;
                return OB_OK;
            }
        return OB_ERR_ARG;
    case K_TRIALS:
        rc = parse_u32(v, n, 255u, &u);
        s->trials = (uint8_t)u;
        return rc;
    case K_UPDATE:
        return parse_version(v, n, &s->pending, &s->update_version);
    case K_COUNTER:
        return parse_u32(v, n, 0xFFFFFFFFu, &s->counter);
    case K_ROLLED_BACK:
        return parse_version(v, n, &s->rolled_back, &s->rollback_from);
    case K_TRANSFER: {
        size_t slash = 0;
        if (eq(v, n, "none"))
            return OB_OK;
        while (slash < n && v[slash] != '/')
            slash++;
        if (slash == n)
            return OB_ERR_ARG;
        s->receiving = 1;
        if (eq(v + slash + 1, n - slash - 1, "?"))
            rc = OB_OK;
        else if ((rc = parse_u32(v + slash + 1, n - slash - 1, 0xFFFFFFFFu, &s->expected)) == OB_OK && s->expected == 0)
            rc = OB_ERR_ARG;
        return rc == OB_OK ? parse_u32(v, slash, 0xFFFFFFFFu, &s->received) : rc;
    }
    case K_NONCE:
        if (!nonce_ok(v, n))
            return OB_ERR_ARG;
        memcpy(s->nonce, v, n);
        s->nonce[n] = '\0';
        return OB_OK;
    default: /* K_REASON: an ob_err, so 0 or negative; accept a positive one too */
        if (n > 0 && v[0] == '-') {
            rc = parse_u32(v + 1, n - 1, 0x80000000u, &u);
            if (rc == OB_OK && u == 0)
                return OB_ERR_ARG; /* "-0" */
            s->reason = (int32_t)(0u - u);
        } else {
            rc = parse_u32(v, n, 0x7FFFFFFFu, &u);
            s->reason = (int32_t)u;
        }
        return rc;
    }
}

int ob_status_parse(const char *line, ob_status *s)
{
    unsigned seen = 0;
    size_t len;
    if (line == NULL || s == NULL)
        return OB_ERR_ARG;
    for (len = 0; line[len] != '\0'; len++)
        if (len >= OB_STATUS_LINE_MAX)
            return OB_ERR_ARG;
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (len < 8 || memcmp(line, "otaboot ", 8) != 0)
        return OB_ERR_ARG;
    memset(s, 0, sizeof *s);
    size_t i = 8;
    while (i < len) {
        if (line[i] == ' ') {
            i++;
            continue;
        }
        size_t start = i, eqpos = 0;
        while (i < len && line[i] != ' ') {
            if (line[i] == '=' && eqpos == 0)
                eqpos = i;
            i++;
        }
        if (eqpos == 0)
            return OB_ERR_ARG; /* a token without '=' */
        for (int k = 0; k < K_COUNT; k++) {
            if (!eq(line + start, eqpos - start, key_names[k]))
                continue;
            if (seen & (1u << k))
                return OB_ERR_ARG;
            seen |= 1u << k;
            if (parse_value(s, k, line + eqpos + 1, i - eqpos - 1) != OB_OK)
                return OB_ERR_ARG;
        }
    }
    return (seen & K_REQUIRED) == K_REQUIRED ? OB_OK : OB_ERR_ARG;
}

int ob_query_kind(const char *line, size_t len)
{
    if (line == NULL)
        return OB_QUERY_NONE;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    return eq(line, len, OB_STATUS_QUERY) ? OB_QUERY_STATUS : OB_QUERY_NONE;
}
