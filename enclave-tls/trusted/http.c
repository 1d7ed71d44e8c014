/*
 * http.c: HTTP/1.1 request builder and incremental response parser (see http.h).
 *
 * The parser is a byte-driven state machine: every decision depends only on the
 * bytes seen so far, so splitting the input anywhere gives the same result.
 * Interpretations of the RFCs (9110, 9112) made here:
 *  - Only "HTTP/1.0" and "HTTP/1.1" are accepted (HTTP/1.2, HTTP/2.0, lowercase:
 *    malformed). Status codes 100..999; 101 is malformed (no upgrade was asked).
 *  - Head (status line, field lines): CRLF, and a bare LF is accepted as a line
 *    terminator (RFC 9112 2.2). A bare CR anywhere is malformed. Inside a chunked
 *    body (chunk-size lines, data terminators, trailers) only CRLF is accepted.
 *  - Head bytes (status lines and field lines with their terminators, of interim
 *    1xx responses and the final one together) count against
 *    ORACLE_HTTP_HEADER_MAX, so endless 1xx responses are bounded too. The field
 *    count is per response. Trailers have their own count and byte budget.
 *  - Field names are tokens directly followed by ':'; values may hold SP, HTAB,
 *    VCHAR and obs-text, other control bytes are malformed.
 *  - Content-Length: a comma list of digit strings; empty elements are malformed.
 *  - Transfer-Encoding in an HTTP/1.0 response is malformed (RFC 9112 6.1 says
 *    its framing is faulty); chunked applied twice is malformed.
 *  - Location / Content-Type: the last field wins. Date: a second Date field
 *    makes the date -1. Dates before 1970 are rejected (the result would clash
 *    with -1 meaning "absent").
 *  - A response followed by extra bytes (in the same or a later feed) gets
 *    keep_alive = 0: the connection is out of step.
 *  - A chunk size line with whitespace after the digits but no ';' is malformed.
 *  - A body allocation failure returns ORACLE_ERR_NO_MEMORY (the cap is checked
 *    first, so TOO_LARGE always means "over the cap").
 */
#include "http.h"

#include <string.h>

#include <mbedtls/platform_util.h>

#include "errors.h"

enum {
    ORACLE_HTTP_ST_STATUS = 0,
    ORACLE_HTTP_ST_HEADER,
    ORACLE_HTTP_ST_BODY_LENGTH,
    ORACLE_HTTP_ST_CHUNK_SIZE,
    ORACLE_HTTP_ST_CHUNK_DATA,
    ORACLE_HTTP_ST_CHUNK_CR,
    ORACLE_HTTP_ST_CHUNK_LF,
    ORACLE_HTTP_ST_TRAILER,
    ORACLE_HTTP_ST_BODY_CLOSE,
    ORACLE_HTTP_ST_DONE,
    ORACLE_HTTP_ST_DEAD
};

/* r->chunked: what Transfer-Encoding said so far. */
enum { ORACLE_HTTP_TE_NONE = 0, ORACLE_HTTP_TE_CHUNKED, ORACLE_HTTP_TE_OTHER };

/* Internal step results: keep going, or the response is complete. Errors are
 * the (positive, >= 400) oracle_err codes. */
#define ORACLE_HTTP_CONTINUE ORACLE_HTTP_NEED_MORE
#define ORACLE_HTTP_COMPLETE 2

#define ORACLE_HTTP_CL_LIMIT ((uint64_t)1 << 53)
#define ORACLE_HTTP_CHUNK_DIGITS_MAX 16
#define ORACLE_HTTP_NAME_MAX 256
#define ORACLE_HTTP_VALUE_MAX 4096

