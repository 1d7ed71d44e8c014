/*
 * decimal.c: see decimal.h. Exact arithmetic with mbedtls_mpi, no floating point.
 *
 * A number is read as an integer digit string D (integer and fraction digits
 * together), the count F of fraction digits and the exponent E, so that
 * text = D * 10^(E - F). The result is D * 10^s with s = E - F + decimals;
 * for s < 0 it is D / 10^-s rounded half away from zero (on the magnitude,
 * the sign applied afterwards). |s| <= 1000 + 199 + 77, so the powers of ten
 * stay below 4,200 bits.
 */
#include "decimal.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"

#define ORACLE_DECIMAL_EXP_MAX 1000

/* Runs an mbedtls call; on failure sets ret to err_expr (which may use
 * oracle_mret_) and jumps to exit. */
#define ORACLE_DECIMAL_TRY(call, err_expr)      \
    do {                                        \
        int oracle_mret_ = (call);              \
        if (oracle_mret_ != 0) {                \
            ret = (err_expr);                   \
            goto exit;                          \
        }                                       \
    } while (0)

/* In oracle_decimal_parse: allocation failure is ORACLE_ERR_NO_MEMORY. */
#define ORACLE_DECIMAL_MPI(call) \
    ORACLE_DECIMAL_TRY(call, oracle_mret_ == MBEDTLS_ERR_MPI_ALLOC_FAILED ? ORACLE_ERR_NO_MEMORY : ORACLE_ERR_INTERNAL)

typedef struct oracle_decimal_text {
    char digits[ORACLE_DECIMAL_TEXT_MAX + 1]; /* D, NUL-terminated */
    size_t ndigits;
    size_t nfrac;  /* F */
    long exp;      /* E */
    int neg;
} oracle_decimal_text;

static int oracle_decimal_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* -?[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]+)? with at least one mantissa digit. */
static int oracle_decimal_lex(const char *t, size_t n, oracle_decimal_text *d)
{
    size_t i = 0;
    long e = 0;
    int eneg = 0;
    d->ndigits = 0;
    d->nfrac = 0;
    d->exp = 0;
    d->neg = 0;
    if (n == 0 || n > ORACLE_DECIMAL_TEXT_MAX) return ORACLE_ERR_VALUE_NOT_NUMBER;
    if (t[i] == '-') {
        d->neg = 1;
        i++;
    }
    while (i < n && oracle_decimal_is_digit(t[i])) d->digits[d->ndigits++] = t[i++];
    if (i < n && t[i] == '.') {
        i++;
        while (i < n && oracle_decimal_is_digit(t[i])) {
            d->digits[d->ndigits++] = t[i++];
            d->nfrac++;
        }
    }
    if (d->ndigits == 0) return ORACLE_ERR_VALUE_NOT_NUMBER;
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        if (i < n && (t[i] == '+' || t[i] == '-')) eneg = t[i++] == '-';
        if (i >= n || !oracle_decimal_is_digit(t[i])) return ORACLE_ERR_VALUE_NOT_NUMBER;
        while (i < n && oracle_decimal_is_digit(t[i])) {
            if (e <= ORACLE_DECIMAL_EXP_MAX) e = e * 10 + (t[i] - '0'); /* stops growing once too big */
            i++;
        }
        if (e > ORACLE_DECIMAL_EXP_MAX) return ORACLE_ERR_VALUE_NOT_NUMBER;
    }
    if (i != n) return ORACLE_ERR_VALUE_NOT_NUMBER;
    d->digits[d->ndigits] = '\0';
    d->exp = eneg ? -e : e;
    return ORACLE_OK;
}

int oracle_decimal_parse(const char *text, size_t n, unsigned decimals, mbedtls_mpi *out)
{
    int ret = ORACLE_OK;
    oracle_decimal_text d;
    mbedtls_mpi pow, q, r;
    long shift, k;

    ORACLE_ARG_CHECK(out != NULL && (text != NULL || n == 0));
    mbedtls_mpi_init(&pow);
    mbedtls_mpi_init(&q);
    mbedtls_mpi_init(&r);
    if (decimals > ORACLE_DECIMALS_MAX) {
        ret = ORACLE_ERR_JOB_LIMIT;
        goto exit;
    }
    ret = oracle_decimal_lex(text, n, &d);
    if (ret != ORACLE_OK) goto exit;

    ORACLE_DECIMAL_MPI(mbedtls_mpi_read_string(&q, 10, d.digits));
    shift = d.exp - (long)d.nfrac + (long)decimals;
    ORACLE_DECIMAL_MPI(mbedtls_mpi_lset(&pow, 1));
    for (k = 0; k < (shift < 0 ? -shift : shift); k++) ORACLE_DECIMAL_MPI(mbedtls_mpi_mul_int(&pow, &pow, 10));
    if (shift >= 0) {
        ORACLE_DECIMAL_MPI(mbedtls_mpi_mul_mpi(out, &q, &pow));
    } else {
        /* out = floor(q / pow); round up when the remainder is >= pow / 2 */
        ORACLE_DECIMAL_MPI(mbedtls_mpi_div_mpi(out, &r, &q, &pow));
        ORACLE_DECIMAL_MPI(mbedtls_mpi_shift_l(&r, 1));
        if (mbedtls_mpi_cmp_mpi(&r, &pow) >= 0) ORACLE_DECIMAL_MPI(mbedtls_mpi_add_int(out, out, 1));
    }
    if (d.neg && mbedtls_mpi_cmp_int(out, 0) != 0) {
        /* out = 0 - |out|; a magnitude of 0 stays +0, so "-0" is 0 */
        ORACLE_DECIMAL_MPI(mbedtls_mpi_copy(&q, out));
        ORACLE_DECIMAL_MPI(mbedtls_mpi_lset(&r, 0));
        ORACLE_DECIMAL_MPI(mbedtls_mpi_sub_mpi(out, &r, &q));
    }
    if (!oracle_int256_in_range(out)) ret = ORACLE_ERR_VALUE_RANGE;
exit:
    if (ret != ORACLE_OK) (void)mbedtls_mpi_lset(out, 0);
    mbedtls_mpi_free(&pow);
    mbedtls_mpi_free(&q);
    mbedtls_mpi_free(&r);
    return ret;
}

