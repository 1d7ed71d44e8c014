/*
 * decimal.h: decimal text to scaled int256, without floating point.
 *
 * An oracle value is a decimal number from a source scaled by 10^decimals into a
 * signed 256-bit integer (Solidity int256). Numbers from the network are text;
 * they are converted exactly with big integers (mbedtls_mpi), never through a
 * double.
 */
#ifndef ORACLE_DECIMAL_H
#define ORACLE_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/bignum.h>

/* Largest decimals a job may ask for (10^77 is the last power of ten in int256). */
#define ORACLE_DECIMALS_MAX 77
/* Longest number text accepted (digits, sign, point, exponent). */
#define ORACLE_DECIMAL_TEXT_MAX 200

/* Parses a decimal number and scales it: out = round(text * 10^decimals).
 * Grammar: optional '-', then digits with an optional '.' and fraction (at least
 * one digit in total; leading zeros allowed), then an optional exponent
 * [eE][+-]?digits with |exponent| <= 1000. No whitespace, no '+' sign, no
 * hex, no "NaN"/"Infinity". Digits beyond the scale are rounded half away
 * from zero. "-0" is 0.
 * Returns: ORACLE_OK; ORACLE_ERR_VALUE_NOT_NUMBER (grammar, or longer than
 *          ORACLE_DECIMAL_TEXT_MAX); ORACLE_ERR_VALUE_RANGE (result outside
 *          [-2^255, 2^255-1]); ORACLE_ERR_JOB_LIMIT (decimals > ORACLE_DECIMALS_MAX);
 *          ORACLE_ERR_NO_MEMORY.
 * Out: out (initialised by the caller with mbedtls_mpi_init). */
int oracle_decimal_parse(const char *text, size_t n, unsigned decimals, mbedtls_mpi *out);

/* Returns: 1 if -2^255 <= v <= 2^255-1. */
int oracle_int256_in_range(const mbedtls_mpi *v);

/* Writes v (in int256 range) as 32 bytes big-endian two's complement.
 * Returns: ORACLE_OK; ORACLE_ERR_VALUE_RANGE; ORACLE_ERR_INTERNAL. */
int oracle_int256_to_be(const mbedtls_mpi *v, uint8_t out[32]);

/* Reads 32 bytes big-endian two's complement. Returns: ORACLE_OK or ORACLE_ERR_INTERNAL. */
int oracle_int256_from_be(const uint8_t in[32], mbedtls_mpi *out);

/* Writes v in decimal ("-" for negatives) with a terminating NUL.
 * Returns: ORACLE_OK; ORACLE_ERR_BUFFER_TOO_SMALL (80 bytes always suffice for int256). */
int oracle_int256_to_dec(const mbedtls_mpi *v, char *out, size_t cap);

#endif
