#include "errors.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct oracle_err_entry {
    int code;
    const char *name;
    const char *text;
} oracle_err_entry;

static const oracle_err_entry oracle_err_table[] = {
    {ORACLE_OK, "ok", "success"},
    {ORACLE_ERR_JOB_MALFORMED, "job_malformed", "job spec is malformed"},
    {ORACLE_ERR_JOB_LIMIT, "job_limit", "job spec asks for more than the enclave allows"},
    {ORACLE_ERR_JOB_AGGREGATION, "job_aggregation", "unknown aggregation method"},
    {ORACLE_ERR_JOB_URL, "job_url", "source URL is not https://host[:port]/path"},
    {ORACLE_ERR_JOB_POINTER, "job_pointer", "JSON Pointer is not valid RFC 6901 syntax"},
    {ORACLE_ERR_JOB_NOT_CANONICAL, "job_not_canonical", "job_text is not in RFC 8785 canonical form"},
    {ORACLE_ERR_DNS, "dns", "host could not resolve the name"},
    {ORACLE_ERR_CONNECT, "connect", "TCP connection failed"},
    {ORACLE_ERR_TIMEOUT, "timeout", "server did not answer in time"},
    {ORACLE_ERR_JOB_DEADLINE, "job_deadline", "job ran out of time"},
    {ORACLE_ERR_IO, "io", "connection failed while sending or receiving"},
    {ORACLE_ERR_TLS_HANDSHAKE, "tls_handshake", "TLS handshake failed"},
    {ORACLE_ERR_TLS_CERT_UNTRUSTED, "tls_cert_untrusted",
     "server certificate is not issued by a CA in the enclave's bundle"},
    {ORACLE_ERR_TLS_HOSTNAME, "tls_hostname", "server certificate does not name the host"},
    {ORACLE_ERR_TLS_CERT_EXPIRED, "tls_cert_expired", "server certificate has expired"},
    {ORACLE_ERR_TLS_CERT_NOT_YET_VALID, "tls_cert_not_yet_valid",
     "server certificate is not valid yet"},
    {ORACLE_ERR_TLS_CERT_INVALID, "tls_cert_invalid", "server certificate is not acceptable"},
    {ORACLE_ERR_TLS_PROTOCOL, "tls_protocol", "TLS protocol violation"},
    {ORACLE_ERR_HTTP_MALFORMED, "http_malformed", "HTTP response is malformed"},
    {ORACLE_ERR_HTTP_TRUNCATED, "http_truncated", "HTTP response was truncated"},
    {ORACLE_ERR_HTTP_TOO_LARGE, "http_too_large", "HTTP response is larger than allowed"},
    {ORACLE_ERR_HTTP_STATUS, "http_status", "HTTP status is not 2xx"},
    {ORACLE_ERR_HTTP_REDIRECT, "http_redirect", "HTTP redirect (redirects are not followed)"},
    {ORACLE_ERR_HTTP_NO_DATE, "http_no_date", "HTTP response has no valid Date header"},
    {ORACLE_ERR_TIME_SKEW, "time_skew", "server Date is too far from the job's chain time"},
    {ORACLE_ERR_JSON_MALFORMED, "json_malformed", "response body is not valid JSON"},
    {ORACLE_ERR_JSON_TOO_DEEP, "json_too_deep", "JSON nesting is deeper than allowed"},
    {ORACLE_ERR_JSON_NOT_FOUND, "json_not_found", "JSON Pointer names nothing in the document"},
    {ORACLE_ERR_JSON_DUPLICATE_KEY, "json_duplicate_key",
     "JSON Pointer passes through a duplicated object key"},
    {ORACLE_ERR_VALUE_NOT_NUMBER, "value_not_number",
     "extracted value is not a number or decimal string"},
    {ORACLE_ERR_VALUE_RANGE, "value_range", "scaled value does not fit in int256"},
    {ORACLE_ERR_VALUE_TOO_LONG, "value_too_long", "extracted bytes are longer than 256"},
    {ORACLE_ERR_TOO_FEW_SOURCES, "too_few_sources", "fewer sources succeeded than min_sources"},
    {ORACLE_ERR_DEVIATION, "deviation",
     "a source deviates from the median by more than max_deviation_bps"},
    {ORACLE_ERR_DISAGREE, "disagree", "sources returned different bytes"},
    {ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE, "endorse_out_of_tolerance",
     "own result is outside the job's tolerance of the leader's report"},
    {ORACLE_ERR_NOT_INITIALIZED, "not_initialized", "enclave is not initialised"},
    {ORACLE_ERR_SEALED_KEY, "sealed_key", "sealed key cannot be unsealed by this enclave"},
    {ORACLE_ERR_ENTROPY, "entropy", "enclave entropy source failed"},
    {ORACLE_ERR_TIME_BACKWARDS, "time_backwards", "chain time is older than the enclave's time floor"},
    {ORACLE_ERR_BUFFER_TOO_SMALL, "buffer_too_small", "output buffer is too small"},
    {ORACLE_ERR_NO_MEMORY, "no_memory", "out of memory"},
    {ORACLE_ERR_ARGUMENT, "argument", "invalid argument (caller bug)"},
    {ORACLE_ERR_INTERNAL, "internal", "internal error in a crypto library call"},
    {ORACLE_ERR_BACKEND, "backend", "enclave backend failed"},
};

static const oracle_err_entry *oracle_err_find(int code)
{
    size_t i;
    for (i = 0; i < sizeof(oracle_err_table) / sizeof(oracle_err_table[0]); i++) {
        if (oracle_err_table[i].code == code) return &oracle_err_table[i];
    }
    return NULL;
}

const char *oracle_err_name(int code)
{
    const oracle_err_entry *e = oracle_err_find(code);
    return e ? e->name : "unknown";
}

const char *oracle_err_text(int code)
{
    const oracle_err_entry *e = oracle_err_find(code);
    return e ? e->text : "unknown error";
}

int oracle_error_set(oracle_error *e, int code, const char *fmt, ...)
{
    va_list ap;
    if (e == NULL) return code;
    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
    va_end(ap);
    return code;
}
