#include "job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/bignum.h>
#include <mbedtls/platform_util.h>

#include "buf.h"
#include "decimal.h"
#include "json.h"
#include "keccak.h"

/* An execute request nests at most root/job/sources/[i]/headers. */
#define ORACLE_JOB_MAX_DEPTH 8

/* One expected member of an object: its name and where its value goes. */
typedef struct oracle_field {
    const char *name;
    oracle_span *slot;
} oracle_field;

static int oracle_present(const oracle_span *s)
{
    return s->p != NULL;
}

/* A short printable copy of a raw key for messages. */
static void oracle_key_for_message(oracle_span key, char *out, size_t cap)
{
    size_t n = 0;
    if (oracle_json_string_decode(key, out, cap - 1, &n) != ORACLE_OK) n = 0;
    out[n < cap ? n : cap - 1] = 0;
    for (size_t i = 0; out[i]; i++) {
        if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e) out[i] = '?';
    }
}

/* Collects the members of obj into the fields' slots; any other member, or a
 * member given twice, is an error naming it. */
static int oracle_fields(oracle_error *err, const char *where, oracle_span obj,
                         oracle_field *fields, size_t n)
{
    oracle_json_iter it;
    oracle_span key, value;
    size_t i;
    char name[64];
    for (i = 0; i < n; i++) fields[i].slot->p = NULL, fields[i].slot->n = 0;
    if (oracle_json_type_of(obj) != ORACLE_JSON_OBJECT)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s: must be an object", where);
    oracle_json_iter_init(&it, obj);
    while (oracle_json_iter_next(&it, &key, &value)) {
        for (i = 0; i < n; i++) {
            if (oracle_json_string_equals(key, fields[i].name, strlen(fields[i].name))) break;
        }
        if (i == n) {
            oracle_key_for_message(key, name, sizeof(name));
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: unknown field", where, name);
        }
        if (oracle_present(fields[i].slot))
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: given twice", where,
                                    fields[i].name);
        *fields[i].slot = value;
    }
    return ORACLE_OK;
}

static int oracle_require(oracle_error *err, const char *where, const char *name, const oracle_span *s)
{
    if (oracle_present(s)) return ORACLE_OK;
    return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: missing", where, name);
}

/* An unsigned integer written as a JSON number without sign, fraction or
 * exponent (or, when allow_string, as a decimal string). Above max is a limit error. */
static int oracle_uint(oracle_error *err, const char *where, const char *name, oracle_span v,
                       uint64_t min, uint64_t max, int allow_string, uint64_t *out)
{
    const char *p = v.p;
    size_t n = v.n, i;
    uint64_t x = 0;
    oracle_json_type t = oracle_json_type_of(v);
    if (t == ORACLE_JSON_STRING && allow_string) {
        p++;
        n -= 2;
    } else if (t != ORACLE_JSON_NUMBER) {
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: must be a non-negative integer",
                                where, name);
    }
    if (n == 0 || (n > 1 && p[0] == '0'))
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: must be a non-negative integer",
                                where, name);
    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                    "%s.%s: must be a non-negative integer", where, name);
    }
    /* A well-formed integer of any length past 2^64-1 is past the limit, not malformed. */
    for (i = 0; i < n; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "%s.%s: too large", where, name);
        x = x * 10 + d;
    }
    if (x > max)
        return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "%s.%s: %llu is more than the limit %llu",
                                where, name, (unsigned long long)x, (unsigned long long)max);
    if (x < min)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: must be at least %llu", where,
                                name, (unsigned long long)min);
    *out = x;
    return ORACLE_OK;
}

static int oracle_u32_field(oracle_error *err, const char *where, const char *name, oracle_span v,
                            uint32_t min, uint32_t max, uint32_t dflt, uint32_t *out)
{
    uint64_t x;
    int ret;
    if (!oracle_present(&v)) {
        *out = dflt;
        return ORACLE_OK;
    }
    ret = oracle_uint(err, where, name, v, min, max, 0, &x);
    if (ret == ORACLE_OK) *out = (uint32_t)x;
    return ret;
}

