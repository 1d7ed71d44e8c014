/*
 * fetch.h: one source of a job, end to end inside the enclave: HTTP request
 * over a verified TLS connection, response parsed within the job's bounds,
 * time judged, value extracted. Produces the source's transcript commitment.
 */
#ifndef ORACLE_FETCH_H
#define ORACLE_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "job.h"
#include "tls.h"

#define ORACLE_BYTES_MAX 256

typedef struct oracle_source_result {
    oracle_error error;            /* code ORACLE_OK when the source succeeded */
    int status;                    /* HTTP status, 0 if none was read */
    int64_t date;                  /* server Date (unix s), -1 if none */
    int has_tls;                   /* 1 once the handshake verified the server */
    uint8_t spki_sha256[32];       /* zero until has_tls */
    uint8_t request_sha256[32];    /* sha256 of the exact request bytes */
    uint8_t body_sha256[32];       /* zero if no body was read */
    uint8_t value[32];             /* int256 big-endian two's complement; zero for bytes jobs */
    char value_dec[80];            /* the same in decimal, "" if none */
    uint8_t data[ORACLE_BYTES_MAX];/* bytes jobs: the extracted bytes */
    size_t data_len;
    size_t body_len;
    int framing;                   /* oracle_http_framing of the response */
    int reused;                    /* connection came from the pool */
    uint32_t elapsed_ms;           /* host clock, informational */
} oracle_source_result;

/* Runs source `index` of job. Never fails as a function: the outcome is in
 * r->error (ORACLE_OK or the source's error with detail).
 * In: deadline_ms is the job's deadline on the host clock (timeouts only). */
void oracle_fetch(oracle_tls *tls, oracle_source_result *r, const oracle_job *job, size_t index,
                  int64_t deadline_ms);

#endif
