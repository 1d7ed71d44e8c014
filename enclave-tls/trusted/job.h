/*
 * job.h: the execute request and the job spec inside it.
 *
 * An execute request is JSON (enclave-tls/README.md has the full reference):
 *
 *   { "job": { "sources": [ { "url", "method"?, "headers"?, "body"?, "pointer" } ],
 *              "result": { "type": "int256", "decimals" } | { "type": "bytes" },
 *              "aggregation": { "method": "median" | "identical",
 *                               "min_sources", "max_deviation_bps"? },
 *              "limits"?: { "max_response_bytes", "connect_timeout_ms",
 *                           "io_timeout_ms", "job_timeout_ms", "max_date_skew_s" } }
 *       | "job_text": "<the same job as JSON text, in RFC 8785 canonical form>",
 *     "round", "request_id"?, "chain_time",
 *     "targets": [ { "chain_id", "verifying_contract" } ],
 *     "reuse_connections"? }
 *
 * An endorse request (quorum mode) is the same plus
 *     "endorse": { "value", "data", "observed_at", "sources_hash" }   (the leader's report)
 *
 * The job is the feed's definition: feedId = keccak256(JCS(job)) over exactly
 * the job the enclave parsed. Given as job_text (the bytes an on-chain request
 * stored), feedId = keccak256(job_text), and the text must be JCS(job) byte for
 * byte, so both forms of one job have one feed id. Everything outside the job
 * is the context of one execution (which round, which chain time, where the
 * reports go).
 *
 * Parsing is strict: unknown fields, wrong types, values past the limits below
 * and duplicate keys are errors that name the field, and all of it happens
 * before any connection is opened. The context is parsed before the job, so
 * that a refused job still has a round, request id, chain time and targets
 * (oracle_job.context_parsed) to sign an error report for.
 */
#ifndef ORACLE_JOB_H
#define ORACLE_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "http.h"

/* Enclave-wide limits a job cannot exceed. */
#define ORACLE_JOB_MAX_REQUEST 262144        /* bytes of one execute request */
#define ORACLE_JOB_MAX_SOURCES 16
#define ORACLE_JOB_MAX_HEADERS 16            /* per source */
#define ORACLE_JOB_MAX_URL 2048
#define ORACLE_JOB_MAX_HOST 253
#define ORACLE_JOB_MAX_POINTER 512
#define ORACLE_JOB_MAX_BODY 65536            /* request body of a POST source */
#define ORACLE_JOB_MAX_TARGETS 8
#define ORACLE_JOB_MAX_RESPONSE (4u * 1024 * 1024)
#define ORACLE_JOB_MAX_TIMEOUT_MS 120000u
#define ORACLE_JOB_MAX_DATE_SKEW_S 3600u
#define ORACLE_JOB_MAX_TEXT 65536            /* bytes of a job given as job_text (decoded) */
#define ORACLE_JOB_MAX_DATA 256              /* bytes of a bytes result (endorse.data) */

/* Defaults for fields a job leaves out. */
#define ORACLE_JOB_DEFAULT_RESPONSE (1024u * 1024)
#define ORACLE_JOB_DEFAULT_CONNECT_MS 5000u
#define ORACLE_JOB_DEFAULT_IO_MS 5000u
#define ORACLE_JOB_DEFAULT_JOB_MS 15000u
#define ORACLE_JOB_DEFAULT_DATE_SKEW_S 300u

typedef enum oracle_result_type {
    ORACLE_RESULT_INT256 = 1,  /* value = decimal * 10^decimals */
    ORACLE_RESULT_BYTES = 2    /* data = raw bytes (<= 256) */
} oracle_result_type;

typedef enum oracle_aggregation {
    ORACLE_AGG_MEDIAN = 1,     /* int256: median of successes, deviation bound */
    ORACLE_AGG_IDENTICAL = 2   /* bytes: every success returned the same bytes */
} oracle_aggregation;

typedef struct oracle_source {
    const char *url;           /* as given, NUL-terminated */
    const char *host;          /* lowercased DNS name, NUL-terminated */
    uint16_t port;
    const char *target;        /* path and query, "/" if empty */
    const char *method;        /* "GET" or "POST" */
    oracle_http_header headers[ORACLE_JOB_MAX_HEADERS];
    size_t header_count;
    const uint8_t *body;       /* POST body, NULL for none */
    size_t body_len;
    const char *pointer;       /* RFC 6901, NUL-terminated */
    size_t pointer_len;
} oracle_source;

typedef struct oracle_target {
    uint8_t chain_id[32];      /* uint256 big-endian */
    uint8_t verifying_contract[20];
} oracle_target;

typedef struct oracle_job {
    /* The job spec. */
    oracle_source sources[ORACLE_JOB_MAX_SOURCES];
    size_t source_count;
    oracle_result_type result_type;
    unsigned decimals;
    oracle_aggregation aggregation;
    unsigned min_sources;
    int has_max_deviation;
    uint32_t max_deviation_bps;
    size_t max_response_bytes;
    uint32_t connect_timeout_ms;
    uint32_t io_timeout_ms;
    uint32_t job_timeout_ms;
    uint32_t max_date_skew_s;
    uint8_t feed_id[32];       /* keccak256(JCS(job)), or keccak256(job_text) (the same bytes) */

    /* The execution context. */
    uint64_t round;
    uint8_t request_id[32];
    int64_t chain_time;        /* unix seconds */
    oracle_target targets[ORACLE_JOB_MAX_TARGETS];
    size_t target_count;
    int reuse_connections;     /* default 1 */

    /* How far parsing got; set even when oracle_job_parse fails. */
    int context_parsed;        /* round, request_id, chain_time, targets (and endorse) are valid */
    int from_text;             /* the job came as job_text and feed_id = keccak256(job_text) is set */

    /* Private: decoded strings live here; freed by oracle_job_free. */
    char *arena;
    size_t arena_used;
    size_t arena_cap;
} oracle_job;

/* The leader's report fields in an endorse request. */
typedef struct oracle_endorse {
    uint8_t value[32];                    /* int256 big-endian two's complement */
    char value_dec[80];                   /* the same in decimal */
    uint8_t data[ORACLE_JOB_MAX_DATA];
    size_t data_len;
    uint64_t observed_at;                 /* unix seconds */
    uint8_t sources_hash[32];
} oracle_endorse;

/* Parses and checks an execute request, computing the feed id. An "endorse"
 * member is an unknown field here.
 * Returns: ORACLE_OK; ORACLE_ERR_JOB_MALFORMED, _LIMIT, _AGGREGATION, _URL,
 *          _POINTER, _NOT_CANONICAL with err->detail naming the field;
 *          ORACLE_ERR_NO_MEMORY.
 * Out: job (call oracle_job_free on every return; on failure, context_parsed
 *      and from_text say which of its fields are valid), err (optional).
 * In: request[0..len), which need not be NUL-terminated and may be freed after. */
int oracle_job_parse(oracle_job *job, oracle_error *err, const char *request, size_t len);

/* As oracle_job_parse, for an endorse request: "endorse" is required and
 * parsed into *endorse (a malformed one is ORACLE_ERR_JOB_MALFORMED naming
 * the field, "endorse.value: ..."; data over ORACLE_JOB_MAX_DATA bytes is
 * ORACLE_ERR_JOB_LIMIT). */
int oracle_job_parse_endorse(oracle_job *job, oracle_endorse *endorse, oracle_error *err, const char *request,
                             size_t len);

/* Frees what oracle_job_parse allocated. Safe on a zeroed or failed job. */
void oracle_job_free(oracle_job *job);

#endif