/* Decodes a JSON string into the job's arena (NUL-terminated). */
static int oracle_string(oracle_job *job, oracle_error *err, const char *where, const char *name,
                         oracle_span v, size_t max_len, const char **out, size_t *out_len)
{
    size_t n = 0;
    char *dst;
    if (oracle_json_type_of(v) != ORACLE_JSON_STRING)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: must be a string", where, name);
    dst = job->arena + job->arena_used;
    if (oracle_json_string_decode(v, dst, job->arena_cap - job->arena_used - 1, &n) != ORACLE_OK)
        return oracle_error_set(err, ORACLE_ERR_NO_MEMORY, "%s.%s: arena exhausted", where, name);
    if (n > max_len)
        return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "%s.%s: %zu bytes, more than the limit %zu",
                                where, name, n, max_len);
    if (memchr(dst, 0, n) != NULL)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: contains NUL", where, name);
    dst[n] = 0;
    job->arena_used += n + 1;
    *out = dst;
    if (out_len) *out_len = n;
    return ORACLE_OK;
}

static int oracle_hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* "0x" followed by exactly 2*n hex digits. */
static int oracle_hex_field(oracle_error *err, const char *where, const char *name, oracle_span v,
                            uint8_t *out, size_t n)
{
    size_t i;
    if (oracle_json_type_of(v) != ORACLE_JSON_STRING || v.n != 2 * n + 4 || v.p[1] != '0' ||
        (v.p[2] != 'x' && v.p[2] != 'X'))
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: must be 0x and %zu hex digits",
                                where, name, 2 * n);
    for (i = 0; i < n; i++) {
        int hi = oracle_hex_digit(v.p[3 + 2 * i]), lo = oracle_hex_digit(v.p[4 + 2 * i]);
        if (hi < 0 || lo < 0)
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                    "%s.%s: must be 0x and %zu hex digits", where, name, 2 * n);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return ORACLE_OK;
}

/* chain_id: a JSON integer, a decimal string, or a 0x hex string; uint256. */
static int oracle_uint256_field(oracle_error *err, const char *where, const char *name, oracle_span v,
                                uint8_t out[32])
{
    mbedtls_mpi x;
    char text[80];
    const char *p = v.p;
    size_t n = v.n, i;
    int radix = 10, ret = ORACLE_ERR_JOB_MALFORMED;
    oracle_json_type t = oracle_json_type_of(v);
    mbedtls_mpi_init(&x);
    if (t == ORACLE_JSON_STRING) {
        p++;
        n -= 2;
        if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            radix = 16;
            p += 2;
            n -= 2;
        }
    } else if (t != ORACLE_JSON_NUMBER) {
        goto exit;
    }
    if (n == 0 || n >= sizeof(text)) goto exit;
    for (i = 0; i < n; i++) {
        if ((radix == 10 && (p[i] < '0' || p[i] > '9')) || (radix == 16 && oracle_hex_digit(p[i]) < 0))
            goto exit;
        text[i] = p[i];
    }
    text[n] = 0;
    if (mbedtls_mpi_read_string(&x, radix, text) != 0 || mbedtls_mpi_bitlen(&x) > 256) goto exit;
    if (mbedtls_mpi_write_binary(&x, out, 32) != 0) goto exit;
    ret = ORACLE_OK;
exit:
    mbedtls_mpi_free(&x);
    if (ret != ORACLE_OK)
        oracle_error_set(err, ret, "%s.%s: must be a uint256 (integer, decimal string or 0x hex)",
                         where, name);
    return ret;
}

/* Labels of 1..63 characters separated by single dots, no '-' at a label's ends. */
static int oracle_is_dns_name(const char *h, size_t n)
{
    size_t i, label = 0;
    for (i = 0; i <= n; i++) {
        if (i == n || h[i] == '.') {
            if (label == 0 || label > 63 || h[i - 1] == '-' || h[i - label] == '-') return 0;
            label = 0;
        } else {
            label++;
        }
    }
    return 1;
}

static int oracle_is_ipv4_literal(const char *h)
{
    for (; *h; h++) {
        if (!((*h >= '0' && *h <= '9') || *h == '.')) return 0;
    }
    return 1;
}

/* https://host[:port][/path][?query]; host is a DNS name (certificates name
 * DNS names; this MbedTLS line cannot match IP address SANs). */
