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

#include <mbedtls/gcm.h>
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

int oracle_platform_evidence(uint8_t *out, size_t cap, size_t *out_len, const uint8_t report_data[64])
{
    (void)out;
    (void)cap;
    (void)report_data;
    *out_len = 0;
    return ORACLE_OK;
}
