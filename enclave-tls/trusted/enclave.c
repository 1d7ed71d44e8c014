/*
 * enclave.c: the ECALLs of oracle_enclave.edl and the enclave's state.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>

#include "aggregate.h"
#include "ca_bundle.h"
#include "endorse.h"
#include "errors.h"
#include "fetch.h"
#include "job.h"
#include "keys.h"
#include "log.h"
#include "oracle_enclave_t.h"
#include "platform.h"
#include "report.h"
#include "tls.h"

#define ORACLE_ENCLAVE_VERSION "0.1.0"
/* How far a job's chain time may lie behind the latest one a job succeeded
 * with. Relayers serve several chains and requests out of order, so the floor
 * only stops the host from rolling time back by more than this. */
#define ORACLE_TIME_FLOOR_TOLERANCE_S 3600

typedef struct oracle_enclave_state {
    int initialized;
    oracle_keys keys;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca;
    size_t ca_count;
    uint8_t ca_bundle_sha256[32];
    uint8_t dev_ca_sha256[32];      /* sha256 of the dev CA's DER, if one is compiled in */
    oracle_tls tls;
    int64_t time_floor;             /* latest chain time a job succeeded with */
} oracle_enclave_state;

static oracle_enclave_state oracle_state;
static pthread_mutex_t oracle_state_lock = PTHREAD_MUTEX_INITIALIZER;

static int oracle_drbg_entropy(void *unused, unsigned char *out, size_t len)
{
    (void)unused;
    return oracle_platform_entropy(out, len) == ORACLE_OK ? 0 : -1;
}

static int64_t oracle_enclave_now_ms(void)
{
    int64_t t = 0;
    if (oracle_ocall_untrusted_time_ms(&t) != OE_OK) return 0;
    return t;
}

/* Frees everything. Caller holds the lock. */
static void oracle_state_free(void)
{
    oracle_tls_free(&oracle_state.tls);
    oracle_keys_wipe(&oracle_state.keys);
    mbedtls_x509_crt_free(&oracle_state.ca);
    mbedtls_ctr_drbg_free(&oracle_state.drbg);
    mbedtls_platform_zeroize(&oracle_state, sizeof(oracle_state));
}

/* The CA bundle compiled into this image: parse it and fingerprint it. */
static int oracle_load_ca(void)
{
    mbedtls_x509_crt dev;
    mbedtls_x509_crt *c;
    int ret;
    mbedtls_x509_crt_init(&oracle_state.ca);
    ret = mbedtls_x509_crt_parse(&oracle_state.ca, oracle_ca_bundle, oracle_ca_bundle_len);
    if (ret < 0) return ORACLE_ERR_INTERNAL;
    if (ret > 0) oracle_log(ORACLE_LOG_WARNING, "CA bundle: %d certificates MbedTLS cannot parse were skipped", ret);
    for (c = &oracle_state.ca; c != NULL && c->raw.len > 0; c = c->next) oracle_state.ca_count++;
    /* Over the PEM text, without the NUL that MbedTLS's parser wants. */
    mbedtls_sha256_ret(oracle_ca_bundle, oracle_ca_bundle_len - 1, oracle_state.ca_bundle_sha256, 0);
    if (oracle_dev_ca_len > 0) {
        mbedtls_x509_crt_init(&dev);
        ret = mbedtls_x509_crt_parse(&dev, oracle_dev_ca, oracle_dev_ca_len);
        if (ret == 0) mbedtls_sha256_ret(dev.raw.p, dev.raw.len, oracle_state.dev_ca_sha256, 0);
        mbedtls_x509_crt_free(&dev);
        if (ret != 0) return ORACLE_ERR_INTERNAL;
    }
    return ORACLE_OK;
}

