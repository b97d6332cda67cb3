/* SPDX-License-Identifier: Apache-2.0 */
/* otaboot: streaming RFC 1951 inflate (API in inflate.h, design in docs/INFLATE.md).
 *
 * One function holds the whole decoder as a state machine over local copies
 * of the bit buffer, input and output pointers. Whenever a step lacks bits it
 * records its state and jumps to `need`, which pulls input and re-enters that
 * state from its start (a step consumes nothing before it has all its bits),
 * so the run can stop and resume at any bit. */
#include "inflate.h"

#include <string.h>

/* The bit buffer: OB_INFLATE_BITBUF (core/ob_opt.h). */
typedef OB_INFLATE_BITBUF bits_t;
#define W ((unsigned)(sizeof(bits_t) * 8))
#define LMASK ((1u << OB_INFLATE_LIT_BITS) - 1)
#define DMASK ((1u << OB_INFLATE_DIST_BITS) - 1)
#define MASK(k) (((bits_t)1 << (k)) - 1)
#if defined(__GNUC__) && defined(__OPTIMIZE_SIZE__)
#define OB_NOINLINE __attribute__((noinline)) /* -Os: one copy for three callers */
#else
#define OB_NOINLINE
#endif

enum {
    ST_HEAD, ST_STORED_LEN, ST_STORED_NLEN, ST_STORED, ST_DYN, ST_CLEN, ST_LENS,
    ST_REP, ST_LIT, ST_LITOUT, ST_LENEXT, ST_DIST, ST_DISTEXT, ST_DONE, ST_ERR
};

/* Symbol at position idx of the sorted list (length len). */
static unsigned symval(const ob_inflate *s, int dist, unsigned idx, unsigned len)
{
    if (dist)
        return s->dist_sym[idx];
    return s->lit_sym[idx] + (idx >= s->lit_hi[len] ? 256u : 0u);
}

/* Canonical decoding one bit at a time (codes longer than the root table, or
 * fewer bits held than the root entry needs). Returns symbol << 4 | length,
 * -1 if the n bits held do not finish a code, -2 if no code can match (only
 * in the incomplete codes accepted by sort_codes, below). */
static int decode_slow(const ob_inflate *s, int dist, bits_t b, unsigned n)
{
    const uint16_t *count = dist ? s->dist_count : s->lit_count;
    unsigned len, code = 0, first = 0, idx = 0;

    for (len = 1; len < 16; len++) {
        if (len > n) { /* more bits can only help if longer codes exist */
            while (len < 16 && !count[len])
                len++;
            return len < 16 ? -1 : -2;
        }
        code |= (unsigned)(b >> (len - 1)) & 1u;
        if (code - first < count[len])
            return (int)(symval(s, dist, idx + code - first, len) << 4 | len);
        idx += count[len];
        first = (first + count[len]) << 1;
        code <<= 1;
    }
    return -2;
}

/* Root table: entry i is the code that the low bits of i start with, if it
 * is at most `bits` long; 0 (long code or unused pattern) sends decoding to
 * decode_slow. Decoding each entry costs more time than replicating codes
 * but less code (docs/INFLATE.md has the figures). */
static void fill_table(ob_inflate *s, int dist)
{
    unsigned bits = dist ? OB_INFLATE_DIST_BITS : OB_INFLATE_LIT_BITS, i;
    uint16_t *fast = dist ? s->dist_fast : s->lit.fast;
    for (i = 0; i < (1u << bits); i++) {
        int r = decode_slow(s, dist, i, bits);
        fast[i] = (uint16_t)(r > 0 ? r : 0);
    }
}

/* Counts lengths, checks the prefix code (RFC 1951 3.2.2), sorts the
 * symbols by (length, symbol) and fills the code's root table. Incomplete
 * codes are refused except where zlib accepts them: a litlen or distance code
 * with no code or a single one-bit code (RFC 1951 3.2.7 allows the
 * one-distance-code case). */
