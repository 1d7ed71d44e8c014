#include "keys.h"

#include <string.h>

#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <mbedtls/platform_util.h>
#include <secp256k1_recovery.h>

#include "errors.h"
#include "keccak.h"
#include "platform.h"

#define ORACLE_SEALED_KEYS_VERSION 1
#define ORACLE_SEALED_KEYS_LEN 65
/* Draws before giving up on a valid secp256k1 scalar (each fails with p ~ 2^-128). */
#define ORACLE_KEYGEN_TRIES 8

static int oracle_keys_entropy_cb(void *unused, unsigned char *out, size_t len)
{
    (void)unused;
    return oracle_platform_entropy(out, len) == ORACLE_OK ? 0 : -1;
}

/* Derives the public parts and the randomised signing context from the secrets. */
static int oracle_keys_finish(oracle_keys *keys)
{
    secp256k1_pubkey pub;
    uint8_t ser[65], seed[32], hash[32];
    size_t ser_len = sizeof(ser);
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi d;
    int ret = ORACLE_ERR_INTERNAL;

    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&d);

    keys->ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    if (keys->ctx == NULL) goto exit;
    if (oracle_platform_entropy(seed, sizeof(seed)) != ORACLE_OK) {
        ret = ORACLE_ERR_ENTROPY;
        goto exit;
    }
    /* Blinding against side channels on the signing scalar multiplication. */
    if (!secp256k1_context_randomize(keys->ctx, seed)) goto exit;
    if (!secp256k1_ec_pubkey_create(keys->ctx, &pub, keys->secret)) goto exit;
    if (!secp256k1_ec_pubkey_serialize(keys->ctx, ser, &ser_len, &pub, SECP256K1_EC_UNCOMPRESSED)) goto exit;
    memcpy(keys->public_key, ser + 1, 64);
    oracle_keccak256(hash, keys->public_key, 64);
    memcpy(keys->address, hash + 12, 20);

    /* X25519 public key = d * 9 (RFC 7748), through MbedTLS's Montgomery ladder. */
    if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_CURVE25519) != 0) goto exit;
    if (mbedtls_mpi_read_binary_le(&d, keys->x25519_secret, 32) != 0) goto exit;
    if (mbedtls_ecp_check_privkey(&grp, &d) != 0) goto exit;
    if (mbedtls_ecp_mul(&grp, &q, &d, &grp.G, oracle_keys_entropy_cb, NULL) != 0) goto exit;
    if (mbedtls_mpi_write_binary_le(&q.X, keys->x25519_public, 32) != 0) goto exit;
    keys->ready = 1;
    ret = ORACLE_OK;
exit:
    mbedtls_platform_zeroize(seed, sizeof(seed));
    mbedtls_ecp_group_free(&grp);
    mbedtls_ecp_point_free(&q);
    mbedtls_mpi_free(&d);
    if (ret != ORACLE_OK) oracle_keys_wipe(keys);
    return ret;
}

int oracle_keys_generate(oracle_keys *keys)
{
    secp256k1_context *check;
    int tries, ret = ORACLE_ERR_ENTROPY;
    ORACLE_ARG_CHECK(keys != NULL);
    memset(keys, 0, sizeof(*keys));
    check = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (check == NULL) return ORACLE_ERR_INTERNAL;
    for (tries = 0; tries < ORACLE_KEYGEN_TRIES; tries++) {
        if (oracle_platform_entropy(keys->secret, 32) != ORACLE_OK) goto exit;
        if (secp256k1_ec_seckey_verify(check, keys->secret)) break;
    }
    if (tries == ORACLE_KEYGEN_TRIES) goto exit;
    if (oracle_platform_entropy(keys->x25519_secret, 32) != ORACLE_OK) goto exit;
    /* Clamp as RFC 7748 section 5 prescribes (the scalar is little-endian). */
    keys->x25519_secret[0] &= 248;
    keys->x25519_secret[31] &= 127;
    keys->x25519_secret[31] |= 64;
    ret = oracle_keys_finish(keys);
exit:
    secp256k1_context_destroy(check);
    if (ret != ORACLE_OK) oracle_keys_wipe(keys);
    return ret;
}

int oracle_keys_unseal(oracle_keys *keys, const uint8_t *blob, size_t n)
{
    uint8_t plain[ORACLE_SEALED_KEYS_LEN];
    size_t plain_len = 0;
    secp256k1_context *check = NULL;
    int ret = ORACLE_ERR_SEALED_KEY;
    ORACLE_ARG_CHECK(keys != NULL && blob != NULL);
    memset(keys, 0, sizeof(*keys));
    if (oracle_platform_unseal(plain, sizeof(plain), &plain_len, blob, n) != ORACLE_OK) goto exit;
    if (plain_len != ORACLE_SEALED_KEYS_LEN || plain[0] != ORACLE_SEALED_KEYS_VERSION) goto exit;
    check = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (check == NULL || !secp256k1_ec_seckey_verify(check, plain + 1)) goto exit;
    memcpy(keys->secret, plain + 1, 32);
    memcpy(keys->x25519_secret, plain + 33, 32);
    ret = oracle_keys_finish(keys);
    if (ret != ORACLE_OK) ret = ORACLE_ERR_SEALED_KEY;
exit:
    if (check) secp256k1_context_destroy(check);
    mbedtls_platform_zeroize(plain, sizeof(plain));
    return ret;
}

int oracle_keys_seal(const oracle_keys *keys, uint8_t *out, size_t cap, size_t *out_len)
{
    uint8_t plain[ORACLE_SEALED_KEYS_LEN];
    int ret;
    ORACLE_ARG_CHECK(keys != NULL && out_len != NULL);
    if (!keys->ready) return ORACLE_ERR_NOT_INITIALIZED;
    plain[0] = ORACLE_SEALED_KEYS_VERSION;
    memcpy(plain + 1, keys->secret, 32);
    memcpy(plain + 33, keys->x25519_secret, 32);
    ret = oracle_platform_seal(out, cap, out_len, plain, sizeof(plain));
    mbedtls_platform_zeroize(plain, sizeof(plain));
    return ret;
}

int oracle_keys_sign(const oracle_keys *keys, uint8_t sig[65], const uint8_t digest[32])
{
    secp256k1_ecdsa_recoverable_signature rsig;
    int recid = 0;
    ORACLE_ARG_CHECK(keys != NULL && sig != NULL && digest != NULL);
    if (!keys->ready) return ORACLE_ERR_NOT_INITIALIZED;
    /* NULL nonce function: RFC 6979 (libsecp256k1's default); output is low-S. */
    if (!secp256k1_ecdsa_sign_recoverable(keys->ctx, &rsig, digest, keys->secret, NULL, NULL))
        return ORACLE_ERR_INTERNAL;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(keys->ctx, sig, &recid, &rsig);
    sig[64] = (uint8_t)(27 + recid);
    return ORACLE_OK;
}

void oracle_keys_wipe(oracle_keys *keys)
{
    if (keys == NULL) return;
    if (keys->ctx) secp256k1_context_destroy(keys->ctx);
    mbedtls_platform_zeroize(keys, sizeof(*keys));
}