int oracle_ecall_init(const uint8_t *sealed, size_t sealed_len, uint8_t *sealed_out, size_t sealed_out_cap,
                      size_t *sealed_out_len, uint8_t *public_key)
{
    static const char personalization[] = "AttestedOracle/enclave/drbg";
    int ret;
    ORACLE_ARG_CHECK(sealed_out_len != NULL && public_key != NULL && (sealed != NULL || sealed_len == 0));
    pthread_mutex_lock(&oracle_state_lock);
    if (oracle_state.initialized) {
        ret = ORACLE_ERR_ARGUMENT; /* init once per enclave instance */
        goto exit_locked;
    }
    mbedtls_ctr_drbg_init(&oracle_state.drbg);
    if (mbedtls_ctr_drbg_seed(&oracle_state.drbg, oracle_drbg_entropy, NULL,
                              (const unsigned char *)personalization, sizeof(personalization) - 1) != 0) {
        ret = ORACLE_ERR_ENTROPY;
        goto fail;
    }
    if ((ret = oracle_load_ca()) != ORACLE_OK) goto fail;
    ret = sealed_len ? oracle_keys_unseal(&oracle_state.keys, sealed, sealed_len)
                     : oracle_keys_generate(&oracle_state.keys);
    if (ret != ORACLE_OK) goto fail;
    if ((ret = oracle_keys_seal(&oracle_state.keys, sealed_out, sealed_out_cap, sealed_out_len)) != ORACLE_OK)
        goto fail;
    if ((ret = oracle_tls_init(&oracle_state.tls, &oracle_state.ca, &oracle_state.drbg)) != ORACLE_OK) goto fail;
    memcpy(public_key, oracle_state.keys.public_key, 64);
    oracle_state.initialized = 1;
    oracle_log(ORACLE_LOG_INFO, "enclave initialised (%s key, backend %s%s, %zu CA certificates%s)",
               sealed_len ? "unsealed" : "new", oracle_platform_backend(),
               oracle_platform_is_simulated() ? ", SIMULATED: no protection" : "", oracle_state.ca_count,
               oracle_dev_ca_len ? ", development CA included" : "");
    ret = ORACLE_OK;
    goto exit_locked;
fail:
    oracle_state_free();
exit_locked:
    pthread_mutex_unlock(&oracle_state_lock);
    return ret;
}

/* Called by the sim backend when the host closes the enclave (an SGX enclave's
 * memory simply disappears with it). */
void oracle_trusted_teardown(void)
{
    pthread_mutex_lock(&oracle_state_lock);
    if (oracle_state.initialized) oracle_state_free();
    pthread_mutex_unlock(&oracle_state_lock);
}

static int oracle_finish_output(oracle_buf *b, size_t *out_len, int ret)
{
    *out_len = b->len;
    if (!oracle_buf_ok(b)) return ORACLE_ERR_BUFFER_TOO_SMALL;
    if (b->len < b->cap) b->data[b->len] = 0; /* NUL-terminate when there is room */
    return ret;
}

static void oracle_put_bool(oracle_buf *b, int v)
{
    oracle_buf_puts(b, v ? "true" : "false");
}

