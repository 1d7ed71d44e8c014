/*
 * json.c: see json.h.
 *
 * Depth (oracle_json_validate): the depth of a value is the number of objects
 * and arrays that contain it or that it is. A top-level scalar has depth 0;
 * "[]", "{}" and "[1]" have depth 1; "[[1]]" and {"a":[]} have depth 2. A
 * document is accepted if no value in it is deeper than max_depth, so
 * max_depth = 0 allows only a scalar and max_depth = 1 allows "[1]" but not
 * "[[1]]". The validator is iterative and keeps the kind of each open
 * container in a fixed bit array, so a max_depth above ORACLE_JSON_DEPTH_CAP
 * (4096) acts as 4096. Errors are reported for the first problem in text order
 * (so "[[x" with max_depth = 1 is too deep, not malformed).
 *
 * Reading after validation (iterator, pointer, and the canonical form in
 * json_canon.c) walks spans with bounded scans: every scan stops at the end of
 * the span it was given, so a span that was not validated gives wrong answers,
 * never a read outside it.
 */
#include "json.h"

#include <string.h>

#include "errors.h"
#include "json_internal.h"

static int oracle_json_is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t oracle_json_skip_ws_at(const unsigned char *t, size_t len, size_t pos)
{
    while (pos < len && oracle_json_is_ws(t[pos])) pos++;
    return pos;
}

static const char *oracle_json_skip_ws(const char *p, const char *lim)
{
    while (p < lim && oracle_json_is_ws((unsigned char)*p)) p++;
    return p;
}

/* Returns: the value of 4 hex digits at p, or -1. */
static long oracle_json_hex4(const unsigned char *p)
{
    long v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        unsigned char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

/* Decodes one UTF-8 sequence at p (avail > 0 bytes) following Unicode table
 * 3-7: no overlongs, no encoded surrogates, nothing above U+10FFFF, no
 * truncation. Returns: its length (1..4) and *cp, or 0 if ill-formed. */
static size_t oracle_json_utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    size_t len = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0, i;
    uint32_t v = len == 1 ? c : (uint32_t)(c & (0x7F >> len));
    if (len == 0 || avail < len) return 0;
    if (c == 0xE0) lo = 0xA0;      /* overlong */
    else if (c == 0xED) hi = 0x9F; /* surrogates */
    else if (c == 0xF0) lo = 0x90; /* overlong */
    else if (c == 0xF4) hi = 0x8F; /* above U+10FFFF */
    for (i = 1; i < len; i++) {
        if (p[i] < lo || p[i] > hi) return 0;
        lo = 0x80;
        hi = 0xBF;
        v = (v << 6) | (p[i] & 0x3F);
    }
    *cp = v;
    return len;
}

size_t oracle_json_utf8_encode(uint32_t cp, unsigned char out[4])
{
    static const unsigned char lead[5] = {0, 0, 0xC0, 0xE0, 0xF0};
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4, i;
    for (i = n - 1; i > 0; i--, cp >>= 6) out[i] = (unsigned char)(0x80 | (cp & 0x3F));
    out[0] = (unsigned char)(lead[n] | cp);
    return n;
}

/* See json_internal.h. */
const char oracle_json_esc_letter[8] = {'"', '\\', '/', 'b', 'f', 'n', 'r', 't'};
const char oracle_json_esc_byte[8] = {'"', '\\', '/', '\b', '\f', '\n', '\r', '\t'};

/* ------------------------------------------------------------------------- */
/* Validation */