static int oracle_parse_url(oracle_job *job, oracle_error *err, const char *where, oracle_source *s)
{
    const char *u = s->url, *h, *p;
    char *host;
    size_t hn, i;
    unsigned long port = 443;
    if (strncmp(u, "https://", 8) != 0)
        return oracle_error_set(err, ORACLE_ERR_JOB_URL, "%s.url: must start with https://", where);
    h = u + 8;
    for (p = h; *p && *p != ':' && *p != '/' && *p != '?' && *p != '#'; p++) {
    }
    hn = (size_t)(p - h);
    if (hn == 0 || hn > ORACLE_JOB_MAX_HOST)
        return oracle_error_set(err, ORACLE_ERR_JOB_URL, "%s.url: host must have 1 to %d characters",
                                where, ORACLE_JOB_MAX_HOST);
    host = job->arena + job->arena_used;
    for (i = 0; i < hn; i++) {
        char c = h[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return oracle_error_set(err, ORACLE_ERR_JOB_URL,
                                    "%s.url: host may hold only letters, digits, '-' and '.'", where);
        host[i] = c;
    }
    if (!oracle_is_dns_name(host, hn))
        return oracle_error_set(err, ORACLE_ERR_JOB_URL,
                                "%s.url: host is not a DNS name (labels of 1 to 63 characters, "
                                "no '-' at either end of a label)", where);
    host[hn] = 0;
    if (oracle_is_ipv4_literal(host))
        return oracle_error_set(err, ORACLE_ERR_JOB_URL,
                                "%s.url: an IP address cannot be verified against a certificate here; "
                                "use a DNS name", where);
    job->arena_used += hn + 1;
    s->host = host;
    if (*p == ':') {
        char *end;
        p++;
        if (*p < '0' || *p > '9')
            return oracle_error_set(err, ORACLE_ERR_JOB_URL, "%s.url: port must be 1 to 65535", where);
        port = strtoul(p, &end, 10);
        if (port == 0 || port > 65535 || end - p > 5)
            return oracle_error_set(err, ORACLE_ERR_JOB_URL, "%s.url: port must be 1 to 65535", where);
        p = end;
    }
    s->port = (uint16_t)port;
    if (*p != 0 && *p != '/' && *p != '?')
        return oracle_error_set(err, ORACLE_ERR_JOB_URL, "%s.url: unexpected character after the host",
                                where);
    for (i = 0; p[i]; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c <= 0x20 || c >= 0x7f || c == '#')
            return oracle_error_set(err, ORACLE_ERR_JOB_URL,
                                    "%s.url: path may hold only visible ASCII, without '#'", where);
    }
    if (*p == 0 || *p == '?') {
        /* An empty path is "/" (RFC 9110 4.2.3). */
        char *t = job->arena + job->arena_used;
        t[0] = '/';
        memcpy(t + 1, p, strlen(p) + 1);
        job->arena_used += strlen(p) + 2;
        s->target = t;
    } else {
        s->target = p;
    }
    return ORACLE_OK;
}

static int oracle_parse_source(oracle_job *job, oracle_error *err, size_t index, oracle_span v)
{
    oracle_source *s = &job->sources[index];
    oracle_span url, method, headers, body, pointer;
    oracle_field fields[] = {{"url", &url}, {"method", &method}, {"headers", &headers},
                             {"body", &body}, {"pointer", &pointer}};
    char where[40];
    int ret;
    snprintf(where, sizeof(where), "job.sources[%zu]", index);
    if ((ret = oracle_fields(err, where, v, fields, 5)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, where, "url", &url)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, where, "pointer", &pointer)) != ORACLE_OK) return ret;
    if ((ret = oracle_string(job, err, where, "url", url, ORACLE_JOB_MAX_URL, &s->url, NULL)) != ORACLE_OK)
        return ret;
    if ((ret = oracle_parse_url(job, err, where, s)) != ORACLE_OK) return ret;
    s->method = "GET";
    if (oracle_present(&method)) {
        if (oracle_json_string_equals(method, "GET", 3)) s->method = "GET";
        else if (oracle_json_string_equals(method, "POST", 4)) s->method = "POST";
        else
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.method: must be \"GET\" or \"POST\"",
                                    where);
    }
    if (oracle_present(&headers)) {
        oracle_json_iter it;
        oracle_span key, value;
        if (oracle_json_type_of(headers) != ORACLE_JSON_OBJECT)
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.headers: must be an object", where);
        oracle_json_iter_init(&it, headers);
        while (oracle_json_iter_next(&it, &key, &value)) {
            oracle_http_header *h;
            char shown[64]; /* the name as messages show it: no CR, LF or other bytes from the job */
            if (s->header_count == ORACLE_JOB_MAX_HEADERS)
                return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "%s.headers: more than %d headers",
                                        where, ORACLE_JOB_MAX_HEADERS);
            h = &s->headers[s->header_count];
            if ((ret = oracle_string(job, err, where, "headers", key, 256, &h->name, &h->name_len)) !=
                ORACLE_OK)
                return ret;
            oracle_key_for_message(key, shown, sizeof(shown));
            if (!oracle_http_header_name_ok(h->name, h->name_len))
                return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                        "%s.headers.%s: not a header name this client lets a job set",
                                        where, shown);
            if ((ret = oracle_string(job, err, where, "headers", value, 4096, &h->value, &h->value_len)) !=
                ORACLE_OK)
                return ret;
            if (!oracle_http_header_value_ok(h->value, h->value_len))
                return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                        "%s.headers.%s: value may not hold CR, LF or NUL", where, shown);
            s->header_count++;
        }
    }
    if (oracle_present(&body)) {
        const char *b;
        if (strcmp(s->method, "POST") != 0)
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.body: only a POST source has a body",
                                    where);
        if ((ret = oracle_string(job, err, where, "body", body, ORACLE_JOB_MAX_BODY, &b, &s->body_len)) !=
            ORACLE_OK)
            return ret;
        s->body = (const uint8_t *)b;
    }
    if ((ret = oracle_string(job, err, where, "pointer", pointer, ORACLE_JOB_MAX_POINTER, &s->pointer,
                             &s->pointer_len)) != ORACLE_OK)
        return ret;
    if (oracle_json_pointer_check(s->pointer, s->pointer_len) != ORACLE_OK)
        return oracle_error_set(err, ORACLE_ERR_JOB_POINTER,
                                "%s.pointer: not an RFC 6901 JSON Pointer (\"\" or /token..., ~ only as ~0 or ~1)",
                                where);
    return ORACLE_OK;
}

