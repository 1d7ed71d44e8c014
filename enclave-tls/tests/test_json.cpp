// Unit tests for trusted/json.c: validation, iteration, string decoding,
// RFC 6901 pointers and RFC 8785 canonical output.
#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <string>
#include <vector>

extern "C" {
#include "buf.h"
#include "errors.h"
#include "json.h"
}

namespace {

oracle_span Span(const std::string &s) { return oracle_span{s.data(), s.size()}; }
std::string Str(oracle_span s) { return s.p ? std::string(s.p, s.n) : std::string(); }
std::string Nest(const std::string &open, const std::string &close, size_t n, const std::string &mid)
{
    std::string s;
    for (size_t i = 0; i < n; i++) s += open;
    s += mid;
    for (size_t i = 0; i < n; i++) s += close;
    return s;
}

// ---------------------------------------------------------------------------
// Validation

struct ValidateRow {
    const char *name;
    std::string input;
    unsigned max_depth;
    int expected;
};

const int OK = ORACLE_OK;
const int MAL = ORACLE_ERR_JSON_MALFORMED;
const int DEEP = ORACLE_ERR_JSON_TOO_DEEP;

std::vector<ValidateRow> ValidateRows()
{
    using S = std::string;
    return {
        // grammar: accepted
        {"int", "1", 64, OK},
        {"ws_around", " \t\r\n1 \n", 64, OK},
        {"neg_zero", "-0", 64, OK},
        {"fraction", "-12.50", 64, OK},
        {"exponent", "1E-7", 64, OK},
        {"exponent_plus", "2e+10", 64, OK},
        {"zero_fraction", "0.0e0", 64, OK},
        {"literals", "[true,false,null]", 64, OK},
        {"empty_containers", "[{},[],\"\"]", 64, OK},
        {"object", "{\"a\":1,\"b\":[1,{\"c\":null}]}", 64, OK},
        {"object_ws", "{ \"a\" : 1 , \"b\" : [ ] }", 64, OK},
        {"dup_keys_ok", "{\"a\":1,\"a\":2}", 64, OK},
        {"escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uABCD\"", 64, OK},
        {"lone_high_escape", "\"\\uD800\"", 64, OK},
        {"lone_low_escape", "\"\\uDC00x\"", 64, OK},
        {"del_raw", "\"\x7f\"", 64, OK},
        // grammar: rejected
        {"empty", "", 64, MAL},
        {"only_ws", "  \n", 64, MAL},
        {"two_values", "1 2", 64, MAL},
        {"trailing_comma_array", "[1,]", 64, MAL},
        {"trailing_comma_object", "{\"a\":1,}", 64, MAL},
        {"leading_comma", "[,1]", 64, MAL},
        {"double_comma", "[1,,2]", 64, MAL},
        {"missing_comma", "[1 2]", 64, MAL},
        {"missing_colon", "{\"a\" 1}", 64, MAL},
        {"missing_value", "{\"a\":}", 64, MAL},
        {"unquoted_key", "{a:1}", 64, MAL},
        {"number_key", "{1:2}", 64, MAL},
        {"single_quotes", "'a'", 64, MAL},
        {"line_comment", "// c\n1", 64, MAL},
        {"block_comment", "[1/*c*/]", 64, MAL},
        {"leading_zero", "01", 64, MAL},
        {"neg_leading_zero", "-01", 64, MAL},
        {"dot_end", "1.", 64, MAL},
        {"dot_start", ".5", 64, MAL},
        {"exp_no_digits", "1e", 64, MAL},
        {"exp_sign_only", "1e+", 64, MAL},
        {"minus_only", "-", 64, MAL},
        {"plus", "+1", 64, MAL},
        {"nan", "NaN", 64, MAL},
        {"infinity", "Infinity", 64, MAL},
        {"neg_infinity", "-Infinity", 64, MAL},
        {"hex", "0x10", 64, MAL},
        {"true_prefix", "tru", 64, MAL},
        {"true_caps", "True", 64, MAL},
        {"true_suffix", "truex", 64, MAL},
        {"null_short", "nul", 64, MAL},
        {"unclosed_array", "[1", 64, MAL},
        {"unclosed_object", "{\"a\":1", 64, MAL},
        {"extra_close", "[1]]", 64, MAL},
        {"mismatch_1", "[1}", 64, MAL},
        {"mismatch_2", "{\"a\":1]", 64, MAL},
        {"unterminated_string", "\"abc", 64, MAL},
        {"form_feed_ws", "\f1", 64, MAL},
        {"bom", "\xEF\xBB\xBF" "1", 64, MAL},
        {"nul_after", S("1\0", 2), 64, MAL},
        // strings: escapes and control characters
        {"bad_escape", "\"\\x\"", 64, MAL},
        {"short_u", "\"\\u12\"", 64, MAL},
        {"bad_hex", "\"\\u12G4\"", 64, MAL},
        {"backslash_at_end", "\"\\", 64, MAL},
        {"raw_newline", "\"a\nb\"", 64, MAL},
        {"raw_tab", "\"a\tb\"", 64, MAL},
        {"raw_0x1f", "\"\x1f\"", 64, MAL},
        {"raw_nul", S("\"\0\"", 3), 64, MAL},
        // UTF-8
        {"utf8_2", "\"\xC3\xA9\"", 64, OK},
        {"utf8_3", "\"\xE2\x82\xAC\"", 64, OK},
        {"utf8_4", "\"\xF0\x9F\x98\x80\"", 64, OK},
        {"utf8_max", "\"\xF4\x8F\xBF\xBF\"", 64, OK},
        {"utf8_d7ff", "\"\xED\x9F\xBF\"", 64, OK},
        {"utf8_e000", "\"\xEE\x80\x80\"", 64, OK},
        {"utf8_min_3", "\"\xE0\xA0\x80\"", 64, OK},
        {"utf8_min_4", "\"\xF0\x90\x80\x80\"", 64, OK},
        {"overlong_c0", "\"\xC0\x80\"", 64, MAL},
        {"overlong_c1", "\"\xC1\xBF\"", 64, MAL},
        {"overlong_e0", "\"\xE0\x9F\xBF\"", 64, MAL},
        {"overlong_f0", "\"\xF0\x8F\xBF\xBF\"", 64, MAL},
        {"surrogate_d800", "\"\xED\xA0\x80\"", 64, MAL},
        {"surrogate_dfff", "\"\xED\xBF\xBF\"", 64, MAL},
        {"above_10ffff", "\"\xF4\x90\x80\x80\"", 64, MAL},
        {"lead_f5", "\"\xF5\x80\x80\x80\"", 64, MAL},
        {"lead_ff", "\"\xFF\"", 64, MAL},
        {"lone_continuation", "\"\x80\"", 64, MAL},
        {"truncated_3", "\"\xE2\x82\"", 64, MAL},
        {"truncated_4", "\"\xF0\x9F\x98\"", 64, MAL},
        {"truncated_at_eof", "\"\xE2", 64, MAL},
        {"bad_continuation", "\"\xC3\x28\"", 64, MAL},
        {"utf8_outside_string", "\xC3\xA9", 64, MAL},
        // depth: a scalar is depth 0, each enclosing container adds 1
        {"depth0_scalar", "1", 0, OK},
        {"depth0_array", "[]", 0, DEEP},
        {"depth0_object", "{}", 0, DEEP},
        {"depth1_flat", "[1,2,{}]", 1, DEEP},
        {"depth1_ok", "[1]", 1, OK},
        {"depth1_object_ok", "{\"a\":1,\"b\":2}", 1, OK},
        {"depth1_nested", "[[1]]", 1, DEEP},
        {"depth1_object_in_object", "{\"a\":{}}", 1, DEEP},
        {"depth2_ok", "[[1],{\"a\":1},[]]", 2, OK},
        {"depth3_in_depth2", "[[1],{\"a\":[]}]", 2, DEEP},
        {"depth_first_error_wins", "[[x", 1, DEEP},
        {"malformed_before_deep", "[x,[[1]]]", 1, MAL},
        {"depth64_ok", Nest("[", "]", 64, "1"), 64, OK},
        {"depth65_too_deep", Nest("[", "]", 65, "1"), 64, DEEP},
        {"depth64_objects_ok", Nest("{\"a\":", "}", 64, "1"), 64, OK},
        {"depth65_objects_too_deep", Nest("{\"a\":", "}", 65, "1"), 64, DEEP},
        {"depth_mixed_close_mismatch", Nest("[", "}", 3, "1"), 64, MAL},
        {"huge_limit_capped_ok", Nest("[", "]", 4096, ""), UINT_MAX, OK},
        {"huge_limit_capped_deep", Nest("[", "]", 4097, ""), UINT_MAX, DEEP},
        {"deep_unclosed", std::string(100000, '['), 64, DEEP},
        {"deep_unclosed_large_limit", std::string(5000, '['), 100000, DEEP},
    };
}

TEST(JsonValidate, Table)
{
    for (const auto &row : ValidateRows()) {
        SCOPED_TRACE(row.name);
        oracle_span root{reinterpret_cast<const char *>(1), 99};
        int rc = oracle_json_validate(row.input.data(), row.input.size(), row.max_depth, &root);
        EXPECT_EQ(rc, row.expected);
        if (rc != ORACLE_OK) {
            EXPECT_EQ(root.p, nullptr);
            EXPECT_EQ(root.n, 0u);
        }
    }
}

TEST(JsonValidate, RootSpanExcludesWhitespace)
{
    std::string doc = " \n {\"a\" : [1]}\t ";
    oracle_span root;
    ASSERT_EQ(oracle_json_validate(doc.data(), doc.size(), 64, &root), ORACLE_OK);
    EXPECT_EQ(Str(root), "{\"a\" : [1]}");
    ASSERT_EQ(oracle_json_validate(doc.data(), doc.size(), 64, nullptr), ORACLE_OK);
    std::string num = "  -1.5e3 ";
    ASSERT_EQ(oracle_json_validate(num.data(), num.size(), 0, &root), ORACLE_OK);
    EXPECT_EQ(Str(root), "-1.5e3");
}

TEST(JsonValidate, LargeInputIsFast)
{
    // about 1 MiB of members, strings with escapes and numbers
    std::string doc = "{";
    for (int i = 0; doc.size() < (1u << 20); i++) {
        if (i) doc += ",";
        doc += "\"k" + std::to_string(i) + "\":[\"v\\u00e9\xC3\xA9\",-" + std::to_string(i) + ".5e1,true]";
    }
    doc += "}";
    oracle_span root;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; i++) ASSERT_EQ(oracle_json_validate(doc.data(), doc.size(), 64, &root), ORACLE_OK);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(ms, 5000) << "10 validations of 1 MiB took " << ms << " ms";
    EXPECT_EQ(root.n, doc.size());
    // 1 MiB of nesting exactly at the limit: many depth-64 values in one array
    std::string elem = Nest("[{\"a\":", "}]", 31, "[1]");
    std::string deep = "[" + elem;
    while (deep.size() < (1u << 20)) deep += "," + elem;
    deep += "]";
    t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(oracle_json_validate(deep.data(), deep.size(), 64, &root), ORACLE_OK);
    EXPECT_EQ(oracle_json_validate(deep.data(), deep.size(), 63, &root), ORACLE_ERR_JSON_TOO_DEEP);
    ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(ms, 2000) << "deep 1 MiB took " << ms << " ms";
}

