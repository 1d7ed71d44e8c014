/*
 * platform_sim.c: the sim backend's stand-in for the enclave platform.
 *
 * INSECURE BY DESIGN. Entropy comes from the host OS, and "sealing" encrypts
 * with AES-256-GCM under a key every build of this program shares, so the host
 * can unseal the enclave key. Everything the sim backend produces says
 * "simulated"; verifiers refuse it unless configured to accept simulation.
 */
#include "platform.h"

#include <string.h>
#include <sys/random.h>

#include <pthread.h>

#include <mbedtls/ecdsa.h>
#include <mbedtls/gcm.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>

#include "errors.h"

/* Blob: magic "OSL1" | backend 's' | 12-byte nonce | ciphertext | 16-byte tag. */
#define ORACLE_SIM_SEAL_HEADER 5
#define ORACLE_SIM_SEAL_OVERHEAD (ORACLE_SIM_SEAL_HEADER + 12 + 16)
static const uint8_t oracle_sim_seal_magic[ORACLE_SIM_SEAL_HEADER] = {'O', 'S', 'L', '1', 's'};

int oracle_platform_entropy(uint8_t *buf, size_t len)
{
    while (len > 0) {
        ssize_t got = getrandom(buf, len, 0);
        if (got <= 0) return ORACLE_ERR_ENTROPY;
        buf += got;
        len -= (size_t)got;
    }
    return ORACLE_OK;
}

/* The fixed development sealing key: sha256 of a public label. */
static void oracle_sim_seal_key(uint8_t key[32])
{
    static const char label[] = "AttestedOracle/sim/INSECURE-fixed-dev-seal-key/v1";
    mbedtls_sha256_ret((const unsigned char *)label, sizeof(label) - 1, key, 0);
}

int oracle_platform_seal(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *plain, size_t n)
{
    mbedtls_gcm_context gcm;
    uint8_t key[32];
    int ret = ORACLE_ERR_INTERNAL;
    *out_len = n + ORACLE_SIM_SEAL_OVERHEAD;
    if (cap < *out_len) return ORACLE_ERR_BUFFER_TOO_SMALL;
    mbedtls_gcm_init(&gcm);
    oracle_sim_seal_key(key);
    memcpy(out, oracle_sim_seal_magic, ORACLE_SIM_SEAL_HEADER);
    if (oracle_platform_entropy(out + ORACLE_SIM_SEAL_HEADER, 12) != ORACLE_OK) {
        ret = ORACLE_ERR_ENTROPY;
        goto exit;
    }
    if (mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256) != 0) goto exit;
    if (mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, n, out + ORACLE_SIM_SEAL_HEADER, 12, out,
                                  ORACLE_SIM_SEAL_HEADER, plain, out + ORACLE_SIM_SEAL_HEADER + 12, 16,
                                  out + ORACLE_SIM_SEAL_HEADER + 12 + n) != 0)
        goto exit;
    ret = ORACLE_OK;
exit:
    mbedtls_gcm_free(&gcm);
    mbedtls_platform_zeroize(key, sizeof(key));
    return ret;
}

int oracle_platform_unseal(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *blob, size_t n)
{
    mbedtls_gcm_context gcm;
    uint8_t key[32];
    size_t plain_len;
    int ret = ORACLE_ERR_SEALED_KEY;
    if (n < ORACLE_SIM_SEAL_OVERHEAD || memcmp(blob, oracle_sim_seal_magic, ORACLE_SIM_SEAL_HEADER) != 0)
        return ORACLE_ERR_SEALED_KEY;
    plain_len = n - ORACLE_SIM_SEAL_OVERHEAD;
    *out_len = plain_len;
    if (cap < plain_len) return ORACLE_ERR_BUFFER_TOO_SMALL;
    mbedtls_gcm_init(&gcm);
    oracle_sim_seal_key(key);
    if (mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256) != 0) {
        ret = ORACLE_ERR_INTERNAL;
        goto exit;
    }
    if (mbedtls_gcm_auth_decrypt(&gcm, plain_len, blob + ORACLE_SIM_SEAL_HEADER, 12, blob,
                                 ORACLE_SIM_SEAL_HEADER, blob + n - 16, 16,
                                 blob + ORACLE_SIM_SEAL_HEADER + 12, out) != 0) {
        mbedtls_platform_zeroize(out, plain_len);
        goto exit;
    }
    ret = ORACLE_OK;
exit:
    mbedtls_gcm_free(&gcm);
    mbedtls_platform_zeroize(key, sizeof(key));
    return ret;
}

const char *oracle_platform_backend(void)
{
    return "sim";
}

