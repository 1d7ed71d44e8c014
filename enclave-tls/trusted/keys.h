/*
 * keys.h: the enclave's keys.
 *
 *   secp256k1 signing key: signs reports (EIP-712 digests) with RFC 6979
 *     deterministic nonces, low-S, recoverable (r, s, v) so that EVM ecrecover
 *     returns the enclave's address.
 *   X25519 key: the key secrets (API keys of paid sources) are encrypted to;
 *     bound into REPORTDATA beside the signing key.
 *
 * Both are made inside from in-enclave entropy and leave only sealed
 * (oracle_platform_seal). Sealed plaintext: version byte 1 | secp256k1 secret
 * (32) | X25519 secret (32, little-endian as RFC 7748).
 */
#ifndef ORACLE_KEYS_H
#define ORACLE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include <secp256k1.h>

typedef struct oracle_keys {
    secp256k1_context *ctx;       /* signing context, randomised */
    uint8_t secret[32];           /* secp256k1 secret key */
    uint8_t public_key[64];       /* uncompressed x || y, no 0x04 prefix */
    uint8_t address[20];          /* keccak256(public_key)[12..32] */
    uint8_t x25519_secret[32];
    uint8_t x25519_public[32];
    int ready;
} oracle_keys;

/* Creates fresh keys from the platform entropy.
 * Returns: ORACLE_OK; ORACLE_ERR_ENTROPY; ORACLE_ERR_INTERNAL. Out: keys. */
int oracle_keys_generate(oracle_keys *keys);

/* Loads keys from a sealed blob made by oracle_keys_seal on this enclave.
 * Returns: ORACLE_OK; ORACLE_ERR_SEALED_KEY (corrupt, foreign, or wrong version). */
int oracle_keys_unseal(oracle_keys *keys, const uint8_t *blob, size_t n);

/* Returns: ORACLE_OK; ORACLE_ERR_BUFFER_TOO_SMALL (*out_len = size needed). */
int oracle_keys_seal(const oracle_keys *keys, uint8_t *out, size_t cap, size_t *out_len);

/* Signs a 32-byte digest. Out: sig = r (32) | s (32, low-S) | v (27 or 28).
 * Returns: ORACLE_OK; ORACLE_ERR_NOT_INITIALIZED; ORACLE_ERR_INTERNAL.
 * Safe to call from several threads at once. */
int oracle_keys_sign(const oracle_keys *keys, uint8_t sig[65], const uint8_t digest[32]);

/* Wipes the secrets and frees the context. */
void oracle_keys_wipe(oracle_keys *keys);

#endif
