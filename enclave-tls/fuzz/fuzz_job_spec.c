/*
 * fuzz_job_spec.c: libFuzzer harness for job.c (oracle_job_parse and
 * oracle_job_parse_endorse, both on every input).
 *
 * Input: an execute or endorse request, as the host would pass it (not
 * NUL-terminated); "job" or "job_text". oracle_job_free runs after every
 * parse. Besides memory safety it traps when one of these breaks:
 *   - the return code is one oracle_job_parse documents, and err->code equals it;
 *   - a failure has a non-empty detail of printable ASCII (job bytes never
 *     reach a message raw);
 *   - an accepted job is within every enclave limit, its strings are
 *     NUL-terminated copies in its own arena, its URLs were split into a
 *     lowercase DNS host, a port and a target starting with '/', its headers
 *     pass the HTTP client's own checks, and its pointers are RFC 6901;
 *   - parsing the same bytes again gives the same feed id;
 *   - a failure that left the job from text also left its context parsed
 *     (an error report needs both), and a parse that got as far as the text
 *     computed the same feed id as a second parse;
 *   - an accepted endorse object holds data of at most ORACLE_JOB_MAX_DATA
 *     bytes and a NUL-terminated decimal value, and the endorse parse agrees
 *     with the execute parse on the feed id.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "http.h"
#include "job.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void oracle_fuzz_check(int cond)
{
    if (!cond) __builtin_trap();
}

/* s is a NUL-terminated string inside the job's arena. Returns: its length. */
static size_t oracle_fuzz_arena_string(const oracle_job *job, const char *s)
{
    const char *nul;
    oracle_fuzz_check(s != NULL && s >= job->arena && s < job->arena + job->arena_used);
    nul = (const char *)memchr(s, 0, (size_t)(job->arena + job->arena_used - s));
    oracle_fuzz_check(nul != NULL); /* the NUL is inside the used arena too */
    return (size_t)(nul - s);
}

static void oracle_fuzz_source(const oracle_job *job, const oracle_source *s)
{
    size_t url_len, host_len, i;
    url_len = oracle_fuzz_arena_string(job, s->url);
    oracle_fuzz_check(url_len <= ORACLE_JOB_MAX_URL && strncmp(s->url, "https://", 8) == 0);
    host_len = oracle_fuzz_arena_string(job, s->host);
    oracle_fuzz_check(host_len >= 1 && host_len <= ORACLE_JOB_MAX_HOST);
    for (i = 0; i < host_len; i++) {
        char c = s->host[i];
        oracle_fuzz_check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.');
    }
    oracle_fuzz_check(s->host[0] != '.' && s->host[0] != '-' && s->host[host_len - 1] != '.' &&
                      s->host[host_len - 1] != '-' && strstr(s->host, "..") == NULL);
    oracle_fuzz_check(strspn(s->host, "0123456789.") != host_len); /* not an IPv4 literal */
    oracle_fuzz_check(s->port >= 1);
    (void)oracle_fuzz_arena_string(job, s->target);
    oracle_fuzz_check(s->target[0] == '/');
    for (i = 0; s->target[i]; i++) {
        unsigned char c = (unsigned char)s->target[i];
        oracle_fuzz_check(c > 0x20 && c < 0x7f && c != '#');
    }
    oracle_fuzz_check(strcmp(s->method, "GET") == 0 || strcmp(s->method, "POST") == 0);
    oracle_fuzz_check(s->header_count <= ORACLE_JOB_MAX_HEADERS);
    for (i = 0; i < s->header_count; i++) {
        const oracle_http_header *h = &s->headers[i];
        oracle_fuzz_check(oracle_fuzz_arena_string(job, h->name) == h->name_len);
        oracle_fuzz_check(oracle_fuzz_arena_string(job, h->value) == h->value_len);
        oracle_fuzz_check(oracle_http_header_name_ok(h->name, h->name_len));
        oracle_fuzz_check(oracle_http_header_value_ok(h->value, h->value_len));
    }
    if (s->body != NULL) {
        oracle_fuzz_check(strcmp(s->method, "POST") == 0);
        oracle_fuzz_check(oracle_fuzz_arena_string(job, (const char *)s->body) == s->body_len);
        oracle_fuzz_check(s->body_len <= ORACLE_JOB_MAX_BODY);
    } else {
        oracle_fuzz_check(s->body_len == 0);
    }
    oracle_fuzz_check(oracle_fuzz_arena_string(job, s->pointer) == s->pointer_len);
    oracle_fuzz_check(s->pointer_len <= ORACLE_JOB_MAX_POINTER);
    oracle_fuzz_check(oracle_json_pointer_check(s->pointer, s->pointer_len) == ORACLE_OK);
}

