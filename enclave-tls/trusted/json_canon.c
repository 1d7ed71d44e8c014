/*
 * json_canon.c: RFC 8785 (JCS) canonical output, oracle_json_canonicalize()
 * (see json.h). The reading helpers it shares with json.c are in
 * json_internal.h.
 *
 * Keys are compared as UTF-16 code unit sequences streamed from the raw
 * tokens, so no decoded copy of a key is needed and keys of any length are
 * accepted (no 1024-byte limit). Members of one object are held in a heap
 * array of at most 256 entries; recursion depth is the document's depth,
 * which the caller bounded with oracle_json_validate().
 *
 * A lone surrogate escape is written back as a lowercase \udxxx escape and
 * sorts by its own code unit, as JSON.stringify (ES2019) and UTF-16 do.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"
#include "json.h"
#include "json_internal.h"

#define ORACLE_JSON_MAX_MEMBERS 256u

typedef struct oracle_json_member {
    oracle_span key;
    oracle_span value;
} oracle_json_member;

typedef struct oracle_json_u16 {
    const char *p;
    const char *end;
    uint32_t pending; /* low surrogate still to return, or 0 */
} oracle_json_u16;

/* Returns: the next UTF-16 code unit, or -1 at the end (or on malformed text,
 * which the caller ruled out). */
static long oracle_json_u16_next(oracle_json_u16 *c)
{
    uint32_t cp, u;
    if (c->pending) {
        u = c->pending;
        c->pending = 0;
        return (long)u;
    }
    if (oracle_json_str_next(&c->p, c->end, &cp) <= 0) return -1;
    if (cp < 0x10000) return (long)cp;
    cp -= 0x10000;
    c->pending = 0xDC00 + (cp & 0x3FF);
    return (long)(0xD800 + (cp >> 10));
}

static int oracle_json_key_cmp(const oracle_json_member *a, const oracle_json_member *b)
{
    oracle_json_u16 x = {a->key.p + 1, a->key.p + a->key.n - 1, 0};
    oracle_json_u16 y = {b->key.p + 1, b->key.p + b->key.n - 1, 0};
    for (;;) {
        long ux = oracle_json_u16_next(&x), uy = oracle_json_u16_next(&y);
        if (ux != uy) return ux < uy ? -1 : 1; /* the end (-1) sorts first */
        if (ux < 0) return 0;
    }
}

static void oracle_json_swap(oracle_json_member *a, oracle_json_member *b)
{
    oracle_json_member t = *a;
    *a = *b;
    *b = t;
}

static void oracle_json_sift(oracle_json_member *m, size_t i, size_t n)
{
    for (;;) {
        size_t c = 2 * i + 1, big = i;
        if (c < n && oracle_json_key_cmp(&m[c], &m[big]) > 0) big = c;
        if (c + 1 < n && oracle_json_key_cmp(&m[c + 1], &m[big]) > 0) big = c + 1;
        if (big == i) return;
        oracle_json_swap(&m[i], &m[big]);
        i = big;
    }
}

/* Heapsort: O(n log n) comparisons, no extra memory. */
static void oracle_json_sort(oracle_json_member *m, size_t n)
{
    size_t i;
    for (i = n / 2; i-- > 0;) oracle_json_sift(m, i, n);
    for (i = n; i-- > 1;) {
        oracle_json_swap(&m[0], &m[i]);
        oracle_json_sift(m, 0, i);
    }
}

/* Writes a string token with JSON.stringify's escaping. */
static int oracle_json_put_string(oracle_buf *out, oracle_span s)
{
    static const char hex[] = "0123456789abcdef";
    const char *p, *e;
    char tmp[64];
    size_t k = 0;
    uint32_t cp;
    int r;
    if (!oracle_json_str_bounds(s, &p, &e)) return ORACLE_ERR_JOB_MALFORMED;
    oracle_buf_putc(out, '"');
    while ((r = oracle_json_str_next(&p, e, &cp)) > 0) {
        /* short escapes for all of the table but '/' (index 2), which stays raw */
        const char *hit = cp < 0x80 && cp != '/' ? (const char *)memchr(oracle_json_esc_byte, (int)cp, 8) : NULL;
        if (k > sizeof(tmp) - 8) {
            oracle_buf_put(out, tmp, k);
            k = 0;
        }
        if (hit != NULL) {
            tmp[k++] = '\\';
            tmp[k++] = oracle_json_esc_letter[hit - oracle_json_esc_byte];
        } else if (cp < 0x20 || oracle_json_is_surrogate(cp)) {
            int sh;
            tmp[k++] = '\\';
            tmp[k++] = 'u';
            for (sh = 12; sh >= 0; sh -= 4) tmp[k++] = hex[(cp >> sh) & 15];
        } else {
            k += oracle_json_utf8_encode(cp, (unsigned char *)tmp + k);
        }
    }
    oracle_buf_put(out, tmp, k);
    oracle_buf_putc(out, '"');
    return r < 0 ? ORACLE_ERR_JOB_MALFORMED : ORACLE_OK;
}

