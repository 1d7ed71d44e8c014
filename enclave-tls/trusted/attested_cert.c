/*
 * attested_cert.c: ECALL attested_certificate. An X.509 certificate for a P-256 key made inside
 * the enclave (once per enclave instance), self-signed, carrying the enclave's evidence the way
 * Open Enclave's oe_get_attestation_certificate_with_evidence_v2 does:
 *
 *   extension 1.3.6.1.4.1.311.105.2 (not critical), value =
 *     attestation header (32 bytes: version u32 = 3, format id = OE_FORMAT_UUID_SGX_ECDSA,
 *                         4 bytes padding, data_size u64 = quote + claims)
 *     || quote (SGX DCAP; sim: the simulated QE's)
 *     || custom claims = the certificate's public key in PEM, NUL-terminated
 *   with REPORTDATA[0..32] = sha256(custom claims), REPORTDATA[32..64] = 0.
 *
 * A verifier checks the quote, that REPORTDATA binds the claims, and that the claims are the
 * certificate's own key (Oracle.Attestation's OeAttestedCertificate).
 */
#include <pthread.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>

#include "errors.h"
#include "oracle_enclave_t.h"
#include "platform.h"

#define ORACLE_CERT_QUOTE_MAX 8192
#define ORACLE_CERT_PEM_MAX 256
#define ORACLE_CERT_EXT_MAX (32 + ORACLE_CERT_QUOTE_MAX + ORACLE_CERT_PEM_MAX)
#define ORACLE_CERT_DER_MAX (ORACLE_CERT_EXT_MAX + 1024)

static const unsigned char oracle_oe_evidence_oid[] = {0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x69, 0x02};
static const uint8_t oracle_oe_format_sgx_ecdsa[16] = {0xa3, 0xa2, 0x1e, 0x87, 0x1b, 0x4d, 0x40, 0x14,
                                                       0xb7, 0x0a, 0xa1, 0x25, 0xd2, 0xfb, 0xcd, 0x8c};

static pthread_mutex_t oracle_cert_lock = PTHREAD_MUTEX_INITIALIZER;
static int oracle_cert_ready;
static mbedtls_pk_context oracle_cert_key;
static mbedtls_ctr_drbg_context oracle_cert_drbg;

static int oracle_cert_entropy(void *unused, unsigned char *out, size_t len)
{
    (void)unused;
    return oracle_platform_entropy(out, len) == ORACLE_OK ? 0 : -1;
}

/* Makes the key once. Caller holds the lock. */
static int oracle_cert_init(void)
{
    static const char personalization[] = "AttestedOracle/enclave/attested-certificate";
    if (oracle_cert_ready) return ORACLE_OK;
    mbedtls_ctr_drbg_init(&oracle_cert_drbg);
    mbedtls_pk_init(&oracle_cert_key);
    if (mbedtls_ctr_drbg_seed(&oracle_cert_drbg, oracle_cert_entropy, NULL, (const unsigned char *)personalization,
                              sizeof(personalization) - 1) != 0 ||
        mbedtls_pk_setup(&oracle_cert_key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0 ||
        mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(oracle_cert_key), mbedtls_ctr_drbg_random,
                            &oracle_cert_drbg) != 0) {
        mbedtls_pk_free(&oracle_cert_key);
        mbedtls_ctr_drbg_free(&oracle_cert_drbg);
        return ORACLE_ERR_INTERNAL;
    }
    oracle_cert_ready = 1;
    return ORACLE_OK;
}

static void oracle_put_le(uint8_t *p, uint64_t v, int n)
{
    int i;
    for (i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

int oracle_ecall_attested_certificate(uint8_t *out, size_t out_cap, size_t *out_len)
{
    static unsigned char ext[ORACLE_CERT_EXT_MAX], der[ORACLE_CERT_DER_MAX];
    unsigned char pem[ORACLE_CERT_PEM_MAX];
    uint8_t report_data[64];
    size_t claims_len, quote_len = 0;
    mbedtls_x509write_cert crt;
    mbedtls_mpi serial;
    int ret, n;
    ORACLE_ARG_CHECK(out_len != NULL && (out != NULL || out_cap == 0));

    pthread_mutex_lock(&oracle_cert_lock);
    if ((ret = oracle_cert_init()) != ORACLE_OK) goto unlock;
    if (mbedtls_pk_write_pubkey_pem(&oracle_cert_key, pem, sizeof(pem)) != 0) {
        ret = ORACLE_ERR_INTERNAL;
        goto unlock;
    }
    claims_len = strlen((const char *)pem) + 1; /* the PEM and its NUL */
    memset(report_data, 0, sizeof(report_data));
    mbedtls_sha256_ret(pem, claims_len, report_data, 0);
    ret = oracle_platform_evidence(ext + 32, ORACLE_CERT_QUOTE_MAX, &quote_len, report_data);
    if (ret != ORACLE_OK) goto unlock;
    if (quote_len == 0) {
        ret = ORACLE_ERR_BACKEND;
        goto unlock;
    }
    memset(ext, 0, 32);
    oracle_put_le(ext, 3, 4);
    memcpy(ext + 4, oracle_oe_format_sgx_ecdsa, 16);
    oracle_put_le(ext + 24, quote_len + claims_len, 8);
    memcpy(ext + 32 + quote_len, pem, claims_len);

    mbedtls_x509write_crt_init(&crt);
    mbedtls_mpi_init(&serial);
    mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&crt, &oracle_cert_key);
    mbedtls_x509write_crt_set_issuer_key(&crt, &oracle_cert_key);
    ret = ORACLE_ERR_INTERNAL;
    if (mbedtls_mpi_lset(&serial, 1) != 0 || mbedtls_x509write_crt_set_serial(&crt, &serial) != 0 ||
        mbedtls_x509write_crt_set_subject_name(&crt, "CN=AttestedOracle enclave,O=AttestedOracle") != 0 ||
        mbedtls_x509write_crt_set_issuer_name(&crt, "CN=AttestedOracle enclave,O=AttestedOracle") != 0 ||
        /* The enclave has no trusted clock: a fixed window, as Open Enclave uses. */
        mbedtls_x509write_crt_set_validity(&crt, "20240101000000", "20491231235959") != 0 ||
        mbedtls_x509write_crt_set_extension(&crt, (const char *)oracle_oe_evidence_oid, sizeof(oracle_oe_evidence_oid), 0,
                                            ext, 32 + quote_len + claims_len) != 0)
        goto done;
    n = mbedtls_x509write_crt_der(&crt, der, sizeof(der), mbedtls_ctr_drbg_random, &oracle_cert_drbg);
    if (n <= 0) goto done;
    *out_len = (size_t)n;
    if (out_cap < (size_t)n) {
        ret = ORACLE_ERR_BUFFER_TOO_SMALL;
        goto done;
    }
    memcpy(out, der + sizeof(der) - (size_t)n, (size_t)n); /* the writer fills the buffer's end */
    ret = ORACLE_OK;
done:
    mbedtls_mpi_free(&serial);
    mbedtls_x509write_crt_free(&crt);
unlock:
    pthread_mutex_unlock(&oracle_cert_lock);
    return ret;
}
