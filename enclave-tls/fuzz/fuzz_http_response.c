/*
 * fuzz_http_response.c: libFuzzer harness for the HTTP response parser.
 *
 * Input: byte 0 picks the set-up, the rest is the response.
 *   bits 0-1  split strategy: 0 whole, 1 one byte per feed, 2 piece sizes
 *             0..16 read from the data, 3 piece sizes 0..299 from an LCG
 *   bit  2    the request was HEAD
 *   bits 3-7  body cap = value * 64 (0..1984), small so that caps are hit
 * The response is parsed twice, whole and with the chosen strategy; both runs
 * must agree (the parser must not depend on where the input is split), and
 * each must keep the invariants checked in oracle_fuzz_run().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct oracle_fuzz_result {
    int rc;
    int status;
    int keep_alive;
    int64_t date;
    int framing;
    size_t consumed;   /* bytes that belonged to the response (rc == ORACLE_OK) */
} oracle_fuzz_result;

static void oracle_fuzz_check(int cond)
{
    if (!cond) __builtin_trap();
}

/* The size of the next piece at pos (may be 0: an empty feed). */
static size_t oracle_fuzz_piece(int strategy, const uint8_t *d, size_t n, size_t pos,
                                uint32_t *lcg)
{
    size_t k;
    switch (strategy) {
    case 0:
        k = n - pos;
        break;
    case 1:
        k = 1;
        break;
    case 2:
        k = d[pos] % 17u;
        break;
    default:
        *lcg = *lcg * 1103515245u + 12345u;
        k = (*lcg >> 16) % 300u;
        break;
    }
    return k > n - pos ? n - pos : k;
}

static void oracle_fuzz_run(oracle_http_response *r, const uint8_t *d, size_t n, int strategy,
                            size_t cap, int head, oracle_fuzz_result *out)
{
    size_t pos = 0, c, k;
    uint32_t lcg = (uint32_t)n;
    int rc = ORACLE_HTTP_NEED_MORE, again;

    oracle_http_response_init(r, cap, head);
    while (rc == ORACLE_HTTP_NEED_MORE && pos < n) {
        k = oracle_fuzz_piece(strategy, d, n, pos, &lcg);
        c = (size_t)-1;
        rc = oracle_http_response_feed(r, d + pos, k, &c);
        oracle_fuzz_check(r->body.len <= cap);
        if (rc == ORACLE_HTTP_NEED_MORE) oracle_fuzz_check(c == k);
        if (rc == ORACLE_OK) {
            oracle_fuzz_check(c <= k);
            out->consumed = pos + c;
        }
        pos += k;
        if (k == 0 && rc == ORACLE_HTTP_NEED_MORE) {
            /* an empty feed was harmless; move on by one byte */
            rc = oracle_http_response_feed(r, d + pos, 1, &c);
            if (rc == ORACLE_OK) out->consumed = pos + c;
            pos++;
        }
    }
    if (rc == ORACLE_HTTP_NEED_MORE) {
        rc = oracle_http_response_finish(r);
        oracle_fuzz_check(rc == ORACLE_OK || rc == ORACLE_ERR_HTTP_TRUNCATED);
        out->consumed = n;
        if (rc == ORACLE_OK) oracle_fuzz_check(r->framing == ORACLE_HTTP_FRAMING_CLOSE);
    }
    out->rc = rc;
    oracle_fuzz_check(rc == ORACLE_OK || rc == ORACLE_ERR_HTTP_MALFORMED ||
                      rc == ORACLE_ERR_HTTP_TOO_LARGE || rc == ORACLE_ERR_HTTP_TRUNCATED);
    oracle_fuzz_check(r->body.len <= cap);
    oracle_fuzz_check(memchr(r->location, 0, sizeof(r->location)) != NULL);
    oracle_fuzz_check(memchr(r->content_type, 0, sizeof(r->content_type)) != NULL);
    if (rc == ORACLE_OK) {
        oracle_fuzz_check(out->consumed <= n);
        oracle_fuzz_check(r->status >= 200 && r->status <= 999); /* 1xx are discarded */
        oracle_fuzz_check(r->keep_alive == 0 || r->keep_alive == 1);
        oracle_fuzz_check(r->date >= -1);
        if (r->framing == ORACLE_HTTP_FRAMING_NONE) oracle_fuzz_check(r->body.len == 0);
        if (r->framing == ORACLE_HTTP_FRAMING_LENGTH)
            oracle_fuzz_check(r->content_length >= 0 && (uint64_t)r->content_length == r->body.len);
        if (r->framing == ORACLE_HTTP_FRAMING_CLOSE) oracle_fuzz_check(r->keep_alive == 0);
        if (head) oracle_fuzz_check(r->framing == ORACLE_HTTP_FRAMING_NONE);
        /* the rest belongs to nobody: accepted, not consumed, no keep-alive */
        again = oracle_http_response_feed(r, d + out->consumed, n - out->consumed, &c);
        oracle_fuzz_check(again == ORACLE_OK && c == 0);
        if (out->consumed < n) oracle_fuzz_check(r->keep_alive == 0);
        oracle_fuzz_check(oracle_http_response_finish(r) == ORACLE_OK);
    } else {
        /* dead: the same error forever */
        oracle_fuzz_check(oracle_http_response_feed(r, d, n, NULL) == rc);
        oracle_fuzz_check(oracle_http_response_finish(r) == rc);
    }
    out->status = r->status;
    out->keep_alive = r->keep_alive;
    out->date = r->date;
    out->framing = (int)r->framing;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oracle_http_response *a, *b;
    oracle_fuzz_result ra, rb;
    size_t cap;
    int strategy, head;

    if (size < 1) return 0;
    strategy = data[0] & 3;
    head = (data[0] >> 2) & 1;
    cap = (size_t)(data[0] >> 3) * 64;
    data++;
    size--;

    a = (oracle_http_response *)malloc(sizeof(*a));
    b = (oracle_http_response *)malloc(sizeof(*b));
    if (a == NULL || b == NULL) goto done;
    memset(&ra, 0, sizeof(ra));
    memset(&rb, 0, sizeof(rb));
    oracle_fuzz_run(a, data, size, 0, cap, head, &ra);
    oracle_fuzz_run(b, data, size, strategy, cap, head, &rb);

    /* splitting must not change anything */
    oracle_fuzz_check(ra.rc == rb.rc);
    if (ra.rc == ORACLE_OK) {
        oracle_fuzz_check(ra.consumed == rb.consumed && ra.status == rb.status &&
                          ra.keep_alive == rb.keep_alive && ra.date == rb.date &&
                          ra.framing == rb.framing);
        oracle_fuzz_check(a->body.len == b->body.len);
        oracle_fuzz_check(a->body.len == 0 || memcmp(a->body.data, b->body.data, a->body.len) == 0);
        oracle_fuzz_check(strcmp(a->location, b->location) == 0);
        oracle_fuzz_check(strcmp(a->content_type, b->content_type) == 0);
    }

done:
    if (a) oracle_http_response_free(a);
    if (b) oracle_http_response_free(b);
    free(a);
    free(b);
    return 0;
}