/* Scans a string token at t[*pos] == '"'; *pos ends one past the closing quote. */
static int oracle_json_scan_string(const unsigned char *t, size_t len, size_t *pos)
{
    size_t i = *pos + 1, k;
    uint32_t cp;
    while (i < len) {
        unsigned char c = t[i];
        if (c == '"') {
            *pos = i + 1;
            return ORACLE_OK;
        }
        if (c == '\\') {
            if (i + 1 >= len) return ORACLE_ERR_JSON_MALFORMED;
            if (t[i + 1] == 'u') {
                /* any 4 hex digits: a lone surrogate escape is allowed */
                if (len - i < 6 || oracle_json_hex4(t + i + 2) < 0) return ORACLE_ERR_JSON_MALFORMED;
                i += 6;
            } else if (memchr(oracle_json_esc_letter, t[i + 1], 8) != NULL) {
                i += 2;
            } else {
                return ORACLE_ERR_JSON_MALFORMED;
            }
        } else if (c < 0x20) {
            return ORACLE_ERR_JSON_MALFORMED;
        } else if (c < 0x80) {
            i++;
        } else {
            k = oracle_json_utf8_decode(t + i, len - i, &cp);
            if (k == 0) return ORACLE_ERR_JSON_MALFORMED;
            i += k;
        }
    }
    return ORACLE_ERR_JSON_MALFORMED;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? ; the caller checks what follows. */
static int oracle_json_scan_number(const unsigned char *t, size_t len, size_t *pos)
{
    size_t i = *pos;
    if (i < len && t[i] == '-') i++;
    if (i >= len) return ORACLE_ERR_JSON_MALFORMED;
    if (t[i] == '0') {
        i++;
    } else if (t[i] >= '1' && t[i] <= '9') {
        while (i < len && oracle_json_is_digit(t[i])) i++;
    } else {
        return ORACLE_ERR_JSON_MALFORMED;
    }
    if (i < len && t[i] == '.') {
        i++;
        if (i >= len || !oracle_json_is_digit(t[i])) return ORACLE_ERR_JSON_MALFORMED;
        while (i < len && oracle_json_is_digit(t[i])) i++;
    }
    if (i < len && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        if (i < len && (t[i] == '+' || t[i] == '-')) i++;
        if (i >= len || !oracle_json_is_digit(t[i])) return ORACLE_ERR_JSON_MALFORMED;
        while (i < len && oracle_json_is_digit(t[i])) i++;
    }
    *pos = i;
    return ORACLE_OK;
}

static int oracle_json_scan_literal(const unsigned char *t, size_t len, size_t *pos)
{
    static const char *const words[3] = {"true", "false", "null"};
    size_t i;
    for (i = 0; i < 3; i++) {
        size_t wl = strlen(words[i]);
        if (len - *pos >= wl && memcmp(t + *pos, words[i], wl) == 0) {
            *pos += wl;
            return ORACLE_OK;
        }
    }
    return ORACLE_ERR_JSON_MALFORMED;
}

/* An object member's head: string, ws, ':', ws. */
static int oracle_json_scan_key(const unsigned char *t, size_t len, size_t *pos)
{
    int ret;
    if (*pos >= len || t[*pos] != '"') return ORACLE_ERR_JSON_MALFORMED;
    ret = oracle_json_scan_string(t, len, pos);
    if (ret != ORACLE_OK) return ret;
    *pos = oracle_json_skip_ws_at(t, len, *pos);
    if (*pos >= len || t[*pos] != ':') return ORACLE_ERR_JSON_MALFORMED;
    *pos = oracle_json_skip_ws_at(t, len, *pos + 1);
    return ORACLE_OK;
}

int oracle_json_validate(const char *text, size_t len, unsigned max_depth, oracle_span *root)
{
    const unsigned char *t = (const unsigned char *)text;
    uint64_t is_obj[ORACLE_JSON_DEPTH_CAP / 64]; /* bit d: the container at depth d+1 is an object */
    unsigned limit = max_depth < ORACLE_JSON_DEPTH_CAP ? max_depth : ORACLE_JSON_DEPTH_CAP;
    unsigned depth = 0;
    size_t pos, start;
    int ret;

    if (root) {
        root->p = NULL;
        root->n = 0;
    }
    ORACLE_ARG_CHECK(text != NULL || len == 0);
    pos = oracle_json_skip_ws_at(t, len, 0);
    start = pos;
    for (;;) {
        /* A value starts at pos. */
        unsigned char c;
        if (pos >= len) return ORACLE_ERR_JSON_MALFORMED;
        c = t[pos];
        if (c == '{' || c == '[') {
            uint64_t bit = (uint64_t)1 << (depth % 64);
            if (depth >= limit) return ORACLE_ERR_JSON_TOO_DEEP;
            if (c == '{') is_obj[depth / 64] |= bit;
            else is_obj[depth / 64] &= ~bit;
            depth++;
            pos = oracle_json_skip_ws_at(t, len, pos + 1);
            if (pos < len && t[pos] == (c == '{' ? '}' : ']')) {
                pos++;
                depth--;
            } else {
                if (c == '{' && (ret = oracle_json_scan_key(t, len, &pos)) != ORACLE_OK) return ret;
                continue;
            }
        } else {
            if (c == '"') ret = oracle_json_scan_string(t, len, &pos);
            else if (c == '-' || oracle_json_is_digit(c)) ret = oracle_json_scan_number(t, len, &pos);
            else ret = oracle_json_scan_literal(t, len, &pos);
            if (ret != ORACLE_OK) return ret;
        }
        /* A value ended at pos: close containers until a ',' or the end. */
        for (;;) {
            int obj;
            if (depth == 0) {
                if (oracle_json_skip_ws_at(t, len, pos) != len) return ORACLE_ERR_JSON_MALFORMED;
                if (root) {
                    root->p = text + start;
                    root->n = pos - start;
                }
                return ORACLE_OK;
            }
            pos = oracle_json_skip_ws_at(t, len, pos);
            if (pos >= len) return ORACLE_ERR_JSON_MALFORMED;
            obj = (int)((is_obj[(depth - 1) / 64] >> ((depth - 1) % 64)) & 1);
            if (t[pos] == ',') {
                pos = oracle_json_skip_ws_at(t, len, pos + 1);
                if (obj && (ret = oracle_json_scan_key(t, len, &pos)) != ORACLE_OK) return ret;
                break;
            }
            if (t[pos] != (obj ? '}' : ']')) return ORACLE_ERR_JSON_MALFORMED;
            pos++;
            depth--;
        }
    }
}

/* ------------------------------------------------------------------------- */
/* Reading validated spans */

oracle_json_type oracle_json_type_of(oracle_span v)
{
    if (v.p == NULL || v.n == 0) return ORACLE_JSON_INVALID;
    switch (v.p[0]) {
    case '{': return ORACLE_JSON_OBJECT;
    case '[': return ORACLE_JSON_ARRAY;
    case '"': return ORACLE_JSON_STRING;
    case 't': return ORACLE_JSON_TRUE;
    case 'f': return ORACLE_JSON_FALSE;
    case 'n': return ORACLE_JSON_NULL;
    default:
        return (v.p[0] == '-' || oracle_json_is_digit((unsigned char)v.p[0])) ? ORACLE_JSON_NUMBER
                                                                             : ORACLE_JSON_INVALID;
    }
}

/* Returns: one past the string token at p, at most lim. */
static const char *oracle_json_skip_string(const char *p, const char *lim)
{
    p++;
    while (p < lim) {
        if (*p == '\\') {
            if (lim - p < 2) return lim;
            p += 2;
        } else if (*p == '"') {
            return p + 1;
        } else {
            p++;
        }
    }
    return lim;
}

/* Returns: one past the value at p (validated text), at most lim. Containers
 * are skipped by counting brackets outside strings: no stack needed. */
static const char *oracle_json_skip_value(const char *p, const char *lim)
{
    size_t nest = 0;
    if (p >= lim) return lim;
    if (*p == '"') return oracle_json_skip_string(p, lim);
    if (*p == '{' || *p == '[') {
        while (p < lim) {
            char c = *p;
            if (c == '"') {
                p = oracle_json_skip_string(p, lim);
                continue;
            }
            if (c == '{' || c == '[') {
                nest++;
            } else if (c == '}' || c == ']') {
                if (--nest == 0) return p + 1;
            }
            p++;
        }
        return lim;
    }
    while (p < lim && !oracle_json_is_ws((unsigned char)*p) && *p != ',' && *p != '}' && *p != ']' &&
           *p != ':')
        p++;
    return p;
}

/* The span without surrounding whitespace. */
oracle_span oracle_json_trim(oracle_span v)
{
    oracle_span r = v;
    if (r.p == NULL) return r;
    for (; r.n && oracle_json_is_ws((unsigned char)r.p[0]); r.n--) r.p++;
    while (r.n && oracle_json_is_ws((unsigned char)r.p[r.n - 1])) r.n--;
    return r;
}

int oracle_json_iter_init(oracle_json_iter *it, oracle_span v)
{
    ORACLE_ARG_CHECK(it != NULL);
    it->p = NULL;
    it->end = NULL;
    it->is_object = 0;
    if (v.p == NULL || v.n < 2) return ORACLE_ERR_JSON_MALFORMED;
    if (v.p[0] == '{' && v.p[v.n - 1] == '}') it->is_object = 1;
    else if (!(v.p[0] == '[' && v.p[v.n - 1] == ']')) return ORACLE_ERR_JSON_MALFORMED;
    it->p = v.p + 1;
    it->end = v.p + v.n;
    return ORACLE_OK;
}

int oracle_json_iter_next(oracle_json_iter *it, oracle_span *key, oracle_span *value)
{
    const char *lim, *p, *q;
    oracle_span k = {NULL, 0};
    if (it == NULL || it->p == NULL || it->p >= it->end) return 0;
    lim = it->end - 1; /* the closing bracket */
    p = oracle_json_skip_ws(it->p, lim);
    if (p < lim && *p == ',') p = oracle_json_skip_ws(p + 1, lim);
    if (p >= lim) goto done;
    if (it->is_object) {
        if (*p != '"') goto done;
        q = oracle_json_skip_string(p, lim);
        k.p = p;
        k.n = (size_t)(q - p);
        p = oracle_json_skip_ws(q, lim);
        if (p >= lim || *p != ':') goto done;
        p = oracle_json_skip_ws(p + 1, lim);
    }
    q = oracle_json_skip_value(p, lim);
    if (q == p) goto done; /* not a value: only in text that was not validated */
    if (key) *key = k;
    if (value) {
        value->p = p;
        value->n = (size_t)(q - p);
    }
    it->p = q;
    return 1;
done:
    it->p = it->end;
    return 0;
}

/* See json_internal.h. */
int oracle_json_str_next(const char **pp, const char *end, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)*pp, *e = (const unsigned char *)end;
    size_t n = 1;
    uint32_t v;
    if (p >= e) return 0;
    if (*p == '\\') {
        const char *hit;
        long h, l;
        if (e - p < 2) return -1;
        n = 2;
        if (p[1] == 'u') {
            if (e - p < 6 || (h = oracle_json_hex4(p + 2)) < 0) return -1;
            v = (uint32_t)h;
            n = 6;
            if (v >= 0xD800 && v <= 0xDBFF && e - p >= 12 && p[6] == '\\' && p[7] == 'u') {
                l = oracle_json_hex4(p + 8);
                if (l >= 0xDC00 && l <= 0xDFFF) {
                    v = 0x10000 + ((v - 0xD800) << 10) + (uint32_t)(l - 0xDC00);
                    n = 12;
                }
            }
        } else if ((hit = (const char *)memchr(oracle_json_esc_letter, p[1], 8)) != NULL) {
            v = (unsigned char)oracle_json_esc_byte[hit - oracle_json_esc_letter];
        } else {
            return -1;
        }
    } else if (*p == '"') {
        return -1; /* an unescaped quote inside the token */
    } else if (*p < 0x80) {
        v = *p;
    } else {
        n = oracle_json_utf8_decode(p, (size_t)(e - p), &v);
        if (n == 0) return -1;
    }
    *pp += n;
    *cp = v;
    return 1;
}

