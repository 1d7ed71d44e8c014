#include "aggregate.h"

#include <string.h>

#include <mbedtls/bignum.h>

#include "decimal.h"

/* Sorts idx[0..n) by the mpi values they point at (n <= 16: insertion sort). */
static void oracle_sort_mpi(const mbedtls_mpi *v, size_t *idx, size_t n)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        size_t k = idx[i];
        for (j = i; j > 0 && mbedtls_mpi_cmp_mpi(&v[idx[j - 1]], &v[k]) > 0; j--) idx[j] = idx[j - 1];
        idx[j] = k;
    }
}

static int oracle_median_u64(uint64_t *out, uint64_t *v, size_t n)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        uint64_t k = v[i];
        for (j = i; j > 0 && v[j - 1] > k; j--) v[j] = v[j - 1];
        v[j] = k;
    }
    *out = n % 2 ? v[n / 2] : v[n / 2 - 1] / 2 + v[n / 2] / 2 + (v[n / 2 - 1] % 2 + v[n / 2] % 2) / 2;
    return ORACLE_OK;
}

/* When nothing succeeded and every source failed alike, that error is the job's. */
static int oracle_too_few(oracle_error *err, const oracle_job *job, const oracle_source_result *results,
                          size_t used)
{
    size_t i;
    int same = 1;
    for (i = 1; i < job->source_count; i++)
        if (results[i].error.code != results[0].error.code) same = 0;
    if (used == 0 && same) {
        *err = results[0].error;
        return err->code;
    }
    for (i = 0; i < job->source_count; i++) {
        if (results[i].error.code != ORACLE_OK)
            return oracle_error_set(err, ORACLE_ERR_TOO_FEW_SOURCES,
                                    "%zu of %zu sources succeeded, min_sources is %u; first failure: source %zu: %s",
                                    used, job->source_count, job->min_sources, i, results[i].error.detail);
    }
    return oracle_error_set(err, ORACLE_ERR_TOO_FEW_SOURCES, "%zu sources succeeded, min_sources is %u", used,
                            job->min_sources);
}

static int oracle_aggregate_median(oracle_aggregate *out, oracle_error *err, const oracle_job *job,
                                   const oracle_source_result *results, const size_t *ok, size_t used)
{
    mbedtls_mpi v[ORACLE_JOB_MAX_SOURCES], m, d, lhs, rhs;
    size_t idx[ORACLE_JOB_MAX_SOURCES] = {0}, i;
    int ret = ORACLE_ERR_NO_MEMORY;
    for (i = 0; i < used; i++) mbedtls_mpi_init(&v[i]);
    mbedtls_mpi_init(&m);
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&lhs);
    mbedtls_mpi_init(&rhs);
    for (i = 0; i < used; i++) {
        if (oracle_int256_from_be(results[ok[i]].value, &v[i]) != ORACLE_OK) goto exit;
        idx[i] = i;
    }
    oracle_sort_mpi(v, idx, used);
    if (used % 2) {
        if (mbedtls_mpi_copy(&m, &v[idx[used / 2]]) != 0) goto exit;
    } else {
        /* Mean of the middle two, truncated toward zero (MbedTLS division truncates). */
        if (mbedtls_mpi_add_mpi(&d, &v[idx[used / 2 - 1]], &v[idx[used / 2]]) != 0) goto exit;
        if (mbedtls_mpi_div_int(&m, NULL, &d, 2) != 0) goto exit;
    }
    if (job->has_max_deviation) {
        for (i = 0; i < used; i++) {
            /* |v - m| * 10000 > bps * |m| */
            if (mbedtls_mpi_sub_mpi(&d, &v[i], &m) != 0) goto exit;
            d.s = 1;
            if (mbedtls_mpi_mul_int(&lhs, &d, 10000) != 0) goto exit;
            if (mbedtls_mpi_copy(&rhs, &m) != 0) goto exit;
            rhs.s = 1;
            if (mbedtls_mpi_mul_int(&rhs, &rhs, job->max_deviation_bps) != 0) goto exit;
            if (mbedtls_mpi_cmp_mpi(&lhs, &rhs) > 0) {
                char median_dec[80];
                oracle_int256_to_dec(&m, median_dec, sizeof(median_dec));
                ret = oracle_error_set(err, ORACLE_ERR_DEVIATION,
                                       "source %zu (%s) value %s deviates from the median %s by more than %u bps",
                                       ok[i], job->sources[ok[i]].host, results[ok[i]].value_dec, median_dec,
                                       job->max_deviation_bps);
                goto exit;
            }
        }
    }
    if (oracle_int256_to_be(&m, out->value) != ORACLE_OK) goto exit;
    if (oracle_int256_to_dec(&m, out->value_dec, sizeof(out->value_dec)) != ORACLE_OK) goto exit;
    ret = ORACLE_OK;
exit:
    for (i = 0; i < used; i++) mbedtls_mpi_free(&v[i]);
    mbedtls_mpi_free(&m);
    mbedtls_mpi_free(&d);
    mbedtls_mpi_free(&lhs);
    mbedtls_mpi_free(&rhs);
    if (ret == ORACLE_ERR_NO_MEMORY) oracle_error_set(err, ret, "aggregation: out of memory");
    return ret;
}

int oracle_aggregate_run(oracle_aggregate *out, oracle_error *err, const oracle_job *job,
                         const oracle_source_result *results)
{
    size_t ok[ORACLE_JOB_MAX_SOURCES] = {0}, used = 0, i;
    uint64_t dates[ORACLE_JOB_MAX_SOURCES] = {0};
    ORACLE_ARG_CHECK(out != NULL && job != NULL && results != NULL);
    memset(out, 0, sizeof(*out));
    for (i = 0; i < job->source_count; i++) {
        if (results[i].error.code == ORACLE_OK) {
            dates[used] = (uint64_t)results[i].date;
            ok[used++] = i;
        }
    }
    out->used = used;
    if (used < job->min_sources) return oracle_too_few(err, job, results, used);
    oracle_median_u64(&out->observed_at, dates, used);
    if (job->aggregation == ORACLE_AGG_MEDIAN) return oracle_aggregate_median(out, err, job, results, ok, used);
    for (i = 1; i < used; i++) {
        const oracle_source_result *a = &results[ok[0]], *b = &results[ok[i]];
        if (a->data_len != b->data_len || memcmp(a->data, b->data, a->data_len) != 0)
            return oracle_error_set(err, ORACLE_ERR_DISAGREE, "source %zu (%s) returned other bytes than source %zu (%s)",
                                    ok[i], job->sources[ok[i]].host, ok[0], job->sources[ok[0]].host);
    }
    memcpy(out->data, results[ok[0]].data, results[ok[0]].data_len);
    out->data_len = results[ok[0]].data_len;
    return ORACLE_OK;
}
