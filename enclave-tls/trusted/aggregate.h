/*
 * aggregate.h: one value from the sources of a job.
 *
 *   median (int256): the median of the successful sources' values (for an even
 *     count, the mean of the two middle values rounded toward zero); fails if
 *     fewer than min_sources succeeded, or if any successful value deviates from
 *     the median by more than max_deviation_bps (|v - m| * 10000 > bps * |m|).
 *   identical (bytes): every successful source returned the same bytes.
 *
 * observedAt is the median of the successful sources' Date headers, by the
 * same rule.
 */
#ifndef ORACLE_AGGREGATE_H
#define ORACLE_AGGREGATE_H

#include <stdint.h>

#include "errors.h"
#include "fetch.h"
#include "job.h"

typedef struct oracle_aggregate {
    uint8_t value[32];          /* int256 big-endian; zero for bytes jobs */
    char value_dec[80];
    uint8_t data[ORACLE_BYTES_MAX];
    size_t data_len;
    uint64_t observed_at;
    size_t used;                /* successful sources */
} oracle_aggregate;

/* Returns: ORACLE_OK; ORACLE_ERR_TOO_FEW_SOURCES (or, when every source failed
 * the same way, that error); ORACLE_ERR_DEVIATION; ORACLE_ERR_DISAGREE;
 * ORACLE_ERR_NO_MEMORY. err->detail names the sources involved. */
int oracle_aggregate_run(oracle_aggregate *out, oracle_error *err, const oracle_job *job,
                         const oracle_source_result *results);

#endif