/* Sets *b, *e to the contents of a string token. Returns: 1, or 0 if s is not one. */
int oracle_json_str_bounds(oracle_span s, const char **b, const char **e)
{
    if (s.p == NULL || s.n < 2 || s.p[0] != '"' || s.p[s.n - 1] != '"') return 0;
    *b = s.p + 1;
    *e = s.p + s.n - 1;
    return 1;
}

int oracle_json_string_decode(oracle_span s, char *out, size_t cap, size_t *out_len)
{
    const char *p, *e;
    size_t need = 0, k;
    uint32_t cp;
    unsigned char u[4];
    int r;
    if (out_len) *out_len = 0;
    ORACLE_ARG_CHECK(out != NULL || cap == 0);
    if (!oracle_json_str_bounds(s, &p, &e)) return ORACLE_ERR_JSON_MALFORMED;
    while ((r = oracle_json_str_next(&p, e, &cp)) > 0) {
        if (oracle_json_is_surrogate(cp)) cp = 0xFFFD;
        k = oracle_json_utf8_encode(cp, u);
        if (k <= cap && need <= cap - k) memcpy(out + need, u, k);
        need += k;
    }
    if (r < 0) return ORACLE_ERR_JSON_MALFORMED;
    if (out_len) *out_len = need;
    return need > cap ? ORACLE_ERR_BUFFER_TOO_SMALL : ORACLE_OK;
}

