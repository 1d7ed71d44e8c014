// Unit tests for trusted/decimal.c: decimal text to scaled int256 and the
// int256 conversions, checked against an independent __int128 computation.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include <mbedtls/bignum.h>

#include "decimal.h"
#include "errors.h"
}

namespace {

// An mbedtls_mpi that frees itself.
struct Mpi {
    mbedtls_mpi v;
    Mpi() { mbedtls_mpi_init(&v); }
    ~Mpi() { mbedtls_mpi_free(&v); }
    Mpi(const Mpi &) = delete;
    Mpi &operator=(const Mpi &) = delete;
};

std::string Dec(const mbedtls_mpi *v)
{
    char buf[80];
    EXPECT_EQ(oracle_int256_to_dec(v, buf, sizeof(buf)), ORACLE_OK);
    return buf;
}

void SetDec(mbedtls_mpi *v, const std::string &s) { ASSERT_EQ(mbedtls_mpi_read_string(v, 10, s.c_str()), 0); }

// Independent decimal formatting of a 128-bit integer.
std::string I128ToString(__int128 v)
{
    unsigned __int128 u = v < 0 ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
    std::string s;
    do {
        s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
        u /= 10;
    } while (u);
    return v < 0 ? "-" + s : s;
}

// Independent 32-byte two's complement of a 128-bit integer (sign extended).
std::vector<uint8_t> I128ToBe(__int128 v)
{
    std::vector<uint8_t> out(32, v < 0 ? 0xFF : 0x00);
    unsigned __int128 u = (unsigned __int128)v;
    for (int i = 31; i >= 16; i--) {
        out[i] = static_cast<uint8_t>(u & 0xFF);
        u >>= 8;
    }
    return out;
}

const char kMax[] = "57896044618658097711785492504343953926634992332820282019728792003956564819967";
const char kMin[] = "-57896044618658097711785492504343953926634992332820282019728792003956564819968";
const char kMaxPlus1[] = "57896044618658097711785492504343953926634992332820282019728792003956564819968";
const char kMinMinus1[] = "-57896044618658097711785492504343953926634992332820282019728792003956564819969";

struct ParseRow {
    const char *name;
    std::string text;
    unsigned decimals;
    int expected;
    std::string value;  // decimal, when expected == ORACLE_OK
};

TEST(DecimalParse, Table)
{
    const int OK = ORACLE_OK;
    const int NAN_ = ORACLE_ERR_VALUE_NOT_NUMBER;
    const int RANGE = ORACLE_ERR_VALUE_RANGE;
    const std::string z76(76, '0');
    std::vector<ParseRow> rows = {
        // integers
        {"zero", "0", 0, OK, "0"},
        {"one", "1", 0, OK, "1"},
        {"scaled", "123", 2, OK, "12300"},
        {"neg_scaled", "-123", 2, OK, "-12300"},
        {"leading_zeros", "007", 0, OK, "7"},
        {"neg_zero", "-0", 0, OK, "0"},
        {"neg_zero_scaled", "-0.000", 18, OK, "0"},
        {"neg_zero_exp", "-0e5", 3, OK, "0"},
        // fractions and rounding half away from zero
        {"exact_fraction", "1.25", 2, OK, "125"},
        {"padded_fraction", "000.5000", 0, OK, "1"},
        {"half_up", "2.5", 0, OK, "3"},
        {"half_up_odd", "1.5", 0, OK, "2"},
        {"half_neg", "-2.5", 0, OK, "-3"},
        {"half_neg_odd", "-1.5", 0, OK, "-2"},
        {"below_half", "1.49", 0, OK, "1"},
        {"below_half_neg", "-1.49", 0, OK, "-1"},
        {"just_below_half", "0.4999999999999999999999", 0, OK, "0"},
        {"half", "0.5", 0, OK, "1"},
        {"neg_half", "-0.5", 0, OK, "-1"},
        {"neg_rounds_to_zero", "-0.4", 0, OK, "0"},
        {"half_at_scale", "1.005", 2, OK, "101"},
        {"below_half_at_scale", "1.0049", 2, OK, "100"},
        {"neg_half_at_scale", "-1.005", 2, OK, "-101"},
        {"round_up", "123.456", 2, OK, "12346"},
        {"round_down", "123.454", 2, OK, "12345"},
        {"round_half", "123.455", 2, OK, "12346"},
        {"round_half_neg", "-123.455", 2, OK, "-12346"},
        {"carry", "9.995", 2, OK, "1000"},
        {"price", "67321.123456789", 8, OK, "6732112345679"},
        // exponents
        {"exp", "1e3", 0, OK, "1000"},
        {"exp_upper", "1E3", 0, OK, "1000"},
        {"exp_plus", "1e+3", 0, OK, "1000"},
        {"exp_leading_zeros", "1e0003", 0, OK, "1000"},
        {"exp_fraction", "1.5e1", 0, OK, "15"},
        {"neg_exp_half", "15e-1", 0, OK, "2"},
        {"neg_exp_half_2", "25e-1", 0, OK, "3"},
        {"neg_exp_half_neg", "-25e-1", 0, OK, "-3"},
        {"neg_exp_exact", "1e-3", 3, OK, "1"},
        {"neg_exp_down", "1e-3", 2, OK, "0"},
        {"neg_exp_half_scaled", "5e-3", 2, OK, "1"},
        {"neg_exp_half_scaled_neg", "-5e-3", 2, OK, "-1"},
        {"exp_min", "1e-1000", 77, OK, "0"},
        {"exp_min_half", "5e-1000", 77, OK, "0"},
        {"exp_max_zero", "0e1000", 0, OK, "0"},
        {"exp_max_range", "1e1000", 0, RANGE, ""},
        {"exp_max_neg_range", "-1e1000", 0, RANGE, ""},
        {"exp_cancels_digits", "0.000000000000000000000000000001e1000", 0, RANGE, ""},
        {"exp_over", "1e1001", 0, NAN_, ""},
        {"exp_under", "1e-1001", 0, NAN_, ""},
        {"exp_huge", "1e99999999999999999999999", 0, NAN_, ""},
        // "1." and ".5" have a digit, so they are numbers
        {"dot_end", "1.", 0, OK, "1"},
        {"dot_start", ".5", 0, OK, "1"},
        {"neg_dot_start", "-.5", 1, OK, "-5"},
        {"dot_exp", "1.e2", 0, OK, "100"},
        // grammar rejects
        {"empty", "", 0, NAN_, ""},
        {"minus", "-", 0, NAN_, ""},
        {"dot", ".", 0, NAN_, ""},
        {"minus_dot", "-.", 0, NAN_, ""},
        {"plus", "+1", 0, NAN_, ""},
        {"space_before", " 1", 0, NAN_, ""},
        {"space_after", "1 ", 0, NAN_, ""},
        {"exp_empty", "1e", 0, NAN_, ""},
        {"exp_sign_only", "1e+", 0, NAN_, ""},
        {"exp_only", "e5", 0, NAN_, ""},
        {"dot_exp_only", ".e5", 0, NAN_, ""},
        {"exp_fraction_exp", "1e2.5", 0, NAN_, ""},
        {"hex", "0x10", 0, NAN_, ""},
        {"nan", "NaN", 0, NAN_, ""},
        {"infinity", "Infinity", 0, NAN_, ""},
        {"neg_infinity", "-Infinity", 0, NAN_, ""},
        {"two_dots", "1.2.3", 0, NAN_, ""},
        {"double_minus", "--1", 0, NAN_, ""},
        {"trailing_minus", "1-", 0, NAN_, ""},
        {"thousands", "1,000", 0, NAN_, ""},
        {"quoted", "\"1\"", 0, NAN_, ""},
        {"arabic_digit", "\xD9\xA1", 0, NAN_, ""},
        {"embedded_nul", std::string("1\0", 2), 0, NAN_, ""},
        {"too_long", std::string(201, '1'), 0, NAN_, ""},
        {"longest", std::string(199, '0') + "1", 0, OK, "1"},
        {"longest_fraction", "0." + std::string(197, '0') + "1", 0, OK, "0"},
        // int256 boundaries
        {"max", kMax, 0, OK, kMax},
        {"min", kMin, 0, OK, kMin},
        {"max_plus_1", kMaxPlus1, 0, RANGE, ""},
        {"min_minus_1", kMinMinus1, 0, RANGE, ""},
        {"max_rounded_down", std::string(kMax) + ".4999", 0, OK, kMax},
        {"max_rounded_up", std::string(kMax) + ".5", 0, RANGE, ""},
        {"min_rounded_down", std::string(kMin) + ".4999", 0, OK, kMin},
        {"min_rounded_up", std::string(kMin) + ".5", 0, RANGE, ""},
        {"max_exp", "5.7896044618658097711785492504343953926634992332820282019728792003956564819967e76", 0, OK,
         kMax},
        {"max_scaled", "5789604461865809771178549250434395392663499233282028201972879200395656481996.7", 1, OK,
         kMax},
        {"long_range", std::string(200, '1'), 0, RANGE, ""},
        // decimals limit
        {"decimals_77", "0.5", 77, OK, "5" + z76},
        {"decimals_77_range", "0.58", 77, RANGE, ""},
        {"decimals_77_neg", "-0.57", 77, OK, "-57" + std::string(75, '0')},
        {"decimals_78", "0", 78, ORACLE_ERR_JOB_LIMIT, ""},
        {"decimals_huge", "1", 1000, ORACLE_ERR_JOB_LIMIT, ""},
    };
    for (const auto &row : rows) {
        SCOPED_TRACE(row.name);
        Mpi out;
        ASSERT_EQ(mbedtls_mpi_lset(&out.v, 12345), 0);
        int rc = oracle_decimal_parse(row.text.data(), row.text.size(), row.decimals, &out.v);
        EXPECT_EQ(rc, row.expected);
        if (rc == ORACLE_OK) {
            EXPECT_EQ(Dec(&out.v), row.value);
            EXPECT_EQ(oracle_int256_in_range(&out.v), 1);
        }
    }
}

TEST(DecimalParse, NegativeZeroHasPositiveSign)
{
    for (const char *t : {"-0", "-0.4", "-0e9", "-0.00000001"}) {
        SCOPED_TRACE(t);
        Mpi out;
        ASSERT_EQ(oracle_decimal_parse(t, strlen(t), 0, &out.v), ORACLE_OK);
        EXPECT_EQ(mbedtls_mpi_cmp_int(&out.v, 0), 0);
        uint8_t be[32];
        ASSERT_EQ(oracle_int256_to_be(&out.v, be), ORACLE_OK);
        EXPECT_EQ(std::vector<uint8_t>(be, be + 32), std::vector<uint8_t>(32, 0));
        EXPECT_EQ(Dec(&out.v), "0");
    }
}

// Rounding checked against __int128 arithmetic on random mantissas and scales.
TEST(DecimalParse, RandomRoundingMatchesInt128)
{
    std::mt19937_64 rng(0x5eed1234);
    for (int i = 0; i < 3000; i++) {
        int64_t m = static_cast<int64_t>(rng() >> (1 + rng() % 63)) * ((rng() & 1) ? -1 : 1);
        unsigned frac = static_cast<unsigned>(rng() % 8);
        unsigned decimals = static_cast<unsigned>(rng() % 12);
        int exp = static_cast<int>(rng() % 9) - 4;
        // text: |m| with a point frac digits from the right, then an exponent
        std::string digits = I128ToString(m < 0 ? -(__int128)m : (__int128)m);
        while (digits.size() <= frac) digits.insert(digits.begin(), '0');
        std::string text = (m < 0 ? "-" : "") + digits.substr(0, digits.size() - frac) +
                           (frac ? "." + digits.substr(digits.size() - frac) : "") + "e" + std::to_string(exp);
        // expected: m * 10^(decimals + exp - frac), rounded half away from zero
        int shift = static_cast<int>(decimals) + exp - static_cast<int>(frac);
        __int128 mag = m < 0 ? -(__int128)m : (__int128)m;
        if (shift >= 0) {
            for (int k = 0; k < shift; k++) mag *= 10;
        } else {
            __int128 p = 1;
            for (int k = 0; k < -shift; k++) p *= 10;
            __int128 q = mag / p, r = mag % p;
            mag = q + (2 * r >= p ? 1 : 0);
        }
        __int128 want = m < 0 ? -mag : mag;
        SCOPED_TRACE(text + " decimals=" + std::to_string(decimals));
        Mpi out;
        ASSERT_EQ(oracle_decimal_parse(text.data(), text.size(), decimals, &out.v), ORACLE_OK);
        ASSERT_EQ(Dec(&out.v), I128ToString(want));
    }
}

TEST(Int256, InRange)
{
    struct Row {
        std::string v;
        int in;
    };
    std::vector<Row> rows = {
        {"0", 1}, {"1", 1}, {"-1", 1}, {kMax, 1}, {kMin, 1}, {kMaxPlus1, 0}, {kMinMinus1, 0},
        {"115792089237316195423570985008687907853269984665640564039457584007913129639936", 0},   // 2^256
        {"-115792089237316195423570985008687907853269984665640564039457584007913129639936", 0},  // -2^256
        {"-86844066927987146567678238756515930889952488499230423029593188005934847229952", 0},  // -1.5 * 2^255
    };
    for (const auto &r : rows) {
        SCOPED_TRACE(r.v);
        Mpi v;
        SetDec(&v.v, r.v);
        EXPECT_EQ(oracle_int256_in_range(&v.v), r.in);
        uint8_t be[32];
        EXPECT_EQ(oracle_int256_to_be(&v.v, be), r.in ? ORACLE_OK : ORACLE_ERR_VALUE_RANGE);
    }
}

TEST(Int256, KnownEncodings)
{
    struct Row {
        std::string dec;
        std::vector<uint8_t> be;
    };
    auto fill = [](uint8_t first, uint8_t rest, uint8_t last) {
        std::vector<uint8_t> b(32, rest);
        b[0] = first;
        b[31] = last;
        return b;
    };
    std::vector<Row> rows = {
        {"0", fill(0, 0, 0)},
        {"1", fill(0, 0, 1)},
        {"-1", fill(0xFF, 0xFF, 0xFF)},
        {"-2", fill(0xFF, 0xFF, 0xFE)},
        {"255", fill(0, 0, 0xFF)},
        {"-256", [] { std::vector<uint8_t> b(32, 0xFF); b[31] = 0; return b; }()},
        {kMax, fill(0x7F, 0xFF, 0xFF)},
        {kMin, fill(0x80, 0, 0)},
        {"-57896044618658097711785492504343953926634992332820282019728792003956564819967", fill(0x80, 0, 1)},
    };
    for (const auto &r : rows) {
        SCOPED_TRACE(r.dec);
        Mpi v, back;
        SetDec(&v.v, r.dec);
        uint8_t be[32];
        ASSERT_EQ(oracle_int256_to_be(&v.v, be), ORACLE_OK);
        EXPECT_EQ(std::vector<uint8_t>(be, be + 32), r.be);
        ASSERT_EQ(oracle_int256_from_be(r.be.data(), &back.v), ORACLE_OK);
        EXPECT_EQ(mbedtls_mpi_cmp_mpi(&back.v, &v.v), 0);
        EXPECT_EQ(Dec(&back.v), r.dec);
    }
}

// Values that fit in __int128: compare with an independent encoding.
TEST(Int256, RandomInt128RoundTrip)
{
    std::mt19937_64 rng(42);
    for (int i = 0; i < 2000; i++) {
        unsigned __int128 u = ((unsigned __int128)rng() << 64) | rng();
        __int128 x = (__int128)(u >> (1 + rng() % 127));  // spread the magnitudes, < 2^127
        if (rng() & 1) x = -x - (rng() & 1);            // reaches -2^127 too
        std::string dec = I128ToString(x);
        SCOPED_TRACE(dec);
        Mpi v, back;
        ASSERT_EQ(oracle_decimal_parse(dec.data(), dec.size(), 0, &v.v), ORACLE_OK);
        uint8_t be[32];
        ASSERT_EQ(oracle_int256_to_be(&v.v, be), ORACLE_OK);
        ASSERT_EQ(std::vector<uint8_t>(be, be + 32), I128ToBe(x));
        ASSERT_EQ(oracle_int256_from_be(be, &back.v), ORACLE_OK);
        ASSERT_EQ(Dec(&back.v), dec);
    }
}

// Arbitrary 32-byte words: from_be then to_be is the identity, through decimal too.
TEST(Int256, RandomWordRoundTrip)
{
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; i++) {
        uint8_t in[32], out[32];
        for (int k = 0; k < 4; k++) {
            uint64_t w = rng();
            for (int j = 0; j < 8; j++) in[8 * k + j] = static_cast<uint8_t>(w >> (8 * j));
        }
        if (i % 4 == 1) for (int j = 0; j < 16; j++) in[j] = (in[0] & 0x80) ? 0xFF : 0x00;  // small magnitudes
        Mpi v, again;
        ASSERT_EQ(oracle_int256_from_be(in, &v.v), ORACLE_OK);
        ASSERT_EQ(oracle_int256_in_range(&v.v), 1);
        EXPECT_EQ(mbedtls_mpi_cmp_int(&v.v, 0) < 0, (in[0] & 0x80) != 0);
        ASSERT_EQ(oracle_int256_to_be(&v.v, out), ORACLE_OK);
        ASSERT_EQ(std::vector<uint8_t>(out, out + 32), std::vector<uint8_t>(in, in + 32));
        std::string dec = Dec(&v.v);
        ASSERT_EQ(oracle_decimal_parse(dec.data(), dec.size(), 0, &again.v), ORACLE_OK);
        ASSERT_EQ(mbedtls_mpi_cmp_mpi(&again.v, &v.v), 0);
    }
}