int oracle_int256_in_range(const mbedtls_mpi *v)
{
    size_t bits;
    if (v == NULL) return 0;
    bits = mbedtls_mpi_bitlen(v); /* of |v| */
    if (bits <= 255) return 1;
    /* only -2^255 has 256 bits: a single bit set, at position 255 */
    return bits == 256 && mbedtls_mpi_cmp_int(v, 0) < 0 && mbedtls_mpi_lsb(v) == 255;
}

int oracle_int256_to_be(const mbedtls_mpi *v, uint8_t out[32])
{
    int ret = ORACLE_OK;
    mbedtls_mpi t;

    ORACLE_ARG_CHECK(v != NULL && out != NULL);
    mbedtls_mpi_init(&t);
    if (!oracle_int256_in_range(v)) {
        ret = ORACLE_ERR_VALUE_RANGE;
        goto exit;
    }
    if (mbedtls_mpi_cmp_int(v, 0) >= 0) {
        ORACLE_DECIMAL_TRY(mbedtls_mpi_write_binary(v, out, 32), ORACLE_ERR_INTERNAL);
    } else {
        /* two's complement of a negative v: 2^256 + v, in [2^255, 2^256) */
        ORACLE_DECIMAL_TRY(mbedtls_mpi_lset(&t, 1), ORACLE_ERR_INTERNAL);
        ORACLE_DECIMAL_TRY(mbedtls_mpi_shift_l(&t, 256), ORACLE_ERR_INTERNAL);
        ORACLE_DECIMAL_TRY(mbedtls_mpi_add_mpi(&t, &t, v), ORACLE_ERR_INTERNAL);
        ORACLE_DECIMAL_TRY(mbedtls_mpi_write_binary(&t, out, 32), ORACLE_ERR_INTERNAL);
    }
exit:
    mbedtls_mpi_free(&t);
    return ret;
}

int oracle_int256_from_be(const uint8_t in[32], mbedtls_mpi *out)
{
    int ret = ORACLE_OK;
    mbedtls_mpi t;

    ORACLE_ARG_CHECK(in != NULL && out != NULL);
    mbedtls_mpi_init(&t);
    ORACLE_DECIMAL_TRY(mbedtls_mpi_read_binary(out, in, 32), ORACLE_ERR_INTERNAL);
    if (in[0] & 0x80) {
        /* the sign bit is set: the value is the unsigned reading minus 2^256 */
        ORACLE_DECIMAL_TRY(mbedtls_mpi_lset(&t, 1), ORACLE_ERR_INTERNAL);
        ORACLE_DECIMAL_TRY(mbedtls_mpi_shift_l(&t, 256), ORACLE_ERR_INTERNAL);
        ORACLE_DECIMAL_TRY(mbedtls_mpi_sub_mpi(out, out, &t), ORACLE_ERR_INTERNAL);
    }
exit:
    mbedtls_mpi_free(&t);
    return ret;
}

int oracle_int256_to_dec(const mbedtls_mpi *v, char *out, size_t cap)
{
    int ret = ORACLE_OK;
    char tmp[160];
    char *s = tmp;
    /* mbedtls asks for bitlen/2 + 4 bytes in radix 10 (more than the digits) */
    size_t need, olen = 0;

    ORACLE_ARG_CHECK(v != NULL && (out != NULL || cap == 0));
    need = mbedtls_mpi_bitlen(v) / 2 + 8;
    if (need > sizeof(tmp)) {
        s = (char *)malloc(need); /* only for values far outside int256 */
        if (s == NULL) {
            ret = ORACLE_ERR_NO_MEMORY;
            goto exit;
        }
    }
    ORACLE_DECIMAL_TRY(mbedtls_mpi_write_string(v, 10, s, need, &olen), ORACLE_ERR_INTERNAL);
    if (olen > cap) { /* olen counts the NUL */
        if (cap) out[0] = '\0';
        ret = ORACLE_ERR_BUFFER_TOO_SMALL;
        goto exit;
    }
    memcpy(out, s, olen);
exit:
    if (s != tmp) free(s);
    return ret;
}