int oracle_platform_is_simulated(void)
{
    return 1;
}

const char *oracle_platform_sealing(void)
{
    return "insecure-fixed-dev-key";
}

/*
 * Simulated evidence: an SGX DCAP quote v3 in Intel's layout, from a simulated quoting enclave.
 * The PCK certificate chain and the PCK key come from the SIMULATED root this build generated
 * (cmake/sim_attestation.cmake, compiled in as sim_attestation.c); the attestation key is made
 * per process, as a real QE makes its own. The report's values are fixed labels' hashes, not
 * measurements. Verifiers that trust Intel's root refuse it; Oracle.Attestation accepts it only
 * with Attestation:AllowSimulation and marks the result simulated.
 */
extern const unsigned char oracle_sim_pck_chain[];
extern const size_t oracle_sim_pck_chain_len;
extern const unsigned char oracle_sim_pck_key[];
extern const size_t oracle_sim_pck_key_len;

#define ORACLE_SIM_REPORT 384
#define ORACLE_SIM_AUTH_DATA 32
static const uint8_t oracle_sim_svns[16] = {5, 5, 2, 2, 3, 1};
static const uint8_t oracle_sim_qe_vendor[16] = {0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9,
                                                 0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07};

static pthread_mutex_t oracle_sim_qe_lock = PTHREAD_MUTEX_INITIALIZER;
static int oracle_sim_qe_ready;
static mbedtls_ecp_keypair oracle_sim_attestation_key;
static uint8_t oracle_sim_attestation_public[64];

static int oracle_sim_rng(void *ctx, unsigned char *out, size_t len)
{
    (void)ctx;
    return oracle_platform_entropy(out, len) == ORACLE_OK ? 0 : MBEDTLS_ERR_ECP_RANDOM_FAILED;
}

static void oracle_sim_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void oracle_sim_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void oracle_sim_label_hash(const char *label, uint8_t out[32])
{
    mbedtls_sha256_ret((const unsigned char *)label, strlen(label), out, 0);
}

/* ECDSA P-256 over sha256(msg), raw r || s. */
static int oracle_sim_sign(mbedtls_ecp_keypair *key, const uint8_t *msg, size_t n, uint8_t sig[64])
{
    uint8_t hash[32];
    mbedtls_mpi r, s;
    int ret;
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    mbedtls_sha256_ret(msg, n, hash, 0);
    ret = mbedtls_ecdsa_sign(&key->grp, &r, &s, &key->d, hash, sizeof(hash), oracle_sim_rng, NULL);
    if (ret == 0) ret = mbedtls_mpi_write_binary(&r, sig, 32);
    if (ret == 0) ret = mbedtls_mpi_write_binary(&s, sig + 32, 32);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    return ret == 0 ? ORACLE_OK : ORACLE_ERR_BACKEND;
}

static int oracle_sim_qe_init(void)
{
    uint8_t point[65];
    size_t n = 0;
    int ret = ORACLE_OK;
    pthread_mutex_lock(&oracle_sim_qe_lock);
    if (!oracle_sim_qe_ready) {
        mbedtls_ecp_keypair_init(&oracle_sim_attestation_key);
        if (mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, &oracle_sim_attestation_key, oracle_sim_rng, NULL) != 0 ||
            mbedtls_ecp_point_write_binary(&oracle_sim_attestation_key.grp, &oracle_sim_attestation_key.Q,
                                           MBEDTLS_ECP_PF_UNCOMPRESSED, &n, point, sizeof(point)) != 0 ||
            n != 65) {
            mbedtls_ecp_keypair_free(&oracle_sim_attestation_key);
            ret = ORACLE_ERR_BACKEND;
        } else {
            memcpy(oracle_sim_attestation_public, point + 1, 64);
            oracle_sim_qe_ready = 1;
        }
    }
    pthread_mutex_unlock(&oracle_sim_qe_lock);
    return ret;
}

/* A report body: CPUSVN, ATTRIBUTES (flags INIT|MODE64BIT, never DEBUG), measurements, ids, data. */
static void oracle_sim_report(uint8_t body[ORACLE_SIM_REPORT], const char *mrenclave_label, const char *mrsigner_label,
                              uint16_t isvprodid, uint16_t isvsvn, uint64_t xfrm, const uint8_t report_data[64])
{
    int i;
    memset(body, 0, ORACLE_SIM_REPORT);
    memcpy(body, oracle_sim_svns, sizeof(oracle_sim_svns));
    body[48] = 0x05;
    for (i = 0; i < 8; i++) body[56 + i] = (uint8_t)(xfrm >> (8 * i));
    oracle_sim_label_hash(mrenclave_label, body + 64);
    oracle_sim_label_hash(mrsigner_label, body + 128);
    oracle_sim_put16(body + 256, isvprodid);
    oracle_sim_put16(body + 258, isvsvn);
    memcpy(body + 320, report_data, 64);
}