// ---------------------------------------------------------------------------
// Types and iteration

TEST(JsonIter, TypesAndMembers)
{
    struct Row {
        std::string text;
        oracle_json_type type;
    };
    std::vector<Row> rows = {
        {"{}", ORACLE_JSON_OBJECT}, {"[]", ORACLE_JSON_ARRAY},   {"\"s\"", ORACLE_JSON_STRING},
        {"-1", ORACLE_JSON_NUMBER}, {"7", ORACLE_JSON_NUMBER},   {"true", ORACLE_JSON_TRUE},
        {"false", ORACLE_JSON_FALSE}, {"null", ORACLE_JSON_NULL}, {"", ORACLE_JSON_INVALID},
        {"x", ORACLE_JSON_INVALID},
    };
    for (const auto &r : rows) {
        SCOPED_TRACE(r.text);
        EXPECT_EQ(oracle_json_type_of(Span(r.text)), r.type);
    }

    std::string doc = "{ \"a\" : 1 , \"b\\\"}\" : [2, \"]\"] ,\"c\":{\"d\":{}} }";
    oracle_span root, k, v;
    ASSERT_EQ(oracle_json_validate(doc.data(), doc.size(), 64, &root), ORACLE_OK);
    oracle_json_iter it;
    ASSERT_EQ(oracle_json_iter_init(&it, root), ORACLE_OK);
    std::vector<std::pair<std::string, std::string>> got;
    while (oracle_json_iter_next(&it, &k, &v)) got.emplace_back(Str(k), Str(v));
    std::vector<std::pair<std::string, std::string>> want = {
        {"\"a\"", "1"}, {"\"b\\\"}\"", "[2, \"]\"]"}, {"\"c\"", "{\"d\":{}}"}};
    EXPECT_EQ(got, want);
    EXPECT_EQ(oracle_json_iter_next(&it, &k, &v), 0);  // stays at the end

    std::string arr = "[ 1, \"x\" ,[true] ,-2.5e1]";
    ASSERT_EQ(oracle_json_iter_init(&it, Span(arr)), ORACLE_OK);
    std::vector<std::string> elems;
    while (oracle_json_iter_next(&it, &k, &v)) {
        EXPECT_EQ(k.p, nullptr);
        EXPECT_EQ(k.n, 0u);
        elems.push_back(Str(v));
    }
    EXPECT_EQ(elems, (std::vector<std::string>{"1", "\"x\"", "[true]", "-2.5e1"}));

    std::string empty = "[ ]";
    ASSERT_EQ(oracle_json_iter_init(&it, Span(empty)), ORACLE_OK);
    EXPECT_EQ(oracle_json_iter_next(&it, &k, &v), 0);
    std::string scalar = "\"ab\"";
    EXPECT_EQ(oracle_json_iter_init(&it, Span(scalar)), ORACLE_ERR_JSON_MALFORMED);
}