TEST(Int256, ToDecBuffer)
{
    Mpi v;
    SetDec(&v.v, kMin);
    char buf[80];
    ASSERT_EQ(oracle_int256_to_dec(&v.v, buf, sizeof(buf)), ORACLE_OK);
    EXPECT_EQ(std::string(buf), kMin);
    size_t need = strlen(kMin) + 1;
    EXPECT_EQ(oracle_int256_to_dec(&v.v, buf, need), ORACLE_OK);
    EXPECT_EQ(std::string(buf), kMin);
    EXPECT_EQ(oracle_int256_to_dec(&v.v, buf, need - 1), ORACLE_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(oracle_int256_to_dec(&v.v, nullptr, 0), ORACLE_ERR_BUFFER_TOO_SMALL);

    SetDec(&v.v, "0");
    EXPECT_EQ(oracle_int256_to_dec(&v.v, buf, 2), ORACLE_OK);
    EXPECT_EQ(std::string(buf), "0");
    EXPECT_EQ(oracle_int256_to_dec(&v.v, buf, 1), ORACLE_ERR_BUFFER_TOO_SMALL);

    // far outside int256 still formats (the scratch space grows)
    std::string big = "-" + std::string(300, '9');
    SetDec(&v.v, big);
    std::vector<char> large(400);
    ASSERT_EQ(oracle_int256_to_dec(&v.v, large.data(), large.size()), ORACLE_OK);
    EXPECT_EQ(std::string(large.data()), big);
}

}  // namespace