int oracle_platform_evidence(uint8_t *out, size_t cap, size_t *out_len, const uint8_t report_data[64])
{
    static const char enclave_mrenclave[] = "AttestedOracle/sim/MRENCLAVE/enclave-tls-0.1.0";
    mbedtls_pk_context pck;
    uint8_t qe_data[64], auth[ORACLE_SIM_AUTH_DATA], *p, *sig_data;
    size_t sig_len = 64 + 64 + ORACLE_SIM_REPORT + 64 + 2 + ORACLE_SIM_AUTH_DATA + 2 + 4 + oracle_sim_pck_chain_len;
    size_t total = 48 + ORACLE_SIM_REPORT + 4 + sig_len;
    mbedtls_sha256_context sha;
    int ret;
    *out_len = total;
    if (cap < total) return ORACLE_ERR_BUFFER_TOO_SMALL;
    if ((ret = oracle_sim_qe_init()) != ORACLE_OK) return ret;

    /* Header: version 3, ECDSA P-256, TEE type SGX (reserved 0), QE SVN 8, PCE SVN 13, vendor, user data. */
    memset(out, 0, 48);
    oracle_sim_put16(out, 3);
    oracle_sim_put16(out + 2, 2);
    oracle_sim_put16(out + 8, 8);
    oracle_sim_put16(out + 10, 13);
    memcpy(out + 12, oracle_sim_qe_vendor, 16);
    oracle_sim_report(out + 48, enclave_mrenclave, "AttestedOracle/sim/MRSIGNER", 1, 1, 0x03, report_data);
    oracle_sim_put32(out + 48 + ORACLE_SIM_REPORT, (uint32_t)sig_len);
    sig_data = out + 48 + ORACLE_SIM_REPORT + 4;

    /* Quote signature by the attestation key over header || report body. */
    pthread_mutex_lock(&oracle_sim_qe_lock);
    ret = oracle_sim_sign(&oracle_sim_attestation_key, out, 48 + ORACLE_SIM_REPORT, sig_data);
    pthread_mutex_unlock(&oracle_sim_qe_lock);
    if (ret != ORACLE_OK) return ret;
    memcpy(sig_data + 64, oracle_sim_attestation_public, 64);

    /* QE report: its REPORTDATA binds the attestation key and the auth data. */
    oracle_sim_label_hash("AttestedOracle/sim/QE/auth-data", auth);
    memset(qe_data, 0, sizeof(qe_data));
    mbedtls_sha256_init(&sha);
    mbedtls_sha256_starts_ret(&sha, 0);
    mbedtls_sha256_update_ret(&sha, oracle_sim_attestation_public, 64);
    mbedtls_sha256_update_ret(&sha, auth, sizeof(auth));
    mbedtls_sha256_finish_ret(&sha, qe_data);
    mbedtls_sha256_free(&sha);
    p = sig_data + 128;
    oracle_sim_report(p, "AttestedOracle/sim/QE/MRENCLAVE", "AttestedOracle/sim/QE/MRSIGNER", 1, 8, 0, qe_data);

    /* QE report signature by the (simulated) PCK key. */
    mbedtls_pk_init(&pck);
    if (mbedtls_pk_parse_key(&pck, oracle_sim_pck_key, oracle_sim_pck_key_len, NULL, 0) != 0 ||
        mbedtls_pk_get_type(&pck) != MBEDTLS_PK_ECKEY) {
        mbedtls_pk_free(&pck);
        return ORACLE_ERR_BACKEND;
    }
    ret = oracle_sim_sign(mbedtls_pk_ec(pck), p, ORACLE_SIM_REPORT, p + ORACLE_SIM_REPORT);
    mbedtls_pk_free(&pck);
    if (ret != ORACLE_OK) return ret;
    p += ORACLE_SIM_REPORT + 64;

    oracle_sim_put16(p, ORACLE_SIM_AUTH_DATA);
    memcpy(p + 2, auth, ORACLE_SIM_AUTH_DATA);
    p += 2 + ORACLE_SIM_AUTH_DATA;
    /* Certification data type 5: the PCK chain, PEM, leaf first, NUL-terminated. */
    oracle_sim_put16(p, 5);
    oracle_sim_put32(p + 2, (uint32_t)oracle_sim_pck_chain_len);
    memcpy(p + 6, oracle_sim_pck_chain, oracle_sim_pck_chain_len);
    return ORACLE_OK;
}