static int oracle_parse_spec(oracle_job *job, oracle_error *err, oracle_span spec)
{
    oracle_span sources, result, aggregation, limits;
    oracle_field fields[] = {{"sources", &sources}, {"result", &result}, {"aggregation", &aggregation},
                             {"limits", &limits}};
    oracle_span rtype, decimals, method, min_sources, max_dev;
    oracle_field rfields[] = {{"type", &rtype}, {"decimals", &decimals}};
    oracle_field afields[] = {{"method", &method}, {"min_sources", &min_sources},
                              {"max_deviation_bps", &max_dev}};
    oracle_span max_resp, conn_ms, io_ms, job_ms, skew;
    oracle_field lfields[] = {{"max_response_bytes", &max_resp}, {"connect_timeout_ms", &conn_ms},
                              {"io_timeout_ms", &io_ms}, {"job_timeout_ms", &job_ms},
                              {"max_date_skew_s", &skew}};
    oracle_json_iter it;
    oracle_span key, value;
    uint64_t x;
    uint32_t resp;
    int ret;

    if ((ret = oracle_fields(err, "job", spec, fields, 4)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "job", "sources", &sources)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "job", "result", &result)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "job", "aggregation", &aggregation)) != ORACLE_OK) return ret;

    if (oracle_json_type_of(sources) != ORACLE_JSON_ARRAY)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "job.sources: must be an array");
    oracle_json_iter_init(&it, sources);
    while (oracle_json_iter_next(&it, &key, &value)) {
        if (job->source_count == ORACLE_JOB_MAX_SOURCES)
            return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "job.sources: more than %d sources",
                                    ORACLE_JOB_MAX_SOURCES);
        if ((ret = oracle_parse_source(job, err, job->source_count, value)) != ORACLE_OK) return ret;
        job->source_count++;
    }
    if (job->source_count == 0)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "job.sources: must name at least one source");

    /* result */
    if ((ret = oracle_fields(err, "job.result", result, rfields, 2)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "job.result", "type", &rtype)) != ORACLE_OK) return ret;
    if (oracle_json_string_equals(rtype, "int256", 6)) {
        job->result_type = ORACLE_RESULT_INT256;
        if ((ret = oracle_require(err, "job.result", "decimals", &decimals)) != ORACLE_OK) return ret;
        if ((ret = oracle_uint(err, "job.result", "decimals", decimals, 0, 77, 0, &x)) != ORACLE_OK)
            return ret;
        job->decimals = (unsigned)x;
    } else if (oracle_json_string_equals(rtype, "bytes", 5)) {
        job->result_type = ORACLE_RESULT_BYTES;
        if (oracle_present(&decimals))
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                    "job.result.decimals: only an int256 result has decimals");
    } else {
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                "job.result.type: must be \"int256\" or \"bytes\"");
    }

    /* aggregation */
    if ((ret = oracle_fields(err, "job.aggregation", aggregation, afields, 3)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "job.aggregation", "method", &method)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "job.aggregation", "min_sources", &min_sources)) != ORACLE_OK) return ret;
    if (oracle_json_string_equals(method, "median", 6)) {
        job->aggregation = ORACLE_AGG_MEDIAN;
        if (job->result_type != ORACLE_RESULT_INT256)
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                    "job.aggregation.method: \"median\" needs an int256 result");
    } else if (oracle_json_string_equals(method, "identical", 9)) {
        job->aggregation = ORACLE_AGG_IDENTICAL;
        if (job->result_type != ORACLE_RESULT_BYTES)
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                    "job.aggregation.method: \"identical\" needs a bytes result");
        if (oracle_present(&max_dev))
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                    "job.aggregation.max_deviation_bps: only \"median\" has a deviation bound");
    } else {
        char name[64];
        if (oracle_json_type_of(method) != ORACLE_JSON_STRING)
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "job.aggregation.method: must be a string");
        oracle_key_for_message(method, name, sizeof(name));
        return oracle_error_set(err, ORACLE_ERR_JOB_AGGREGATION,
                                "job.aggregation.method: unknown aggregation \"%s\" (known: median, identical)",
                                name);
    }
    if ((ret = oracle_uint(err, "job.aggregation", "min_sources", min_sources, 1, job->source_count, 0,
                           &x)) != ORACLE_OK)
        return ret;
    job->min_sources = (unsigned)x;
    if (oracle_present(&max_dev)) {
        if ((ret = oracle_uint(err, "job.aggregation", "max_deviation_bps", max_dev, 0, 10000, 0, &x)) !=
            ORACLE_OK)
            return ret;
        job->has_max_deviation = 1;
        job->max_deviation_bps = (uint32_t)x;
    }

    /* limits */
    if (oracle_present(&limits)) {
        if ((ret = oracle_fields(err, "job.limits", limits, lfields, 5)) != ORACLE_OK) return ret;
    } else {
        max_resp.p = conn_ms.p = io_ms.p = job_ms.p = skew.p = NULL;
    }
    if ((ret = oracle_u32_field(err, "job.limits", "max_response_bytes", max_resp, 1,
                                ORACLE_JOB_MAX_RESPONSE, ORACLE_JOB_DEFAULT_RESPONSE, &resp)) != ORACLE_OK)
        return ret;
    job->max_response_bytes = resp;
    if ((ret = oracle_u32_field(err, "job.limits", "connect_timeout_ms", conn_ms, 1,
                                ORACLE_JOB_MAX_TIMEOUT_MS, ORACLE_JOB_DEFAULT_CONNECT_MS,
                                &job->connect_timeout_ms)) != ORACLE_OK)
        return ret;
    if ((ret = oracle_u32_field(err, "job.limits", "io_timeout_ms", io_ms, 1, ORACLE_JOB_MAX_TIMEOUT_MS,
                                ORACLE_JOB_DEFAULT_IO_MS, &job->io_timeout_ms)) != ORACLE_OK)
        return ret;
    if ((ret = oracle_u32_field(err, "job.limits", "job_timeout_ms", job_ms, 1, ORACLE_JOB_MAX_TIMEOUT_MS,
                                ORACLE_JOB_DEFAULT_JOB_MS, &job->job_timeout_ms)) != ORACLE_OK)
        return ret;
    if ((ret = oracle_u32_field(err, "job.limits", "max_date_skew_s", skew, 1, ORACLE_JOB_MAX_DATE_SKEW_S,
                                ORACLE_JOB_DEFAULT_DATE_SKEW_S, &job->max_date_skew_s)) != ORACLE_OK)
        return ret;
    return ORACLE_OK;
}

