#include "fetch.h"

#include <string.h>

#include <mbedtls/bignum.h>
#include <mbedtls/sha256.h>

#include "buf.h"
#include "decimal.h"
#include "http.h"
#include "json.h"
#include "log.h"
#include "oracle_enclave_t.h"

/* Bytes read from TLS per call (one record's plaintext is at most 16 KiB). */
#define ORACLE_FETCH_CHUNK 4096
/* Largest request: body plus headers plus request line. */
#define ORACLE_FETCH_REQUEST_MAX (ORACLE_JOB_MAX_BODY + ORACLE_JOB_MAX_HEADERS * 4400 + 4096)

/* What the exchange learnt about the server, kept after the connection is gone. */
typedef struct oracle_exchange_info {
    int64_t valid_from;
    int64_t valid_until;
} oracle_exchange_info;

static int64_t oracle_fetch_now_ms(void)
{
    int64_t t = 0;
    if (oracle_ocall_untrusted_time_ms(&t) != OE_OK) return 0;
    return t;
}

static int oracle_http_error(oracle_error *err, int code, const oracle_source *s, size_t cap)
{
    switch (code) {
    case ORACLE_ERR_HTTP_TOO_LARGE:
        return oracle_error_set(err, code, "%s:%u: response larger than %zu bytes (or its head over the "
                                           "header limits)", s->host, s->port, cap);
    case ORACLE_ERR_NO_MEMORY:
        return oracle_error_set(err, code, "%s:%u: out of memory while reading the response", s->host, s->port);
    case ORACLE_ERR_HTTP_TRUNCATED:
        return oracle_error_set(err, code, "%s:%u: connection ended before the response was complete",
                                s->host, s->port);
    default:
        return oracle_error_set(err, code, "%s:%u: response is not valid HTTP/1.1", s->host, s->port);
    }
}

/* One request/response on a pooled or new connection. A reused connection
 * that the server had already closed is retried once on a new one, but only
 * when not a single byte of the response had arrived. */
static int oracle_exchange(oracle_tls *tls, oracle_source_result *r, oracle_exchange_info *info,
                           oracle_http_response *resp, const oracle_job *job, const oracle_source *s,
                           const oracle_buf *req, int64_t deadline_ms)
{
    uint8_t chunk[ORACLE_FETCH_CHUNK];
    int attempt, ret = ORACLE_ERR_INTERNAL;
    for (attempt = 0; attempt < 2; attempt++) {
        oracle_conn *conn = NULL;
        int reused = 0, received_any = 0;
        ret = oracle_tls_acquire(tls, &conn, &reused, &r->error, s->host, s->port, job->connect_timeout_ms,
                                 job->io_timeout_ms, deadline_ms, job->reuse_connections);
        if (ret != ORACLE_OK) return ret;
        r->reused = reused;
        r->has_tls = 1;
        memcpy(r->spki_sha256, conn->spki_sha256, 32);
        info->valid_from = conn->valid_from;
        info->valid_until = conn->valid_until;
        /* Judge the certificate at chain time before the request (which may
         * carry credentials) leaves the enclave. */
        ret = oracle_tls_check_validity(conn, &r->error, job->chain_time, "job's chain time");
        if (ret != ORACLE_OK) {
            oracle_tls_close(conn, 1);
            return ret;
        }
        ret = oracle_tls_write_all(conn, &r->error, req->data, req->len);
        if (ret != ORACLE_OK) {
            oracle_tls_close(conn, 0);
            if (reused && attempt == 0 && ret == ORACLE_ERR_IO) continue;
            return ret;
        }
        oracle_http_response_free(resp);
        oracle_http_response_init(resp, job->max_response_bytes, 0);
        for (;;) {
            size_t got = 0, consumed = 0;
            int clean = 0, pret;
            ret = oracle_tls_read(conn, &r->error, chunk, sizeof(chunk), &got, &clean);
            if (ret != ORACLE_OK) {
                oracle_tls_close(conn, 0);
                if (reused && !received_any && attempt == 0 && ret == ORACLE_ERR_IO) break;
                if (received_any && ret == ORACLE_ERR_IO)
                    return oracle_error_set(&r->error, ORACLE_ERR_HTTP_TRUNCATED,
                                            "%s:%u: connection reset before the response was complete",
                                            s->host, s->port);
                return ret;
            }
            if (got == 0) {
                oracle_tls_close(conn, 0);
                if (reused && !received_any && attempt == 0) break; /* server had closed the idle conn */
                if (!clean) {
                    return oracle_error_set(&r->error, ORACLE_ERR_HTTP_TRUNCATED,
                                            "%s:%u: connection closed without TLS close_notify before the "
                                            "response was complete", s->host, s->port);
                }
                ret = oracle_http_response_finish(resp);
                if (ret != ORACLE_OK) return oracle_http_error(&r->error, ret, s, job->max_response_bytes);
                return ORACLE_OK;
            }
            received_any = 1;
            pret = oracle_http_response_feed(resp, chunk, got, &consumed);
            if (pret == ORACLE_HTTP_NEED_MORE) continue;
            if (pret != ORACLE_OK) {
                oracle_tls_close(conn, 0);
                return oracle_http_error(&r->error, pret, s, job->max_response_bytes);
            }
            conn->requests++;
            if (resp->keep_alive && consumed == got && job->reuse_connections &&
                mbedtls_ssl_get_bytes_avail(&conn->ssl) == 0)
                oracle_tls_release(tls, conn);
            else
                oracle_tls_close(conn, 1);
            return ORACLE_OK;
        }
    }
    return ret;
}

