// test_http.cpp: the HTTP/1.1 response parser, date parser, request builder and
// header validators (trusted/http.c).
//
// Every parser row runs three ways: the whole input in one feed, one byte per
// feed, and split into two feeds at every position (rows over 2 KB: at a sample
// of positions). All runs of a row must give the same result.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "buf.h"
#include "errors.h"
#include "http.h"
}

namespace {

constexpr int kOk = ORACLE_OK;
constexpr int kMal = ORACLE_ERR_HTTP_MALFORMED;
constexpr int kBig = ORACLE_ERR_HTTP_TOO_LARGE;
constexpr int kTrunc = ORACLE_ERR_HTTP_TRUNCATED;
constexpr int64_t kNov1994 = 784111777;   // Sun, 06 Nov 1994 08:49:37 GMT
constexpr int64_t kFeb29_2024 = 1709164800; // Thu, 29 Feb 2024 00:00:00 GMT

struct Row {
    std::string name;
    std::string raw;
    int code = kOk;
    int status = 0;
    std::string body;
    int keep_alive = 0;
    int64_t date = -1;
    size_t consumed = SIZE_MAX;  // bytes of raw that belong to the response; SIZE_MAX: all
    int head = 0;
    size_t body_max = 1024;
    int framing = -1;            // -1: not checked
    std::string location;
    std::string content_type;