static int sort_codes(ob_inflate *s, int dist, const uint8_t *lens, unsigned n, int clen)
{
    uint16_t *count = dist ? s->dist_count : s->lit_count;
    uint8_t *sym = dist ? s->dist_sym : s->lit_sym;
    uint16_t offs[16];
    int left = 1;
    unsigned i, used;

    memset(count, 0, 16 * sizeof *count);
    for (i = 0; i < n; i++)
        count[lens[i]]++;
    for (i = 1; i < 16; i++) {
        left = (left << 1) - count[i];
        if (left < 0)
            return OB_ERR_INF_OVERSUB;
    }
    used = n - count[0];
    if (left > 0 && (clen || used > 1 || count[1] != used))
        return OB_ERR_INF_INCOMPLETE;
    offs[0] = offs[1] = 0;
    for (i = 1; i < 15; i++)
        offs[i + 1] = (uint16_t)(offs[i] + count[i]);
    for (i = 0; i < n; i++) {
        if (i == 256)
            memcpy(s->lit_hi, offs, sizeof offs);
        if (lens[i])
            sym[offs[lens[i]]++] = (uint8_t)i;
    }
    fill_table(s, dist);
    return OB_OK;
}

OB_NOINLINE static int decode(const ob_inflate *s, int dist, bits_t b, unsigned n)
{
    unsigned e = dist ? s->dist_fast[b & DMASK] : s->lit.fast[b & LMASK];
    if ((e & 15u) - 1u < n)
        return (int)e;
    return decode_slow(s, dist, b, n);
}

/* Room for new output in the staging buffer, bounded by the limit. */
static uint32_t room(const ob_sink *o)
{
    uint32_t t = ob_sink_total(o), r = o->cap - o->len;
    uint32_t l = o->limit > t ? o->limit - t : 0;
    return r < l ? r : l;
}

/* Makes room for at least one byte: the limit is checked first, then the
 * staging buffer is flushed if full. */
static int make_room(ob_sink *o)
{
    int rc;
    if (ob_sink_total(o) >= o->limit)
        return OB_ERR_INF_LIMIT;
    if (o->len < o->cap)
        return OB_OK;
    if (!o->flush)
        return OB_ERR_INF_LIMIT;
    rc = o->flush(o);
    if (rc == OB_OK && o->len >= o->cap)
        rc = OB_ERR_STATE; /* a flush that made no room would loop forever */
    return rc;
}

/* Copies a match whose source or destination is not entirely in the staging
 * buffer: each piece is bounded by the staging space and by the border
 * between flushed output (read through mapped or read()) and staged output. */
static int copy_slow(ob_sink *o, uint32_t len, uint32_t dist)
{
    while (len) {
        int rc = make_room(o);
        uint32_t src, n;
        uint8_t *to;
        if (rc)
            return rc;
        src = ob_sink_total(o) - dist;
        n = OB_MIN(len, room(o));
        to = o->buf + o->len;
        if (src < o->flushed) {
            n = OB_MIN(n, o->flushed - src);
            if (o->mapped)
                memcpy(to, o->mapped + src, n);
            else if (!o->read)
                return OB_ERR_INF_DIST;
            else if ((rc = o->read(o, src, to, n)) != OB_OK)
                return rc;
        } else {
            const uint8_t *from = o->buf + (src - o->flushed);
            uint32_t i;
            for (i = 0; i < n; i++) /* forward: an overlap repeats the pattern */
                to[i] = from[i];
        }
        o->len += n;
        len -= n;
    }
    return OB_OK;
}

static bits_t load_le64(const uint8_t *p)
{
    bits_t v = 0;
    unsigned i;
    for (i = 0; i < 8; i++)
        v |= (bits_t)p[i] << (8 * i % W);
    return v;
}

/* Tops up the bit buffer from the current chunk without pulling. With a
 * 64-bit buffer and 8 readable bytes, one unaligned load, and only when
 * fewer than 48 bits are held (a length/distance pair takes at most
 * 15 + 5 + 15 + 13 bits): the bits above n then hold part of the next byte,
 * which the next load ORs in again at the same place (they are masked off
 * whenever the state is saved). */
#define REFILL()                                                    \
    do {                                                            \
        if (W >= 64 && avail >= 8) {                                \
            if (n < 48) {                                           \
                unsigned k_ = (W - 1 - n) >> 3;                     \
                b |= load_le64(in) << n;                            \
                in += k_;                                           \
                avail -= k_;                                        \
                n |= W - 8;                                         \
            }                                                       \
        } else {                                                    \
            while (n <= W - 8 && avail) {                           \
                b |= (bits_t)*in++ << n;                            \
                n += 8;                                             \
                avail--;                                            \
            }                                                       \
        }                                                           \
    } while (0)
#define NEED(k, st)            \
    do {                       \
        if (n < (unsigned)(k)) { \
            s->state = (st);   \
            goto need;         \
        }                      \
    } while (0)
