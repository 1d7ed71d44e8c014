#include "keccak.h"

#include <string.h>

static const uint64_t oracle_keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

/* Rotation offsets r[x + 5y] and the pi step's lane order, as in the Keccak reference. */
static const unsigned oracle_keccak_rho[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                               27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
static const unsigned oracle_keccak_pi[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                              15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

static uint64_t oracle_rotl64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> (64 - n));
}

static void oracle_keccak_f1600(uint64_t a[25])
{
    uint64_t c[5], t;
    unsigned round, x, y, i;
    for (round = 0; round < 24; round++) {
        /* theta */
        for (x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        for (x = 0; x < 5; x++) {
            t = c[(x + 4) % 5] ^ oracle_rotl64(c[(x + 1) % 5], 1);
            for (y = 0; y < 25; y += 5) a[y + x] ^= t;
        }
        /* rho and pi */
        t = a[1];
        for (i = 0; i < 24; i++) {
            unsigned j = oracle_keccak_pi[i];
            uint64_t tmp = a[j];
            a[j] = oracle_rotl64(t, oracle_keccak_rho[i]);
            t = tmp;
        }
        /* chi */
        for (y = 0; y < 25; y += 5) {
            for (x = 0; x < 5; x++) c[x] = a[y + x];
            for (x = 0; x < 5; x++) a[y + x] = c[x] ^ ((~c[(x + 1) % 5]) & c[(x + 2) % 5]);
        }
        /* iota */
        a[0] ^= oracle_keccak_rc[round];
    }
}

static void oracle_keccak_absorb_block(uint64_t state[25], const uint8_t *block)
{
    unsigned i, k;
    for (i = 0; i < 136 / 8; i++) {
        uint64_t lane = 0;
        for (k = 0; k < 8; k++) lane |= (uint64_t)block[8 * i + k] << (8 * k);
        state[i] ^= lane;
    }
    oracle_keccak_f1600(state);
}

void oracle_keccak256_init(oracle_keccak256_ctx *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
}

void oracle_keccak256_update(oracle_keccak256_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    if (len == 0) return;
    if (ctx->buf_len) {
        size_t take = sizeof(ctx->buf) - ctx->buf_len;
        if (take > len) take = len;
        memcpy(ctx->buf + ctx->buf_len, p, take);
        ctx->buf_len += take;
        p += take;
        len -= take;
        if (ctx->buf_len < sizeof(ctx->buf)) return;
        oracle_keccak_absorb_block(ctx->state, ctx->buf);
        ctx->buf_len = 0;
    }
    while (len >= sizeof(ctx->buf)) {
        oracle_keccak_absorb_block(ctx->state, p);
        p += sizeof(ctx->buf);
        len -= sizeof(ctx->buf);
    }
    memcpy(ctx->buf, p, len);
    ctx->buf_len = len;
}

void oracle_keccak256_final(oracle_keccak256_ctx *ctx, uint8_t out[32])
{
    unsigned i;
    memset(ctx->buf + ctx->buf_len, 0, sizeof(ctx->buf) - ctx->buf_len);
    ctx->buf[ctx->buf_len] ^= 0x01;           /* Keccak padding, not SHA-3's 0x06 */
    ctx->buf[sizeof(ctx->buf) - 1] ^= 0x80;
    oracle_keccak_absorb_block(ctx->state, ctx->buf);
    for (i = 0; i < 32; i++) out[i] = (uint8_t)(ctx->state[i / 8] >> (8 * (i % 8)));
    memset(ctx, 0, sizeof(*ctx));
}

void oracle_keccak256(uint8_t out[32], const void *data, size_t len)
{
    oracle_keccak256_ctx ctx;
    oracle_keccak256_init(&ctx);
    oracle_keccak256_update(&ctx, data, len);
    oracle_keccak256_final(&ctx, out);
}
