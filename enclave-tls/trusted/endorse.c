#include "endorse.h"

#include <string.h>

#include <mbedtls/bignum.h>

#include "decimal.h"

/* Bytes shown of each side in a message: enough to tell them apart. */
#define ORACLE_ENDORSE_SHOWN_BYTES 20

/* Writes up to ORACLE_ENDORSE_SHOWN_BYTES of p as hex, "..." when cut. */
static void oracle_endorse_hex(char *out, size_t cap, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    size_t i, o = 0, shown = n < ORACLE_ENDORSE_SHOWN_BYTES ? n : ORACLE_ENDORSE_SHOWN_BYTES;
    for (i = 0; i < shown && o + 3 < cap; i++) {
        out[o++] = digits[p[i] >> 4];
        out[o++] = digits[p[i] & 15];
    }
    if (shown < n && o + 3 < cap) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = 0;
}

static int oracle_endorse_int256(oracle_error *err, const oracle_job *job, const oracle_aggregate *own,
                                 const oracle_endorse *leader)
{
    mbedtls_mpi a, l, d, lhs, rhs;
    uint32_t bps = job->has_max_deviation ? job->max_deviation_bps : 0;
    int ret = ORACLE_ERR_NO_MEMORY;
    mbedtls_mpi_init(&a);
    mbedtls_mpi_init(&l);
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&lhs);
    mbedtls_mpi_init(&rhs);
    if (leader->data_len != 0) {
        ret = oracle_error_set(err, ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE,
                               "endorse: the leader's report carries %zu data bytes; an int256 job's carries none",
                               leader->data_len);
        goto exit;
    }
    if (oracle_int256_from_be(own->value, &a) != ORACLE_OK || oracle_int256_from_be(leader->value, &l) != ORACLE_OK)
        goto exit;
    /* |own - leader| * 10000 > bps * |leader|: refuse. Exact, in big integers. */
    if (mbedtls_mpi_sub_mpi(&d, &a, &l) != 0) goto exit;
    d.s = 1;
    if (mbedtls_mpi_mul_int(&lhs, &d, 10000) != 0) goto exit;
    if (mbedtls_mpi_copy(&rhs, &l) != 0) goto exit;
    rhs.s = 1;
    if (mbedtls_mpi_mul_int(&rhs, &rhs, bps) != 0) goto exit;
    if (mbedtls_mpi_cmp_mpi(&lhs, &rhs) > 0) {
        if (job->has_max_deviation)
            ret = oracle_error_set(err, ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE,
                                   "endorse: own value %s and the leader's %s differ by more than "
                                   "max_deviation_bps %u",
                                   own->value_dec, leader->value_dec, bps);
        else
            ret = oracle_error_set(err, ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE,
                                   "endorse: own value %s and the leader's %s differ (tolerance 0: the job has "
                                   "no max_deviation_bps)",
                                   own->value_dec, leader->value_dec);
        goto exit;
    }
    ret = ORACLE_OK;
exit:
    mbedtls_mpi_free(&a);
    mbedtls_mpi_free(&l);
    mbedtls_mpi_free(&d);
    mbedtls_mpi_free(&lhs);
    mbedtls_mpi_free(&rhs);
    if (ret == ORACLE_ERR_NO_MEMORY) oracle_error_set(err, ret, "endorse: out of memory");
    return ret;
}

static int oracle_endorse_bytes(oracle_error *err, const oracle_aggregate *own, const oracle_endorse *leader)
{
    static const uint8_t zero[32] = {0};
    char mine[2 * ORACLE_ENDORSE_SHOWN_BYTES + 4], theirs[2 * ORACLE_ENDORSE_SHOWN_BYTES + 4];
    if (memcmp(leader->value, zero, 32) != 0)
        return oracle_error_set(err, ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE,
                                "endorse: the leader's value is %s; a bytes job's is 0", leader->value_dec);
    if (own->data_len == leader->data_len && memcmp(own->data, leader->data, own->data_len) == 0) return ORACLE_OK;
    oracle_endorse_hex(mine, sizeof(mine), own->data, own->data_len);
    oracle_endorse_hex(theirs, sizeof(theirs), leader->data, leader->data_len);
    return oracle_error_set(err, ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE,
                            "endorse: own data 0x%s (%zu bytes) differs from the leader's 0x%s (%zu bytes); "
                            "tolerance: identical bytes",
                            mine, own->data_len, theirs, leader->data_len);
}

int oracle_endorse_check(oracle_error *err, const oracle_job *job, const oracle_aggregate *own,
                         const oracle_endorse *leader)
{
    uint64_t apart;
    int ret;
    ORACLE_ARG_CHECK(job != NULL && own != NULL && leader != NULL);
    ret = job->result_type == ORACLE_RESULT_INT256 ? oracle_endorse_int256(err, job, own, leader)
                                                   : oracle_endorse_bytes(err, own, leader);
    if (ret != ORACLE_OK) return ret;
    apart = own->observed_at > leader->observed_at ? own->observed_at - leader->observed_at
                                                   : leader->observed_at - own->observed_at;
    if (apart > job->max_date_skew_s)
        return oracle_error_set(err, ORACLE_ERR_ENDORSE_OUT_OF_TOLERANCE,
                                "endorse: own observedAt %llu and the leader's %llu are %llu s apart, more than "
                                "max_date_skew_s %u",
                                (unsigned long long)own->observed_at, (unsigned long long)leader->observed_at,
                                (unsigned long long)apart, job->max_date_skew_s);
    return ORACLE_OK;
}