#define MORE(st)         \
    do {                 \
        s->state = (st); \
        goto more;       \
    } while (0)
#define DROP(k) (b >>= (k), n -= (k))
#define GROW(st)     \
    do {             \
        s->state = (st); \
        goto grow;   \
    } while (0)
#define FAIL(e) do { err = (e); goto fail; } while (0)
#define SYNC() (o->len = (uint32_t)(op - o->buf))
#define RELOAD() (op = o->buf + o->len, oend = op + room(o))

int ob_inflate_run(ob_inflate *s, ob_pull_fn pull, void *ctx, ob_sink *o)
{
    static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    bits_t b = s->bitbuf;
    unsigned n = s->bitcnt, len = s->len, sym = s->sym, extra;
    const uint8_t *in = s->in;
    size_t avail = s->in_avail;
    uint8_t *op, *oend;
    uint8_t *lens = s->lit.lens;
    int err, r;

    if (s->state == ST_ERR)
        return s->err;
    err = OB_OK;
    goto reload;
    /* Each state is a place to re-enter, named by what it reads (RFC 1951):
     *   state           label        RFC 1951  reads
     *   ST_HEAD         head         3.2.3     BFINAL and BTYPE of a block
     *   ST_STORED_LEN   stored_len   3.2.4     LEN of a stored block
     *   ST_STORED_NLEN  stored_nlen  3.2.4     NLEN, LEN's one's complement
     *   ST_STORED       stored       3.2.4     the LEN bytes themselves
     *   ST_DYN          dyn          3.2.7     HLIT, HDIST, HCLEN
     *   ST_CLEN         clen         3.2.7     the code lengths of the code-length alphabet
     *   ST_LENS         lengths      3.2.7     a literal/length or distance code length
     *   ST_REP          rep          3.2.7     the extra bits of repeat codes 16, 17, 18
     *   ST_LIT          lit          3.2.5     a literal/length symbol (3.2.2 codes, 3.2.6 fixed)
     *   ST_LITOUT       litout       3.2.5     nothing: a decoded literal waits for room
     *   ST_LENEXT       lenext       3.2.5     the length's extra bits
     *   ST_DIST         dist         3.2.5     a distance symbol
     *   ST_DISTEXT      distext      3.2.5     the distance's extra bits, then the copy (3.2.3)
     *   ST_DONE         done         3.2.3     nothing: the block with BFINAL set has ended
     * The fixed codes of 3.2.6 are set up in head and go straight to the
     * tables (they read nothing more); ST_ERR is the sticky error. */
refill: /* from need: top up the bits from the new chunk, then re-enter */
    REFILL();
dispatch:
    switch (s->state) {
    case ST_HEAD: goto head;
    case ST_STORED_LEN: goto stored_len;
    case ST_STORED_NLEN: goto stored_nlen;
    case ST_STORED: goto stored;
    case ST_DYN: goto dyn;
    case ST_CLEN: goto clen;
    case ST_LENS: goto lengths;
    case ST_REP: goto rep;
    case ST_LIT: goto lit;
    case ST_LITOUT: goto litout;
    case ST_LENEXT: goto lenext;
    case ST_DIST: goto dist;
    case ST_DISTEXT: goto distext;
    default: goto done;
    }

head: /* RFC 1951 3.2.3: BFINAL, BTYPE */
    NEED(3, ST_HEAD);
    s->final = (uint8_t)(b & 1);
    r = (int)(b >> 1) & 3;
    DROP(3);
    if (r == 0) {
        DROP(n & 7); /* 3.2.4: stored data starts on a byte boundary */
        goto stored_len;
    }
    if (r == 1) { /* 3.2.6: fixed codes; 286, 287, 30, 31 decode but are invalid */
        static const uint8_t fixed[] = {144, 8, 112, 9, 24, 7, 8, 8, 32, 5}; /* runs: count, length */
        const uint8_t *f;
        uint8_t *p = lens;
        for (f = fixed; f < fixed + sizeof fixed; f += 2) {
            memset(p, f[1], f[0]);
            p += f[0];
        }
        s->nlen = 288;
        s->ndist = 32;
        goto tables;
    }
    if (r == 2)
        goto dyn;
    FAIL(OB_ERR_INF_BLOCK_TYPE);

stored_len:
    NEED(16, ST_STORED_LEN);
    len = (unsigned)b & 0xFFFFu;
    DROP(16);
stored_nlen:
    NEED(16, ST_STORED_NLEN);
    if (((unsigned)b & 0xFFFFu) != (~len & 0xFFFFu))
        FAIL(OB_ERR_INF_STORED_LEN);
    DROP(16);
stored:
    while (len) {
        size_t k;
        if (op == oend)
            GROW(ST_STORED);
        if (n >= 8) { /* whole bytes already in the bit buffer come first */
            *op++ = (uint8_t)b;
            DROP(8);
            len--;
            continue;
        }
        if (!avail) {
            s->state = ST_STORED;
            goto need;
        }
        b = 0; /* n == 0; drop what a 64-bit load left above it: memcpy moves in */
        k = OB_MIN(OB_MIN((size_t)len, avail), (size_t)(oend - op));
        memcpy(op, in, k);
        op += k;
        in += k;
        avail -= k;
        len -= (unsigned)k;
    }
    goto block_end;

dyn: /* 3.2.7: HLIT, HDIST, HCLEN */
    NEED(14, ST_DYN);
    s->nlen = (uint16_t)((b & 31) + 257);
    s->ndist = (uint16_t)(((b >> 5) & 31) + 1);
    s->ncode = (uint16_t)(((b >> 10) & 15) + 4);
    DROP(14);
    if (s->nlen > 286 || s->ndist > 30)
        FAIL(OB_ERR_INF_LENS);
    memset(lens, 0, 19);
    len = 0; /* count of lengths read so far, while reading a header */
clen:
    while (len < s->ncode) {
        NEED(3, ST_CLEN);
        lens[order[len++]] = (uint8_t)(b & 7);
        DROP(3);
    }
    if ((err = sort_codes(s, 1, lens, 19, 1)) != OB_OK)
        goto fail;
    len = 0;
lengths:
    while (len < (unsigned)(s->nlen + s->ndist)) {
        r = decode(s, 1, b, n);
        if (r < 0)
            MORE(ST_LENS);
        DROP((unsigned)r & 15);
        sym = (unsigned)r >> 4;
        if (sym < 16) {
            lens[len++] = (uint8_t)sym;
            continue;
        }
rep:
        extra = sym < 18 ? sym - 14 : 7;
        NEED(extra, ST_REP);
        {
            unsigned k = (sym < 18 ? 3 : 11) + ((unsigned)b & MASK(extra));
            DROP(extra);
            r = sym == 16 ? (len ? lens[len - 1] : 16) : 0; /* 16: no length to repeat */
            if (r > 15 || len + k > (unsigned)(s->nlen + s->ndist))
                FAIL(OB_ERR_INF_LENS);
            while (k--)
                lens[len++] = (uint8_t)r;
        }
    }
    if (lens[256] == 0)
        FAIL(OB_ERR_INF_NO_EOB);
tables:
    /* the distance code first: the literal/length table overwrites lens */
    if ((err = sort_codes(s, 1, lens + s->nlen, s->ndist, 0)) != OB_OK ||
        (err = sort_codes(s, 0, lens, s->nlen, 0)) != OB_OK)
        goto fail;

lit: /* 3.2.5: the hot loop */
    REFILL();
    r = s->lit.fast[b & LMASK];
    if (((unsigned)r & 15u) - 1u >= n) {
        r = decode_slow(s, 0, b, n);
        if (r < 0)
            MORE(ST_LIT);
    }
    DROP((unsigned)r & 15);
    sym = (unsigned)r >> 4;
    if (sym < 256) {
        if (op == oend)
            GROW(ST_LITOUT);
litout:
        *op++ = (uint8_t)sym;
        goto lit;
    }
    if (sym == 256)
        goto block_end;
    if (sym > 285)
        FAIL(OB_ERR_INF_SYMBOL);
lenext: /* 3.2.5: length base and extra bits, computed rather than tabled */
    extra = sym < 265 || sym == 285 ? 0 : ((sym - 257) >> 2) - 1;
    NEED(extra, ST_LENEXT);
    len = sym < 265 ? sym - 254 : sym == 285 ? 258 : ((4 + ((sym - 257) & 3)) << extra) + 3;
    len += (unsigned)b & MASK(extra);
    DROP(extra);
dist:
    r = decode(s, 1, b, n);
    if (r < 0)
        MORE(ST_DIST);
    DROP((unsigned)r & 15);
    sym = (unsigned)r >> 4;
    if (sym > 29)
        FAIL(OB_ERR_INF_SYMBOL);
distext:
    extra = sym < 4 ? 0 : (sym >> 1) - 1;
    NEED(extra, ST_DISTEXT);
    {
        uint32_t d = (sym < 4 ? sym + 1 : ((2u | (sym & 1)) << extra) + 1) + ((uint32_t)b & MASK(extra));
        uint32_t staged = (uint32_t)(op - o->buf);
        DROP(extra);
        if (d > o->flushed + staged)
            FAIL(OB_ERR_INF_DIST);
        if (d <= staged && len <= (size_t)(oend - op)) {
            const uint8_t *from = op - d;
            uint8_t *end = op + len;
            /* memcpy where it pays: on a 64-bit host with a large buffer.
             * On Cortex-M (32-bit buffer) the matches that stay in a small
             * staging buffer are short and near, and the byte loop alone
             * runs fewer instructions than a memcpy call (docs/INFLATE.md). */
            if (W >= 64 && d >= len) {
                memcpy(op, from, len);
                op = end;
            }
            while (op < end) /* forward: an overlap repeats the pattern */
                *op++ = *from++;
        } else {
            SYNC();
            err = copy_slow(o, len, d);
            s->state = ST_LIT;
            goto reload;
        }
    }
    goto lit;

block_end:
    if (!s->final)
        goto head;
    s->state = ST_DONE;
done:
    r = OB_INFLATE_DONE;
    goto save;

grow: /* no room for the next byte: flush or fail, then re-enter s->state */
    SYNC();
    err = make_room(o);
reload: /* the sink's staging buffer moved on: re-enter s->state, or fail */
    RELOAD();
    if (err != OB_OK)
        goto fail;
    goto dispatch;

more: /* a code is longer than the bits held (r == -1) or matches nothing */
    if (r == -2)
        FAIL(OB_ERR_INF_SYMBOL);
need: /* s->state is the step to re-enter once more bits are held */
    if (!avail) {
        avail = pull(ctx, &in);
        if (!avail) {
            r = OB_INFLATE_NEED_INPUT;
            goto save;
        }
    }
    goto refill;

fail:
    s->state = ST_ERR;
    s->err = (int8_t)err;
    r = err;
save:
    s->bitbuf = n < W ? b & MASK(n) : b;
    s->bitcnt = n;
    s->in = in;
    s->in_avail = avail;
    s->len = (uint16_t)len;
    s->sym = (uint16_t)sym;
    SYNC();
    return r;
}

