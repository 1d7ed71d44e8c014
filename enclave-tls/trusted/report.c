#include "report.h"

#include <string.h>

#include "errors.h"
#include "keccak.h"

static const char oracle_domain_type[] =
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
static const char oracle_report_type[] =
    "Report(bytes32 feedId,bytes32 requestId,uint64 round,int256 value,bytes data,uint64 observedAt,"
    "bytes32 sourcesHash)";
static const char oracle_source_type[] =
    "SourceCommitment(string host,uint16 port,bytes32 spkiHash,bytes32 requestHash,uint16 status,"
    "bytes32 bodyHash,int256 value,bytes data,uint16 outcome)";

/* ABI word helpers: a uint64 right-aligned in 32 bytes. */
static void oracle_word_u64(uint8_t w[32], uint64_t v)
{
    int i;
    memset(w, 0, 32);
    for (i = 0; i < 8; i++) w[31 - i] = (uint8_t)(v >> (8 * i));
}

static void oracle_absorb_u64(oracle_keccak256_ctx *k, uint64_t v)
{
    uint8_t w[32];
    oracle_word_u64(w, v);
    oracle_keccak256_update(k, w, 32);
}

static void oracle_absorb_hash_of(oracle_keccak256_ctx *k, const void *p, size_t n)
{
    uint8_t h[32];
    oracle_keccak256(h, p, n);
    oracle_keccak256_update(k, h, 32);
}

void oracle_report_source_leaf(uint8_t out[32], const oracle_job *job, size_t i, const oracle_source_result *r)
{
    const oracle_source *s = &job->sources[i];
    oracle_keccak256_ctx k;
    int ok = r->error.code == 0;
    static const uint8_t zero[32] = {0};
    oracle_keccak256_init(&k);
    oracle_absorb_hash_of(&k, oracle_source_type, sizeof(oracle_source_type) - 1);
    oracle_absorb_hash_of(&k, s->host, strlen(s->host));
    oracle_absorb_u64(&k, s->port);
    oracle_keccak256_update(&k, r->has_tls ? r->spki_sha256 : zero, 32);
    oracle_keccak256_update(&k, r->request_sha256, 32);
    oracle_absorb_u64(&k, (uint64_t)r->status);
    oracle_keccak256_update(&k, r->status ? r->body_sha256 : zero, 32);
    oracle_keccak256_update(&k, ok ? r->value : zero, 32);
    oracle_absorb_hash_of(&k, r->data, ok ? r->data_len : 0);
    oracle_absorb_u64(&k, (uint64_t)(unsigned)r->error.code);
    oracle_keccak256_final(&k, out);
}

void oracle_report_sources_hash(uint8_t out[32], const oracle_job *job, const oracle_source_result *results)
{
    oracle_keccak256_ctx k;
    uint8_t leaf[32];
    size_t i;
    oracle_keccak256_init(&k);
    for (i = 0; i < job->source_count; i++) {
        oracle_report_source_leaf(leaf, job, i, &results[i]);
        oracle_keccak256_update(&k, leaf, 32);
    }
    oracle_keccak256_final(&k, out);
}

void oracle_report_error_fields(oracle_report_fields *f, const oracle_job *job, int code)
{
    static const char marker[] = ORACLE_ERROR_MARKER_PREIMAGE;
    const char *name = oracle_err_name(code);
    memset(f, 0, sizeof(*f));
    memcpy(f->feed_id, job->feed_id, 32);
    memcpy(f->request_id, job->request_id, 32);
    f->round = job->round;
    f->data = (const uint8_t *)name;
    f->data_len = strlen(name);
    f->observed_at = (uint64_t)job->chain_time;
    /* 0xae6ea57a9d71c42abb69fdb39b030d6e056b5ef93016de44cd16700ee06bad03 */
    oracle_keccak256(f->sources_hash, marker, sizeof(marker) - 1);
}

void oracle_report_digest(uint8_t out[32], const oracle_report_fields *f, const oracle_target *target)
{
    oracle_keccak256_ctx k;
    uint8_t domain[32], report[32], w[32];
    static const uint8_t prefix[2] = {0x19, 0x01};

    oracle_keccak256_init(&k);
    oracle_absorb_hash_of(&k, oracle_domain_type, sizeof(oracle_domain_type) - 1);
    oracle_absorb_hash_of(&k, "AttestedOracle", 14);
    oracle_absorb_hash_of(&k, "1", 1);
    oracle_keccak256_update(&k, target->chain_id, 32);
    memset(w, 0, 12);
    memcpy(w + 12, target->verifying_contract, 20);
    oracle_keccak256_update(&k, w, 32);
    oracle_keccak256_final(&k, domain);

    oracle_keccak256_init(&k);
    oracle_absorb_hash_of(&k, oracle_report_type, sizeof(oracle_report_type) - 1);
    oracle_keccak256_update(&k, f->feed_id, 32);
    oracle_keccak256_update(&k, f->request_id, 32);
    oracle_absorb_u64(&k, f->round);
    oracle_keccak256_update(&k, f->value, 32);
    oracle_absorb_hash_of(&k, f->data, f->data_len);
    oracle_absorb_u64(&k, f->observed_at);
    oracle_keccak256_update(&k, f->sources_hash, 32);
    oracle_keccak256_final(&k, report);

    oracle_keccak256_init(&k);
    oracle_keccak256_update(&k, prefix, 2);
    oracle_keccak256_update(&k, domain, 32);
    oracle_keccak256_update(&k, report, 32);
    oracle_keccak256_final(&k, out);
}

static void oracle_put_be(oracle_buf *out, uint64_t v, int bytes)
{
    uint8_t b[8];
    int i;
    for (i = 0; i < bytes; i++) b[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
    oracle_buf_put(out, b, (size_t)bytes);
}

void oracle_report_proof(oracle_buf *out, const oracle_report_fields *f, const uint8_t sig[65])
{
    oracle_put_be(out, ORACLE_PROOF_VERSION, 1);
    oracle_buf_put(out, f->feed_id, 32);
    oracle_buf_put(out, f->request_id, 32);
    oracle_put_be(out, f->round, 8);
    oracle_buf_put(out, f->value, 32);
    oracle_put_be(out, f->observed_at, 8);
    oracle_buf_put(out, f->sources_hash, 32);
    oracle_put_be(out, f->data_len, 2);
    oracle_buf_put(out, f->data, f->data_len);
    oracle_put_be(out, 1, 1);
    oracle_buf_put(out, sig, 65);
}
