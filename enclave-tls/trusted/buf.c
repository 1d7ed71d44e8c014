#include "buf.h"

#include <stdlib.h>
#include <string.h>

#include <mbedtls/platform_util.h>

void oracle_buf_fixed(oracle_buf *b, void *mem, size_t cap)
{
    b->data = (uint8_t *)mem;
    b->len = 0;
    b->cap = mem ? cap : 0;
    b->max = b->cap;
    b->owned = 0;
    b->overflow = 0;
}

void oracle_buf_growable(oracle_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->owned = 1;
    b->overflow = 0;
}

void oracle_buf_free(oracle_buf *b)
{
    if (b->owned && b->data) {
        mbedtls_platform_zeroize(b->data, b->cap);
        free(b->data);
    }
    memset(b, 0, sizeof(*b));
}

void oracle_buf_reset(oracle_buf *b)
{
    b->len = 0;
    b->overflow = 0;
}

static int oracle_buf_reserve(oracle_buf *b, size_t need)
{
    size_t ncap;
    uint8_t *nd;
    if (need <= b->cap) return 1;
    if (!b->owned || need > b->max) return 0;
    ncap = b->cap ? b->cap : 256;
    while (ncap < need) ncap = ncap > b->max / 2 ? b->max : ncap * 2;
    if (ncap > b->max) ncap = b->max; /* never hold more than max, even at the first allocation */
    nd = (uint8_t *)malloc(ncap);
    if (!nd) return 0;
    if (b->data) {
        memcpy(nd, b->data, b->len);
        mbedtls_platform_zeroize(b->data, b->cap);
        free(b->data);
    }
    b->data = nd;
    b->cap = ncap;
    return 1;
}

int oracle_buf_put(oracle_buf *b, const void *p, size_t n)
{
    if (n == 0) return !b->overflow;
    if (b->overflow || b->len + n < b->len || !oracle_buf_reserve(b, b->len + n)) {
        b->overflow = 1;
        b->len += n;
        return 0;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 1;
}

int oracle_buf_puts(oracle_buf *b, const char *s)
{
    return oracle_buf_put(b, s, strlen(s));
}

int oracle_buf_putc(oracle_buf *b, char c)
{
    return oracle_buf_put(b, &c, 1);
}

int oracle_buf_put_u64(oracle_buf *b, uint64_t v)
{
    char tmp[21];
    size_t i = sizeof(tmp);
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return oracle_buf_put(b, tmp + i, sizeof(tmp) - i);
}

int oracle_buf_put_i64(oracle_buf *b, int64_t v)
{
    if (v < 0) {
        oracle_buf_putc(b, '-');
        return oracle_buf_put_u64(b, (uint64_t)0 - (uint64_t)v);
    }
    return oracle_buf_put_u64(b, (uint64_t)v);
}

int oracle_buf_put_hex(oracle_buf *b, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[64];
    size_t i, k = 0;
    oracle_buf_put(b, "\"0x", 3);
    for (i = 0; i < n; i++) {
        tmp[k++] = digits[p[i] >> 4];
        tmp[k++] = digits[p[i] & 15];
        if (k == sizeof(tmp)) {
            oracle_buf_put(b, tmp, k);
            k = 0;
        }
    }
    oracle_buf_put(b, tmp, k);
    return oracle_buf_putc(b, '"');
}

int oracle_buf_put_json_string(oracle_buf *b, const char *s, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    size_t i, start = 0;
    oracle_buf_putc(b, '"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[6];
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c == '\b') esc = "\\b";
        else if (c == '\f') esc = "\\f";
        if (esc == NULL && c >= 0x20) continue;
        oracle_buf_put(b, s + start, i - start);
        if (esc) {
            oracle_buf_puts(b, esc);
        } else {
            u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
            u[4] = digits[c >> 4]; u[5] = digits[c & 15];
            oracle_buf_put(b, u, 6);
        }
        start = i + 1;
    }
    oracle_buf_put(b, s + start, n - start);
    return oracle_buf_putc(b, '"');
}

int oracle_buf_ok(const oracle_buf *b)
{
    return !b->overflow;
}