void ob_inflate_init(ob_inflate *s)
{
    memset(s, 0, sizeof *s);
    s->state = ST_HEAD;
}

/* Whole bytes not used by the stream: those in the bit buffer past the
 * final block's last bit, then the rest of the chunk. */
size_t ob_inflate_unused(ob_inflate *s, uint8_t *dst, size_t cap)
{
    size_t k;
    if (s->state != ST_DONE)
        return 0;
    s->bitbuf >>= s->bitcnt & 7;
    s->bitcnt &= ~7u;
    for (k = 0; k < cap; k++) {
        if (s->bitcnt) {
            dst[k] = (uint8_t)s->bitbuf;
            s->bitbuf >>= 8;
            s->bitcnt -= 8;
        } else if (s->in_avail) {
            dst[k] = *s->in++;
            s->in_avail--;
        } else {
            break;
        }
    }
    return k;
}

typedef struct {
    const uint8_t *p;
    size_t n;
} mem_src;

static size_t mem_pull(void *ctx, const uint8_t **chunk)
{
    mem_src *m = (mem_src *)ctx;
    size_t n = m->n;
    *chunk = m->p;
    m->p += n;
    m->n = 0;
    return n;
}

long ob_inflate_mem(const uint8_t *src, size_t srclen, uint8_t *dst, size_t dstcap, size_t *consumed)
{
    ob_inflate s;
    ob_sink o;
    mem_src m;
    int rc;

    m.p = src;
    m.n = srclen;
    ob_sink_mem_init(&o, dst, dstcap > 0x7FFFFFFFu ? 0x7FFFFFFFu : (uint32_t)dstcap);
    ob_inflate_init(&s);
    rc = ob_inflate_run(&s, mem_pull, &m, &o);
    if (consumed)
        *consumed = srclen - (rc == OB_INFLATE_DONE ? (s.bitcnt >> 3) + s.in_avail : 0);
    if (rc == OB_INFLATE_NEED_INPUT)
        return OB_ERR_TRUNCATED;
    return rc < 0 ? rc : (long)o.len;
}
