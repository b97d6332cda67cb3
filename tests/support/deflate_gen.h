/* SPDX-License-Identifier: Apache-2.0 */
/* Deflate streams for the inflate tests: written bit by bit after RFC 1951
 * (to reach every error path), or by zlib (raw deflate) from firmware-like
 * test data. Helpers fail the running cmocka test on misuse. */
#ifndef OB_DEFLATE_GEN_H
#define OB_DEFLATE_GEN_H

#include <stddef.h>
#include <stdint.h>

/* ---- bit writer (RFC 1951 3.1.1: fields LSB first, Huffman codes MSB first) */

typedef struct {
    uint8_t b[16384];
    size_t bits;
} bw;

/* n bits of v, LSB first. */
void put(bw *w, uint32_t v, unsigned n);
/* A Huffman code of len bits, MSB first. */
void put_code(bw *w, uint32_t code, unsigned len);
/* Bytes written so far (the last one partly). */
size_t bw_bytes(const bw *w);

/* Canonical codes from lengths (RFC 1951 3.2.2). */
void canon(const uint8_t *lens, unsigned n, uint32_t *codes);
/* Literal/length symbol sym in the fixed code (3.2.6). */
void fixed_lit(bw *w, unsigned sym);

/* Order of the code length code lengths in a dynamic header (3.2.7). */
extern const uint8_t clen_order[19];
/* A code-length code giving length 4 to symbols 0..12 and 16..18 (16 codes of
 * 4 bits: complete), so code lengths 13..15 cannot be written. */
void clen_code(uint8_t *cl);
/* Dynamic block header up to the code length code: BFINAL, BTYPE, HLIT,
 * HDIST, HCLEN and the first ncode entries of cl in clen_order. */
void dyn_header_raw(bw *w, int final, unsigned nlen, unsigned ndist, const uint8_t *cl, unsigned ncode);
/* Whole dynamic header with clen_code's code; lens holds nlen + ndist
 * lengths (each at most 12). */
void dyn_header(bw *w, int final, const uint8_t *lens, unsigned nlen, unsigned ndist);

/* ---- test data and zlib */

/* xorshift32 (xorshift.h), for the streams and the tests that use them. */
uint32_t rnd(uint32_t *s);
/* n bytes (malloc'd) of words and numbers with repeats at all distances:
 * every kind of code. */
uint8_t *make_data(size_t n, uint32_t seed);
/* Raw deflate of in by zlib (deflateInit2 with the given level, window bits,
 * memLevel and strategy). Returns the stream's length. */
size_t zdeflate(const uint8_t *in, size_t n, uint8_t *out, size_t cap, int level, int wbits, int mem,
                int strategy);

#endif