/* Pointer, then number or bytes, from a validated body. */
static int oracle_extract(oracle_source_result *r, const oracle_job *job, const oracle_source *s,
                          const uint8_t *body, size_t len)
{
    oracle_span root, v;
    mbedtls_mpi x;
    char text[ORACLE_DECIMAL_TEXT_MAX + 1];
    size_t n = 0;
    int ret;

    ret = oracle_json_validate((const char *)body, len, ORACLE_JSON_DEFAULT_MAX_DEPTH, &root);
    if (ret == ORACLE_ERR_JSON_TOO_DEEP)
        return oracle_error_set(&r->error, ret, "%s: JSON nested deeper than %d levels", s->host,
                                ORACLE_JSON_DEFAULT_MAX_DEPTH);
    if (ret != ORACLE_OK) return oracle_error_set(&r->error, ORACLE_ERR_JSON_MALFORMED, "%s: body is not valid JSON", s->host);
    ret = oracle_json_pointer_eval(root, s->pointer, s->pointer_len, &v);
    if (ret == ORACLE_ERR_JSON_NOT_FOUND)
        return oracle_error_set(&r->error, ret, "%s: pointer \"%s\" names nothing in the body", s->host, s->pointer);
    if (ret == ORACLE_ERR_JSON_DUPLICATE_KEY)
        return oracle_error_set(&r->error, ret, "%s: pointer \"%s\" passes through a duplicated key", s->host,
                                s->pointer);
    if (ret != ORACLE_OK) return oracle_error_set(&r->error, ret, "%s: pointer \"%s\" failed", s->host, s->pointer);

    if (job->result_type == ORACLE_RESULT_BYTES) {
        if (oracle_json_type_of(v) == ORACLE_JSON_STRING) {
            ret = oracle_json_string_decode(v, (char *)r->data, sizeof(r->data), &n);
            if (ret == ORACLE_ERR_BUFFER_TOO_SMALL) goto too_long;
            if (ret != ORACLE_OK) return oracle_error_set(&r->error, ORACLE_ERR_JSON_MALFORMED, "%s: bad string", s->host);
        } else {
            /* Not a string: the value's JSON text as the server wrote it. */
            n = v.n;
            if (n > sizeof(r->data)) goto too_long;
            memcpy(r->data, v.p, n);
        }
        r->data_len = n;
        return ORACLE_OK;
    too_long:
        return oracle_error_set(&r->error, ORACLE_ERR_VALUE_TOO_LONG, "%s: value at \"%s\" is longer than %d bytes",
                                s->host, s->pointer, ORACLE_BYTES_MAX);
    }

    switch (oracle_json_type_of(v)) {
    case ORACLE_JSON_NUMBER:
        if (v.n > ORACLE_DECIMAL_TEXT_MAX) goto not_number;
        memcpy(text, v.p, v.n);
        n = v.n;
        break;
    case ORACLE_JSON_STRING:
        if (oracle_json_string_decode(v, text, sizeof(text) - 1, &n) != ORACLE_OK) goto not_number;
        break;
    default:
        goto not_number;
    }
    mbedtls_mpi_init(&x);
    ret = oracle_decimal_parse(text, n, job->decimals, &x);
    if (ret == ORACLE_OK) ret = oracle_int256_to_be(&x, r->value);
    if (ret == ORACLE_OK) ret = oracle_int256_to_dec(&x, r->value_dec, sizeof(r->value_dec));
    mbedtls_mpi_free(&x);
    if (ret == ORACLE_ERR_VALUE_NOT_NUMBER) goto not_number;
    if (ret == ORACLE_ERR_VALUE_RANGE)
        return oracle_error_set(&r->error, ret, "%s: value at \"%s\" scaled by 10^%u does not fit in int256",
                                s->host, s->pointer, job->decimals);
    if (ret != ORACLE_OK) return oracle_error_set(&r->error, ret, "%s: value conversion failed", s->host);
    return ORACLE_OK;
not_number:
    return oracle_error_set(&r->error, ORACLE_ERR_VALUE_NOT_NUMBER,
                            "%s: value at \"%s\" is not a number or decimal string", s->host, s->pointer);
}