    Row &max(size_t m) { body_max = m; return *this; }
    Row &as_head() { head = 1; return *this; }
    Row &cons(size_t n) { consumed = n; return *this; }
    Row &frame(int f) { framing = f; return *this; }
    Row &loc(const std::string &s) { location = s; return *this; }
    Row &ctype(const std::string &s) { content_type = s; return *this; }
};

Row ok(const std::string &name, const std::string &raw, int status, const std::string &body,
       int keep_alive, int64_t date = -1)
{
    Row r;
    r.name = name;
    r.raw = raw;
    r.status = status;
    r.body = body;
    r.keep_alive = keep_alive;
    r.date = date;
    return r;
}

Row err(const std::string &name, const std::string &raw, int code)
{
    Row r;
    r.name = name;
    r.raw = raw;
    r.code = code;
    return r;
}

const std::string k11 = "HTTP/1.1 200 OK\r\n";
const std::string k10 = "HTTP/1.0 200 OK\r\n";
const std::string kTE = "Transfer-Encoding: chunked\r\n";

std::string with_date(const std::string &d)
{
    return k11 + "Date: " + d + "\r\nContent-Length: 2\r\n\r\nok";
}

std::string many_headers(int n)
{
    std::string s = k11;
    for (int i = 0; i < n; i++) s += "X-H" + std::to_string(i) + ": v\r\n";
    return s + "Content-Length: 2\r\n\r\nok";
}

std::vector<Row> make_rows()
{
    std::vector<Row> v;
    // --- Content-Length
    v.push_back(ok("cl_basic", k11 + "Content-Length: 5\r\n\r\nhello", 200, "hello", 1)
                    .frame(ORACLE_HTTP_FRAMING_LENGTH));
    v.push_back(ok("cl_zero", k11 + "Content-Length: 0\r\n\r\n", 200, "", 1));
    v.push_back(ok("cl_repeated_same", k11 + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
                   200, "hello", 1));
    v.push_back(ok("cl_list_same", k11 + "Content-Length: 5, 5,5\r\n\r\nhello", 200, "hello", 1));
    v.push_back(ok("cl_ows_and_case", k11 + "content-LENGTH: \t 5 \t\r\n\r\nhello", 200, "hello", 1));
    v.push_back(ok("cl_leading_zeros", k11 + "Content-Length: 005\r\n\r\nhello", 200, "hello", 1));
    v.push_back(err("cl_differ", k11 + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", kMal));
    v.push_back(err("cl_list_differ", k11 + "Content-Length: 5, 6\r\n\r\nhello!", kMal));
    v.push_back(err("cl_plus", k11 + "Content-Length: +5\r\n\r\nhello", kMal));
    v.push_back(err("cl_negative", k11 + "Content-Length: -1\r\n\r\n", kMal));
    v.push_back(err("cl_hex", k11 + "Content-Length: 0x5\r\n\r\nhello", kMal));
    v.push_back(err("cl_inner_space", k11 + "Content-Length: 5 5\r\n\r\nhello", kMal));
    v.push_back(err("cl_empty", k11 + "Content-Length:\r\n\r\n", kMal));
    v.push_back(err("cl_empty_element", k11 + "Content-Length: 5,,5\r\n\r\nhello", kMal));
    v.push_back(err("cl_over_2p53", k11 + "Content-Length: 9007199254740993\r\n\r\n", kMal));
    v.push_back(err("cl_2p53_over_cap", k11 + "Content-Length: 9007199254740992\r\n\r\n", kBig));
    v.push_back(err("cl_overflow_u64", k11 + "Content-Length: 99999999999999999999999\r\n\r\n", kMal));
    v.push_back(err("cl_truncated", k11 + "Content-Length: 10\r\n\r\nhello", kTrunc));
    v.push_back(err("cl_truncated_in_head", k11 + "Content-Length: 10\r\n", kTrunc));
    v.push_back(err("cl_oversize", k11 + "Content-Length: 2000\r\n\r\n" + std::string(2000, 'x'), kBig));
    v.push_back(ok("cl_at_cap", k11 + "Content-Length: 1024\r\n\r\n" + std::string(1024, 'y'), 200,
                   std::string(1024, 'y'), 1));
    v.push_back(ok("cl_zero_cap", k11 + "Content-Length: 0\r\n\r\n", 200, "", 1).max(0));
    v.push_back(err("cl_one_over_zero_cap", k11 + "Content-Length: 1\r\n\r\nx", kBig).max(0));
    // --- chunked
    v.push_back(ok("chunked_basic", k11 + kTE + "\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 200,
                   "hello world", 1).frame(ORACLE_HTTP_FRAMING_CHUNKED));
    v.push_back(ok("chunked_extensions",
                   k11 + kTE + "\r\n5;name=value\r\nhello\r\n1 ; a=\"b;c\"\t\r\n!\r\n0;last\r\n\r\n",
                   200, "hello!", 1));
    v.push_back(ok("chunked_trailers",
                   k11 + kTE + "\r\n3\r\nabc\r\n0\r\nX-Checksum: 123\r\nX-Other:  v \r\n\r\n", 200,
                   "abc", 1));
    v.push_back(ok("chunked_hex_sizes", k11 + kTE + "\r\nA\r\n0123456789\r\n1a\r\n" +
                   std::string(26, 'z') + "\r\n0\r\n\r\n", 200, "0123456789" + std::string(26, 'z'), 1));
    v.push_back(ok("chunked_16_digits", k11 + kTE + "\r\n0000000000000003\r\nabc\r\n0\r\n\r\n", 200,
                   "abc", 1));
    v.push_back(ok("chunked_gzip_then_chunked",
                   k11 + "Transfer-Encoding: gzip, Chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n", 200, "hi", 1));
    v.push_back(ok("chunked_te_two_fields",
                   k11 + "Transfer-Encoding: gzip\r\n" + kTE + "\r\n2\r\nhi\r\n0\r\n\r\n", 200, "hi", 1));
    v.push_back(ok("chunked_connection_close",
                   k11 + kTE + "Connection: close\r\n\r\n2\r\nhi\r\n0\r\n\r\n", 200, "hi", 0));
    v.push_back(err("chunked_17_digits", k11 + kTE + "\r\n00000000000000003\r\nabc\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_bad_size", k11 + kTE + "\r\nzz\r\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_empty_size", k11 + kTE + "\r\n\r\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_0x_size", k11 + kTE + "\r\n0x5\r\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_negative_size", k11 + kTE + "\r\n-5\r\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_size_trailing_space", k11 + kTE + "\r\n5 \r\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_size_bare_lf", k11 + kTE + "\r\n5\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_ext_control_byte", k11 + kTE + "\r\n5;a\x01\r\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_data_no_crlf", k11 + kTE + "\r\n5\r\nhelloX\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_data_bare_lf", k11 + kTE + "\r\n5\r\nhello\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_data_cr_cr", k11 + kTE + "\r\n5\r\nhello\r\r\n0\r\n\r\n", kMal));
    v.push_back(err("chunked_trailer_obs_fold", k11 + kTE + "\r\n0\r\nX: a\r\n b\r\n\r\n", kMal));
    v.push_back(err("chunked_trailer_no_colon", k11 + kTE + "\r\n0\r\nnocolon\r\n\r\n", kMal));
    v.push_back(err("chunked_final_bare_lf", k11 + kTE + "\r\n0\r\n\n", kMal));
    v.push_back(err("chunked_truncated_no_last", k11 + kTE + "\r\n5\r\nhello\r\n", kTrunc));
    v.push_back(err("chunked_truncated_in_data", k11 + kTE + "\r\n5\r\nhel", kTrunc));
    v.push_back(err("chunked_truncated_in_trailer", k11 + kTE + "\r\n0\r\nX: y\r\n", kTrunc));
    v.push_back(err("chunked_truncated_no_final_crlf", k11 + kTE + "\r\n0\r\n", kTrunc));
    v.push_back(err("chunked_oversize", k11 + kTE + "\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", kBig)
                    .max(8));
    v.push_back(ok("chunked_at_cap", k11 + kTE + "\r\n4\r\nhell\r\n4\r\no wo\r\n0\r\n\r\n", 200,
                   "hello wo", 1).max(8));
    v.push_back(err("chunked_huge_size", k11 + kTE + "\r\nffffffffffffffff\r\nx", kBig));
    v.push_back(err("te_not_final_chunked", k11 + "Transfer-Encoding: gzip\r\n\r\nhello", kMal));
    v.push_back(err("te_chunked_then_gzip", k11 + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", kMal));
    v.push_back(err("te_chunked_twice", k11 + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", kMal));
    v.push_back(err("te_chunked_field_then_gzip",
                    k11 + kTE + "Transfer-Encoding: gzip\r\n\r\n0\r\n\r\n", kMal));
    v.push_back(err("te_empty", k11 + "Transfer-Encoding:\r\n\r\n", kMal));
    v.push_back(err("te_and_cl", k11 + kTE + "Content-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("cl_and_te", k11 + "Content-Length: 5\r\n" + kTE + "\r\n5\r\nhello\r\n0\r\n\r\n", kMal));
    v.push_back(err("te_in_http10", k10 + kTE + "\r\n5\r\nhello\r\n0\r\n\r\n", kMal));
    // --- close-delimited
    v.push_back(ok("close_basic", k11 + "\r\nhello world", 200, "hello world", 0)
                    .frame(ORACLE_HTTP_FRAMING_CLOSE));
    v.push_back(ok("close_empty_body", k11 + "Content-Type: text/plain\r\n\r\n", 200, "", 0)
                    .ctype("text/plain"));
    v.push_back(ok("close_ignores_keep_alive", k11 + "Connection: keep-alive\r\n\r\nabc", 200, "abc", 0));
    v.push_back(ok("close_http10", "HTTP/1.0 200 OK\r\n\r\nabc", 200, "abc", 0));
    v.push_back(err("close_head_incomplete", k11 + "X: y\r\n", kTrunc));
    v.push_back(err("close_head_missing_blank_line", k11 + "X: y\r\n\r", kTrunc));
    v.push_back(err("close_oversize", k11 + "\r\nhello", kBig).max(4));
    v.push_back(ok("close_at_cap", k11 + "\r\nhell", 200, "hell", 0).max(4));
    v.push_back(err("empty_input", "", kTrunc));
    v.push_back(err("status_line_only", "HTTP/1.1 200 OK", kTrunc));
    // --- no body: 204 / 304 / HEAD / interim
    v.push_back(ok("no_content_204", "HTTP/1.1 204 No Content\r\n\r\n", 204, "", 1)
                    .frame(ORACLE_HTTP_FRAMING_NONE));
    v.push_back(ok("not_modified_304_with_cl", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n",
                   304, "", 1));
    v.push_back(ok("head_with_cl", k11 + "Content-Length: 5\r\n\r\n", 200, "", 1).as_head());
    v.push_back(ok("head_with_cl_over_cap", k11 + "Content-Length: 99999999\r\n\r\n", 200, "", 1).as_head());
    v.push_back(ok("head_with_chunked", k11 + kTE + "\r\n", 200, "", 1).as_head());
    v.push_back(ok("continue_then_200",
                   "HTTP/1.1 100 Continue\r\n\r\n" + k11 + "Content-Length: 2\r\n\r\nhi", 200, "hi", 1));
    v.push_back(ok("interim_headers_discarded",
                   "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\nContent-Length: 9\r\nDate: Sun, 06 Nov "
                   "1994 08:49:37 GMT\r\nConnection: close\r\nLocation: /x\r\n\r\nHTTP/1.1 100 Continue\r\n"
                   "\r\n" + k11 + "Content-Length: 2\r\n\r\nhi", 200, "hi", 1).loc(""));
    v.push_back(ok("interim_http10", "HTTP/1.0 100 Continue\r\n\r\n" + k10 + "Content-Length: 2\r\n\r\nhi",
                   200, "hi", 0));
    v.push_back(err("interim_then_truncated", "HTTP/1.1 100 Continue\r\n\r\n", kTrunc));
    v.push_back(err("switching_protocols_101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
                    kMal));
    // --- extra bytes after the response
    {
        const std::string cl = k11 + "Content-Length: 2\r\n\r\nhi";
        const std::string ch = k11 + kTE + "\r\n2\r\nhi\r\n0\r\n\r\n";
        const std::string nc = "HTTP/1.1 204 No Content\r\n\r\n";
        v.push_back(ok("extra_after_cl", cl + k11, 200, "hi", 0).cons(cl.size()));
        v.push_back(ok("extra_after_chunked", ch + "X", 200, "hi", 0).cons(ch.size()));
        v.push_back(ok("extra_after_204", nc + "body", 204, "", 0).cons(nc.size()));
        v.push_back(ok("extra_after_head", k11 + "Content-Length: 5\r\n\r\nhello", 200, "", 0)
                        .as_head().cons(k11.size() + 21));
    }
    // --- status lines
    v.push_back(ok("status_no_reason", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 200, "", 1));
    v.push_back(ok("status_empty_reason", "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", 200, "", 1));
    v.push_back(ok("status_reason_obs_text", "HTTP/1.1 200 \xc3\xa9t\xc3\xa9\t ok\r\nContent-Length: 0\r\n\r\n",
                   200, "", 1));
    v.push_back(ok("status_999", "HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n", 999, "", 1));
    v.push_back(ok("status_404_body", "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnah", 404, "nah", 1));
    v.push_back(ok("redirect_location", "HTTP/1.1 302 Found\r\nLocation:  https://e.test/x \r\n"
                   "Content-Length: 0\r\n\r\n", 302, "", 1).loc("https://e.test/x"));
    v.push_back(err("status_two_digits", "HTTP/1.1 20 OK\r\n\r\n", kMal));
    v.push_back(err("status_four_digits", "HTTP/1.1 2000 OK\r\n\r\n", kMal));
    v.push_back(err("status_leading_zero", "HTTP/1.1 099 OK\r\n\r\n", kMal));
    v.push_back(err("status_letters", "HTTP/1.1 2x0 OK\r\n\r\n", kMal));
    v.push_back(err("status_double_space", "HTTP/1.1  200 OK\r\n\r\n", kMal));
    v.push_back(err("status_no_space_reason", "HTTP/1.1 200OK\r\n\r\n", kMal));
    v.push_back(err("status_tab_separator", "HTTP/1.1\t200 OK\r\n\r\n", kMal));
    v.push_back(err("status_lowercase_version", "http/1.1 200 OK\r\n\r\n", kMal));
    v.push_back(err("status_version_only", "HTTP/1.1\r\n\r\n", kMal));
    v.push_back(err("status_http12", "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n", kMal));
    v.push_back(err("status_http20", "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", kMal));
    v.push_back(err("status_http2", "HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n", kMal));
    v.push_back(err("status_http09_body", "<html>hello</html>\r\n", kMal));
    v.push_back(err("status_control_in_reason", "HTTP/1.1 200 O\x01K\r\n\r\n", kMal));
    v.push_back(err("status_leading_blank_line", "\r\nHTTP/1.1 200 OK\r\n\r\n", kMal));
    v.push_back(err("status_bare_cr", "HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n", kMal));
    v.push_back(err("status_line_too_long", "HTTP/1.1 200 " + std::string(9000, 'a') + "\r\n\r\n", kBig));
    // --- field lines
    v.push_back(ok("bare_lf_head", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", 200, "hi", 1));
    v.push_back(ok("mixed_line_endings", "HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nhi", 200, "hi", 1));
    v.push_back(ok("field_value_trimmed", k11 + "Content-Type:\t application/json; charset=utf-8 \t\r\n"
                   "Content-Length: 2\r\n\r\n{}", 200, "{}", 1).ctype("application/json; charset=utf-8"));
    v.push_back(ok("field_empty_value", k11 + "X-Empty:\r\nContent-Length: 0\r\n\r\n", 200, "", 1));
    v.push_back(ok("content_type_truncated",
                   k11 + "Content-Type: " + std::string(200, 't') + "\r\nContent-Length: 0\r\n\r\n", 200, "", 1)
                    .ctype(std::string(127, 't')));
    v.push_back(err("obs_fold", k11 + "X-A: one\r\n two\r\nContent-Length: 0\r\n\r\n", kMal));
    v.push_back(err("obs_fold_tab", k11 + "X-A: one\r\n\ttwo\r\nContent-Length: 0\r\n\r\n", kMal));
    v.push_back(err("first_field_starts_with_space", k11 + " X-A: one\r\n\r\n", kMal));
    v.push_back(err("space_before_colon", k11 + "Content-Length : 2\r\n\r\nhi", kMal));
    v.push_back(err("field_no_colon", k11 + "NoColonHere\r\n\r\n", kMal));
    v.push_back(err("field_empty_name", k11 + ": value\r\n\r\n", kMal));
    v.push_back(err("field_bad_name_char", k11 + "X(A): value\r\n\r\n", kMal));
    v.push_back(err("field_nul_in_value", k11 + std::string("X-A: a\0b\r\n\r\n", 11), kMal));
    v.push_back(err("field_del_in_value", k11 + "X-A: a\x7f" "b\r\n\r\n", kMal));
    v.push_back(err("field_bare_cr", k11 + "X-A: a\rb\r\n\r\n", kMal));
    v.push_back(ok("field_line_at_max", k11 + "X: " + std::string(ORACLE_HTTP_LINE_MAX - 3, 'a') +
                   "\r\nContent-Length: 0\r\n\r\n", 200, "", 1));
    v.push_back(err("field_line_too_long", k11 + "X: " + std::string(ORACLE_HTTP_LINE_MAX - 2, 'a') +
                    "\r\nContent-Length: 0\r\n\r\n", kBig));
    v.push_back(ok("headers_at_max_count", many_headers(ORACLE_HTTP_MAX_HEADERS - 1), 200, "ok", 1));
    v.push_back(err("headers_too_many", many_headers(ORACLE_HTTP_MAX_HEADERS), kBig));
    {
        std::string s = k11;
        for (int i = 0; i < 5; i++) s += "X-" + std::to_string(i) + ": " + std::string(8000, 'b') + "\r\n";
        v.push_back(err("header_section_too_large", s + "\r\n", kBig));
    }
    {
        std::string s;
        for (int i = 0; i < 2000; i++) s += "HTTP/1.1 100 Continue\r\n\r\n";
        v.push_back(err("endless_interim", s + k11 + "Content-Length: 0\r\n\r\n", kBig));
    }
    {
        std::string s = k11 + kTE + "\r\n0\r\n";
        for (int i = 0; i <= ORACLE_HTTP_MAX_HEADERS; i++) s += "T" + std::to_string(i) + ": x\r\n";
        v.push_back(err("trailers_too_many", s + "\r\n", kBig));
    }
    {
        // the field count is per section: header fields, each interim response and
        // the trailers each get ORACLE_HTTP_MAX_HEADERS
        std::string fields, interim = "HTTP/1.1 100 Continue\r\n";
        for (int i = 0; i < 60; i++) fields += "F" + std::to_string(i) + ": x\r\n";
        v.push_back(ok("count_per_section", interim + fields + "\r\n" + k11 + fields + kTE +
                       "\r\n1\r\nz\r\n0\r\n" + fields + "\r\n", 200, "z", 1));
    }
    {
        // trailers have their own byte budget
        std::string big;
        for (int i = 0; i < 4; i++) big += "B" + std::to_string(i) + ": " + std::string(7000, 'b') + "\r\n";
        v.push_back(ok("trailer_bytes_own_budget", k11 + big + kTE + "\r\n1\r\nz\r\n0\r\n" + big + "\r\n",
                       200, "z", 1));
    }
    v.push_back(err("chunk_ext_too_long", k11 + kTE + "\r\n1;" + std::string(ORACLE_HTTP_LINE_MAX, 'e') +
                    "\r\nx\r\n0\r\n\r\n", kBig));
    // --- keep-alive
    v.push_back(ok("ka_11_default", k11 + "Content-Length: 0\r\n\r\n", 200, "", 1));
    v.push_back(ok("ka_11_close", k11 + "Connection: close\r\nContent-Length: 0\r\n\r\n", 200, "", 0));
    v.push_back(ok("ka_11_close_in_list", k11 + "Connection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n",
                   200, "", 0));
    v.push_back(ok("ka_11_close_second_field",
                   k11 + "Connection: upgrade\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n", 200, "", 0));
    v.push_back(ok("ka_11_other_token", k11 + "Connection: upgrade\r\nContent-Length: 0\r\n\r\n", 200, "", 1));
    v.push_back(ok("ka_11_closed_not_close", k11 + "Connection: closed\r\nContent-Length: 0\r\n\r\n", 200,
                   "", 1));
    v.push_back(ok("ka_10_default", k10 + "Content-Length: 0\r\n\r\n", 200, "", 0));
    v.push_back(ok("ka_10_keep_alive", k10 + "Connection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", 200,
                   "", 1));
    v.push_back(ok("ka_10_keep_alive_and_close",
                   k10 + "Connection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", 200, "", 0));
    // --- Date
    v.push_back(ok("date_imf", with_date("Sun, 06 Nov 1994 08:49:37 GMT"), 200, "ok", 1, kNov1994));
    v.push_back(ok("date_rfc850", with_date("Sunday, 06-Nov-94 08:49:37 GMT"), 200, "ok", 1, kNov1994));
    v.push_back(ok("date_asctime", with_date("Sun Nov  6 08:49:37 1994"), 200, "ok", 1, kNov1994));
    v.push_back(ok("date_leap_2024", with_date("Thu, 29 Feb 2024 00:00:00 GMT"), 200, "ok", 1, kFeb29_2024));
    v.push_back(ok("date_feb29_2023", with_date("Wed, 29 Feb 2023 00:00:00 GMT"), 200, "ok", 1, -1));
    v.push_back(ok("date_feb30", with_date("Fri, 30 Feb 2024 00:00:00 GMT"), 200, "ok", 1, -1));
    v.push_back(ok("date_hour24", with_date("Sun, 06 Nov 1994 24:00:00 GMT"), 200, "ok", 1, -1));
    v.push_back(ok("date_garbage", with_date("yesterday"), 200, "ok", 1, -1));
    v.push_back(ok("date_twice",
                   k11 + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                   "Content-Length: 0\r\n\r\n", 200, "", 1, -1));
    v.push_back(ok("date_absent", k11 + "Content-Length: 0\r\n\r\n", 200, "", 1, -1));
    return v;
}

struct Outcome {
    int code = -1;
    int status = 0;
    std::string body;
    int keep_alive = -1;
    int64_t date = -1;
    size_t consumed = 0;
    int framing = -1;
    std::string location;
    std::string content_type;
};

// Feeds raw in the pieces [cuts[i], cuts[i+1]), then finish() if still NEED_MORE.
Outcome run(const Row &row, const std::vector<size_t> &cuts)
{
    Outcome o;
    auto *r = new oracle_http_response;
    const uint8_t *data = reinterpret_cast<const uint8_t *>(row.raw.data());
    int rc = ORACLE_HTTP_NEED_MORE;
    oracle_http_response_init(r, row.body_max, row.head);
    for (size_t i = 0; i + 1 < cuts.size() && rc == ORACLE_HTTP_NEED_MORE; i++) {
        size_t a = cuts[i], b = cuts[i + 1], c = 12345;
        rc = oracle_http_response_feed(r, data + a, b - a, &c);
        if (rc == ORACLE_HTTP_NEED_MORE) {
            EXPECT_EQ(c, b - a);
        }
        if (rc == ORACLE_OK) {
            EXPECT_LE(c, b - a);
            o.consumed = a + c;
        }
        EXPECT_LE(r->body.len, row.body_max);
    }
    if (rc == ORACLE_HTTP_NEED_MORE) {
        rc = oracle_http_response_finish(r);
        o.consumed = row.raw.size();
    }
    if (rc == ORACLE_OK) {
        // The rest (bytes nobody asked for): accepted, nothing consumed.
        size_t c = 12345;
        EXPECT_EQ(oracle_http_response_feed(r, data + o.consumed, row.raw.size() - o.consumed, &c), kOk);
        EXPECT_EQ(c, 0u);
        EXPECT_EQ(oracle_http_response_finish(r), kOk);
        o.status = r->status;
        o.body.assign(reinterpret_cast<const char *>(r->body.data), r->body.len);
        o.keep_alive = r->keep_alive;
        o.date = r->date;
        o.framing = r->framing;
        o.location = r->location;
        o.content_type = r->content_type;
    } else {
        // Dead: the same error forever.
        static const uint8_t more[] = "HTTP/1.1 200 OK\r\n\r\n";
        EXPECT_EQ(oracle_http_response_feed(r, more, sizeof(more) - 1, nullptr), rc);
        EXPECT_EQ(oracle_http_response_finish(r), rc);
    }
    o.code = rc;
    oracle_http_response_free(r);
    oracle_http_response_free(r); // safe twice
    delete r;
    return o;
}

void check(const Row &row, const Outcome &o)
{
    ASSERT_EQ(o.code, row.code);
    if (row.code != kOk) return;
    EXPECT_EQ(o.status, row.status);
    EXPECT_EQ(o.body, row.body);
    EXPECT_EQ(o.keep_alive, row.keep_alive);
    EXPECT_EQ(o.date, row.date);
    EXPECT_EQ(o.consumed, row.consumed == SIZE_MAX ? row.raw.size() : row.consumed);
    if (row.framing >= 0) {
        EXPECT_EQ(o.framing, row.framing);
    }
    EXPECT_EQ(o.location, row.location);
    EXPECT_EQ(o.content_type, row.content_type);
}

class HttpRows : public ::testing::TestWithParam<Row> {};

TEST_P(HttpRows, Whole)
{
    const Row &row = GetParam();
    check(row, run(row, {0, row.raw.size()}));
}

TEST_P(HttpRows, ByteByByte)
{
    const Row &row = GetParam();
    std::vector<size_t> cuts;
    for (size_t i = 0; i <= row.raw.size(); i++) cuts.push_back(i);
    if (cuts.size() == 1) cuts.push_back(0);
    check(row, run(row, cuts));
}

TEST_P(HttpRows, EverySplit)
{
    const Row &row = GetParam();
    size_t n = row.raw.size();
    size_t step = n < 2048 ? 1 : n / 61 + 1; // big rows: a sample, plus the ends
    for (size_t k = 0; k <= n; k += step) {
        SCOPED_TRACE("split at " + std::to_string(k));
        check(row, run(row, {0, k, n}));
        if (::testing::Test::HasFatalFailure()) return;
    }
    if (n >= 2048) {
        for (size_t k : {n - 2, n - 1, n}) check(row, run(row, {0, k, n}));
    }
}

INSTANTIATE_TEST_SUITE_P(Table, HttpRows, ::testing::ValuesIn(make_rows()),
                         [](const ::testing::TestParamInfo<Row> &info) { return info.param.name; });

// --- things a table row cannot express

oracle_http_response *fresh(size_t max, int head = 0)
{
    auto *r = new oracle_http_response;
    oracle_http_response_init(r, max, head);
    return r;
}

void dispose(oracle_http_response *r)
{
    oracle_http_response_free(r);
    delete r;
}

int feed_str(oracle_http_response *r, const std::string &s, size_t *consumed = nullptr)
{
    return oracle_http_response_feed(r, reinterpret_cast<const uint8_t *>(s.data()), s.size(), consumed);
}

TEST(HttpParser, OversizeContentLengthFailsOnHeadAlone)
{
    auto *r = fresh(1024);
    EXPECT_EQ(feed_str(r, k11 + "Content-Length: 1025\r\n\r"), ORACLE_HTTP_NEED_MORE);
    EXPECT_EQ(feed_str(r, "\n"), kBig);
    EXPECT_EQ(r->body.len, 0u);
    dispose(r);
}

TEST(HttpParser, OversizeChunkFailsOnSizeLine)
{
    auto *r = fresh(16);
    EXPECT_EQ(feed_str(r, k11 + kTE + "\r\n8\r\n12345678\r\n"), ORACLE_HTTP_NEED_MORE);
    EXPECT_EQ(feed_str(r, "9\r\n"), kBig);
    EXPECT_EQ(r->body.len, 8u);
    dispose(r);
}

TEST(HttpParser, StatusVisibleWhileBodyArrives)
{
    auto *r = fresh(1024);
    EXPECT_EQ(feed_str(r, "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nab"), ORACLE_HTTP_NEED_MORE);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->framing, ORACLE_HTTP_FRAMING_LENGTH);
    EXPECT_EQ(feed_str(r, "cd"), kOk);
    dispose(r);
}

TEST(HttpParser, FinishWithoutBytesIsTruncated)
{
    auto *r = fresh(1024);
    EXPECT_EQ(oracle_http_response_finish(r), kTrunc);
    EXPECT_EQ(feed_str(r, k11 + "\r\n"), kTrunc);
    dispose(r);
}

TEST(HttpParser, EmptyFeedsAreHarmless)
{
    auto *r = fresh(1024);
    size_t c = 99;
    EXPECT_EQ(oracle_http_response_feed(r, nullptr, 0, &c), ORACLE_HTTP_NEED_MORE);
    EXPECT_EQ(c, 0u);
    EXPECT_EQ(feed_str(r, k11 + "Content-Length: 0\r\n\r\n", &c), kOk);
    EXPECT_EQ(oracle_http_response_feed(r, nullptr, 0, &c), kOk);
    EXPECT_EQ(r->keep_alive, 1);
    EXPECT_EQ(feed_str(r, "x", &c), kOk);  // a stray byte after the response
    EXPECT_EQ(c, 0u);
    EXPECT_EQ(r->keep_alive, 0);
    dispose(r);
}

TEST(HttpParser, ExtraBytesInSameFeedEndKeepAlive)
{
    auto *r = fresh(1024);
    size_t c = 0;
    const std::string resp = k11 + "Content-Length: 2\r\n\r\nhi";
    EXPECT_EQ(feed_str(r, resp + "HTTP/1.1 200 OK\r\n", &c), kOk);
    EXPECT_EQ(c, resp.size());
    EXPECT_EQ(r->keep_alive, 0);
    dispose(r);
    r = fresh(1024);
    EXPECT_EQ(feed_str(r, resp, &c), kOk);
    EXPECT_EQ(c, resp.size());
    EXPECT_EQ(r->keep_alive, 1);
    dispose(r);
}

TEST(HttpParser, NullArgumentsAreCallerBugs)
{
    auto *r = fresh(1024);
    EXPECT_EQ(oracle_http_response_feed(r, nullptr, 3, nullptr), ORACLE_ERR_ARGUMENT);
    EXPECT_EQ(feed_str(r, k11 + "Content-Length: 0\r\n\r\n"), kOk); // not killed by a caller bug
    dispose(r);
    oracle_http_response_free(nullptr);
}

TEST(HttpParser, LocationTruncated)
{
    auto *r = fresh(1024);
    std::string loc = "https://e.test/" + std::string(400, 'p');
    EXPECT_EQ(feed_str(r, "HTTP/1.1 301 Moved\r\nLocation: " + loc + "\r\nContent-Length: 0\r\n\r\n"), kOk);
    EXPECT_EQ(std::string(r->location), loc.substr(0, sizeof(r->location) - 1));
    dispose(r);
}

TEST(HttpParser, BodyCapAppliesAcrossChunks)
{
    // the cap is on the decoded body, not the wire bytes
    auto *r = fresh(6);
    EXPECT_EQ(feed_str(r, k11 + kTE + "\r\n3;ext=" + std::string(100, 'e') + "\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"),
              kOk);
    EXPECT_EQ(std::string(reinterpret_cast<char *>(r->body.data), r->body.len), "abcdef");
    dispose(r);
}

// --- dates

struct DateCase {
    const char *text;
    int64_t want; // -1: malformed
};

TEST(HttpDate, Table)
{
    const DateCase cases[] = {
        {"Sun, 06 Nov 1994 08:49:37 GMT", kNov1994},
        {"Sunday, 06-Nov-94 08:49:37 GMT", kNov1994},
        {"Sun Nov  6 08:49:37 1994", kNov1994},
        {"Sun Nov 06 08:49:37 1994", kNov1994},           // asctime 2DIGIT day
        {"Mon, 06 Nov 1994 08:49:37 GMT", kNov1994},      // weekday not checked against the date
        {"Thu, 01 Jan 1970 00:00:00 GMT", 0},
        {"Sat, 01 Jan 2000 00:00:00 GMT", 946684800},
        {"Thu, 29 Feb 2024 00:00:00 GMT", kFeb29_2024},
        {"Tue, 29 Feb 2000 00:00:00 GMT", 951782400},     // divisible by 400: leap
        {"Tue, 31 Dec 2024 23:59:59 GMT", 1735689599},
        {"Tue, 31 Dec 2024 23:59:60 GMT", 1735689600},    // leap second
        {"Fri, 31 Dec 9999 23:59:59 GMT", 253402300799},
        {"Saturday, 01-Jan-00 00:00:00 GMT", 946684800},  // 00 -> 2000
        {"Tuesday, 31-Dec-69 23:59:59 GMT", 3155759999},  // 69 -> 2069
        {"Thursday, 01-Jan-70 00:00:00 GMT", 0},          // 70 -> 1970
        {"Thu Feb 29 00:00:00 2024", kFeb29_2024},
        {"Wed, 29 Feb 2023 00:00:00 GMT", -1},
        {"Thu, 29 Feb 1900 00:00:00 GMT", -1},            // century, not leap (and < 1970)
        {"Sun, 29 Feb 2100 00:00:00 GMT", -1},            // century, not leap
        {"Fri, 30 Feb 2024 00:00:00 GMT", -1},
        {"Thu, 31 Apr 2024 00:00:00 GMT", -1},
        {"Thu, 00 Jan 2024 00:00:00 GMT", -1},
        {"Sun, 06 Nov 1994 24:00:00 GMT", -1},
        {"Sun, 06 Nov 1994 08:60:00 GMT", -1},
        {"Sun, 06 Nov 1994 08:49:61 GMT", -1},
        {"Wed, 31 Dec 1969 23:59:59 GMT", -1},            // before the epoch
        {"Sun, 06 Foo 1994 08:49:37 GMT", -1},
        {"sun, 06 Nov 1994 08:49:37 GMT", -1},            // case-sensitive
        {"Sun, 06 nov 1994 08:49:37 GMT", -1},
        {"Sun, 06 Nov 1994 08:49:37 gmt", -1},
        {"Sun, 06 Nov 1994 08:49:37 UTC", -1},
        {"Sun, 06 Nov 1994 08:49:37", -1},
        {"Sun, 06 Nov 1994 08:49:37 GMT ", -1},           // trailing space (fields are trimmed first)
        {"Sun, 6 Nov 1994 08:49:37 GMT", -1},
        {"Sun, 06 Nov 94 08:49:37 GMT", -1},
        {"Sun, 06 Nov 1994 8:49:37 GMT", -1},
        {"Sun,06 Nov 1994 08:49:37 GMT", -1},
        {"Sunday, 06-Nov-1994 08:49:37 GMT", -1},
        {"Sun, 06-Nov-94 08:49:37 GMT", -1},              // RFC 850 needs the long name
        {"Sunday, 06 Nov 1994 08:49:37 GMT", -1},
        {"Sun Nov 6 08:49:37 1994", -1},
        {"Sun Nov  6 08:49:37 1994 GMT", -1},
        {"Xyz, 06 Nov 1994 08:49:37 GMT", -1},
        {"", -1},
    };
    for (const DateCase &dc : cases) {
        SCOPED_TRACE(dc.text);
        int64_t t = 12345;
        int rc = oracle_http_parse_date(dc.text, std::strlen(dc.text), &t);
        if (dc.want < 0) {
            EXPECT_EQ(rc, kMal);
            EXPECT_EQ(t, 12345);
        } else {
            EXPECT_EQ(rc, kOk);
            EXPECT_EQ(t, dc.want);
        }
    }
    int64_t t = 0;
    EXPECT_EQ(oracle_http_parse_date("Sun, 06 Nov 1994 08:49:37 GMT", 28, &t), kMal); // length honoured
    EXPECT_EQ(oracle_http_parse_date(std::string("Sun, 06 Nov 1994 08:49:37 GMT\0", 30).data(), 30, &t), kMal);
}

// --- request builder

std::string build(const char *method, const char *host, uint16_t port, const char *target,
                  const std::vector<oracle_http_header> &h, const char *body, size_t body_len,
                  int keep_alive, int *rc_out = nullptr)
{
    oracle_buf b;
    oracle_buf_growable(&b, 1 << 16);
    int rc = oracle_http_build_request(&b, method, host, port, target, h.empty() ? nullptr : h.data(),
                                       h.size(), reinterpret_cast<const uint8_t *>(body), body_len,
                                       keep_alive);
    std::string s(reinterpret_cast<const char *>(b.data), b.data ? b.len : 0);
    oracle_buf_free(&b);
    if (rc_out) {
        *rc_out = rc;
    } else {
        EXPECT_EQ(rc, kOk);
    }
    return s;
}

oracle_http_header hdr(const char *n, const char *v)
{
    return oracle_http_header{n, std::strlen(n), v, std::strlen(v)};
}

TEST(HttpRequest, GetKeepAlive)
{
    EXPECT_EQ(build("GET", "api.example.com", 443, "/v1/price?s=ETH", {}, nullptr, 0, 1),
              "GET /v1/price?s=ETH HTTP/1.1\r\n"
              "Host: api.example.com\r\n"
              "Connection: keep-alive\r\n"
              "\r\n");
}

TEST(HttpRequest, PostWithHeadersBodyAndPort)
{
    EXPECT_EQ(build("POST", "rpc.example.org", 8443, "/", {hdr("Accept", "application/json"),
                                                           hdr("X-Api-Key", "k 1\t2")},
                    "{\"a\":1}", 7, 0),
              "POST / HTTP/1.1\r\n"
              "Host: rpc.example.org:8443\r\n"
              "Accept: application/json\r\n"
              "X-Api-Key: k 1\t2\r\n"
              "Content-Length: 7\r\n"
              "Connection: close\r\n"
              "\r\n"
              "{\"a\":1}");
}

TEST(HttpRequest, EmptyBodyStillHasContentLength)
{
    EXPECT_EQ(build("POST", "h", 1, "/x", {hdr("X-Empty", "")}, "", 0, 1),
              "POST /x HTTP/1.1\r\nHost: h:1\r\nX-Empty: \r\nContent-Length: 0\r\n"
              "Connection: keep-alive\r\n\r\n");
}

TEST(HttpRequest, Ipv6HostGetsBrackets)
{
    EXPECT_EQ(build("GET", "::1", 8443, "/", {}, nullptr, 0, 0),
              "GET / HTTP/1.1\r\nHost: [::1]:8443\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(build("GET", "[::1]", 443, "/", {}, nullptr, 0, 0),
              "GET / HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n");
}

TEST(HttpRequest, OverflowReportsNeededSize)
{
    const std::string want = "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    uint8_t mem[16];
    oracle_buf b;
    oracle_buf_fixed(&b, mem, sizeof(mem));
    EXPECT_EQ(oracle_http_build_request(&b, "GET", "h", 443, "/", nullptr, 0, nullptr, 0, 0),
              ORACLE_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(b.len, want.size());
    std::vector<uint8_t> big(want.size());
    oracle_buf_fixed(&b, big.data(), big.size());
    EXPECT_EQ(oracle_http_build_request(&b, "GET", "h", 443, "/", nullptr, 0, nullptr, 0, 0), kOk);
    EXPECT_EQ(std::string(big.begin(), big.end()), want);
}

TEST(HttpRequest, RejectsInjectedHeaders)
{
    int rc = 0;
    build("GET", "h", 443, "/", {hdr("X-A", "a\r\nHost: evil")}, nullptr, 0, 1, &rc);
    EXPECT_EQ(rc, ORACLE_ERR_ARGUMENT);
    build("GET", "h", 443, "/", {hdr("Host", "evil")}, nullptr, 0, 1, &rc);
    EXPECT_EQ(rc, ORACLE_ERR_ARGUMENT);
    build("GET", "h", 443, "/", {}, nullptr, 5, 1, &rc);
    EXPECT_EQ(rc, ORACLE_ERR_ARGUMENT);
}

// --- header validators

TEST(HttpHeaders, NameOk)
{
    auto ok_name = [](const std::string &s) { return oracle_http_header_name_ok(s.data(), s.size()); };
    EXPECT_EQ(ok_name("Accept"), 1);
    EXPECT_EQ(ok_name("X-Api-Key"), 1);
    EXPECT_EQ(ok_name("!#$%&'*+-.^_`|~09azAZ"), 1);
    EXPECT_EQ(ok_name(std::string(256, 'a')), 1);
    EXPECT_EQ(ok_name(std::string(257, 'a')), 0);
    EXPECT_EQ(ok_name(""), 0);
    EXPECT_EQ(oracle_http_header_name_ok(nullptr, 0), 0);
    for (const char *bad : {"X A", "X:A", "X\tA", "X(A)", "X\"A", "X/A", "X@A", "X\xc3\xa9"})
        EXPECT_EQ(ok_name(bad), 0) << bad;
    EXPECT_EQ(ok_name(std::string("X\0A", 3)), 0);
    for (const char *own : {"Host", "host", "HOST", "Content-Length", "content-length",
                            "Transfer-Encoding", "TRANSFER-encoding", "Connection", "connection"})
        EXPECT_EQ(ok_name(own), 0) << own;
    EXPECT_EQ(ok_name("Hosts"), 1);
    EXPECT_EQ(ok_name("Connections"), 1);
}

TEST(HttpHeaders, ValueOk)
{
    auto ok_value = [](const std::string &s) { return oracle_http_header_value_ok(s.data(), s.size()); };
    EXPECT_EQ(ok_value(""), 1);
    EXPECT_EQ(oracle_http_header_value_ok(nullptr, 0), 1);
    EXPECT_EQ(ok_value("Bearer abc.def"), 1);
    EXPECT_EQ(ok_value(" \t spaced \t"), 1);
    EXPECT_EQ(ok_value("\xc3\xa9"), 1);
    EXPECT_EQ(ok_value(std::string(4096, 'v')), 1);
    EXPECT_EQ(ok_value(std::string(4097, 'v')), 0);
    EXPECT_EQ(ok_value("a\rb"), 0);
    EXPECT_EQ(ok_value("a\nb"), 0);
    EXPECT_EQ(ok_value(std::string("a\0b", 3)), 0);
    EXPECT_EQ(ok_value("\r\n"), 0);
}

} // namespace