static void oracle_fuzz_accepted(const oracle_job *job)
{
    size_t i;
    oracle_fuzz_check(job->arena != NULL && job->arena_used <= job->arena_cap);
    oracle_fuzz_check(job->source_count >= 1 && job->source_count <= ORACLE_JOB_MAX_SOURCES);
    for (i = 0; i < job->source_count; i++) oracle_fuzz_source(job, &job->sources[i]);
    oracle_fuzz_check(job->result_type == ORACLE_RESULT_INT256 || job->result_type == ORACLE_RESULT_BYTES);
    oracle_fuzz_check(job->decimals <= 77);
    oracle_fuzz_check(job->result_type == ORACLE_RESULT_INT256 || job->decimals == 0);
    oracle_fuzz_check((job->aggregation == ORACLE_AGG_MEDIAN && job->result_type == ORACLE_RESULT_INT256) ||
                      (job->aggregation == ORACLE_AGG_IDENTICAL && job->result_type == ORACLE_RESULT_BYTES &&
                       !job->has_max_deviation));
    oracle_fuzz_check(job->min_sources >= 1 && job->min_sources <= job->source_count);
    oracle_fuzz_check(!job->has_max_deviation || job->max_deviation_bps <= 10000);
    oracle_fuzz_check(job->max_response_bytes >= 1 && job->max_response_bytes <= ORACLE_JOB_MAX_RESPONSE);
    oracle_fuzz_check(job->connect_timeout_ms >= 1 && job->connect_timeout_ms <= ORACLE_JOB_MAX_TIMEOUT_MS);
    oracle_fuzz_check(job->io_timeout_ms >= 1 && job->io_timeout_ms <= ORACLE_JOB_MAX_TIMEOUT_MS);
    oracle_fuzz_check(job->job_timeout_ms >= 1 && job->job_timeout_ms <= ORACLE_JOB_MAX_TIMEOUT_MS);
    oracle_fuzz_check(job->max_date_skew_s >= 1 && job->max_date_skew_s <= ORACLE_JOB_MAX_DATE_SKEW_S);
    oracle_fuzz_check(job->chain_time >= 1 && job->chain_time <= 253402300799LL);
    oracle_fuzz_check(job->target_count >= 1 && job->target_count <= ORACLE_JOB_MAX_TARGETS);
    oracle_fuzz_check(job->reuse_connections == 0 || job->reuse_connections == 1);
}

static int oracle_fuzz_documented(int rc)
{
    return rc == ORACLE_OK || rc == ORACLE_ERR_JOB_MALFORMED || rc == ORACLE_ERR_JOB_LIMIT ||
           rc == ORACLE_ERR_JOB_AGGREGATION || rc == ORACLE_ERR_JOB_URL || rc == ORACLE_ERR_JOB_POINTER ||
           rc == ORACLE_ERR_JOB_NOT_CANONICAL || rc == ORACLE_ERR_NO_MEMORY;
}

static void oracle_fuzz_detail(const oracle_error *err)
{
    const char *d;
    oracle_fuzz_check(memchr(err->detail, 0, sizeof(err->detail)) != NULL);
    oracle_fuzz_check(err->detail[0] != 0);
    for (d = err->detail; *d; d++) oracle_fuzz_check((unsigned char)*d >= 0x20 && (unsigned char)*d < 0x7f);
}

/* The same bytes as an endorse request. */
static void oracle_fuzz_endorse(const uint8_t *data, size_t size, int plain_rc)
{
    oracle_job job;
    oracle_endorse e;
    oracle_error err;
    int rc;
    memset(&err, 0x55, sizeof(err));
    memset(&e, 0x55, sizeof(e));
    rc = oracle_job_parse_endorse(&job, &e, &err, (const char *)data, size);
    oracle_fuzz_check(oracle_fuzz_documented(rc) && err.code == rc);
    if (rc == ORACLE_OK) {
        oracle_fuzz_check(err.detail[0] == 0);
        oracle_fuzz_accepted(&job);
        oracle_fuzz_check(e.data_len <= ORACLE_JOB_MAX_DATA);
        oracle_fuzz_check(memchr(e.value_dec, 0, sizeof(e.value_dec)) != NULL && e.value_dec[0] != 0);
        /* An accepted endorse request is an execute request plus "endorse". */
        oracle_fuzz_check(plain_rc == ORACLE_ERR_JOB_MALFORMED || plain_rc == ORACLE_ERR_NO_MEMORY);
    } else {
        oracle_fuzz_detail(&err);
    }
    if (plain_rc == ORACLE_OK) /* "endorse" missing */
        oracle_fuzz_check(rc == ORACLE_ERR_JOB_MALFORMED || rc == ORACLE_ERR_NO_MEMORY);
    oracle_job_free(&job);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oracle_job job, again;
    oracle_error err;
    int rc;

    memset(&err, 0x55, sizeof(err)); /* a parse must set it, not inherit it */
    rc = oracle_job_parse(&job, &err, (const char *)data, size);
    oracle_fuzz_check(oracle_fuzz_documented(rc));
    oracle_fuzz_check(err.code == rc);
    oracle_fuzz_check(memchr(err.detail, 0, sizeof(err.detail)) != NULL);
    if (rc == ORACLE_OK) {
        oracle_fuzz_check(err.detail[0] == 0);
        oracle_fuzz_accepted(&job);
        /* deterministic, and independent of the bytes after the input */
        oracle_fuzz_check(oracle_job_parse(&again, NULL, (const char *)data, size) == ORACLE_OK);
        oracle_fuzz_check(memcmp(again.feed_id, job.feed_id, sizeof(job.feed_id)) == 0);
        oracle_job_free(&again);
    } else {
        oracle_fuzz_detail(&err);
    }
    oracle_fuzz_check(job.context_parsed == 0 || job.context_parsed == 1);
    oracle_fuzz_check(!job.from_text || job.context_parsed);
    if (job.from_text) {
        /* The feed id an error report would sign does not depend on where parsing stopped. */
        int rc2 = oracle_job_parse(&again, NULL, (const char *)data, size);
        oracle_fuzz_check(rc2 == rc && again.from_text);
        oracle_fuzz_check(memcmp(again.feed_id, job.feed_id, sizeof(job.feed_id)) == 0);
        oracle_job_free(&again);
    }
    oracle_fuzz_endorse(data, size, rc);
    oracle_job_free(&job);
    oracle_fuzz_check(job.arena == NULL && job.source_count == 0);
    return 0;
}