static const char *const oracle_http_wkday[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const oracle_http_weekday[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                   "Friday", "Saturday", "Sunday"};
static const char *const oracle_http_month[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ------------------------------------------------------------------------ */
/* Character classes and small helpers */

static int oracle_http_is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 1;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int oracle_http_is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Bytes allowed in a field value, reason phrase or chunk extension. */
static int oracle_http_is_text(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static unsigned char oracle_http_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Returns: 1 if s[0..n) equals the lowercase literal lit, ignoring ASCII case. */
static int oracle_http_ieq(const char *s, size_t n, const char *lit)
{
    size_t k;
    if (n != strlen(lit)) return 0;
    for (k = 0; k < n; k++)
        if (oracle_http_lower((unsigned char)s[k]) != (unsigned char)lit[k]) return 0;
    return 1;
}

/* Trims OWS from both ends of s[0..*n). Returns the new start. */
static const char *oracle_http_trim(const char *s, size_t *n)
{
    while (*n > 0 && oracle_http_is_ows(s[0])) {
        s++;
        (*n)--;
    }
    while (*n > 0 && oracle_http_is_ows(s[*n - 1])) (*n)--;
    return s;
}

/* The next comma-separated element of v[0..n) at *pos, trimmed.
 * Returns: 1 with *e, *en set (the element may be empty); 0 when done.
 * An empty value yields one empty element. */
static int oracle_http_list_next(const char *v, size_t n, size_t *pos, const char **e, size_t *en)
{
    size_t i = *pos;
    if (i > n) return 0;
    while (i < n && v[i] != ',') i++;
    *en = i - *pos;
    *e = oracle_http_trim(v + *pos, en);
    *pos = i + 1;
    return 1;
}

static void oracle_http_copy_value(char *dst, size_t cap, const char *v, size_t n)
{
    if (n > cap - 1) n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Dates */

typedef struct oracle_http_cur {
    const char *s;
    size_t n;
    size_t i;
} oracle_http_cur;

static int oracle_http_cur_lit(oracle_http_cur *c, const char *lit)
{
    size_t k = strlen(lit);
    if (c->n - c->i < k || memcmp(c->s + c->i, lit, k) != 0) return 0;
    c->i += k;
    return 1;
}

/* Exactly `digits` decimal digits. */
static int oracle_http_cur_num(oracle_http_cur *c, size_t digits, int *out)
{
    size_t k;
    int v = 0;
    if (c->n - c->i < digits) return 0;
    for (k = 0; k < digits; k++) {
        char d = c->s[c->i + k];
        if (d < '0' || d > '9') return 0;
        v = v * 10 + (d - '0');
    }
    c->i += digits;
    *out = v;
    return 1;
}

/* One of names[0..count) (case-sensitive, RFC 9110 5.6.7); *idx gets its index. */
static int oracle_http_cur_name(oracle_http_cur *c, const char *const *names, int count, int *idx)
{
    int k;
    for (k = 0; k < count; k++) {
        if (oracle_http_cur_lit(c, names[k])) {
            *idx = k;
            return 1;
        }
    }
    return 0;
}

/* hour ":" minute ":" second */
static int oracle_http_cur_time(oracle_http_cur *c, int *tm)
{
    return oracle_http_cur_num(c, 2, &tm[3]) && oracle_http_cur_lit(c, ":") &&
           oracle_http_cur_num(c, 2, &tm[4]) && oracle_http_cur_lit(c, ":") &&
           oracle_http_cur_num(c, 2, &tm[5]);
}

/* tm: year, month (1..12), day, hour, minute, second. Each form must use the
 * whole string. */
static int oracle_http_date_imf(oracle_http_cur *c, int *tm)
{
    int wd;
    if (!(oracle_http_cur_name(c, oracle_http_wkday, 7, &wd) && oracle_http_cur_lit(c, ", ") &&
          oracle_http_cur_num(c, 2, &tm[2]) && oracle_http_cur_lit(c, " ") &&
          oracle_http_cur_name(c, oracle_http_month, 12, &tm[1]) && oracle_http_cur_lit(c, " ") &&
          oracle_http_cur_num(c, 4, &tm[0]) && oracle_http_cur_lit(c, " ") &&
          oracle_http_cur_time(c, tm) && oracle_http_cur_lit(c, " GMT")))
        return 0;
    tm[1]++;
    return c->i == c->n;
}

/* RFC 850 has a two-digit year and no clock to resolve it against:
 * 00-69 -> 2000-2069, 70-99 -> 1970-1999. */
static int oracle_http_date_rfc850(oracle_http_cur *c, int *tm)
{
    int wd;
    if (!(oracle_http_cur_name(c, oracle_http_weekday, 7, &wd) && oracle_http_cur_lit(c, ", ") &&
          oracle_http_cur_num(c, 2, &tm[2]) && oracle_http_cur_lit(c, "-") &&
          oracle_http_cur_name(c, oracle_http_month, 12, &tm[1]) && oracle_http_cur_lit(c, "-") &&
          oracle_http_cur_num(c, 2, &tm[0]) && oracle_http_cur_lit(c, " ") &&
          oracle_http_cur_time(c, tm) && oracle_http_cur_lit(c, " GMT")))
        return 0;
    tm[0] += tm[0] < 70 ? 2000 : 1900;
    tm[1]++;
    return c->i == c->n;
}

/* asctime: the day is 2DIGIT or SP DIGIT. */
static int oracle_http_date_asctime(oracle_http_cur *c, int *tm)
{
    int wd, day_ok;
    if (!(oracle_http_cur_name(c, oracle_http_wkday, 7, &wd) && oracle_http_cur_lit(c, " ") &&
          oracle_http_cur_name(c, oracle_http_month, 12, &tm[1]) && oracle_http_cur_lit(c, " ")))
        return 0;
    if (oracle_http_cur_lit(c, " "))
        day_ok = oracle_http_cur_num(c, 1, &tm[2]);
    else
        day_ok = oracle_http_cur_num(c, 2, &tm[2]);
    if (!(day_ok && oracle_http_cur_lit(c, " ") && oracle_http_cur_time(c, tm) &&
          oracle_http_cur_lit(c, " ") && oracle_http_cur_num(c, 4, &tm[0])))
        return 0;
    tm[1]++;
    return c->i == c->n;
}

static int oracle_http_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil); y >= 1970 here, so no negative-era case is needed. */
static int64_t oracle_http_days_from_civil(int y, int m, int d)
{
    int64_t yy = y - (m <= 2);
    int64_t era = yy / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int oracle_http_parse_date(const char *s, size_t n, int64_t *out)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    oracle_http_cur c;
    int tm[6] = {0, 0, 0, 0, 0, 0};
    int ok, dim;

    ORACLE_ARG_CHECK(out != NULL && (s != NULL || n == 0));
    c.s = s;
    c.n = n;
    c.i = 0;
    ok = oracle_http_date_imf(&c, tm);
    if (!ok) {
        c.i = 0;
        ok = oracle_http_date_rfc850(&c, tm);
    }
    if (!ok) {
        c.i = 0;
        ok = oracle_http_date_asctime(&c, tm);
    }
    if (!ok || tm[0] < 1970 || tm[1] < 1 || tm[1] > 12) return ORACLE_ERR_HTTP_MALFORMED;
    dim = mdays[tm[1] - 1] + (tm[1] == 2 && oracle_http_is_leap(tm[0]));
    if (tm[2] < 1 || tm[2] > dim || tm[3] > 23 || tm[4] > 59 || tm[5] > 60)
        return ORACLE_ERR_HTTP_MALFORMED;
    *out = oracle_http_days_from_civil(tm[0], tm[1], tm[2]) * 86400 +
           (int64_t)tm[3] * 3600 + (int64_t)tm[4] * 60 + tm[5];
    return ORACLE_OK;
}

/* ------------------------------------------------------------------------ */
/* Response parser: lines */

static void oracle_http_reset_fields(oracle_http_response *r)
{
    r->status = 0;
    r->date = -1;
    r->date_count = 0;
    r->content_length = -1;
    r->chunked = ORACLE_HTTP_TE_NONE;
    r->conn_close = 0;
    r->conn_keep_alive = 0;
    r->header_count = 0;
    r->location[0] = '\0';
    r->content_type[0] = '\0';
}

void oracle_http_response_init(oracle_http_response *r, size_t body_max, int head_request)
{
    if (r == NULL) return;
    memset(r, 0, sizeof(*r));
    oracle_http_reset_fields(r);
    r->framing = ORACLE_HTTP_FRAMING_NONE;
    r->head_request = head_request ? 1 : 0;
    r->state = ORACLE_HTTP_ST_STATUS;
    oracle_buf_growable(&r->body, body_max);
}

void oracle_http_response_free(oracle_http_response *r)
{
    if (r == NULL) return;
    oracle_buf_free(&r->body);
    mbedtls_platform_zeroize(r, sizeof(*r));
}

/* status-line = HTTP-version SP 3DIGIT [ SP reason-phrase ] */
static int oracle_http_status_line(oracle_http_response *r)
{
    const char *l = r->line;
    size_t n = r->line_len, i;

    if (n < 12 || memcmp(l, "HTTP/1.", 7) != 0 || (l[7] != '0' && l[7] != '1') || l[8] != ' ')
        return ORACLE_ERR_HTTP_MALFORMED;
    for (i = 9; i < 12; i++)
        if (l[i] < '0' || l[i] > '9') return ORACLE_ERR_HTTP_MALFORMED;
    if (l[9] == '0' || (n > 12 && l[12] != ' ')) return ORACLE_ERR_HTTP_MALFORMED;
    for (i = 13; i < n; i++)
        if (!oracle_http_is_text((unsigned char)l[i])) return ORACLE_ERR_HTTP_MALFORMED;
    r->http_minor = l[7] - '0';
    r->status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
    if (r->status == 101) return ORACLE_ERR_HTTP_MALFORMED;
    r->state = ORACLE_HTTP_ST_HEADER;
    return ORACLE_HTTP_CONTINUE;
}

static int oracle_http_content_length(oracle_http_response *r, const char *v, size_t n)
{
    size_t pos = 0, en, k;
    const char *e;
    while (oracle_http_list_next(v, n, &pos, &e, &en)) {
        uint64_t val = 0;
        if (en == 0) return ORACLE_ERR_HTTP_MALFORMED;
        for (k = 0; k < en; k++) {
            if (e[k] < '0' || e[k] > '9') return ORACLE_ERR_HTTP_MALFORMED;
            val = val * 10 + (uint64_t)(e[k] - '0');
            if (val > ORACLE_HTTP_CL_LIMIT) return ORACLE_ERR_HTTP_MALFORMED;
        }
        if (r->content_length >= 0 && (uint64_t)r->content_length != val)
            return ORACLE_ERR_HTTP_MALFORMED;
        r->content_length = (int64_t)val;
    }
    return ORACLE_HTTP_CONTINUE;
}

/* Tracks whether the final transfer coding (over all TE fields) is chunked;
 * chunked anywhere but last (or twice) is malformed. */
static int oracle_http_transfer_encoding(oracle_http_response *r, const char *v, size_t n)
{
    size_t pos = 0, en, t;
    const char *e;
    if (r->chunked == ORACLE_HTTP_TE_NONE) r->chunked = ORACLE_HTTP_TE_OTHER;
    while (oracle_http_list_next(v, n, &pos, &e, &en)) {
        if (en == 0) continue;
        for (t = 0; t < en && oracle_http_is_tchar((unsigned char)e[t]); t++) {}
        if (t == 0 || r->chunked == ORACLE_HTTP_TE_CHUNKED) return ORACLE_ERR_HTTP_MALFORMED;
        /* parameters after ';' are ignored */
        if (t < en) {
            size_t k = t;
            while (k < en && oracle_http_is_ows(e[k])) k++;
            if (k == en || e[k] != ';') return ORACLE_ERR_HTTP_MALFORMED;
        }
        r->chunked = oracle_http_ieq(e, t, "chunked") ? ORACLE_HTTP_TE_CHUNKED : ORACLE_HTTP_TE_OTHER;
    }
    return ORACLE_HTTP_CONTINUE;
}

static void oracle_http_connection(oracle_http_response *r, const char *v, size_t n)
{
    size_t pos = 0, en;
    const char *e;
    while (oracle_http_list_next(v, n, &pos, &e, &en)) {
        if (oracle_http_ieq(e, en, "close")) r->conn_close = 1;
        else if (oracle_http_ieq(e, en, "keep-alive")) r->conn_keep_alive = 1;
    }
}

/* A field line (header or trailer). Names are tokens directly followed by ':'. */
static int oracle_http_field_line(oracle_http_response *r, int trailer)
{
    const char *l = r->line, *v;
    size_t n = r->line_len, i = 0, vn, k;
    int64_t t;

    if (oracle_http_is_ows(l[0])) return ORACLE_ERR_HTTP_MALFORMED; /* obs-fold */
    while (i < n && oracle_http_is_tchar((unsigned char)l[i])) i++;
    if (i == 0 || i == n || l[i] != ':') return ORACLE_ERR_HTTP_MALFORMED;
    vn = n - i - 1;
    v = oracle_http_trim(l + i + 1, &vn);
    for (k = 0; k < vn; k++)
        if (!oracle_http_is_text((unsigned char)v[k])) return ORACLE_ERR_HTTP_MALFORMED;
    if (++r->header_count > ORACLE_HTTP_MAX_HEADERS) return ORACLE_ERR_HTTP_TOO_LARGE;
    if (trailer) return ORACLE_HTTP_CONTINUE;

    if (oracle_http_ieq(l, i, "content-length")) return oracle_http_content_length(r, v, vn);
    if (oracle_http_ieq(l, i, "transfer-encoding")) return oracle_http_transfer_encoding(r, v, vn);
    if (oracle_http_ieq(l, i, "connection")) {
        oracle_http_connection(r, v, vn);
    } else if (oracle_http_ieq(l, i, "date")) {
        r->date_count++;
        if (r->date_count == 1 && oracle_http_parse_date(v, vn, &t) == ORACLE_OK)
            r->date = t;
        else
            r->date = -1;
    } else if (oracle_http_ieq(l, i, "location")) {
        oracle_http_copy_value(r->location, sizeof(r->location), v, vn);
    } else if (oracle_http_ieq(l, i, "content-type")) {
        oracle_http_copy_value(r->content_type, sizeof(r->content_type), v, vn);
    }
    return ORACLE_HTTP_CONTINUE;
}

/* The empty line after the fields: decide framing (RFC 9112 6.3). */
static int oracle_http_head_done(oracle_http_response *r)
{
    if (r->chunked != ORACLE_HTTP_TE_NONE && (r->content_length >= 0 || r->http_minor == 0))
        return ORACLE_ERR_HTTP_MALFORMED;
    if (r->chunked == ORACLE_HTTP_TE_OTHER) return ORACLE_ERR_HTTP_MALFORMED;
    if (r->status < 200) {
        /* interim 1xx: discard, read the next status line (header_bytes keeps
         * counting so that a stream of them stays bounded) */
        oracle_http_reset_fields(r);
        r->state = ORACLE_HTTP_ST_STATUS;
        return ORACLE_HTTP_CONTINUE;
    }
    if (r->http_minor == 1)
        r->keep_alive = !r->conn_close;
    else
        r->keep_alive = r->conn_keep_alive && !r->conn_close;

    if (r->head_request || r->status == 204 || r->status == 304) {
        r->framing = ORACLE_HTTP_FRAMING_NONE;
        return ORACLE_HTTP_COMPLETE;
    }
    if (r->chunked == ORACLE_HTTP_TE_CHUNKED) {
        r->framing = ORACLE_HTTP_FRAMING_CHUNKED;
        r->state = ORACLE_HTTP_ST_CHUNK_SIZE;
        return ORACLE_HTTP_CONTINUE;
    }
    if (r->content_length >= 0) {
        r->framing = ORACLE_HTTP_FRAMING_LENGTH;
        if ((uint64_t)r->content_length > r->body.max) return ORACLE_ERR_HTTP_TOO_LARGE;
        if (r->content_length == 0) return ORACLE_HTTP_COMPLETE;
        r->remaining = (uint64_t)r->content_length;
        r->state = ORACLE_HTTP_ST_BODY_LENGTH;
        return ORACLE_HTTP_CONTINUE;
    }
    r->framing = ORACLE_HTTP_FRAMING_CLOSE;
    r->keep_alive = 0;
    r->state = ORACLE_HTTP_ST_BODY_CLOSE;
    return ORACLE_HTTP_CONTINUE;
}

/* chunk-size [ BWS ";" chunk-ext ] (the extension is checked for text only) */
static int oracle_http_chunk_size_line(oracle_http_response *r)
{
    const char *l = r->line;
    size_t n = r->line_len, i = 0, j;
    uint64_t size = 0;

    for (; i < n; i++) {
        unsigned char c = (unsigned char)l[i], v;
        if (c >= '0' && c <= '9') v = (unsigned char)(c - '0');
        else if (c >= 'a' && c <= 'f') v = (unsigned char)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v = (unsigned char)(c - 'A' + 10);
        else break;
        if (i >= ORACLE_HTTP_CHUNK_DIGITS_MAX) return ORACLE_ERR_HTTP_MALFORMED;
        size = (size << 4) | v;
    }
    if (i == 0) return ORACLE_ERR_HTTP_MALFORMED;
    for (j = i; j < n && oracle_http_is_ows(l[j]); j++) {}
    if (j < n) {
        if (l[j] != ';') return ORACLE_ERR_HTTP_MALFORMED;
        for (j++; j < n; j++)
            if (!oracle_http_is_text((unsigned char)l[j])) return ORACLE_ERR_HTTP_MALFORMED;
    } else if (j != i) {
        return ORACLE_ERR_HTTP_MALFORMED;
    }
    if (size == 0) {
        /* last-chunk: trailers get their own count and byte budget */
        r->header_count = 0;
        r->header_bytes = 0;
        r->state = ORACLE_HTTP_ST_TRAILER;
        return ORACLE_HTTP_CONTINUE;
    }
    if (size > r->body.max - r->body.len) return ORACLE_ERR_HTTP_TOO_LARGE;
    r->remaining = size;
    r->state = ORACLE_HTTP_ST_CHUNK_DATA;
    return ORACLE_HTTP_CONTINUE;
}

static int oracle_http_on_line(oracle_http_response *r)
{
    switch (r->state) {
    case ORACLE_HTTP_ST_STATUS:
        return oracle_http_status_line(r);
    case ORACLE_HTTP_ST_HEADER:
        return r->line_len == 0 ? oracle_http_head_done(r) : oracle_http_field_line(r, 0);
    case ORACLE_HTTP_ST_CHUNK_SIZE:
        return oracle_http_chunk_size_line(r);
    default: /* ORACLE_HTTP_ST_TRAILER */
        return r->line_len == 0 ? ORACLE_HTTP_COMPLETE : oracle_http_field_line(r, 1);
    }
}

/* One byte in a line state. Lines are at most ORACLE_HTTP_LINE_MAX bytes
 * without their terminator. */
static int oracle_http_line_step(oracle_http_response *r, uint8_t c)
{
    int strict = r->state == ORACLE_HTTP_ST_CHUNK_SIZE || r->state == ORACLE_HTTP_ST_TRAILER;
    int rc;

    if (r->state != ORACLE_HTTP_ST_CHUNK_SIZE && ++r->header_bytes > ORACLE_HTTP_HEADER_MAX)
        return ORACLE_ERR_HTTP_TOO_LARGE;
    if (r->line_cr) {
        r->line_cr = 0;
        if (c != '\n') return ORACLE_ERR_HTTP_MALFORMED; /* bare CR */
    } else if (c == '\r') {
        r->line_cr = 1;
        return ORACLE_HTTP_CONTINUE;
    } else if (c == '\n') {
        if (strict) return ORACLE_ERR_HTTP_MALFORMED;
    } else {
        if (r->line_len >= ORACLE_HTTP_LINE_MAX) return ORACLE_ERR_HTTP_TOO_LARGE;
        r->line[r->line_len++] = (char)c;
        return ORACLE_HTTP_CONTINUE;
    }
    rc = oracle_http_on_line(r);
    r->line_len = 0;
    return rc;
}

static int oracle_http_body_put(oracle_http_response *r, const uint8_t *p, size_t n)
{
    if (n > r->body.max - r->body.len) return ORACLE_ERR_HTTP_TOO_LARGE;
    if (!oracle_buf_put(&r->body, p, n)) return ORACLE_ERR_NO_MEMORY;
    return ORACLE_HTTP_CONTINUE;
}

int oracle_http_response_feed(oracle_http_response *r, const uint8_t *data, size_t len,
                              size_t *consumed)
{
    size_t i = 0, take;
    int rc = ORACLE_HTTP_CONTINUE;

    if (consumed) *consumed = 0;
    ORACLE_ARG_CHECK(r != NULL && (data != NULL || len == 0));
    if (r->state == ORACLE_HTTP_ST_DEAD) return r->error;
    if (r->state == ORACLE_HTTP_ST_DONE) {
        if (len > 0) r->keep_alive = 0;
        return ORACLE_OK;
    }
    while (i < len && rc == ORACLE_HTTP_CONTINUE) {
        switch (r->state) {
        case ORACLE_HTTP_ST_BODY_LENGTH:
        case ORACLE_HTTP_ST_CHUNK_DATA:
            take = len - i;
            if (take > r->remaining) take = (size_t)r->remaining;
            rc = oracle_http_body_put(r, data + i, take);
            if (rc != ORACLE_HTTP_CONTINUE) break;
            i += take;
            r->remaining -= take;
            if (r->remaining == 0) {
                if (r->state == ORACLE_HTTP_ST_BODY_LENGTH) rc = ORACLE_HTTP_COMPLETE;
                else r->state = ORACLE_HTTP_ST_CHUNK_CR;
            }
            break;
        case ORACLE_HTTP_ST_BODY_CLOSE:
            rc = oracle_http_body_put(r, data + i, len - i);
            if (rc == ORACLE_HTTP_CONTINUE) i = len;
            break;
        case ORACLE_HTTP_ST_CHUNK_CR:
            if (data[i++] != '\r') rc = ORACLE_ERR_HTTP_MALFORMED;
            else r->state = ORACLE_HTTP_ST_CHUNK_LF;
            break;
        case ORACLE_HTTP_ST_CHUNK_LF:
            if (data[i++] != '\n') rc = ORACLE_ERR_HTTP_MALFORMED;
            else r->state = ORACLE_HTTP_ST_CHUNK_SIZE;
            break;
        default:
            rc = oracle_http_line_step(r, data[i++]);
            break;
        }
    }
    if (rc == ORACLE_HTTP_COMPLETE) {
        r->state = ORACLE_HTTP_ST_DONE;
        if (i < len) r->keep_alive = 0; /* bytes nobody asked for follow */
        if (consumed) *consumed = i;
        return ORACLE_OK;
    }
    if (rc == ORACLE_HTTP_CONTINUE) {
        if (consumed) *consumed = len;
        return ORACLE_HTTP_NEED_MORE;
    }
    r->state = ORACLE_HTTP_ST_DEAD;
    r->error = rc;
    return rc;
}

int oracle_http_response_finish(oracle_http_response *r)
{
    ORACLE_ARG_CHECK(r != NULL);
    if (r->state == ORACLE_HTTP_ST_DEAD) return r->error;
    if (r->state == ORACLE_HTTP_ST_BODY_CLOSE) r->state = ORACLE_HTTP_ST_DONE;
    if (r->state == ORACLE_HTTP_ST_DONE) return ORACLE_OK;
    r->state = ORACLE_HTTP_ST_DEAD;
    r->error = ORACLE_ERR_HTTP_TRUNCATED;
    return ORACLE_ERR_HTTP_TRUNCATED;
}

/* ------------------------------------------------------------------------ */
/* Requests */

int oracle_http_header_name_ok(const char *name, size_t n)
{
    size_t k;
    if (name == NULL || n == 0 || n > ORACLE_HTTP_NAME_MAX) return 0;
    for (k = 0; k < n; k++)
        if (!oracle_http_is_tchar((unsigned char)name[k])) return 0;
    return !(oracle_http_ieq(name, n, "host") || oracle_http_ieq(name, n, "content-length") ||
             oracle_http_ieq(name, n, "transfer-encoding") || oracle_http_ieq(name, n, "connection"));
}

int oracle_http_header_value_ok(const char *value, size_t n)
{
    size_t k;
    if (n > ORACLE_HTTP_VALUE_MAX || (value == NULL && n > 0)) return 0;
    for (k = 0; k < n; k++)
        if (value[k] == '\r' || value[k] == '\n' || value[k] == '\0') return 0;
    return 1;
}

int oracle_http_build_request(oracle_buf *out, const char *method, const char *host,
                              uint16_t port, const char *target,
                              const oracle_http_header *headers, size_t header_count,
                              const uint8_t *body, size_t body_len, int keep_alive)
{
    size_t k;

    ORACLE_ARG_CHECK(out != NULL && method != NULL && host != NULL && target != NULL);
    ORACLE_ARG_CHECK(headers != NULL || header_count == 0);
    ORACLE_ARG_CHECK(body != NULL || body_len == 0);
    /* checked by the job parser already; re-checked because a CR or LF here
     * would let a job inject requests */
    for (k = 0; k < header_count; k++) {
        ORACLE_ARG_CHECK(oracle_http_header_name_ok(headers[k].name, headers[k].name_len));
        ORACLE_ARG_CHECK(oracle_http_header_value_ok(headers[k].value, headers[k].value_len));
    }

    oracle_buf_puts(out, method);
    oracle_buf_putc(out, ' ');
    oracle_buf_puts(out, target);
    oracle_buf_puts(out, " HTTP/1.1\r\nHost: ");
    if (strchr(host, ':') != NULL && host[0] != '[') {
        /* an IPv6 literal given without brackets */
        oracle_buf_putc(out, '[');
        oracle_buf_puts(out, host);
        oracle_buf_putc(out, ']');
    } else {
        oracle_buf_puts(out, host);
    }
    if (port != 443) {
        oracle_buf_putc(out, ':');
        oracle_buf_put_u64(out, port);
    }
    oracle_buf_puts(out, "\r\n");
    for (k = 0; k < header_count; k++) {
        oracle_buf_put(out, headers[k].name, headers[k].name_len);
        oracle_buf_puts(out, ": ");
        oracle_buf_put(out, headers[k].value, headers[k].value_len);
        oracle_buf_puts(out, "\r\n");
    }
    if (body != NULL) {
        oracle_buf_puts(out, "Content-Length: ");
        oracle_buf_put_u64(out, body_len);
        oracle_buf_puts(out, "\r\n");
    }
    oracle_buf_puts(out, keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
    if (body != NULL) oracle_buf_put(out, body, body_len);
    return oracle_buf_ok(out) ? ORACLE_OK : ORACLE_ERR_BUFFER_TOO_SMALL;
}