/* Integers without fraction or exponent, |n| <= 2^53; "-0" becomes "0". */
static int oracle_json_put_number(oracle_buf *out, oracle_span v)
{
    int neg = v.n && v.p[0] == '-';
    const char *p = v.p + neg;
    size_t n = v.n - (size_t)neg, i;
    if (n == 0 || n > 16 || (n > 1 && p[0] == '0')) return ORACLE_ERR_JOB_MALFORMED;
    for (i = 0; i < n; i++)
        if (!oracle_json_is_digit((unsigned char)p[i])) return ORACLE_ERR_JOB_MALFORMED;
    if (n == 16 && memcmp(p, "9007199254740992", 16) > 0) return ORACLE_ERR_JOB_MALFORMED;
    if (neg && !(n == 1 && p[0] == '0')) oracle_buf_putc(out, '-');
    oracle_buf_put(out, p, n);
    return ORACLE_OK;
}

static int oracle_json_put_literal(oracle_buf *out, oracle_span v, const char *word)
{
    size_t n = strlen(word);
    if (v.n != n || memcmp(v.p, word, n) != 0) return ORACLE_ERR_JOB_MALFORMED;
    oracle_buf_put(out, word, n);
    return ORACLE_OK;
}

static int oracle_json_canon(oracle_span v, oracle_buf *out, unsigned depth);

static int oracle_json_canon_object(oracle_span v, oracle_buf *out, unsigned depth)
{
    int ret = ORACLE_ERR_JOB_MALFORMED; /* for the checks up to the output */
    oracle_json_member *m = NULL;
    oracle_json_iter it;
    oracle_span k, val;
    size_t count = 0, i, need;

    if (oracle_json_iter_init(&it, v) != ORACLE_OK) goto exit;
    while (count <= ORACLE_JSON_MAX_MEMBERS && oracle_json_iter_next(&it, NULL, NULL)) count++;
    if (count > ORACLE_JSON_MAX_MEMBERS) goto exit;
    if (count && (m = (oracle_json_member *)malloc(count * sizeof(*m))) == NULL) {
        ret = ORACLE_ERR_NO_MEMORY;
        goto exit;
    }
    oracle_json_iter_init(&it, v);
    for (i = 0; i < count && oracle_json_iter_next(&it, &k, &val); i++) {
        /* the key must decode (a size query), so the comparisons can ignore errors */
        if (oracle_json_string_decode(k, NULL, 0, &need) == ORACLE_ERR_JSON_MALFORMED) goto exit;
        m[i].key = k;
        m[i].value = val;
    }
    count = i;
    oracle_json_sort(m, count);
    for (i = 1; i < count; i++)
        if (oracle_json_key_cmp(&m[i - 1], &m[i]) == 0) goto exit; /* duplicate key */
    ret = ORACLE_OK;
    oracle_buf_putc(out, '{');
    for (i = 0; i < count; i++) {
        if (i) oracle_buf_putc(out, ',');
        ret = oracle_json_put_string(out, m[i].key);
        if (ret != ORACLE_OK) goto exit;
        oracle_buf_putc(out, ':');
        ret = oracle_json_canon(m[i].value, out, depth + 1);
        if (ret != ORACLE_OK) goto exit;
    }
    oracle_buf_putc(out, '}');
exit:
    free(m);
    return ret;
}

static int oracle_json_canon(oracle_span v, oracle_buf *out, unsigned depth)
{
    oracle_json_iter it;
    oracle_span val;
    size_t i = 0;
    int ret;
    if (depth > ORACLE_JSON_DEPTH_CAP) return ORACLE_ERR_JOB_MALFORMED; /* not from validate */
    switch (oracle_json_type_of(v)) {
    case ORACLE_JSON_OBJECT:
        return oracle_json_canon_object(v, out, depth);
    case ORACLE_JSON_ARRAY:
        if (oracle_json_iter_init(&it, v) != ORACLE_OK) return ORACLE_ERR_JOB_MALFORMED;
        oracle_buf_putc(out, '[');
        while (oracle_json_iter_next(&it, NULL, &val)) {
            if (i++) oracle_buf_putc(out, ',');
            ret = oracle_json_canon(val, out, depth + 1);
            if (ret != ORACLE_OK) return ret;
        }
        oracle_buf_putc(out, ']');
        return ORACLE_OK;
    case ORACLE_JSON_STRING:
        return oracle_json_put_string(out, v);
    case ORACLE_JSON_NUMBER:
        return oracle_json_put_number(out, v);
    case ORACLE_JSON_TRUE:
        return oracle_json_put_literal(out, v, "true");
    case ORACLE_JSON_FALSE:
        return oracle_json_put_literal(out, v, "false");
    case ORACLE_JSON_NULL:
        return oracle_json_put_literal(out, v, "null");
    default:
        return ORACLE_ERR_JOB_MALFORMED;
    }
}

int oracle_json_canonicalize(oracle_span v, oracle_buf *out)
{
    int ret;
    ORACLE_ARG_CHECK(out != NULL);
    ret = oracle_json_canon(oracle_json_trim(v), out, 0);
    if (ret == ORACLE_OK && !oracle_buf_ok(out)) ret = ORACLE_ERR_BUFFER_TOO_SMALL;
    return ret;
}
