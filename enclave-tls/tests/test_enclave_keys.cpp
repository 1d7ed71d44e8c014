// The enclave's key lifecycle through the host ABI: creation, sealing,
// unsealing, refusal of tampered or foreign sealed blobs, and the order of calls.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oracle_host.h"

namespace {

struct Opened {
    oracle_host *h = nullptr;
    Opened() { EXPECT_EQ(oracle_host_open(&h, nullptr, 0), 0); }
    ~Opened() { oracle_host_close(h); }
};

std::vector<uint8_t> init(oracle_host *h, const std::vector<uint8_t> &sealed, uint8_t pub[64], int *code)
{
    std::vector<uint8_t> out(ORACLE_HOST_SEALED_MAX);
    size_t len = 0;
    *code = oracle_host_init(h, out.data(), out.size(), &len, pub, sealed.empty() ? nullptr : sealed.data(),
                             sealed.size());
    out.resize(*code == 0 ? len : 0);
    return out;
}

}  // namespace

TEST(EnclaveKeys, Init_UnsealsTheSameKey_InANewEnclaveInstance)
{
    uint8_t pub1[64], pub2[64], pub3[64];
    int code;
    std::vector<uint8_t> sealed;
    {
        Opened e;
        sealed = init(e.h, {}, pub1, &code);
        ASSERT_EQ(code, 0);
        ASSERT_FALSE(sealed.empty());
    }
    {
        Opened e;
        init(e.h, sealed, pub2, &code);
        ASSERT_EQ(code, 0);
    }
    {
        Opened e;
        init(e.h, {}, pub3, &code);
        ASSERT_EQ(code, 0);
    }
    EXPECT_EQ(std::string(pub1, pub1 + 64), std::string(pub2, pub2 + 64)) << "unsealing must give the same key";
    EXPECT_NE(std::string(pub1, pub1 + 64), std::string(pub3, pub3 + 64)) << "a fresh init must make a new key";
}

TEST(EnclaveKeys, Init_RefusesASealedKeyWithAnyByteChanged)
{
    uint8_t pub[64];
    int code;
    std::vector<uint8_t> sealed;
    {
        Opened e;
        sealed = init(e.h, {}, pub, &code);
        ASSERT_EQ(code, 0);
    }
    for (size_t i = 0; i < sealed.size(); i++) {
        std::vector<uint8_t> bad = sealed;
        bad[i] ^= 0x01;
        Opened e;
        init(e.h, bad, pub, &code);
        EXPECT_STREQ(oracle_host_error_name(code), "sealed_key") << "byte " << i;
    }
    for (size_t cut : {size_t(0), size_t(1), sealed.size() / 2, sealed.size() - 1}) {
        if (cut == 0) continue;  // empty means "generate"
        std::vector<uint8_t> bad(sealed.begin(), sealed.begin() + (long)cut);
        Opened e;
        init(e.h, bad, pub, &code);
        EXPECT_STREQ(oracle_host_error_name(code), "sealed_key") << "truncated to " << cut;
    }
}

TEST(EnclaveKeys, Execute_IsRefused_BeforeInit)
{
    Opened e;
    std::string out(ORACLE_HOST_EXECUTE_OUTPUT_MAX, '\0');
    size_t len = 0;
    const char req[] = "{}";
    int code = oracle_host_execute(e.h, out.data(), out.size(), &len, req, 2);
    EXPECT_STREQ(oracle_host_error_name(code), "not_initialized");
    out.resize(len);
    EXPECT_NE(out.find("\"not_initialized\""), std::string::npos) << out;
    uint8_t nonce[32] = {0};
    EXPECT_STREQ(oracle_host_error_name(oracle_host_identity(e.h, out.data(), out.size(), &len, nonce)),
                 "not_initialized");
}

TEST(EnclaveKeys, Open_RefusesASecondSimEnclaveInOneProcess)
{
    Opened first;
    oracle_host *second = nullptr;
    EXPECT_STREQ(oracle_host_error_name(oracle_host_open(&second, nullptr, 0)), "backend");
    EXPECT_EQ(second, nullptr);
}

TEST(EnclaveKeys, Init_IsRefused_WhenCalledTwice)
{
    Opened e;
    uint8_t pub[64];
    int code;
    init(e.h, {}, pub, &code);
    ASSERT_EQ(code, 0);
    init(e.h, {}, pub, &code);
    EXPECT_NE(code, 0);
}

TEST(EnclaveKeys, Identity_ReportsBufferSizeNeeded_WhenTheBufferIsTooSmall)
{
    Opened e;
    uint8_t pub[64], nonce[32] = {0};
    int code;
    init(e.h, {}, pub, &code);
    ASSERT_EQ(code, 0);
    char small[16];
    size_t len = 0;
    EXPECT_STREQ(oracle_host_error_name(oracle_host_identity(e.h, small, sizeof(small), &len, nonce)),
                 "buffer_too_small");
    std::string big(len + 1, '\0');
    size_t len2 = 0;
    EXPECT_EQ(oracle_host_identity(e.h, big.data(), big.size(), &len2, nonce), 0);
    EXPECT_EQ(len, len2);
}