/* Returns: 1 if the string token s decodes to bytes[0..n); with ptr_escapes,
 * bytes is a pointer token (checked syntax) and ~0, ~1 stand for '~', '/'. */
static int oracle_json_str_matches(oracle_span s, const char *bytes, size_t n, int ptr_escapes)
{
    const char *p, *e;
    size_t i = 0, k, j;
    uint32_t cp;
    unsigned char u[4], b;
    int r;
    if ((bytes == NULL && n) || !oracle_json_str_bounds(s, &p, &e)) return 0;
    while ((r = oracle_json_str_next(&p, e, &cp)) > 0) {
        if (oracle_json_is_surrogate(cp)) cp = 0xFFFD;
        k = oracle_json_utf8_encode(cp, u);
        for (j = 0; j < k; j++) {
            if (i >= n) return 0;
            b = (unsigned char)bytes[i++];
            if (ptr_escapes && b == '~' && i < n) b = bytes[i++] == '0' ? '~' : '/';
            if (b != u[j]) return 0;
        }
    }
    return r == 0 && i == n;
}

int oracle_json_string_equals(oracle_span s, const char *bytes, size_t n)
{
    return oracle_json_str_matches(s, bytes, n, 0);
}

/* ------------------------------------------------------------------------- */
/* JSON Pointer */

