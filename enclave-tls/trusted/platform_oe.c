/*
 * platform_oe.c: the enclave platform on Open Enclave (SGX). Built only with
 * -DORACLE_BACKEND=openenclave; see deploy/openenclave.md. Not compiled on
 * machines without the Open Enclave SDK (CI has none).
 */
#include "platform.h"

#include <string.h>

#include <openenclave/attestation/attester.h>
#include <openenclave/attestation/sgx/evidence.h>
#include <openenclave/enclave.h>
#include <openenclave/seal.h>

#include "errors.h"

int oracle_platform_entropy(uint8_t *buf, size_t len)
{
    return oe_random(buf, len) == OE_OK ? ORACLE_OK : ORACLE_ERR_ENTROPY;
}

int oracle_platform_seal(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *plain, size_t n)
{
    const oe_seal_setting_t settings[] = {OE_SEAL_SET_POLICY(OE_SEAL_POLICY_PRODUCT)};
    uint8_t *blob = NULL;
    size_t blob_size = 0;
    int ret = ORACLE_ERR_INTERNAL;
    if (oe_seal(NULL, settings, 1, plain, n, NULL, 0, &blob, &blob_size) != OE_OK) goto exit;
    *out_len = blob_size;
    if (cap < blob_size) {
        ret = ORACLE_ERR_BUFFER_TOO_SMALL;
        goto exit;
    }
    memcpy(out, blob, blob_size);
    ret = ORACLE_OK;
exit:
    oe_free(blob);
    return ret;
}

int oracle_platform_unseal(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *blob, size_t n)
{
    uint8_t *plain = NULL;
    size_t plain_size = 0;
    int ret = ORACLE_ERR_SEALED_KEY;
    if (oe_unseal(blob, n, NULL, 0, &plain, &plain_size) != OE_OK) goto exit;
    *out_len = plain_size;
    if (cap < plain_size) {
        ret = ORACLE_ERR_BUFFER_TOO_SMALL;
        goto exit;
    }
    memcpy(out, plain, plain_size);
    ret = ORACLE_OK;
exit:
    if (plain) {
        oe_memset_s(plain, plain_size, 0, plain_size);
        oe_free(plain);
    }
    return ret;
}

const char *oracle_platform_backend(void)
{
    return "sgx";
}

int oracle_platform_is_simulated(void)
{
    return 0;
}

const char *oracle_platform_sealing(void)
{
    return "sgx-product-policy";
}

int oracle_platform_evidence(uint8_t *out, size_t cap, size_t *out_len, const uint8_t report_data[64])
{
    /* A raw DCAP quote whose REPORTDATA is exactly report_data. */
    static const oe_uuid_t format = {OE_FORMAT_UUID_RAW_SGX_QUOTE_ECDSA};
    uint8_t *evidence = NULL;
    size_t evidence_size = 0;
    int ret = ORACLE_ERR_BACKEND;
    if (oe_attester_initialize() != OE_OK) goto exit;
    if (oe_get_evidence(&format, 0, report_data, 64, NULL, 0, &evidence, &evidence_size, NULL, NULL) != OE_OK)
        goto exit;
    *out_len = evidence_size;
    if (cap < evidence_size) {
        ret = ORACLE_ERR_BUFFER_TOO_SMALL;
        goto exit;
    }
    memcpy(out, evidence, evidence_size);
    ret = ORACLE_OK;
exit:
    oe_free_evidence(evidence);
    return ret;
}
