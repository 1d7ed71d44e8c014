// Keccak-256 against the cosmjs vectors (../shared/vectors/cosmjs-crypto), whole and split.
#include <gtest/gtest.h>

#include <regex>

#include "test_support_files.hpp"

extern "C" {
#include "keccak.h"
}

using namespace oracle_test;

namespace {

struct KeccakVector {
    std::vector<uint8_t> in;
    std::string out;
};

std::vector<KeccakVector> load_vectors()
{
    std::string text = read_file(std::string(ORACLE_SHARED_DIR) +
                                 "/vectors/cosmjs-crypto/packages/crypto/src/testdata/keccak.json");
    std::regex row("\"in\"\\s*:\\s*\"([0-9a-fA-F]*)\"\\s*,\\s*\"out\"\\s*:\\s*\"([0-9a-fA-F]{64})\"");
    std::vector<KeccakVector> v;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it)
        v.push_back({from_hex((*it)[1]), (*it)[2]});
    return v;
}

}  // namespace

TEST(Keccak256, MatchesEveryCosmjsVector_WhenHashedInOneCall)
{
    auto vectors = load_vectors();
    ASSERT_GE(vectors.size(), 200u) << "vector file shrank or the row pattern stopped matching";
    for (const auto &v : vectors) {
        uint8_t out[32];
        oracle_keccak256(out, v.in.data(), v.in.size());
        EXPECT_EQ(to_hex(out, 32), v.out) << "input length " << v.in.size();
    }
}

TEST(Keccak256, MatchesEveryCosmjsVector_WhenFedInUnevenPieces)
{
    for (const auto &v : load_vectors()) {
        for (size_t step : {1u, 7u, 135u, 136u, 137u}) {
            oracle_keccak256_ctx ctx;
            oracle_keccak256_init(&ctx);
            for (size_t off = 0; off < v.in.size(); off += step)
                oracle_keccak256_update(&ctx, v.in.data() + off, std::min(step, v.in.size() - off));
            uint8_t out[32];
            oracle_keccak256_final(&ctx, out);
            ASSERT_EQ(to_hex(out, 32), v.out) << "length " << v.in.size() << " step " << step;
        }
    }
}

TEST(Keccak256, DiffersFromSha3_256_OnTheEmptyInput)
{
    // SHA3-256("") is a7ffc6f8...; Ethereum's Keccak-256("") is c5d24601...
    uint8_t out[32];
    oracle_keccak256(out, nullptr, 0);
    EXPECT_EQ(to_hex(out, 32), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}