static int oracle_parse_targets(oracle_job *job, oracle_error *err, oracle_span targets)
{
    oracle_json_iter it;
    oracle_span key, value, chain_id, contract;
    oracle_field fields[] = {{"chain_id", &chain_id}, {"verifying_contract", &contract}};
    char where[32];
    int ret;
    if (oracle_json_type_of(targets) != ORACLE_JSON_ARRAY)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "targets: must be an array");
    oracle_json_iter_init(&it, targets);
    while (oracle_json_iter_next(&it, &key, &value)) {
        oracle_target *t;
        if (job->target_count == ORACLE_JOB_MAX_TARGETS)
            return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "targets: more than %d targets",
                                    ORACLE_JOB_MAX_TARGETS);
        t = &job->targets[job->target_count];
        snprintf(where, sizeof(where), "targets[%zu]", job->target_count);
        if ((ret = oracle_fields(err, where, value, fields, 2)) != ORACLE_OK) return ret;
        if ((ret = oracle_require(err, where, "chain_id", &chain_id)) != ORACLE_OK) return ret;
        if ((ret = oracle_require(err, where, "verifying_contract", &contract)) != ORACLE_OK) return ret;
        if ((ret = oracle_uint256_field(err, where, "chain_id", chain_id, t->chain_id)) != ORACLE_OK)
            return ret;
        if ((ret = oracle_hex_field(err, where, "verifying_contract", contract, t->verifying_contract, 20)) !=
            ORACLE_OK)
            return ret;
        job->target_count++;
    }
    if (job->target_count == 0)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "targets: must name at least one target");
    return ORACLE_OK;
}

