/*
 * buf.h: a bounded byte buffer for building output (JSON, HTTP requests,
 * canonical JSON).
 *
 * A buffer either wraps caller memory (fixed capacity) or owns heap memory that
 * grows up to a hard maximum. Appends never write past the capacity. When an
 * append does not fit, the buffer remembers the overflow and keeps counting, so
 * that after building, `len` is the size that would have been needed: the host
 * ABI reports that size with ORACLE_ERR_BUFFER_TOO_SMALL.
 *
 * Argument order: the buffer first, then inputs; a length right after its pointer.
 */
#ifndef ORACLE_BUF_H
#define ORACLE_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct oracle_buf {
    uint8_t *data;    /* bytes written so far (valid up to min(len, cap)) */
    size_t len;       /* bytes appended, counting those that did not fit */
    size_t cap;       /* current capacity of data */
    size_t max;       /* growable buffers: the hard limit; fixed buffers: == cap */
    int owned;        /* 1: data is heap memory this buffer frees and may grow */
    int overflow;     /* 1: an append did not fit */
} oracle_buf;

/* Wraps caller memory of cap bytes. Out: b. In: mem (may be NULL if cap == 0). */
void oracle_buf_fixed(oracle_buf *b, void *mem, size_t cap);

/* A heap buffer that grows up to max bytes. Out: b. */
void oracle_buf_growable(oracle_buf *b, size_t max);

/* Frees an owned buffer's memory (wiping it first) and zeroes the struct. */
void oracle_buf_free(oracle_buf *b);

/* Empties the buffer, keeping its memory. */
void oracle_buf_reset(oracle_buf *b);

/* Appends. Returns: 1 if the bytes fit, 0 on overflow (the buffer stays
 * consistent and keeps counting). */
int oracle_buf_put(oracle_buf *b, const void *p, size_t n);
int oracle_buf_puts(oracle_buf *b, const char *s);
int oracle_buf_putc(oracle_buf *b, char c);
int oracle_buf_put_u64(oracle_buf *b, uint64_t v);   /* decimal */
int oracle_buf_put_i64(oracle_buf *b, int64_t v);    /* decimal */
int oracle_buf_put_hex(oracle_buf *b, const uint8_t *p, size_t n); /* JSON string "0x" + lowercase hex */
/* A JSON string literal with quotes; bytes < 0x20, '"' and '\\' escaped,
 * other bytes copied (callers pass UTF-8). */
int oracle_buf_put_json_string(oracle_buf *b, const char *s, size_t n);

/* Returns: 1 if nothing overflowed. */
int oracle_buf_ok(const oracle_buf *b);

#endif
