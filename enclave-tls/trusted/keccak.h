/*
 * keccak.h: Keccak-256 as Ethereum uses it (original Keccak padding 0x01, not
 * the SHA3-256 padding 0x06). MbedTLS 2.28 has no SHA-3, so this is our own,
 * checked against ../shared/vectors/cosmjs-crypto/.../keccak.json.
 *
 * Constant time with respect to the data (no data-dependent branches or
 * table lookups), though nothing hashed here is secret.
 */
#ifndef ORACLE_KECCAK_H
#define ORACLE_KECCAK_H

#include <stddef.h>
#include <stdint.h>

typedef struct oracle_keccak256_ctx {
    uint64_t state[25];
    uint8_t buf[136];   /* rate of Keccak-256: 1088 bits */
    size_t buf_len;
} oracle_keccak256_ctx;

void oracle_keccak256_init(oracle_keccak256_ctx *ctx);
/* In: data[0..len) (data may be NULL when len == 0). */
void oracle_keccak256_update(oracle_keccak256_ctx *ctx, const void *data, size_t len);
/* Out: out. The context must be initialised again before reuse. */
void oracle_keccak256_final(oracle_keccak256_ctx *ctx, uint8_t out[32]);
/* One-shot. Out: out. In: data[0..len). */
void oracle_keccak256(uint8_t out[32], const void *data, size_t len);

#endif
