/*
 * json.h: a bounded, validating JSON reader (RFC 8259) that never allocates
 * for reading, RFC 6901 JSON Pointer evaluation, and RFC 8785 canonical output.
 *
 * Values are spans of the original text (no tree is built). Reading a document
 * is two steps: oracle_json_validate() checks the whole text once (grammar,
 * UTF-8, nesting depth); after that, the iterator and pointer functions walk
 * spans of the validated text and may assume it is well formed.
 *
 * Security: all input here comes from the network or a job spec. Every function
 * is bounded: recursion depth <= max_depth (validate) or the pointer's length
 * (pointer evaluation), no unbounded allocation, no reads outside the span.
 *
 * Argument order: outputs after the input they describe; a length right after its pointer.
 */
#ifndef ORACLE_JSON_H
#define ORACLE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define ORACLE_JSON_DEFAULT_MAX_DEPTH 64

typedef struct oracle_span {
    const char *p;
    size_t n;
} oracle_span;

typedef enum oracle_json_type {
    ORACLE_JSON_INVALID = 0,
    ORACLE_JSON_OBJECT,
    ORACLE_JSON_ARRAY,
    ORACLE_JSON_STRING,
    ORACLE_JSON_NUMBER,
    ORACLE_JSON_TRUE,
    ORACLE_JSON_FALSE,
    ORACLE_JSON_NULL
} oracle_json_type;

/* Checks that text[0..len) is exactly one JSON value, optionally surrounded by
 * whitespace: strict RFC 8259 grammar, strings valid UTF-8 (no overlongs, no
 * surrogates encoded in UTF-8), \u escapes well formed (a lone surrogate escape
 * is accepted, as RFC 8259 allows), nesting depth <= max_depth.
 * Returns: ORACLE_OK; ORACLE_ERR_JSON_MALFORMED; ORACLE_ERR_JSON_TOO_DEEP.
 * Out: root (optional): the span of the value without surrounding whitespace. */
int oracle_json_validate(const char *text, size_t len, unsigned max_depth, oracle_span *root);

/* Returns: the type of a span that starts a valid value (first byte decides). */
oracle_json_type oracle_json_type_of(oracle_span v);

/* Iterates the members of an object or the elements of an array.
 * The container span must come from a validated document. */
typedef struct oracle_json_iter {
    const char *p;    /* next unread byte */
    const char *end;  /* one past the container's closing bracket */
    int is_object;
} oracle_json_iter;

/* Returns: ORACLE_OK, or ORACLE_ERR_JSON_MALFORMED if v is not an object or array. */
int oracle_json_iter_init(oracle_json_iter *it, oracle_span v);

/* Returns: 1 and sets *key (raw string token including quotes; for arrays
 * key->p = NULL, key->n = 0) and *value (span of the value); 0 at the end. */
int oracle_json_iter_next(oracle_json_iter *it, oracle_span *key, oracle_span *value);

/* Decodes a raw string token (with quotes) into UTF-8 bytes.
 * Returns: ORACLE_OK; ORACLE_ERR_BUFFER_TOO_SMALL (*out_len = size needed);
 *          ORACLE_ERR_JSON_MALFORMED if s is not a string token.
 * Escaped lone surrogates decode to U+FFFD. */
int oracle_json_string_decode(oracle_span s, char *out, size_t cap, size_t *out_len);

/* Returns: 1 if the raw string token s decodes to exactly bytes[0..n), else 0. */
int oracle_json_string_equals(oracle_span s, const char *bytes, size_t n);

/* Checks RFC 6901 syntax: "" or a sequence of "/" + token, where "~" is only
 * followed by '0' or '1'. Returns: ORACLE_OK or ORACLE_ERR_JOB_POINTER. */
int oracle_json_pointer_check(const char *ptr, size_t n);

/* Evaluates a JSON Pointer against a validated value.
 * Array tokens must be "0" or a decimal without leading zeros; "-" and an index
 * past the end name nothing. An object key that occurs more than once on the
 * path is an error (the document is ambiguous).
 * Returns: ORACLE_OK and *out; ORACLE_ERR_JOB_POINTER (syntax);
 *          ORACLE_ERR_JSON_NOT_FOUND; ORACLE_ERR_JSON_DUPLICATE_KEY. */
int oracle_json_pointer_eval(oracle_span doc, const char *ptr, size_t n, oracle_span *out);

/* Writes the RFC 8785 (JCS) canonical form of a validated value: no
 * whitespace, object members sorted by the UTF-16 code units of their decoded
 * keys, strings re-escaped as ECMAScript JSON.stringify does. Numbers: this
 * implementation accepts only integers written without fraction or exponent
 * whose magnitude is <= 2^53 (the range where JCS output is the plain decimal);
 * "-0" is written as "0".
 * Returns: ORACLE_OK; ORACLE_ERR_JOB_MALFORMED for a number outside that subset,
 *          a duplicate key in an object, or an object with more than 256 members;
 *          ORACLE_ERR_BUFFER_TOO_SMALL if out overflowed. */
int oracle_json_canonicalize(oracle_span v, oracle_buf *out);

#endif