/* canon = JCS(spec), with the job errors for what JCS refuses. canon is a
 * growable buffer the caller frees. */
static int oracle_canonical(oracle_error *err, oracle_span spec, oracle_buf *canon)
{
    int ret = oracle_json_canonicalize(spec, canon);
    if (ret == ORACLE_ERR_BUFFER_TOO_SMALL)
        return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "job: canonical form too large");
    if (ret != ORACLE_OK)
        return oracle_error_set(err, ret,
                                "job: not canonicalizable (numbers must be integers up to 2^53, no duplicate "
                                "keys, at most 256 members per object)");
    return ORACLE_OK;
}

static int oracle_feed_id(oracle_job *job, oracle_error *err, oracle_span spec)
{
    oracle_buf canon;
    int ret;
    oracle_buf_growable(&canon, ORACLE_JOB_MAX_REQUEST * 2);
    ret = oracle_canonical(err, spec, &canon);
    if (ret == ORACLE_OK) oracle_keccak256(job->feed_id, canon.data, canon.len);
    oracle_buf_free(&canon);
    return ret;
}

/* The job as JSON text (what an on-chain request stores): feed_id =
 * keccak256(text) is set first, so that a refused job still has the id its
 * error report names; then the text is parsed as a job and must equal
 * JCS(job) byte for byte. */
static int oracle_parse_job_text(oracle_job *job, oracle_error *err, oracle_span v)
{
    oracle_span spec;
    oracle_buf canon;
    char *text = NULL;
    size_t n = 0, i, common;
    int ret;

    oracle_buf_growable(&canon, ORACLE_JOB_MAX_REQUEST * 2);
    if (oracle_json_type_of(v) != ORACLE_JSON_STRING) {
        ret = oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                               "request.job_text: must be a string (the job's JSON text)");
        goto exit;
    }
    /* Decoding never lengthens a string token, and the token lies inside the
     * request, so v.n <= ORACLE_JOB_MAX_REQUEST bounds this allocation. */
    text = (char *)malloc(v.n);
    if (text == NULL) {
        ret = oracle_error_set(err, ORACLE_ERR_NO_MEMORY, "request.job_text: out of memory");
        goto exit;
    }
    if (oracle_json_string_decode(v, text, v.n, &n) != ORACLE_OK) {
        ret = oracle_error_set(err, ORACLE_ERR_INTERNAL, "request.job_text: decoding failed");
        goto exit;
    }
    oracle_keccak256(job->feed_id, text, n);
    job->from_text = 1;
    if (n > ORACLE_JOB_MAX_TEXT) {
        ret = oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "job_text: %zu bytes, more than the limit %d", n,
                               ORACLE_JOB_MAX_TEXT);
        goto exit;
    }
    /* The job nests one level less than the request around it. */
    ret = oracle_json_validate(text, n, ORACLE_JOB_MAX_DEPTH - 1, &spec);
    if (ret != ORACLE_OK) {
        ret = oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                               ret == ORACLE_ERR_JSON_TOO_DEEP ? "job_text: nested too deeply"
                                                               : "job_text: not valid JSON");
        goto exit;
    }
    if ((ret = oracle_parse_spec(job, err, spec)) != ORACLE_OK) goto exit;
    if ((ret = oracle_canonical(err, spec, &canon)) != ORACLE_OK) goto exit;
    common = n < canon.len ? n : canon.len;
    for (i = 0; i < common && (uint8_t)text[i] == canon.data[i]; i++) {
    }
    if (i < common || n != canon.len) {
        ret = oracle_error_set(err, ORACLE_ERR_JOB_NOT_CANONICAL,
                               "job_text: not in RFC 8785 canonical form: first differs from JCS(job) at byte %zu "
                               "(text %zu bytes, canonical %zu bytes)",
                               i, n, canon.len);
        goto exit;
    }
    ret = ORACLE_OK;