// ---------------------------------------------------------------------------
// String decoding

struct DecodeRow {
    const char *name;
    std::string token;
    int expected;
    std::string bytes;
};

TEST(JsonString, DecodeTable)
{
    using S = std::string;
    std::vector<DecodeRow> rows = {
        {"plain", "\"abc\"", OK, "abc"},
        {"empty", "\"\"", OK, ""},
        {"short_escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", OK, "\"\\/\b\f\n\r\t"},
        {"u_2byte", "\"\\u00e9\"", OK, "\xC3\xA9"},
        {"u_3byte_upper", "\"\\u20AC\"", OK, "\xE2\x82\xAC"},
        {"u_nul", "\"a\\u0000b\"", OK, S("a\0b", 3)},
        {"pair", "\"\\uD83D\\uDE00\"", OK, "\xF0\x9F\x98\x80"},
        {"pair_lower", "\"\\ud83d\\ude00!\"", OK, "\xF0\x9F\x98\x80!"},
        {"pair_max", "\"\\uDBFF\\uDFFF\"", OK, "\xF4\x8F\xBF\xBF"},
        {"lone_high", "\"\\uD800\"", OK, "\xEF\xBF\xBD"},
        {"lone_low", "\"\\uDC00\"", OK, "\xEF\xBF\xBD"},
        {"high_then_ascii", "\"\\uD800\\u0041\"", OK, "\xEF\xBF\xBD" "A"},
        {"high_then_high", "\"\\uD800\\uD800\"", OK, "\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"reversed_pair", "\"\\uDE00\\uD83D\"", OK, "\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"high_then_raw", "\"\\uD83Dx\"", OK, "\xEF\xBF\xBD" "x"},
        {"raw_utf8", "\"\xC3\xA9\xF0\x9F\x98\x80\"", OK, "\xC3\xA9\xF0\x9F\x98\x80"},
        {"not_string", "abc", ORACLE_ERR_JSON_MALFORMED, ""},
        {"number", "1", ORACLE_ERR_JSON_MALFORMED, ""},
        {"one_quote", "\"", ORACLE_ERR_JSON_MALFORMED, ""},
        {"dangling_backslash", "\"\\\"", ORACLE_ERR_JSON_MALFORMED, ""},
        {"bad_escape", "\"\\q\"", ORACLE_ERR_JSON_MALFORMED, ""},
    };
    for (const auto &row : rows) {
        SCOPED_TRACE(row.name);
        char out[64];
        size_t n = 999;
        int rc = oracle_json_string_decode(Span(row.token), out, sizeof(out), &n);
        EXPECT_EQ(rc, row.expected);
        if (rc == ORACLE_OK) {
            EXPECT_EQ(std::string(out, n), row.bytes);
            EXPECT_EQ(oracle_json_string_equals(Span(row.token), row.bytes.data(), row.bytes.size()), 1);
            std::string longer = row.bytes + "x";
            EXPECT_EQ(oracle_json_string_equals(Span(row.token), longer.data(), longer.size()), 0);
            if (!row.bytes.empty()) {
                EXPECT_EQ(oracle_json_string_equals(Span(row.token), row.bytes.data(), row.bytes.size() - 1), 0);
                std::string other = row.bytes;
                other.back() = static_cast<char>(other.back() ^ 1);
                EXPECT_EQ(oracle_json_string_equals(Span(row.token), other.data(), other.size()), 0);
            }
        } else {
            EXPECT_EQ(oracle_json_string_equals(Span(row.token), "", 0), 0);
        }
    }
}

