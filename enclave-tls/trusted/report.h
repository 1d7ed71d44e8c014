/*
 * report.h: what the enclave signs (DESIGN.md section 4).
 *
 *   EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
 *     name "AttestedOracle", version "1": one report per target chain and contract.
 *   Report(bytes32 feedId,bytes32 requestId,uint64 round,int256 value,bytes data,
 *          uint64 observedAt,bytes32 sourcesHash)
 *   digest = keccak256(0x1901 || domainSeparator || hashStruct(Report))
 *
 * sourcesHash commits to every source of the job, successful or not, in job
 * order, as EIP-712 encodes an array of structs:
 *   SourceCommitment(string host,uint16 port,bytes32 spkiHash,bytes32 requestHash,
 *                    uint16 status,bytes32 bodyHash,int256 value,bytes data,uint16 outcome)
 *   sourcesHash = keccak256(hashStruct(c_0) || ... || hashStruct(c_n-1))
 * where spkiHash = sha256(server certificate SubjectPublicKeyInfo DER),
 * requestHash = sha256(request bytes), bodyHash = sha256(body), outcome = 0 or
 * the source's error code (trusted/errors.h); unknown parts of a failed source
 * are zero.
 *
 * Error report: a job given as job_text by an on-chain request (request id not
 * zero) that the enclave refuses while parsing it (a 1xx error) is answered
 * with a report of the same type, so that the chain can close the request:
 *   feedId = keccak256(job_text), value = 0, data = the error's stable name
 *   ("job_url"), observedAt = the request's chain_time, and
 *   sourcesHash = ORACLE_ERROR_MARKER = keccak256("AttestedOracle/error/v1")
 *   = 0xae6ea57a9d71c42abb69fdb39b030d6e056b5ef93016de44cd16700ee06bad03,
 * which no real sourcesHash can equal without a keccak256 preimage.
 *
 * Compact proof (big-endian integers; 213 bytes for one signature and no data):
 *   version u8 = 1 | feedId 32 | requestId 32 | round u64 | value 32 | observedAt u64 |
 *   sourcesHash 32 | dataLen u16 | data | sigCount u8 | (r 32, s 32, v 1) per signature
 */
#ifndef ORACLE_REPORT_H
#define ORACLE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fetch.h"
#include "job.h"

#define ORACLE_PROOF_VERSION 1
/* The preimage of an error report's sourcesHash (23 ASCII bytes, no NUL). */
#define ORACLE_ERROR_MARKER_PREIMAGE "AttestedOracle/error/v1"

typedef struct oracle_report_fields {
    uint8_t feed_id[32];
    uint8_t request_id[32];
    uint64_t round;
    uint8_t value[32];
    const uint8_t *data;
    size_t data_len;         /* <= 256 */
    uint64_t observed_at;
    uint8_t sources_hash[32];
} oracle_report_fields;

/* Out: out = hashStruct(SourceCommitment) of source i. */
void oracle_report_source_leaf(uint8_t out[32], const oracle_job *job, size_t i, const oracle_source_result *r);

/* Out: out = sourcesHash over every source of the job. */
void oracle_report_sources_hash(uint8_t out[32], const oracle_job *job, const oracle_source_result *results);

/* Out: f = the fields of the error report for a job refused with code
 * (feedId, requestId and round from job; data points at the code's static name).
 * In: job with context_parsed and from_text set. */
void oracle_report_error_fields(oracle_report_fields *f, const oracle_job *job, int code);

/* Out: out = the EIP-712 digest of the report for one target. */
void oracle_report_digest(uint8_t out[32], const oracle_report_fields *f, const oracle_target *target);

/* Appends the compact proof with one signature (r || s || v). */
void oracle_report_proof(oracle_buf *out, const oracle_report_fields *f, const uint8_t sig[65]);

#endif