exit:
    if (text) {
        mbedtls_platform_zeroize(text, v.n); /* a job may carry credentials in its headers */
        free(text);
    }
    oracle_buf_free(&canon);
    return ret;
}

/* "0x" followed by an even number of hex digits, at most cap bytes. */
static int oracle_hex_bytes_field(oracle_error *err, const char *where, const char *name, oracle_span v,
                                  uint8_t *out, size_t cap, size_t *out_len)
{
    size_t i, n;
    if (oracle_json_type_of(v) != ORACLE_JSON_STRING || v.n < 4 || v.p[1] != '0' ||
        (v.p[2] != 'x' && v.p[2] != 'X') || (v.n - 4) % 2 != 0)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: must be 0x and an even number of hex digits",
                                where, name);
    n = (v.n - 4) / 2;
    if (n > cap)
        return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "%s.%s: %zu bytes, more than the limit %zu", where, name,
                                n, cap);
    for (i = 0; i < n; i++) {
        int hi = oracle_hex_digit(v.p[3 + 2 * i]), lo = oracle_hex_digit(v.p[4 + 2 * i]);
        if (hi < 0 || lo < 0)
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                    "%s.%s: must be 0x and an even number of hex digits", where, name);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *out_len = n;
    return ORACLE_OK;
}

/* A decimal integer string, -?(0|[1-9][0-9]*), within int256. */
static int oracle_int256_field(oracle_error *err, const char *where, const char *name, oracle_span v,
                               uint8_t out[32], char *dec, size_t dec_cap)
{
    mbedtls_mpi x;
    const char *p;
    size_t n, i, digits;
    int ret;
    mbedtls_mpi_init(&x);
    if (oracle_json_type_of(v) != ORACLE_JSON_STRING) goto malformed;
    p = v.p + 1;
    n = v.n - 2;
    i = n > 0 && p[0] == '-';
    digits = n - i;
    /* 78 digits hold every int256; a leading zero or "-0" is not the canonical text. */
    if (digits == 0 || digits > 78 || (p[i] == '0' && (digits > 1 || i == 1))) goto malformed;
    for (; i < n; i++)
        if (p[i] < '0' || p[i] > '9') goto malformed;
    ret = oracle_decimal_parse(p, n, 0, &x);
    if (ret == ORACLE_OK) ret = oracle_int256_to_be(&x, out);
    if (ret == ORACLE_OK) ret = oracle_int256_to_dec(&x, dec, dec_cap);
    if (ret == ORACLE_ERR_NO_MEMORY)
        ret = oracle_error_set(err, ret, "%s.%s: out of memory", where, name);
    else if (ret != ORACLE_OK)
        ret = oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "%s.%s: outside int256", where, name);
    goto exit;
malformed:
    ret = oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                           "%s.%s: must be a decimal integer string (\"-12\", \"0\", \"345\")", where, name);
exit:
    mbedtls_mpi_free(&x);
    return ret;
}

/* The leader's report fields: { "value", "data", "observed_at", "sources_hash" }, all required. */
static int oracle_parse_endorse(oracle_error *err, oracle_span v, oracle_endorse *e)
{
    oracle_span value, data, observed_at, sources_hash;
    oracle_field fields[] = {{"value", &value}, {"data", &data}, {"observed_at", &observed_at},
                             {"sources_hash", &sources_hash}};
    int ret;
    memset(e, 0, sizeof(*e));
    if ((ret = oracle_fields(err, "endorse", v, fields, 4)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "endorse", "value", &value)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "endorse", "data", &data)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "endorse", "observed_at", &observed_at)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "endorse", "sources_hash", &sources_hash)) != ORACLE_OK) return ret;
    if ((ret = oracle_int256_field(err, "endorse", "value", value, e->value, e->value_dec, sizeof(e->value_dec))) !=
        ORACLE_OK)
        return ret;
    if ((ret = oracle_hex_bytes_field(err, "endorse", "data", data, e->data, sizeof(e->data), &e->data_len)) !=
        ORACLE_OK)
        return ret;
    if ((ret = oracle_uint(err, "endorse", "observed_at", observed_at, 0, UINT64_MAX, 1, &e->observed_at)) !=
        ORACLE_OK)
        return ret;
    return oracle_hex_field(err, "endorse", "sources_hash", sources_hash, e->sources_hash, 32);
}