int oracle_ecall_identity(const uint8_t *nonce, char *out, size_t out_cap, size_t *out_len)
{
    static const char tag[] = "AttestedOracle/v1";
    uint8_t report_data[64], evidence[8192];
    size_t evidence_len = 0;
    mbedtls_sha256_context sha;
    oracle_buf b;
    int ret;
    ORACLE_ARG_CHECK(nonce != NULL && out_len != NULL && (out != NULL || out_cap == 0));
    if (!oracle_state.initialized) return ORACLE_ERR_NOT_INITIALIZED;

    /* REPORTDATA = sha256(tag || secp256k1 pubkey || x25519 pubkey) || nonce */
    mbedtls_sha256_init(&sha);
    mbedtls_sha256_starts_ret(&sha, 0);
    mbedtls_sha256_update_ret(&sha, (const unsigned char *)tag, sizeof(tag) - 1);
    mbedtls_sha256_update_ret(&sha, oracle_state.keys.public_key, 64);
    mbedtls_sha256_update_ret(&sha, oracle_state.keys.x25519_public, 32);
    mbedtls_sha256_finish_ret(&sha, report_data);
    mbedtls_sha256_free(&sha);
    memcpy(report_data + 32, nonce, 32);
    ret = oracle_platform_evidence(evidence, sizeof(evidence), &evidence_len, report_data);
    if (ret != ORACLE_OK) return ret;

    oracle_buf_fixed(&b, out, out_cap);
    oracle_buf_puts(&b, "{\"backend\":\"");
    oracle_buf_puts(&b, oracle_platform_backend());
    oracle_buf_puts(&b, "\",\"simulated\":");
    oracle_put_bool(&b, oracle_platform_is_simulated());
    oracle_buf_puts(&b, ",\"sealing\":\"");
    oracle_buf_puts(&b, oracle_platform_sealing());
    oracle_buf_puts(&b, "\",\"version\":\"" ORACLE_ENCLAVE_VERSION "\",\"address\":");
    oracle_buf_put_hex(&b, oracle_state.keys.address, 20);
    oracle_buf_puts(&b, ",\"public_key\":");
    oracle_buf_put_hex(&b, oracle_state.keys.public_key, 64);
    oracle_buf_puts(&b, ",\"x25519_public_key\":");
    oracle_buf_put_hex(&b, oracle_state.keys.x25519_public, 32);
    oracle_buf_puts(&b, ",\"ca_bundle_sha256\":");
    oracle_buf_put_hex(&b, oracle_state.ca_bundle_sha256, 32);
    oracle_buf_puts(&b, ",\"ca_certificates\":");
    oracle_buf_put_u64(&b, oracle_state.ca_count);
    oracle_buf_puts(&b, ",\"dev_ca\":");
    oracle_put_bool(&b, oracle_dev_ca_len > 0);
    if (oracle_dev_ca_len > 0) {
        oracle_buf_puts(&b, ",\"dev_ca_sha256\":");
        oracle_buf_put_hex(&b, oracle_state.dev_ca_sha256, 32);
    }
    oracle_buf_puts(&b, ",\"nonce\":");
    oracle_buf_put_hex(&b, nonce, 32);
    oracle_buf_puts(&b, ",\"report_data\":");
    oracle_buf_put_hex(&b, report_data, 64);
    oracle_buf_puts(&b, ",\"evidence\":");
    if (evidence_len) oracle_buf_put_hex(&b, evidence, evidence_len);
    else oracle_buf_puts(&b, "null");
    oracle_buf_putc(&b, '}');
    return oracle_finish_output(&b, out_len, ORACLE_OK);
}

static void oracle_put_error(oracle_buf *b, const oracle_error *e)
{
    oracle_buf_puts(b, "{\"code\":\"");
    oracle_buf_puts(b, oracle_err_name(e->code));
    oracle_buf_puts(b, "\",\"number\":");
    oracle_buf_put_u64(b, (uint64_t)e->code);
    oracle_buf_puts(b, ",\"detail\":");
    oracle_buf_put_json_string(b, e->detail, strlen(e->detail));
    oracle_buf_putc(b, '}');
}