void oracle_fetch(oracle_tls *tls, oracle_source_result *r, const oracle_job *job, size_t index,
                  int64_t deadline_ms)
{
    const oracle_source *s = &job->sources[index];
    oracle_http_response resp;
    oracle_exchange_info info = {0, 0};
    oracle_buf req;
    int64_t start = oracle_fetch_now_ms(), skew;
    int ret;

    memset(r, 0, sizeof(*r));
    r->date = -1;
    oracle_buf_growable(&req, ORACLE_FETCH_REQUEST_MAX);
    oracle_http_response_init(&resp, job->max_response_bytes, 0);

    ret = oracle_http_build_request(&req, s->method, s->host, s->port, s->target, s->headers, s->header_count,
                                    s->body, s->body_len, job->reuse_connections);
    if (ret != ORACLE_OK) {
        oracle_error_set(&r->error, ORACLE_ERR_JOB_LIMIT, "%s: request too large", s->host);
        goto exit;
    }
    mbedtls_sha256_ret(req.data, req.len, r->request_sha256, 0);

    ret = oracle_exchange(tls, r, &info, &resp, job, s, &req, deadline_ms);
    if (ret != ORACLE_OK) goto exit;
    r->status = resp.status;
    r->date = resp.date;
    r->framing = (int)resp.framing;
    r->body_len = resp.body.len;
    mbedtls_sha256_ret(resp.body.data, resp.body.len, r->body_sha256, 0);

    /* Time: the server's authenticated Date must exist, lie inside the
     * certificate chain's validity and agree with the job's chain time. */
    if (resp.date < 0) {
        oracle_error_set(&r->error, ORACLE_ERR_HTTP_NO_DATE, "%s:%u: response has no valid Date header", s->host,
                         s->port);
        goto exit;
    }
    if (resp.date > info.valid_until || resp.date < info.valid_from) {
        oracle_error_set(&r->error,
                         resp.date > info.valid_until ? ORACLE_ERR_TLS_CERT_EXPIRED : ORACLE_ERR_TLS_CERT_NOT_YET_VALID,
                         "%s:%u: certificate chain valid from unix %lld to %lld, server Date is unix %lld",
                         s->host, s->port, (long long)info.valid_from, (long long)info.valid_until,
                         (long long)resp.date);
        goto exit;
    }
    skew = resp.date - job->chain_time;
    if (skew < 0) skew = -skew;
    if (skew > (int64_t)job->max_date_skew_s) {
        oracle_error_set(&r->error, ORACLE_ERR_TIME_SKEW,
                         "%s:%u: server Date (unix %lld) is %lld s from the chain time (unix %lld); allowed %u s",
                         s->host, s->port, (long long)resp.date, (long long)skew, (long long)job->chain_time,
                         job->max_date_skew_s);
        goto exit;
    }
    if (resp.status >= 300 && resp.status < 400) {
        oracle_error_set(&r->error, ORACLE_ERR_HTTP_REDIRECT, "%s:%u: status %d redirect to \"%s\" not followed",
                         s->host, s->port, resp.status, resp.location);
        goto exit;
    }
    if (resp.status < 200 || resp.status >= 300) {
        oracle_error_set(&r->error, ORACLE_ERR_HTTP_STATUS, "%s:%u: status %d", s->host, s->port, resp.status);
        goto exit;
    }
    if (oracle_extract(r, job, s, resp.body.data, resp.body.len) != ORACLE_OK) goto exit;
    r->error.code = ORACLE_OK;
exit:
    r->elapsed_ms = (uint32_t)(oracle_fetch_now_ms() - start);
    if (r->error.code != ORACLE_OK)
        oracle_log(ORACLE_LOG_INFO, "source %zu failed: %s: %s", index, oracle_err_name(r->error.code),
                   r->error.detail);
    oracle_http_response_free(&resp);
    oracle_buf_free(&req);
}