TEST(JsonString, DecodeBufferTooSmall)
{
    std::string tok = "\"a\\u00e9\"";  // decodes to 3 bytes
    char out[3];
    size_t n = 0;
    EXPECT_EQ(oracle_json_string_decode(Span(tok), out, 2, &n), ORACLE_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(n, 3u);
    EXPECT_EQ(oracle_json_string_decode(Span(tok), nullptr, 0, &n), ORACLE_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(n, 3u);
    EXPECT_EQ(oracle_json_string_decode(Span(tok), out, 3, &n), ORACLE_OK);
    EXPECT_EQ(std::string(out, n), "a\xC3\xA9");
}

// ---------------------------------------------------------------------------
// JSON Pointer

TEST(JsonPointer, CheckTable)
{
    struct Row {
        std::string ptr;
        int expected;
    };
    std::vector<Row> rows = {
        {"", OK}, {"/", OK}, {"/a", OK}, {"//", OK}, {"/a~0b~1c", OK}, {"/~01", OK},
        {"a", ORACLE_ERR_JOB_POINTER}, {"#/a", ORACLE_ERR_JOB_POINTER}, {"/~", ORACLE_ERR_JOB_POINTER},
        {"/a~", ORACLE_ERR_JOB_POINTER}, {"/~2", ORACLE_ERR_JOB_POINTER}, {"/~a", ORACLE_ERR_JOB_POINTER},
        {" /a", ORACLE_ERR_JOB_POINTER},
    };
    for (const auto &r : rows) {
        SCOPED_TRACE(r.ptr);
        EXPECT_EQ(oracle_json_pointer_check(r.ptr.data(), r.ptr.size()), r.expected);
    }
}

struct PointerRow {
    const char *name;
    std::string doc;
    std::string ptr;
    int expected;
    std::string value;
};

// The example document of RFC 6901 section 5.
const char kRfc6901[] =
    "{\"foo\": [\"bar\", \"baz\"], \"\": 0, \"a/b\": 1, \"c%d\": 2, \"e^f\": 3, \"g|h\": 4,"
    " \"i\\\\j\": 5, \"k\\\"l\": 6, \" \": 7, \"m~n\": 8}";

TEST(JsonPointer, EvalTable)
{
    const int NF = ORACLE_ERR_JSON_NOT_FOUND;
    const int DUP = ORACLE_ERR_JSON_DUPLICATE_KEY;
    const int PTR = ORACLE_ERR_JOB_POINTER;
    const std::string rfc = kRfc6901;
    std::vector<PointerRow> rows = {
        // RFC 6901 section 5
        {"rfc_whole", rfc, "", OK, rfc},
        {"rfc_foo", rfc, "/foo", OK, "[\"bar\", \"baz\"]"},
        {"rfc_foo_0", rfc, "/foo/0", OK, "\"bar\""},
        {"rfc_empty_key", rfc, "/", OK, "0"},
        {"rfc_slash", rfc, "/a~1b", OK, "1"},
        {"rfc_percent", rfc, "/c%d", OK, "2"},
        {"rfc_caret", rfc, "/e^f", OK, "3"},
        {"rfc_pipe", rfc, "/g|h", OK, "4"},
        {"rfc_backslash", rfc, "/i\\j", OK, "5"},
        {"rfc_quote", rfc, "/k\"l", OK, "6"},
        {"rfc_space", rfc, "/ ", OK, "7"},
        {"rfc_tilde", rfc, "/m~0n", OK, "8"},
        // escapes: ~01 is "~1", not "/"
        {"tilde_order", "{\"~1\":1,\"/\":2,\"~/\":3}", "/~01", OK, "1"},
        {"tilde_slash", "{\"~1\":1,\"/\":2,\"~/\":3}", "/~0~1", OK, "3"},
        {"unescaped_is_not_slash", "{\"a/b\":1}", "/a/b", NF, ""},
        // syntax
        {"no_slash", rfc, "foo", PTR, ""},
        {"bad_tilde", rfc, "/m~2n", PTR, ""},
        {"trailing_tilde", rfc, "/m~", PTR, ""},
        // arrays
        {"index_1", rfc, "/foo/1", OK, "\"baz\""},
        {"past_end", rfc, "/foo/2", NF, ""},
        {"dash", rfc, "/foo/-", NF, ""},
        {"leading_zero", rfc, "/foo/01", NF, ""},
        {"double_zero", rfc, "/foo/00", NF, ""},
        {"empty_index", rfc, "/foo/", NF, ""},
        {"plus_index", rfc, "/foo/+1", NF, ""},
        {"negative_index", rfc, "/foo/-1", NF, ""},
        {"alpha_index", rfc, "/foo/1a", NF, ""},
        {"space_index", rfc, "/foo/ 1", NF, ""},
        {"huge_index", rfc, "/foo/99999999999999999999999999", NF, ""},
        {"nested_arrays", "[[1,2],[3,[4, 5]]]", "/1/1/1", OK, "5"},
        {"empty_array", "[]", "/0", NF, ""},
        {"index_10", "[0,1,2,3,4,5,6,7,8,9,10,11]", "/10", OK, "10"},
        // scalars name nothing below them
        {"token_on_string", rfc, "/foo/0/0", NF, ""},
        {"token_on_number", rfc, "/a~1b/x", NF, ""},
        {"empty_token_on_number", "1", "/", NF, ""},
        {"token_on_null", "{\"a\":null}", "/a/b", NF, ""},
        {"scalar_root", "true", "", OK, "true"},
        // objects
        {"missing_key", rfc, "/nope", NF, ""},
        {"key_is_case_sensitive", "{\"A\":1}", "/a", NF, ""},
        {"nested_empty_keys", "{\"\":{\"\":1}}", "//", OK, "1"},
        {"escaped_key", "{\"\\u00e9\":1}", "/\xC3\xA9", OK, "1"},
        {"escaped_pair_key", "{\"\\ud83d\\ude00\":1}", "/\xF0\x9F\x98\x80", OK, "1"},
        {"lone_surrogate_key", "{\"\\ud800\":1}", "/\xEF\xBF\xBD", OK, "1"},
        {"whitespace_doc", " { \"a\" : [ 1 , 2 ] } ", "/a/1", OK, "2"},
        {"object_value", "{\"a\":{\"b\":[1]}}", "/a", OK, "{\"b\":[1]}"},
        {"numeric_key_in_object", "{\"0\":\"x\",\"1\":\"y\"}", "/1", OK, "\"y\""},
        {"leading_zero_key_in_object", "{\"01\":\"x\"}", "/01", OK, "\"x\""},
        {"dash_key_in_object", "{\"-\":\"x\"}", "/-", OK, "\"x\""},
        // duplicate keys: an error only on the path
        {"dup_on_path", "{\"a\":1,\"a\":2}", "/a", DUP, ""},
        {"dup_on_path_same_value", "{\"a\":1,\"a\":1}", "/a", DUP, ""},
        {"dup_on_path_escaped", "{\"a\":1,\"\\u0061\":2}", "/a", DUP, ""},
        {"dup_on_path_outer", "{\"a\":{\"b\":1},\"a\":{\"b\":2}}", "/a/b", DUP, ""},
        {"dup_on_path_inner", "{\"a\":{\"b\":1,\"c\":0,\"b\":2}}", "/a/b", DUP, ""},
        {"dup_after_match_far", "{\"a\":1,\"x\":[1,{\"a\":3}],\"a\":2}", "/a", DUP, ""},
        {"dup_elsewhere_ok", "{\"a\":1,\"b\":2,\"b\":3}", "/a", OK, "1"},
        {"dup_nested_elsewhere_ok", "{\"x\":{\"y\":1,\"y\":2},\"z\":3}", "/z", OK, "3"},
        {"dup_below_target_ok", "{\"a\":{\"b\":1,\"b\":2}}", "/a", OK, "{\"b\":1,\"b\":2}"},
        {"dup_whole_doc_ok", "{\"a\":1,\"a\":2}", "", OK, "{\"a\":1,\"a\":2}"},
        {"dup_sibling_in_array_ok", "[{\"a\":1,\"a\":2},{\"a\":3}]", "/1/a", OK, "3"},
    };
    for (const auto &row : rows) {
        SCOPED_TRACE(row.name);
        oracle_span root, out{reinterpret_cast<const char *>(1), 5};
        ASSERT_EQ(oracle_json_validate(row.doc.data(), row.doc.size(), 64, &root), ORACLE_OK);
        int rc = oracle_json_pointer_eval(root, row.ptr.data(), row.ptr.size(), &out);
        EXPECT_EQ(rc, row.expected);
        if (rc == ORACLE_OK) {
            EXPECT_EQ(Str(out), row.value);
        } else {
            EXPECT_EQ(out.p, nullptr);
        }
    }
}

// ---------------------------------------------------------------------------
// RFC 8785 canonical form

struct CanonRow {
    const char *name;
    std::string input;
    int expected;
    std::string output;
};

TEST(JsonCanonical, Table)
{
    const int BAD = ORACLE_ERR_JOB_MALFORMED;
    std::vector<CanonRow> rows = {
        {"literals", " [ true , false , null ] ", OK, "[true,false,null]"},
        {"scalar_string", "\"x\"", OK, "\"x\""},
        {"empty", "[{},[],\"\"]", OK, "[{},[],\"\"]"},
        {"sorted", "{\"b\":1,\"a\":2}", OK, "{\"a\":2,\"b\":1}"},
        {"prefix_order", "{\"aa\":1,\"a\":2,\"\":3,\"b\":4}", OK, "{\"\":3,\"a\":2,\"aa\":1,\"b\":4}"},
        {"nested_sorted", "{\"z\":{\"y\":1,\"x\":2},\"a\":[{\"d\":1,\"c\":2}]}", OK,
         "{\"a\":[{\"c\":2,\"d\":1}],\"z\":{\"x\":2,\"y\":1}}"},
        {"array_order_kept", "[3,1,2]", OK, "[3,1,2]"},
        {"escaped_keys_sorted_decoded", "{\"\\u0062\":1,\"a\":2}", OK, "{\"a\":2,\"b\":1}"},
        // UTF-16 order: U+1F600 is D83D DE00 and sorts before U+E000 (code point order
        // and UTF-8 byte order would put U+E000 first)
        {"utf16_vs_codepoint", "{\"\\uE000\":1,\"\\uD83D\\uDE00\":2}", OK,
         "{\"\xF0\x9F\x98\x80\":2,\"\xEE\x80\x80\":1}"},
        {"utf16_vs_codepoint_raw", "{\"\xEE\x80\x80\":1,\"\xF0\x9F\x98\x80\":2,\"\xEF\xBF\xBF\":3}", OK,
         "{\"\xF0\x9F\x98\x80\":2,\"\xEE\x80\x80\":1,\"\xEF\xBF\xBF\":3}"},
        // RFC 8785 section 3.2.3 (all values are strings)
        {"rfc8785_sorting",
         "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
         " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
         " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}",
         OK,
         "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
         "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\","
         "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\",\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}"},
        // RFC 8785 section 3.2.2 without its "numbers" member (floats are outside this subset)
        {"rfc8785_strings_literals",
         "{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\", \"literals\": [null, true, false]}",
         OK, "{\"literals\":[null,true,false],\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"},
        {"rfc8785_with_numbers",
         "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
         " \"literals\": [null, true, false]}",
         BAD, ""},
        // string escaping as JSON.stringify
        {"short_escapes", "\"\\b\\t\\n\\f\\r\\\"\\\\\"", OK, "\"\\b\\t\\n\\f\\r\\\"\\\\\""},
        {"control_escapes", "\"\\u0000\\u0001\\u000B\\u001F\"", OK, "\"\\u0000\\u0001\\u000b\\u001f\""},
        {"no_escape_del_slash", "\"\\u007f\\/\"", OK, "\"\x7f/\""},
        {"non_ascii_raw", "\"\\u00e9\\u20AC\\uD83D\\uDE00\xC3\xA9\"", OK,
         "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9\""},
        {"u2028_raw", "\"\\u2028\"", OK, "\"\xE2\x80\xA8\""},
        {"lone_surrogate", "\"\\uD800x\\uDFFF\"", OK, "\"\\ud800x\\udfff\""},
        // numbers
        {"zero", "0", OK, "0"},
        {"neg_zero", "-0", OK, "0"},
        {"ints", "[0,-0,1,-1,42,-9007199254740992,9007199254740992]", OK,
         "[0,0,1,-1,42,-9007199254740992,9007199254740992]"},
        {"above_2_53", "9007199254740993", BAD, ""},
        {"below_minus_2_53", "-9007199254740993", BAD, ""},
        {"seventeen_digits", "10000000000000000", BAD, ""},
        {"fraction", "1.0", BAD, ""},
        {"neg_zero_fraction", "-0.0", BAD, ""},
        {"exponent", "1e2", BAD, ""},
        {"exponent_upper", "1E2", BAD, ""},
        {"float_in_array", "[1,1.5]", BAD, ""},
        {"float_in_object", "{\"a\":{\"b\":0.5}}", BAD, ""},
        // duplicates
        {"dup", "{\"a\":1,\"a\":2}", BAD, ""},
        {"dup_escaped", "{\"a\":1,\"\\u0061\":2}", BAD, ""},
        {"dup_nested", "{\"x\":[{\"a\":1,\"a\":1}]}", BAD, ""},
        {"same_keys_different_objects", "[{\"a\":1},{\"a\":2}]", OK, "[{\"a\":1},{\"a\":2}]"},
        {"lone_vs_replacement_distinct", "{\"\\uFFFD\":1,\"\\uD800\":2}", OK, "{\"\\ud800\":2,\"\xEF\xBF\xBD\":1}"},
    };
    for (const auto &row : rows) {
        SCOPED_TRACE(row.name);
        oracle_span root;
        ASSERT_EQ(oracle_json_validate(row.input.data(), row.input.size(), 64, &root), ORACLE_OK);
        oracle_buf b;
        oracle_buf_growable(&b, 1 << 20);
        int rc = oracle_json_canonicalize(root, &b);
        EXPECT_EQ(rc, row.expected);
        if (rc == ORACLE_OK) {
            std::string got(reinterpret_cast<const char *>(b.data), b.len);
            EXPECT_EQ(got, row.output);
            // the canonical form is valid JSON and a fixed point
            oracle_span r2;
            ASSERT_EQ(oracle_json_validate(got.data(), got.size(), 64, &r2), ORACLE_OK);
            oracle_buf b2;
            oracle_buf_growable(&b2, 1 << 20);
            EXPECT_EQ(oracle_json_canonicalize(r2, &b2), ORACLE_OK);
            EXPECT_EQ(std::string(reinterpret_cast<const char *>(b2.data), b2.len), got);
            oracle_buf_free(&b2);
        }
        oracle_buf_free(&b);
    }
}

TEST(JsonCanonical, MemberLimit)
{
    for (int n : {256, 257}) {
        SCOPED_TRACE(n);
        std::string doc = "{";
        for (int i = n - 1; i >= 0; i--) doc += "\"k" + std::to_string(1000 + i) + "\":" + std::to_string(i) + (i ? "," : "");
        doc += "}";
        oracle_span root;
        ASSERT_EQ(oracle_json_validate(doc.data(), doc.size(), 64, &root), ORACLE_OK);
        oracle_buf b;
        oracle_buf_growable(&b, 1 << 20);
        int rc = oracle_json_canonicalize(root, &b);
        if (n == 256) {
            ASSERT_EQ(rc, ORACLE_OK);
            std::string got(reinterpret_cast<const char *>(b.data), b.len);
            const std::string head = "{\"k1000\":0,\"k1001\":1,";
            EXPECT_EQ(got.substr(0, head.size()), head);
            EXPECT_EQ(got.substr(got.size() - 12), "\"k1255\":255}");
        } else {
            EXPECT_EQ(rc, ORACLE_ERR_JOB_MALFORMED);
        }
        oracle_buf_free(&b);
    }
}

TEST(JsonCanonical, LongKeysAndDepth)
{
    // keys are compared streaming: long keys with a long common prefix sort right
    std::string prefix(5000, 'p');
    std::string doc = "{\"" + prefix + "b\":1,\"" + prefix + "a\":2}";
    oracle_span root;
    ASSERT_EQ(oracle_json_validate(doc.data(), doc.size(), 64, &root), ORACLE_OK);
    oracle_buf b;
    oracle_buf_growable(&b, 1 << 20);
    ASSERT_EQ(oracle_json_canonicalize(root, &b), ORACLE_OK);
    EXPECT_EQ(std::string(reinterpret_cast<const char *>(b.data), b.len),
              "{\"" + prefix + "a\":2,\"" + prefix + "b\":1}");
    oracle_buf_free(&b);

    std::string deep = Nest("{\"k\":[", "]}", 32, "-0");
    ASSERT_EQ(oracle_json_validate(deep.data(), deep.size(), 64, &root), ORACLE_OK);
    oracle_buf_growable(&b, 1 << 20);
    ASSERT_EQ(oracle_json_canonicalize(root, &b), ORACLE_OK);
    EXPECT_EQ(std::string(reinterpret_cast<const char *>(b.data), b.len), Nest("{\"k\":[", "]}", 32, "0"));
    oracle_buf_free(&b);
}

TEST(JsonCanonical, BufferTooSmall)
{
    std::string doc = "{ \"b\" : 1, \"a\" : [true] }";  // canonical: {"a":[true],"b":1} (18 bytes)
    oracle_span root;
    ASSERT_EQ(oracle_json_validate(doc.data(), doc.size(), 64, &root), ORACLE_OK);
    char mem[18];
    oracle_buf b;
    oracle_buf_fixed(&b, mem, 10);
    EXPECT_EQ(oracle_json_canonicalize(root, &b), ORACLE_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(b.len, 18u);  // the size needed
    oracle_buf_fixed(&b, mem, sizeof(mem));
    ASSERT_EQ(oracle_json_canonicalize(root, &b), ORACLE_OK);
    EXPECT_EQ(std::string(mem, b.len), "{\"a\":[true],\"b\":1}");
    // a growable buffer stops at its maximum
    std::string big = "[\"" + std::string(600, 'x') + "\"]";
    ASSERT_EQ(oracle_json_validate(big.data(), big.size(), 64, &root), ORACLE_OK);
    oracle_buf_growable(&b, 512);
    EXPECT_EQ(oracle_json_canonicalize(root, &b), ORACLE_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(b.len, big.size());
    oracle_buf_free(&b);
}

}  // namespace