static void oracle_put_sources(oracle_buf *b, const oracle_job *job, const oracle_source_result *results)
{
    size_t i;
    oracle_buf_puts(b, ",\"sources\":[");
    for (i = 0; i < job->source_count; i++) {
        const oracle_source_result *r = &results[i];
        const oracle_source *s = &job->sources[i];
        if (i) oracle_buf_putc(b, ',');
        oracle_buf_puts(b, "{\"url\":");
        oracle_buf_put_json_string(b, s->url, strlen(s->url));
        oracle_buf_puts(b, ",\"host\":");
        oracle_buf_put_json_string(b, s->host, strlen(s->host));
        oracle_buf_puts(b, ",\"port\":");
        oracle_buf_put_u64(b, s->port);
        oracle_buf_puts(b, ",\"ok\":");
        oracle_put_bool(b, r->error.code == ORACLE_OK);
        oracle_buf_puts(b, ",\"outcome\":");
        oracle_buf_put_u64(b, (uint64_t)r->error.code);
        if (r->error.code != ORACLE_OK) {
            oracle_buf_puts(b, ",\"error\":");
            oracle_put_error(b, &r->error);
        }
        oracle_buf_puts(b, ",\"status\":");
        oracle_buf_put_u64(b, (uint64_t)r->status);
        oracle_buf_puts(b, ",\"date\":");
        oracle_buf_put_i64(b, r->date);
        oracle_buf_puts(b, ",\"spki_sha256\":");
        if (r->has_tls) oracle_buf_put_hex(b, r->spki_sha256, 32);
        else oracle_buf_puts(b, "null");
        oracle_buf_puts(b, ",\"request_sha256\":");
        oracle_buf_put_hex(b, r->request_sha256, 32);
        oracle_buf_puts(b, ",\"body_sha256\":");
        if (r->status) oracle_buf_put_hex(b, r->body_sha256, 32);
        else oracle_buf_puts(b, "null");
        oracle_buf_puts(b, ",\"body_bytes\":");
        oracle_buf_put_u64(b, r->body_len);
        if (r->error.code == ORACLE_OK) {
            if (job->result_type == ORACLE_RESULT_INT256) {
                oracle_buf_puts(b, ",\"value\":\"");
                oracle_buf_puts(b, r->value_dec);
                oracle_buf_putc(b, '"');
            } else {
                oracle_buf_puts(b, ",\"data\":");
                oracle_buf_put_hex(b, r->data, r->data_len);
            }
        }
        if (r->status) {
            static const char *framings[] = {"none", "length", "chunked", "close"};
            oracle_buf_puts(b, ",\"framing\":\"");
            oracle_buf_puts(b, framings[r->framing & 3]);
            oracle_buf_putc(b, '"');
        }
        oracle_buf_puts(b, ",\"reused_connection\":");
        oracle_put_bool(b, r->reused);
        oracle_buf_puts(b, ",\"elapsed_ms\":");
        oracle_buf_put_u64(b, r->elapsed_ms);
        oracle_buf_putc(b, '}');
    }
    oracle_buf_putc(b, ']');
}

/* Writes the reports for every target; signs inside. */
static int oracle_put_reports(oracle_buf *b, const oracle_job *job, const oracle_report_fields *f)
{
    uint8_t digest[32], sig[65], proof[512];
    oracle_buf pb;
    size_t t;
    int ret;
    oracle_buf_puts(b, ",\"reports\":[");
    for (t = 0; t < job->target_count; t++) {
        const oracle_target *target = &job->targets[t];
        oracle_report_digest(digest, f, target);
        if ((ret = oracle_keys_sign(&oracle_state.keys, sig, digest)) != ORACLE_OK) return ret;
        oracle_buf_fixed(&pb, proof, sizeof(proof));
        oracle_report_proof(&pb, f, sig);
        if (t) oracle_buf_putc(b, ',');
        oracle_buf_puts(b, "{\"chain_id\":");
        oracle_buf_put_hex(b, target->chain_id, 32);
        oracle_buf_puts(b, ",\"verifying_contract\":");
        oracle_buf_put_hex(b, target->verifying_contract, 20);
        oracle_buf_puts(b, ",\"digest\":");
        oracle_buf_put_hex(b, digest, 32);
        oracle_buf_puts(b, ",\"signature\":");
        oracle_buf_put_hex(b, sig, 65);
        oracle_buf_puts(b, ",\"proof\":");
        oracle_buf_put_hex(b, proof, pb.len);
        oracle_buf_putc(b, '}');
    }
    oracle_buf_putc(b, ']');
    return ORACLE_OK;
}

