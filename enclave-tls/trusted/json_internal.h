/*
 * json_internal.h: helpers shared by json.c (reading) and json_canon.c
 * (RFC 8785 output). Private to trusted/: not part of the json.h API.
 *
 * All of them work on spans of validated text with bounded scans, as json.c's
 * header comment describes.
 */
#ifndef ORACLE_JSON_INTERNAL_H
#define ORACLE_JSON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

/* Deepest nesting oracle_json_validate() tracks; a larger max_depth acts as this. */
#define ORACLE_JSON_DEPTH_CAP 4096u

static inline int oracle_json_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline int oracle_json_is_surrogate(uint32_t cp)
{
    return cp >= 0xD800 && cp <= 0xDFFF;
}

/* The escapes \" \\ \/ \b \f \n \r \t: the letter after the backslash
 * (oracle_json_esc_letter[i]) and the byte it stands for (oracle_json_esc_byte[i]). */
extern const char oracle_json_esc_letter[8];
extern const char oracle_json_esc_byte[8];

/* Encodes a code point (<= U+10FFFF) as UTF-8. Returns: its length, 1..4. */
size_t oracle_json_utf8_encode(uint32_t cp, unsigned char out[4]);

/* Reads the next code point of a string token's contents at *pp (end: the
 * closing quote). An escaped surrogate pair combines; a lone surrogate escape
 * yields its own value (0xD800..0xDFFF) and each caller decides what to do.
 * Returns: 1 and *cp (advancing *pp); 0 at the end; -1 if the contents are malformed. */
int oracle_json_str_next(const char **pp, const char *end, uint32_t *cp);

/* Sets *b, *e to the contents of a string token (between the quotes).
 * Returns: 1, or 0 if s is not a string token. */
int oracle_json_str_bounds(oracle_span s, const char **b, const char **e);

/* Returns: the span without surrounding whitespace. */
oracle_span oracle_json_trim(oracle_span v);

#endif
