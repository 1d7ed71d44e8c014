/*
 * endorse.h: quorum mode (DESIGN.md section 6). A follower's enclave runs the
 * leader's job itself and signs the leader's report only if its own result
 * agrees with it within the job's tolerance:
 *
 *   int256: |own - leader| * 10000 <= max_deviation_bps * |leader|
 *           (equality when the job has no max_deviation_bps), and the leader's
 *           data is empty, as an int256 report's is;
 *   bytes:  own data == leader's data, and the leader's value is 0;
 *   both:   |own observedAt - leader's observedAt| <= max_date_skew_s.
 */
#ifndef ORACLE_ENDORSE_H
#define ORACLE_ENDORSE_H

#include "aggregate.h"
#include "errors.h"
#include "job.h"

/* Returns: ORACLE_OK when own agrees with leader; ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE
 *          with err->detail naming both values and the tolerance; ORACLE_ERR_NO_MEMORY;
 *          ORACLE_ERR_INTERNAL.
 * In: job (parsed), own (its aggregate), leader (the endorse request's fields). */
int oracle_endorse_check(oracle_error *err, const oracle_job *job, const oracle_aggregate *own,
                         const oracle_endorse *leader);

#endif
