/*
 * fuzz_json_pointer.c: libFuzzer harness for json.c and decimal.c.
 *
 * Input: a JSON Pointer, '\n', then a JSON document. The last input byte
 * also picks the decimals (0..77) for oracle_decimal_parse. Besides memory
 * safety it checks a few invariants and traps when one breaks:
 *   - a decoded string compares equal to its token (oracle_json_string_equals);
 *   - a parsed decimal survives int256 to_be/from_be and to_dec/parse;
 *   - a canonical form is valid JSON and canonicalizes to itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mbedtls/bignum.h>

#include "buf.h"
#include "decimal.h"
#include "errors.h"
#include "json.h"

#define ORACLE_FUZZ_MAX_DEPTH 64
#define ORACLE_FUZZ_CANON_MAX (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void oracle_fuzz_check(int cond)
{
    if (!cond) __builtin_trap();
}

/* Parses text as a scaled decimal and checks the int256 round trips. */
static void oracle_fuzz_decimal(const char *text, size_t n, unsigned decimals)
{
    mbedtls_mpi v, back;
    uint8_t be[32];
    char dec[80];
    int rc;

    mbedtls_mpi_init(&v);
    mbedtls_mpi_init(&back);
    rc = oracle_decimal_parse(text, n, decimals, &v);
    if (rc != ORACLE_OK) goto exit;
    oracle_fuzz_check(oracle_int256_in_range(&v));
    oracle_fuzz_check(oracle_int256_to_be(&v, be) == ORACLE_OK);
    oracle_fuzz_check(oracle_int256_from_be(be, &back) == ORACLE_OK);
    oracle_fuzz_check(mbedtls_mpi_cmp_mpi(&v, &back) == 0);
    oracle_fuzz_check(oracle_int256_to_dec(&v, dec, sizeof(dec)) == ORACLE_OK);
    oracle_fuzz_check(oracle_decimal_parse(dec, strlen(dec), 0, &back) == ORACLE_OK);
    oracle_fuzz_check(mbedtls_mpi_cmp_mpi(&v, &back) == 0);
exit:
    mbedtls_mpi_free(&v);
    mbedtls_mpi_free(&back);
}

/* Canonicalizes v; when that works, the output must validate and be a fixed point. */
static void oracle_fuzz_canonical(oracle_span v)
{
    oracle_buf out, again;
    oracle_span root;
    int rc;

    oracle_buf_growable(&out, ORACLE_FUZZ_CANON_MAX);
    oracle_buf_growable(&again, ORACLE_FUZZ_CANON_MAX);
    rc = oracle_json_canonicalize(v, &out);
    oracle_fuzz_check(rc == ORACLE_OK || rc == ORACLE_ERR_JOB_MALFORMED || rc == ORACLE_ERR_BUFFER_TOO_SMALL ||
                      rc == ORACLE_ERR_NO_MEMORY);
    if (rc != ORACLE_OK) goto exit;
    oracle_fuzz_check(oracle_json_validate((const char *)out.data, out.len, ORACLE_FUZZ_MAX_DEPTH, &root) ==
                      ORACLE_OK);
    oracle_fuzz_check(root.n == out.len);
    oracle_fuzz_check(oracle_json_canonicalize(root, &again) == ORACLE_OK);
    oracle_fuzz_check(again.len == out.len && memcmp(again.data, out.data, out.len) == 0);
exit:
    oracle_buf_free(&out);
    oracle_buf_free(&again);
}

/* Walks the members of a container with the iterator. */
static void oracle_fuzz_iterate(oracle_span v)
{
    oracle_json_iter it;
    oracle_span k, e;
    char key[64];
    size_t n;
    if (oracle_json_iter_init(&it, v) != ORACLE_OK) return;
    while (oracle_json_iter_next(&it, &k, &e)) {
        oracle_fuzz_check(e.p >= v.p && e.p + e.n <= v.p + v.n && e.n > 0);
        oracle_fuzz_check(oracle_json_type_of(e) != ORACLE_JSON_INVALID);
        if (k.p != NULL) {
            int rc = oracle_json_string_decode(k, key, sizeof(key), &n);
            oracle_fuzz_check(rc == ORACLE_OK || rc == ORACLE_ERR_BUFFER_TOO_SMALL);
            if (rc == ORACLE_OK) oracle_fuzz_check(oracle_json_string_equals(k, key, n));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = (const uint8_t *)memchr(data, '\n', size);
    const char *ptr, *doc;
    size_t pn, dn, n = 0;
    unsigned decimals;
    oracle_span root, v;
    char small[32];
    int rc;

    if (nl == NULL) return 0;
    ptr = (const char *)data;
    pn = (size_t)(nl - data);
    doc = (const char *)nl + 1;
    dn = size - pn - 1;
    decimals = (unsigned)data[size - 1] % (ORACLE_DECIMALS_MAX + 1);

    (void)oracle_json_pointer_check(ptr, pn);
    if (oracle_json_validate(doc, dn, ORACLE_FUZZ_MAX_DEPTH, &root) != ORACLE_OK) return 0;
    oracle_fuzz_iterate(root);
    oracle_fuzz_canonical(root);

    rc = oracle_json_pointer_eval(root, ptr, pn, &v);
    oracle_fuzz_check(rc == ORACLE_OK || rc == ORACLE_ERR_JOB_POINTER || rc == ORACLE_ERR_JSON_NOT_FOUND ||
                      rc == ORACLE_ERR_JSON_DUPLICATE_KEY);
    oracle_fuzz_check((rc == ORACLE_ERR_JOB_POINTER) == (oracle_json_pointer_check(ptr, pn) != ORACLE_OK));
    if (rc != ORACLE_OK) return 0;
    oracle_fuzz_check(v.p >= root.p && v.p + v.n <= root.p + root.n);

    switch (oracle_json_type_of(v)) {
    case ORACLE_JSON_STRING: {
        /* the size query, then the decode into a buffer of that size */
        char dec[512];
        rc = oracle_json_string_decode(v, small, sizeof(small), &n);
        oracle_fuzz_check(rc == ORACLE_OK || rc == ORACLE_ERR_BUFFER_TOO_SMALL);
        if (n <= sizeof(dec)) {
            oracle_fuzz_check(oracle_json_string_decode(v, dec, n, &n) == ORACLE_OK);
            oracle_fuzz_check(oracle_json_string_equals(v, dec, n));
            oracle_fuzz_decimal(dec, n, decimals);
        }
        break;
    }
    case ORACLE_JSON_NUMBER:
        oracle_fuzz_decimal(v.p, v.n, decimals);
        break;
    case ORACLE_JSON_OBJECT:
    case ORACLE_JSON_ARRAY:
        oracle_fuzz_iterate(v);
        break;
    default:
        break;
    }
    oracle_fuzz_canonical(v);
    return 0;
}