static void oracle_put_header(oracle_buf *b, int ok)
{
    oracle_buf_puts(b, "{\"ok\":");
    oracle_put_bool(b, ok);
    oracle_buf_puts(b, ",\"simulated\":");
    oracle_put_bool(b, oracle_platform_is_simulated());
    oracle_buf_puts(b, ",\"backend\":\"");
    oracle_buf_puts(b, oracle_platform_backend());
    oracle_buf_puts(b, "\",\"signer\":");
    oracle_buf_put_hex(b, oracle_state.keys.address, 20);
}

/* Refuses a chain time more than ORACLE_TIME_FLOOR_TOLERANCE_S behind the floor. */
static int oracle_check_time_floor(oracle_error *err, const oracle_job *job)
{
    int64_t floor;
    pthread_mutex_lock(&oracle_state_lock);
    floor = oracle_state.time_floor;
    pthread_mutex_unlock(&oracle_state_lock);
    if (job->chain_time + ORACLE_TIME_FLOOR_TOLERANCE_S < floor)
        return oracle_error_set(err, ORACLE_ERR_TIME_BACKWARDS,
                                "chain_time %lld is older than this enclave's time floor %lld by more than %d s",
                                (long long)job->chain_time, (long long)floor, ORACLE_TIME_FLOOR_TOLERANCE_S);
    return ORACLE_OK;
}

static void oracle_raise_time_floor(int64_t t)
{
    pthread_mutex_lock(&oracle_state_lock);
    if (t > oracle_state.time_floor) oracle_state.time_floor = t;
    pthread_mutex_unlock(&oracle_state_lock);
}