int oracle_json_pointer_check(const char *ptr, size_t n)
{
    size_t i;
    if (n == 0) return ORACLE_OK;
    if (ptr == NULL || ptr[0] != '/') return ORACLE_ERR_JOB_POINTER;
    for (i = 0; i < n; i++) {
        if (ptr[i] == '~' && (i + 1 >= n || (ptr[i + 1] != '0' && ptr[i + 1] != '1')))
            return ORACLE_ERR_JOB_POINTER;
    }
    return ORACLE_OK;
}

/* Array index token: "0" or [1-9][0-9]*. Returns: 1 and *idx, or 0 (names
 * nothing: "-", leading zeros, other bytes, or too large for any array). */
static int oracle_json_parse_index(const char *tok, size_t n, size_t *idx)
{
    size_t i, v = 0;
    if (n == 0 || (n > 1 && tok[0] == '0')) return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)tok[i];
        if (!oracle_json_is_digit(c)) return 0;
        if (v > ((size_t)-1 - 9) / 10) return 0;
        v = v * 10 + (size_t)(c - '0');
    }
    *idx = v;
    return 1;
}

int oracle_json_pointer_eval(oracle_span doc, const char *ptr, size_t n, oracle_span *out)
{
    oracle_span cur = oracle_json_trim(doc), k, v;
    oracle_json_iter it;
    size_t i = 0;
    if (out) {
        out->p = NULL;
        out->n = 0;
    }
    if (oracle_json_pointer_check(ptr, n) != ORACLE_OK) return ORACLE_ERR_JOB_POINTER;
    while (i < n) {
        const char *tok = ptr + i + 1;
        size_t tn = 0, idx, seen = 0;
        oracle_json_type ty = oracle_json_type_of(cur);
        while (i + 1 + tn < n && tok[tn] != '/') tn++;
        i += 1 + tn;
        if (ty == ORACLE_JSON_OBJECT) {
            oracle_span match = {NULL, 0};
            if (oracle_json_iter_init(&it, cur) != ORACLE_OK) return ORACLE_ERR_JSON_NOT_FOUND;
            /* scan every member: a second match means the path is ambiguous */
            while (oracle_json_iter_next(&it, &k, &v)) {
                if (!oracle_json_str_matches(k, tok, tn, 1)) continue;
                if (match.p != NULL) return ORACLE_ERR_JSON_DUPLICATE_KEY;
                match = v;
            }
            if (match.p == NULL) return ORACLE_ERR_JSON_NOT_FOUND;
            cur = match;
        } else if (ty == ORACLE_JSON_ARRAY) {
            if (!oracle_json_parse_index(tok, tn, &idx)) return ORACLE_ERR_JSON_NOT_FOUND;
            if (oracle_json_iter_init(&it, cur) != ORACLE_OK) return ORACLE_ERR_JSON_NOT_FOUND;
            for (;;) {
                if (!oracle_json_iter_next(&it, &k, &v)) return ORACLE_ERR_JSON_NOT_FOUND;
                if (seen++ == idx) break;
            }
            cur = v;
        } else {
            return ORACLE_ERR_JSON_NOT_FOUND; /* a token applied to a scalar */
        }
    }
    if (out) *out = cur;
    return ORACLE_OK;
}