/* endorse == NULL: an execute request; else an endorse request. */
static int oracle_job_parse_any(oracle_job *job, oracle_endorse *endorse, oracle_error *err, const char *request,
                                size_t len)
{
    oracle_span root, spec, text, round, request_id, chain_time, targets, reuse, endorse_span;
    oracle_field fields[] = {{"job", &spec},
                             {"job_text", &text},
                             {"round", &round},
                             {"request_id", &request_id},
                             {"chain_time", &chain_time},
                             {"targets", &targets},
                             {"reuse_connections", &reuse},
                             {"endorse", &endorse_span}};
    uint64_t x;
    int ret;

    ORACLE_ARG_CHECK(job != NULL && (request != NULL || len == 0));
    memset(job, 0, sizeof(*job));
    if (err) err->code = ORACLE_OK, err->detail[0] = 0;
    if (len > ORACLE_JOB_MAX_REQUEST)
        return oracle_error_set(err, ORACLE_ERR_JOB_LIMIT, "request: %zu bytes, more than the limit %d", len,
                                ORACLE_JOB_MAX_REQUEST);
    ret = oracle_json_validate(request, len, ORACLE_JOB_MAX_DEPTH, &root);
    if (ret != ORACLE_OK)
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                ret == ORACLE_ERR_JSON_TOO_DEEP ? "request: nested too deeply"
                                                                : "request: not valid JSON");
    job->arena_cap = 3 * len + 64;
    job->arena = (char *)malloc(job->arena_cap);
    if (job->arena == NULL) return oracle_error_set(err, ORACLE_ERR_NO_MEMORY, "request: out of memory");

    /* "endorse" is a field only of endorse requests. */
    if ((ret = oracle_fields(err, "request", root, fields, endorse ? 8 : 7)) != ORACLE_OK) return ret;
    if (oracle_present(&spec) && oracle_present(&text))
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED,
                                "request.job, request.job_text: give the job once, as an object or as text, not both");
    if (!oracle_present(&spec) && !oracle_present(&text))
        return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "request.job: missing (or request.job_text)");
    if ((ret = oracle_require(err, "request", "round", &round)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "request", "chain_time", &chain_time)) != ORACLE_OK) return ret;
    if ((ret = oracle_require(err, "request", "targets", &targets)) != ORACLE_OK) return ret;
    if (endorse && (ret = oracle_require(err, "request", "endorse", &endorse_span)) != ORACLE_OK) return ret;

    /* The context first: with it, a refused job can still be reported. */
    if ((ret = oracle_uint(err, "request", "round", round, 0, UINT64_MAX, 1, &job->round)) != ORACLE_OK)
        return ret;
    if (oracle_present(&request_id) &&
        (ret = oracle_hex_field(err, "request", "request_id", request_id, job->request_id, 32)) != ORACLE_OK)
        return ret;
    /* Unix seconds up to year 9999: beyond that the Date header cannot say it. */
    if ((ret = oracle_uint(err, "request", "chain_time", chain_time, 1, 253402300799ULL, 0, &x)) != ORACLE_OK)
        return ret;
    job->chain_time = (int64_t)x;
    if ((ret = oracle_parse_targets(job, err, targets)) != ORACLE_OK) return ret;
    job->reuse_connections = 1;
    if (oracle_present(&reuse)) {
        oracle_json_type t = oracle_json_type_of(reuse);
        if (t != ORACLE_JSON_TRUE && t != ORACLE_JSON_FALSE)
            return oracle_error_set(err, ORACLE_ERR_JOB_MALFORMED, "request.reuse_connections: must be true or false");
        job->reuse_connections = t == ORACLE_JSON_TRUE;
    }
    if (endorse && (ret = oracle_parse_endorse(err, endorse_span, endorse)) != ORACLE_OK) return ret;
    job->context_parsed = 1;

    if (oracle_present(&text)) return oracle_parse_job_text(job, err, text);
    if ((ret = oracle_parse_spec(job, err, spec)) != ORACLE_OK) return ret;
    return oracle_feed_id(job, err, spec);
}

int oracle_job_parse(oracle_job *job, oracle_error *err, const char *request, size_t len)
{
    return oracle_job_parse_any(job, NULL, err, request, len);
}

int oracle_job_parse_endorse(oracle_job *job, oracle_endorse *endorse, oracle_error *err, const char *request,
                             size_t len)
{
    ORACLE_ARG_CHECK(endorse != NULL);
    return oracle_job_parse_any(job, endorse, err, request, len);
}

void oracle_job_free(oracle_job *job)
{
    if (job == NULL) return;
    if (job->arena) {
        mbedtls_platform_zeroize(job->arena, job->arena_cap);
        free(job->arena);
    }
    memset(job, 0, sizeof(*job));
}