static int oracle_is_zero(const uint8_t *p, size_t n)
{
    size_t i;
    uint8_t acc = 0;
    for (i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

/* A refusal that gets a signed error report: a 1xx error of a job given as
 * job_text by an on-chain request (non-zero request id), met while parsing the
 * job after the context (round, chain time, targets) parsed. A refusal of the
 * request's own envelope has nothing trustworthy to sign and gets none. */
static int oracle_error_report_due(const oracle_job *job, const oracle_error *err)
{
    return job->context_parsed && job->from_text && err->code >= 100 && err->code < 200 &&
           !oracle_is_zero(job->request_id, 32);
}

/* The error report's result: "ok": false with the error, and reports signed
 * over report.h's error fields. Returns: ORACLE_OK or a signing error. */
static int oracle_put_error_report(oracle_buf *b, const oracle_job *job, const oracle_error *err)
{
    oracle_report_fields f;
    int ret;
    oracle_report_error_fields(&f, job, err->code);
    oracle_put_header(b, 0);
    oracle_buf_puts(b, ",\"error\":");
    oracle_put_error(b, err);
    oracle_buf_puts(b, ",\"error_report\":true,\"feed_id\":");
    oracle_buf_put_hex(b, f.feed_id, 32);
    oracle_buf_puts(b, ",\"request_id\":");
    oracle_buf_put_hex(b, f.request_id, 32);
    oracle_buf_puts(b, ",\"round\":");
    oracle_buf_put_u64(b, f.round);
    oracle_buf_puts(b, ",\"value\":\"0\",\"data\":");
    oracle_buf_put_hex(b, f.data, f.data_len);
    oracle_buf_puts(b, ",\"observed_at\":");
    oracle_buf_put_u64(b, f.observed_at);
    oracle_buf_puts(b, ",\"chain_time\":");
    oracle_buf_put_i64(b, job->chain_time);
    oracle_buf_puts(b, ",\"sources_hash\":");
    oracle_buf_put_hex(b, f.sources_hash, 32);
    if ((ret = oracle_put_reports(b, job, &f)) != ORACLE_OK) return ret;
    oracle_buf_putc(b, '}');
    return ORACLE_OK;
}

/* execute (leader == NULL) and endorse: parse, fetch, aggregate, then sign
 * the own report, or the leader's report when the own result agrees with it. */
static int oracle_run_job(int endorse, const char *request, size_t request_len, char *out, size_t out_cap,
                          size_t *out_len)
{
    oracle_job *job = NULL;
    oracle_source_result *results = NULL;
    oracle_endorse *leader = NULL;
    oracle_aggregate agg;
    oracle_report_fields f;
    oracle_error err = {ORACLE_OK, ""};
    uint8_t own_sources_hash[32];
    oracle_buf b;
    int64_t deadline;
    size_t i;
    int ret, parsed = 0, fetched = 0;

    ORACLE_ARG_CHECK(out_len != NULL && (request != NULL || request_len == 0) && (out != NULL || out_cap == 0));
    oracle_buf_fixed(&b, out, out_cap);
    if (!oracle_state.initialized) {
        ret = oracle_error_set(&err, ORACLE_ERR_NOT_INITIALIZED, "%s before init", endorse ? "endorse" : "execute");
        goto fail;
    }
    job = (oracle_job *)calloc(1, sizeof(*job));
    results = (oracle_source_result *)calloc(ORACLE_JOB_MAX_SOURCES, sizeof(*results));
    if (endorse) leader = (oracle_endorse *)calloc(1, sizeof(*leader));
    if (job == NULL || results == NULL || (endorse && leader == NULL)) {
        ret = oracle_error_set(&err, ORACLE_ERR_NO_MEMORY, "out of memory");
        goto fail;
    }
    /* Everything about the job is checked before any connection is opened. */
    ret = leader ? oracle_job_parse_endorse(job, leader, &err, request, request_len)
                 : oracle_job_parse(job, &err, request, request_len);
    if (ret != ORACLE_OK) goto fail;
    parsed = 1;
    if ((ret = oracle_check_time_floor(&err, job)) != ORACLE_OK) goto fail;

    deadline = oracle_enclave_now_ms() + job->job_timeout_ms;
    for (i = 0; i < job->source_count; i++) oracle_fetch(&oracle_state.tls, &results[i], job, i, deadline);
    fetched = 1;
    if ((ret = oracle_aggregate_run(&agg, &err, job, results)) != ORACLE_OK) goto fail;
    oracle_report_sources_hash(own_sources_hash, job, results);
    if (leader && (ret = oracle_endorse_check(&err, job, &agg, leader)) != ORACLE_OK) goto fail;

    /* What gets signed: the own result, or for an endorsement the leader's. */
    memset(&f, 0, sizeof(f));
    memcpy(f.feed_id, job->feed_id, 32);
    memcpy(f.request_id, job->request_id, 32);
    f.round = job->round;
    memcpy(f.value, leader ? leader->value : agg.value, 32);
    f.data = leader ? leader->data : agg.data;
    f.data_len = leader ? leader->data_len : agg.data_len;
    f.observed_at = leader ? leader->observed_at : agg.observed_at;
    memcpy(f.sources_hash, leader ? leader->sources_hash : own_sources_hash, 32);

    oracle_put_header(&b, 1);
    if (leader) oracle_buf_puts(&b, ",\"endorsed\":true");
    oracle_buf_puts(&b, ",\"feed_id\":");
    oracle_buf_put_hex(&b, f.feed_id, 32);
    oracle_buf_puts(&b, ",\"request_id\":");
    oracle_buf_put_hex(&b, f.request_id, 32);
    oracle_buf_puts(&b, ",\"round\":");
    oracle_buf_put_u64(&b, f.round);
    oracle_buf_puts(&b, ",\"result_type\":\"");
    oracle_buf_puts(&b, job->result_type == ORACLE_RESULT_INT256 ? "int256" : "bytes");
    oracle_buf_puts(&b, "\",\"value\":\"");
    if (leader) oracle_buf_puts(&b, leader->value_dec);
    else oracle_buf_puts(&b, job->result_type == ORACLE_RESULT_INT256 ? agg.value_dec : "0");
    oracle_buf_puts(&b, "\",\"decimals\":");
    oracle_buf_put_u64(&b, job->decimals);
    oracle_buf_puts(&b, ",\"data\":");
    oracle_buf_put_hex(&b, f.data, f.data_len);
    oracle_buf_puts(&b, ",\"observed_at\":");
    oracle_buf_put_u64(&b, f.observed_at);
    oracle_buf_puts(&b, ",\"chain_time\":");
    oracle_buf_put_i64(&b, job->chain_time);
    oracle_buf_puts(&b, ",\"sources_used\":");
    oracle_buf_put_u64(&b, agg.used);
    oracle_buf_puts(&b, ",\"sources_hash\":");
    oracle_buf_put_hex(&b, f.sources_hash, 32);
    if (leader) {
        oracle_buf_puts(&b, ",\"own_value\":\"");
        oracle_buf_puts(&b, job->result_type == ORACLE_RESULT_INT256 ? agg.value_dec : "0");
        oracle_buf_puts(&b, "\",\"own_data\":");
        oracle_buf_put_hex(&b, agg.data, agg.data_len);
        oracle_buf_puts(&b, ",\"own_observed_at\":");
        oracle_buf_put_u64(&b, agg.observed_at);
        oracle_buf_puts(&b, ",\"own_sources_hash\":");
        oracle_buf_put_hex(&b, own_sources_hash, 32);
    }
    if ((ret = oracle_put_reports(&b, job, &f)) != ORACLE_OK) {
        oracle_buf_reset(&b);
        oracle_error_set(&err, ret, "signing failed");
        goto fail;
    }
    oracle_put_sources(&b, job, results);
    oracle_buf_putc(&b, '}');
    oracle_raise_time_floor(job->chain_time);
    ret = ORACLE_OK;
    goto exit;
fail:
    oracle_buf_reset(&b);
    if (err.code == ORACLE_OK) oracle_error_set(&err, ret != ORACLE_OK ? ret : ORACLE_ERR_INTERNAL, "internal error");
    /* A job from an on-chain request that is refused as written still gets a
     * signed answer, the error report, unless its chain time is behind the floor. */
    if (!parsed && !endorse && job != NULL && oracle_error_report_due(job, &err)) {
        oracle_error floor_err;
        if ((ret = oracle_check_time_floor(&floor_err, job)) != ORACLE_OK) {
            err = floor_err;
        } else if ((ret = oracle_put_error_report(&b, job, &err)) == ORACLE_OK) {
            ret = err.code;
            goto exit;
        } else {
            oracle_buf_reset(&b);
            oracle_error_set(&err, ret, "signing the error report failed");
        }
    }
    /* Otherwise a failed job writes no report and no signature: only the
     * error and, once the job parsed, each source's outcome. */
    ret = err.code;
    oracle_put_header(&b, 0);
    oracle_buf_puts(&b, ",\"error\":");
    oracle_put_error(&b, &err);
    if (parsed) {
        oracle_buf_puts(&b, ",\"feed_id\":");
        oracle_buf_put_hex(&b, job->feed_id, 32);
        oracle_buf_puts(&b, ",\"round\":");
        oracle_buf_put_u64(&b, job->round);
        if (fetched) oracle_put_sources(&b, job, results);
    }
    oracle_buf_putc(&b, '}');
exit:
    if (job) {
        oracle_job_free(job);
        free(job);
    }
    if (results) {
        mbedtls_platform_zeroize(results, ORACLE_JOB_MAX_SOURCES * sizeof(*results));
        free(results);
    }
    free(leader);
    return oracle_finish_output(&b, out_len, ret);
}

int oracle_ecall_execute(const char *request, size_t request_len, char *out, size_t out_cap, size_t *out_len)
{
    return oracle_run_job(0, request, request_len, out, out_cap, out_len);
}

int oracle_ecall_endorse(const char *request, size_t request_len, char *out, size_t out_cap, size_t *out_len)
{
    return oracle_run_job(1, request, request_len, out, out_cap, out_len);
}
