// Unit tests for trusted/job.c: oracle_job_parse, the execute request parser,
// and the feed id (keccak256 of the JCS form of the "job" object).
//
// Style: one valid request (Valid()) and tables of rows. Each row names one
// change to that text (malleate), the error code it must give, and a substring
// the error detail must contain (the field's path). Accepted rows may also
// check what was parsed.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support_files.hpp"

extern "C" {
#include "errors.h"
#include "job.h"
#include "keccak.h"
}

using oracle_test::to_hex;

namespace {

// ---------------------------------------------------------------------------
// The valid request

const std::string kRequestIdHex = "00112233445566778899aabbccddeeff0123456789abcdef0011223344556677";
const std::string kContractHex = "5FbDB2315678afecb367f032d93F642f64180aa3";  // mixed case on purpose

const std::string kSource0 = R"({"url": "https://api.one.test/v1/price?sym=ETH", "pointer": "/data/price"})";
const std::string kSource1 = R"({"url": "https://API.Two.test:8443", "method": "POST",
       "headers": {"Accept": "application/json", "X-Api-Key": "k\u00e9y\/1"},
       "body": "{\"q\":1}", "pointer": "/result/0"})";
const std::string kSources = "[\n      " + kSource0 + ",\n      " + kSource1 + "\n    ]";
const std::string kLimits = R"({"max_response_bytes": 65536, "connect_timeout_ms": 3000, "io_timeout_ms": 4000,
               "job_timeout_ms": 10000, "max_date_skew_s": 60})";
const std::string kJob = "{\n    \"sources\": " + kSources + R"(,
    "result": {"type": "int256", "decimals": 8},
    "aggregation": {"method": "median", "min_sources": 2, "max_deviation_bps": 100},
    "limits": )" + kLimits + "\n  }";
const std::string kTarget = R"({"chain_id": 1, "verifying_contract": "0x)" + kContractHex + "\"}";
const std::string kTargets = "[" + kTarget + "]";

std::string Valid()
{
    return "{\n  \"job\": " + kJob + ",\n  \"round\": 7,\n  \"request_id\": \"0x" + kRequestIdHex +
           "\",\n  \"chain_time\": 1700000000,\n  \"targets\": " + kTargets +
           ",\n  \"reuse_connections\": false\n}";
}

// The valid request's job in RFC 8785 form, by hand: members sorted by UTF-16
// code units, no whitespace, "\/" written as "/", "\u00e9" as the raw UTF-8
// bytes, '"' escaped.
const std::string kCanonicalJob =
    "{\"aggregation\":{\"max_deviation_bps\":100,\"method\":\"median\",\"min_sources\":2},"
    "\"limits\":{\"connect_timeout_ms\":3000,\"io_timeout_ms\":4000,\"job_timeout_ms\":10000,"
    "\"max_date_skew_s\":60,\"max_response_bytes\":65536},"
    "\"result\":{\"decimals\":8,\"type\":\"int256\"},"
    "\"sources\":[{\"pointer\":\"/data/price\",\"url\":\"https://api.one.test/v1/price?sym=ETH\"},"
    "{\"body\":\"{\\\"q\\\":1}\",\"headers\":{\"Accept\":\"application/json\",\"X-Api-Key\":\"k\xc3\xa9y/1\"},"
    "\"method\":\"POST\",\"pointer\":\"/result/0\",\"url\":\"https://API.Two.test:8443\"}]}";

// ---------------------------------------------------------------------------
// Text edits. Each one throws if what it edits does not occur exactly once, so
// a row whose edit stopped matching the template fails instead of testing the
// valid request.

void Unique(const std::string &s, const std::string &what, size_t *pos)
{
    size_t p = s.find(what);
    if (p == std::string::npos) throw std::logic_error("not in the request: " + what);
    if (s.find(what, p + 1) != std::string::npos) throw std::logic_error("more than once in the request: " + what);
    *pos = p;
}

std::string Sub(const std::string &s, const std::string &from, const std::string &to)
{
    size_t p;
    Unique(s, from, &p);
    std::string r = s;
    r.replace(p, from.size(), to);
    return r;
}

bool IsWs(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Removes a member (its exact text) and the comma that separates it from a neighbour.
std::string Drop(const std::string &s, const std::string &member)
{
    size_t p, end, j;
    Unique(s, member, &p);
    end = p + member.size();
    std::string r = s;
    for (j = end; j < s.size() && IsWs(s[j]); j++) {}
    if (j < s.size() && s[j] == ',') {
        for (j++; j < s.size() && IsWs(s[j]); j++) {}
        return r.erase(p, j - p);
    }
    size_t k = p;
    while (k > 0 && IsWs(s[k - 1])) k--;
    if (k > 0 && s[k - 1] == ',') return r.erase(k - 1, end - (k - 1));
    return r.erase(p, end - p);
}

// n copies of a GET source, as the job's sources array.
std::string NSources(size_t n)
{
    std::string a = "[";
    for (size_t i = 0; i < n; i++) a += (i ? "," : "") + std::string(R"({"url": "https://s)") + std::to_string(i) +
                                     R"(.test/", "pointer": "/p"})";
    return a + "]";
}

// n headers X-H0..X-Hn-1, as a headers object.
std::string NHeaders(size_t n)
{
    std::string o = "{";
    for (size_t i = 0; i < n; i++) o += (i ? "," : "") + std::string("\"X-H") + std::to_string(i) + "\": \"v\"";
    return o + "}";
}

std::string NTargets(size_t n)
{
    std::string a = "[";
    for (size_t i = 0; i < n; i++) a += (i ? "," : "") + std::string(R"({"chain_id": )") + std::to_string(i + 1) +
                                     R"(, "verifying_contract": "0x)" + kContractHex + "\"}";
    return a + "]";
}

std::string Url0(const std::string &url) { return R"("url": ")" + url + "\""; }
const std::string kUrl0 = Url0("https://api.one.test/v1/price?sym=ETH");

// ---------------------------------------------------------------------------
// Running rows

using Malleate = std::function<std::string(const std::string &)>;
using Check = std::function<void(const oracle_job &)>;

struct Row {
    std::string name;
    Malleate malleate;
    int code;
    std::string detail;  // the error detail must contain this ("" for no check)
    Check check;         // accepted rows: what the parse must have produced
};

const int OK = ORACLE_OK;
const int MAL = ORACLE_ERR_JOB_MALFORMED;
const int LIM = ORACLE_ERR_JOB_LIMIT;
const int AGG = ORACLE_ERR_JOB_AGGREGATION;
const int URL = ORACLE_ERR_JOB_URL;
const int PTR = ORACLE_ERR_JOB_POINTER;

Malleate S(const std::string &from, const std::string &to)
{
    return [from, to](const std::string &s) { return Sub(s, from, to); };
}
Malleate D(const std::string &member)
{
    return [member](const std::string &s) { return Drop(s, member); };
}

void RunRows(const std::vector<Row> &rows)
{
    ASSERT_FALSE(rows.empty());
    for (const Row &row : rows) {
        SCOPED_TRACE(row.name);
        std::string text;
        try {
            text = row.malleate(Valid());
        } catch (const std::exception &e) {
            ADD_FAILURE() << "malleate: " << e.what();
            continue;
        }
        oracle_job job;
        oracle_error err;
        err.code = -1;
        std::strcpy(err.detail, "stale");
        int ret = oracle_job_parse(&job, &err, text.data(), text.size());
        EXPECT_EQ(ret, row.code) << "detail: " << err.detail;
        EXPECT_EQ(err.code, row.code);
        if (row.code == ORACLE_OK) {
            EXPECT_STREQ(err.detail, "");
            if (ret == ORACLE_OK && row.check) row.check(job);
        } else {
            EXPECT_NE(err.detail[0], '\0');
            if (!row.detail.empty())
                EXPECT_NE(std::string(err.detail).find(row.detail), std::string::npos)
                    << "detail \"" << err.detail << "\" should contain \"" << row.detail << "\"";
            for (const char *c = err.detail; *c; c++)
                EXPECT_TRUE((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f)
                    << "detail has a control or non-ASCII byte: " << err.detail;
        }
        oracle_job_free(&job);
        EXPECT_EQ(job.arena, nullptr);
    }
}

std::string Hex(const uint8_t *p, size_t n) { return to_hex(p, n); }

// Parses text, expecting success; returns the feed id as hex.
std::string FeedId(const std::string &text)
{
    oracle_job job;
    oracle_error err;
    int ret = oracle_job_parse(&job, &err, text.data(), text.size());
    EXPECT_EQ(ret, ORACLE_OK) << err.detail << "\n" << text;
    std::string id = ret == ORACLE_OK ? Hex(job.feed_id, 32) : std::string("parse failed");
    oracle_job_free(&job);
    return id;
}

}  // namespace

// ---------------------------------------------------------------------------
// The valid request

TEST(JobParse, ValidRequest_FillsEveryField)
{
    std::string text = Valid();
    oracle_job job;
    oracle_error err;
    ASSERT_EQ(oracle_job_parse(&job, &err, text.data(), text.size()), ORACLE_OK) << err.detail;
    EXPECT_EQ(err.code, ORACLE_OK);

    ASSERT_EQ(job.source_count, 2u);
    const oracle_source &a = job.sources[0], &b = job.sources[1];
    EXPECT_STREQ(a.url, "https://api.one.test/v1/price?sym=ETH");
    EXPECT_STREQ(a.host, "api.one.test");
    EXPECT_EQ(a.port, 443);
    EXPECT_STREQ(a.target, "/v1/price?sym=ETH");
    EXPECT_STREQ(a.method, "GET");
    EXPECT_EQ(a.header_count, 0u);
    EXPECT_EQ(a.body, nullptr);
    EXPECT_EQ(a.body_len, 0u);
    EXPECT_STREQ(a.pointer, "/data/price");
    EXPECT_EQ(a.pointer_len, 11u);

    EXPECT_STREQ(b.url, "https://API.Two.test:8443");
    EXPECT_STREQ(b.host, "api.two.test");
    EXPECT_EQ(b.port, 8443);
    EXPECT_STREQ(b.target, "/");
    EXPECT_STREQ(b.method, "POST");
    ASSERT_EQ(b.header_count, 2u);
    EXPECT_EQ(std::string(b.headers[0].name, b.headers[0].name_len), "Accept");
    EXPECT_EQ(std::string(b.headers[0].value, b.headers[0].value_len), "application/json");
    EXPECT_EQ(std::string(b.headers[1].name, b.headers[1].name_len), "X-Api-Key");
    EXPECT_EQ(std::string(b.headers[1].value, b.headers[1].value_len), "k\xc3\xa9y/1");  // escapes decoded
    ASSERT_NE(b.body, nullptr);
    EXPECT_EQ(std::string((const char *)b.body, b.body_len), "{\"q\":1}");
    EXPECT_STREQ(b.pointer, "/result/0");

    EXPECT_EQ(job.result_type, ORACLE_RESULT_INT256);
    EXPECT_EQ(job.decimals, 8u);
    EXPECT_EQ(job.aggregation, ORACLE_AGG_MEDIAN);
    EXPECT_EQ(job.min_sources, 2u);
    EXPECT_EQ(job.has_max_deviation, 1);
    EXPECT_EQ(job.max_deviation_bps, 100u);
    EXPECT_EQ(job.max_response_bytes, 65536u);
    EXPECT_EQ(job.connect_timeout_ms, 3000u);
    EXPECT_EQ(job.io_timeout_ms, 4000u);
    EXPECT_EQ(job.job_timeout_ms, 10000u);
    EXPECT_EQ(job.max_date_skew_s, 60u);

    EXPECT_EQ(job.round, 7u);
    EXPECT_EQ(Hex(job.request_id, 32), kRequestIdHex);
    EXPECT_EQ(job.chain_time, 1700000000);
    ASSERT_EQ(job.target_count, 1u);
    EXPECT_EQ(Hex(job.targets[0].chain_id, 32), std::string(62, '0') + "01");
    EXPECT_EQ(Hex(job.targets[0].verifying_contract, 20), "5fbdb2315678afecb367f032d93f642f64180aa3");
    EXPECT_EQ(job.reuse_connections, 0);
    EXPECT_NE(Hex(job.feed_id, 32), std::string(64, '0'));

    oracle_job_free(&job);
    EXPECT_EQ(job.arena, nullptr);
    EXPECT_EQ(job.source_count, 0u);
}

TEST(JobParse, MinimalRequest_GetsTheDefaults)
{
    std::string text = R"({"job":{"sources":[{"url":"https://h.test","pointer":""}],
        "result":{"type":"bytes"},"aggregation":{"method":"identical","min_sources":1}},
        "round":0,"chain_time":1,"targets":[{"chain_id":"0x1","verifying_contract":"0x)" +
                       std::string(40, '0') + "\"}]}";
    oracle_job job;
    oracle_error err;
    ASSERT_EQ(oracle_job_parse(&job, &err, text.data(), text.size()), ORACLE_OK) << err.detail;
    EXPECT_STREQ(job.sources[0].target, "/");
    EXPECT_EQ(job.sources[0].pointer_len, 0u);
    EXPECT_EQ(job.result_type, ORACLE_RESULT_BYTES);
    EXPECT_EQ(job.aggregation, ORACLE_AGG_IDENTICAL);
    EXPECT_EQ(job.has_max_deviation, 0);
    EXPECT_EQ(job.max_response_bytes, ORACLE_JOB_DEFAULT_RESPONSE);
    EXPECT_EQ(job.connect_timeout_ms, ORACLE_JOB_DEFAULT_CONNECT_MS);
    EXPECT_EQ(job.io_timeout_ms, ORACLE_JOB_DEFAULT_IO_MS);
    EXPECT_EQ(job.job_timeout_ms, ORACLE_JOB_DEFAULT_JOB_MS);
    EXPECT_EQ(job.max_date_skew_s, ORACLE_JOB_DEFAULT_DATE_SKEW_S);
    EXPECT_EQ(job.round, 0u);
    EXPECT_EQ(Hex(job.request_id, 32), std::string(64, '0'));
    EXPECT_EQ(job.chain_time, 1);
    EXPECT_EQ(job.reuse_connections, 1);
    oracle_job_free(&job);
}

TEST(JobParse, InputNeedNotBeNulTerminatedAndMayBeFreedAfter)
{
    std::string valid = Valid();
    std::vector<char> *copy = new std::vector<char>(valid.begin(), valid.end());  // no NUL after the text
    oracle_job job;
    oracle_error err;
    ASSERT_EQ(oracle_job_parse(&job, &err, copy->data(), copy->size()), ORACLE_OK) << err.detail;
    std::fill(copy->begin(), copy->end(), 'X');
    delete copy;  // under ASan a job string pointing into the input would be a use after free
    EXPECT_STREQ(job.sources[0].url, "https://api.one.test/v1/price?sym=ETH");
    EXPECT_STREQ(job.sources[0].target, "/v1/price?sym=ETH");
    EXPECT_STREQ(job.sources[1].pointer, "/result/0");
    EXPECT_EQ(std::string(job.sources[1].headers[0].name, job.sources[1].headers[0].name_len), "Accept");
    oracle_job_free(&job);
}

TEST(JobParse, WorksWithoutAnErrorStructAndFreeIsIdempotent)
{
    std::string bad = Sub(Valid(), "\"round\": 7", "\"round\": -7");
    oracle_job job;
    EXPECT_EQ(oracle_job_parse(&job, nullptr, bad.data(), bad.size()), ORACLE_ERR_JOB_MALFORMED);
    oracle_job_free(&job);
    oracle_job_free(&job);
    oracle_job zero;
    std::memset(&zero, 0, sizeof(zero));
    oracle_job_free(&zero);
    oracle_job_free(nullptr);
    EXPECT_EQ(oracle_job_parse(nullptr, nullptr, bad.data(), bad.size()), ORACLE_ERR_ARGUMENT);
    EXPECT_EQ(oracle_job_parse(&job, nullptr, nullptr, 1), ORACLE_ERR_ARGUMENT);
    oracle_job_free(&job);
}

TEST(JobParse, TheEditHelpersRefuseAnEditThatMatchesNothingOrTwice)
{
    // Guards the tables: a row whose edit no longer applies must fail, not test the valid request.
    EXPECT_THROW(Sub(Valid(), "\"no such text\"", "x"), std::logic_error);
    EXPECT_THROW(Sub(Valid(), "\"pointer\"", "x"), std::logic_error);
    EXPECT_EQ(Drop("{\"a\": 1, \"b\": 2}", "\"a\": 1"), "{\"b\": 2}");
    EXPECT_EQ(Drop("{\"a\": 1, \"b\": 2}", "\"b\": 2"), "{\"a\": 1}");
    EXPECT_EQ(Drop("{\"a\": 1}", "\"a\": 1"), "{}");
}

// ---------------------------------------------------------------------------
// Structure: required, unknown, duplicated, wrong types

TEST(JobParse, EveryRequiredFieldMissing)
{
    RunRows({
        {"job", D("\"job\": " + kJob), MAL, "request.job: missing"},
        {"round", D("\"round\": 7"), MAL, "request.round: missing"},
        {"chain_time", D("\"chain_time\": 1700000000"), MAL, "request.chain_time: missing"},
        {"targets", D("\"targets\": " + kTargets), MAL, "request.targets: missing"},
        {"job.sources", D("\"sources\": " + kSources), MAL, "job.sources: missing"},
        {"job.result", D(R"("result": {"type": "int256", "decimals": 8})"), MAL, "job.result: missing"},
        {"job.aggregation", D(R"("aggregation": {"method": "median", "min_sources": 2, "max_deviation_bps": 100})"),
         MAL, "job.aggregation: missing"},
        {"source url", D(kUrl0), MAL, "job.sources[0].url: missing"},
        {"source pointer", D(R"("pointer": "/data/price")"), MAL, "job.sources[0].pointer: missing"},
        {"second source pointer", D(R"("pointer": "/result/0")"), MAL, "job.sources[1].pointer: missing"},
        {"result.type", D(R"("type": "int256")"), MAL, "job.result.type: missing"},
        {"int256 result without decimals", D(R"("decimals": 8)"), MAL, "job.result.decimals: missing"},
        {"aggregation.method", D(R"("method": "median")"), MAL, "job.aggregation.method: missing"},
        {"aggregation.min_sources", D(R"("min_sources": 2)"), MAL, "job.aggregation.min_sources: missing"},
        {"target chain_id", D(R"("chain_id": 1)"), MAL, "targets[0].chain_id: missing"},
        {"target verifying_contract", D("\"verifying_contract\": \"0x" + kContractHex + "\""), MAL,
         "targets[0].verifying_contract: missing"},
        // optional ones
        {"request_id optional", D("\"request_id\": \"0x" + kRequestIdHex + "\""), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(Hex(j.request_id, 32), std::string(64, '0')); }},
        {"reuse_connections optional", D("\"reuse_connections\": false"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.reuse_connections, 1); }},
        {"limits optional", D("\"limits\": " + kLimits), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.max_response_bytes, ORACLE_JOB_DEFAULT_RESPONSE);
             EXPECT_EQ(j.max_date_skew_s, ORACLE_JOB_DEFAULT_DATE_SKEW_S);
         }},
        {"empty limits", S("\"limits\": " + kLimits, "\"limits\": {}"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.job_timeout_ms, ORACLE_JOB_DEFAULT_JOB_MS); }},
        {"max_response_bytes optional", D(R"("max_response_bytes": 65536)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.max_response_bytes, ORACLE_JOB_DEFAULT_RESPONSE); }},
        {"connect_timeout_ms optional", D(R"("connect_timeout_ms": 3000)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.connect_timeout_ms, ORACLE_JOB_DEFAULT_CONNECT_MS); }},
        {"io_timeout_ms optional", D(R"("io_timeout_ms": 4000)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.io_timeout_ms, ORACLE_JOB_DEFAULT_IO_MS); }},
        {"job_timeout_ms optional", D(R"("job_timeout_ms": 10000)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.job_timeout_ms, ORACLE_JOB_DEFAULT_JOB_MS); }},
        {"max_date_skew_s optional", D(R"("max_date_skew_s": 60)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.max_date_skew_s, ORACLE_JOB_DEFAULT_DATE_SKEW_S); }},
        {"max_deviation_bps optional", D(R"("max_deviation_bps": 100)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.has_max_deviation, 0); }},
        {"method optional (GET)", D(R"("method": "POST")") /* then the body is refused */, MAL,
         "job.sources[1].body: only a POST source has a body"},
        {"headers optional", D(R"("headers": {"Accept": "application/json", "X-Api-Key": "k\u00e9y\/1"})"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.sources[1].header_count, 0u); }},
        {"body optional", D(R"("body": "{\"q\":1}")"), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.sources[1].body, nullptr);
             EXPECT_EQ(j.sources[1].body_len, 0u);
         }},
    });
}

TEST(JobParse, UnknownFieldsAtEveryLevel)
{
    RunRows({
        {"request", S("\"round\": 7", "\"round\": 7, \"extra\": 1"), MAL, "request.extra: unknown field"},
        {"job", S("\"sources\": ", "\"feed\": \"x\", \"sources\": "), MAL, "job.feed: unknown field"},
        {"source", S(R"("pointer": "/data/price")", R"("pointer": "/data/price", "timeout": 5)"), MAL,
         "job.sources[0].timeout: unknown field"},
        {"second source", S(R"("pointer": "/result/0")", R"("pointer": "/result/0", "Url": "x")"), MAL,
         "job.sources[1].Url: unknown field"},  // names are case-sensitive
        {"result", S(R"("decimals": 8)", R"("decimals": 8, "scale": 2)"), MAL, "job.result.scale: unknown field"},
        {"aggregation", S(R"("min_sources": 2)", R"("min_source": 2)"), MAL,
         "job.aggregation.min_source: unknown field"},
        {"limits", S(R"("max_date_skew_s": 60)", R"("max_date_skew_s": 60, "max_redirects": 0)"), MAL,
         "job.limits.max_redirects: unknown field"},
        {"target", S(R"("chain_id": 1)", R"("chain_id": 1, "name": "eth")"), MAL, "targets[0].name: unknown field"},
        {"unprintable name is sanitized", S("\"round\": 7", "\"round\": 7, \"a\\nb\\u00e9\": 1"), MAL,
         "request.a?b??: unknown field"},
        {"escaped known name is the name", S(R"("pointer": "/data/price")", R"("\u0070ointer": "/data/price")"), OK,
         "", [](const oracle_job &j) { EXPECT_STREQ(j.sources[0].pointer, "/data/price"); }},
    });
}

TEST(JobParse, DuplicateKeysAtEveryLevel)
{
    RunRows({
        {"request", S("\"round\": 7", "\"round\": 7, \"round\": 8"), MAL, "request.round: given twice"},
        {"request job", S("\"reuse_connections\": false", "\"reuse_connections\": false, \"job\": {}"), MAL,
         "request.job: given twice"},
        {"job", S(R"("result": {"type": "int256", "decimals": 8})",
                  R"("result": {"type": "int256", "decimals": 8}, "result": {"type": "bytes"})"),
         MAL, "job.result: given twice"},
        {"source", S(R"("pointer": "/data/price")", R"("pointer": "/data/price", "pointer": "/x")"), MAL,
         "job.sources[0].pointer: given twice"},
        {"source, escaped", S(R"("pointer": "/data/price")", R"("pointer": "/data/price", "\u0070ointer": "/x")"),
         MAL, "job.sources[0].pointer: given twice"},
        {"result", S(R"("type": "int256")", R"("type": "int256", "type": "bytes")"), MAL,
         "job.result.type: given twice"},
        {"aggregation", S(R"("method": "median")", R"("method": "median", "method": "median")"), MAL,
         "job.aggregation.method: given twice"},
        {"limits", S(R"("io_timeout_ms": 4000)", R"("io_timeout_ms": 4000, "io_timeout_ms": 5000)"), MAL,
         "job.limits.io_timeout_ms: given twice"},
        {"target", S(R"("chain_id": 1)", R"("chain_id": 1, "chain_id": 2)"), MAL, "targets[0].chain_id: given twice"},
        // headers take any name; a duplicated one makes the job object not canonicalizable
        {"header", S(R"("Accept": "application/json")", R"("Accept": "application/json", "Accept": "text/plain")"),
         MAL, "job: not canonicalizable"},
    });
}

TEST(JobParse, WrongTypes)
{
    RunRows({
        {"not JSON", [](const std::string &s) { return s.substr(0, s.size() - 1); }, MAL, "request: not valid JSON"},
        {"empty", [](const std::string &) { return std::string(); }, MAL, "request: not valid JSON"},
        {"trailing garbage", [](const std::string &s) { return s + "x"; }, MAL, "request: not valid JSON"},
        {"root array", [](const std::string &s) { return "[" + s + "]"; }, MAL, "request: must be an object"},
        {"root string", [](const std::string &) { return std::string("\"job\""); }, MAL,
         "request: must be an object"},
        {"too deep", S("\"round\": 7", "\"round\": 7, \"x\": [[[[[[[[1]]]]]]]]"), MAL, "request: nested too deeply"},
        {"job array", S("\"job\": " + kJob, "\"job\": []"), MAL, "job: must be an object"},
        {"sources object", S("\"sources\": " + kSources, "\"sources\": {}"), MAL, "job.sources: must be an array"},
        {"sources empty", S("\"sources\": " + kSources, "\"sources\": []"), MAL,
         "job.sources: must name at least one source"},
        {"source string", S(kSource0, "\"https://api.one.test/\""), MAL, "job.sources[0]: must be an object"},
        {"url number", S(kUrl0, "\"url\": 443"), MAL, "job.sources[0].url: must be a string"},
        {"url null", S(kUrl0, "\"url\": null"), MAL, "job.sources[0].url: must be a string"},
        {"url with NUL", S(kUrl0, Url0("https://h.test/a\\u0000b")), MAL, "job.sources[0].url: contains NUL"},
        {"pointer number", S(R"("pointer": "/data/price")", R"("pointer": 0)"), MAL,
         "job.sources[0].pointer: must be a string"},
        {"method number", S(R"("method": "POST")", R"("method": 1)"), MAL, "job.sources[1].method"},
        {"headers array", S(R"("headers": {"Accept": "application/json", "X-Api-Key": "k\u00e9y\/1"})",
                            R"("headers": [])"),
         MAL, "job.sources[1].headers: must be an object"},
        {"header value number", S(R"("application/json")", "1"), MAL, "job.sources[1].headers: must be a string"},
        {"body object", S(R"("body": "{\"q\":1}")", R"("body": {"q":1})"), MAL,
         "job.sources[1].body: must be a string"},
        {"result string", S(R"({"type": "int256", "decimals": 8})", R"("int256")"), MAL,
         "job.result: must be an object"},
        {"result.type number", S(R"("type": "int256")", R"("type": 256)"), MAL, "job.result.type"},
        {"result.type unknown", S(R"("type": "int256")", R"("type": "uint256")"), MAL,
         "job.result.type: must be \"int256\" or \"bytes\""},
        {"decimals string", S(R"("decimals": 8)", R"("decimals": "8")"), MAL,
         "job.result.decimals: must be a non-negative integer"},
        {"decimals fraction", S(R"("decimals": 8)", R"("decimals": 8.0)"), MAL, "job.result.decimals"},
        {"decimals exponent", S(R"("decimals": 8)", R"("decimals": 8e0)"), MAL, "job.result.decimals"},
        {"decimals negative", S(R"("decimals": 8)", R"("decimals": -8)"), MAL, "job.result.decimals"},
        {"aggregation array", S(R"({"method": "median", "min_sources": 2, "max_deviation_bps": 100})", "[]"), MAL,
         "job.aggregation: must be an object"},
        {"aggregation.method number", S(R"("method": "median")", R"("method": 1)"), MAL,
         "job.aggregation.method: must be a string"},
        {"min_sources string", S(R"("min_sources": 2)", R"("min_sources": "2")"), MAL, "job.aggregation.min_sources"},
        {"max_deviation_bps negative", S(R"("max_deviation_bps": 100)", R"("max_deviation_bps": -1)"), MAL,
         "job.aggregation.max_deviation_bps"},
        {"limits array", S("\"limits\": " + kLimits, "\"limits\": []"), MAL, "job.limits: must be an object"},
        {"limits null", S("\"limits\": " + kLimits, "\"limits\": null"), MAL, "job.limits: must be an object"},
        {"max_response_bytes string", S(R"("max_response_bytes": 65536)", R"("max_response_bytes": "65536")"), MAL,
         "job.limits.max_response_bytes"},
        {"io_timeout_ms bool", S(R"("io_timeout_ms": 4000)", R"("io_timeout_ms": true)"), MAL,
         "job.limits.io_timeout_ms"},
        {"round bool", S("\"round\": 7", "\"round\": true"), MAL, "request.round: must be a non-negative integer"},
        {"round fraction", S("\"round\": 7", "\"round\": 7.5"), MAL, "request.round"},
        {"round negative", S("\"round\": 7", "\"round\": -7"), MAL, "request.round"},
        {"round string not decimal", S("\"round\": 7", "\"round\": \"7x\""), MAL, "request.round"},
        {"round string hex", S("\"round\": 7", "\"round\": \"0x7\""), MAL, "request.round"},
        {"round empty string", S("\"round\": 7", "\"round\": \"\""), MAL, "request.round"},
        {"round leading zero", S("\"round\": 7", "\"round\": \"07\""), MAL, "request.round"},
        {"request_id number", S("\"0x" + kRequestIdHex + "\"", "1"), MAL, "request.request_id"},
        {"chain_time string", S("1700000000", "\"1700000000\""), MAL, "request.chain_time"},
        {"chain_time exponent", S("1700000000", "1.7e9"), MAL, "request.chain_time"},
        {"targets object", S("\"targets\": " + kTargets, "\"targets\": {}"), MAL, "targets: must be an array"},
        {"targets empty", S("\"targets\": " + kTargets, "\"targets\": []"), MAL,
         "targets: must name at least one target"},
        {"target number", S(kTarget, "1"), MAL, "targets[0]: must be an object"},
        {"verifying_contract number", S("\"0x" + kContractHex + "\"", "1"), MAL, "targets[0].verifying_contract"},
    });
}

// ---------------------------------------------------------------------------
// Limits: the boundary is accepted, one past it is ORACLE_ERR_JOB_LIMIT

TEST(JobParse, EveryLimitAtAndPastItsBoundary)
{
    const std::string pad(ORACLE_JOB_MAX_REQUEST, ' ');
    RunRows({
        {"request 262144 bytes", [&](const std::string &s) { return s + pad.substr(s.size()); }, OK, "", nullptr},
        {"request 262145 bytes", [&](const std::string &s) { return s + pad.substr(s.size()) + " "; }, LIM,
         "request: 262145 bytes"},
        {"16 sources", S("\"sources\": " + kSources, "\"sources\": " + NSources(16)), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.source_count, 16u);
             EXPECT_STREQ(j.sources[15].host, "s15.test");
         }},
        {"17 sources", S("\"sources\": " + kSources, "\"sources\": " + NSources(17)), LIM,
         "job.sources: more than 16 sources"},
        {"16 headers", S(R"({"Accept": "application/json", "X-Api-Key": "k\u00e9y\/1"})", NHeaders(16)), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.sources[1].header_count, 16u);
             EXPECT_EQ(std::string(j.sources[1].headers[15].name, j.sources[1].headers[15].name_len), "X-H15");
         }},
        {"17 headers", S(R"({"Accept": "application/json", "X-Api-Key": "k\u00e9y\/1"})", NHeaders(17)), LIM,
         "job.sources[1].headers: more than 16 headers"},
        {"url 2048 bytes", S(kUrl0, Url0("https://h.test/" + std::string(ORACLE_JOB_MAX_URL - 15, 'a'))), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(std::strlen(j.sources[0].url), (size_t)ORACLE_JOB_MAX_URL);
             EXPECT_EQ(std::strlen(j.sources[0].target), (size_t)ORACLE_JOB_MAX_URL - 14);
         }},
        {"url 2049 bytes", S(kUrl0, Url0("https://h.test/" + std::string(ORACLE_JOB_MAX_URL - 14, 'a'))), LIM,
         "job.sources[0].url: 2049 bytes, more than the limit 2048"},
        {"pointer 512 bytes", S(R"("pointer": "/data/price")", R"("pointer": "/)" + std::string(511, 'p') + "\""),
         OK, "", [](const oracle_job &j) { EXPECT_EQ(j.sources[0].pointer_len, 512u); }},
        {"pointer 513 bytes", S(R"("pointer": "/data/price")", R"("pointer": "/)" + std::string(512, 'p') + "\""),
         LIM, "job.sources[0].pointer: 513 bytes"},
        {"body 65536 bytes", S(R"("body": "{\"q\":1}")", R"("body": ")" + std::string(65536, 'b') + "\""), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.sources[1].body_len, 65536u);
             EXPECT_EQ(j.sources[1].body[65535], 'b');
         }},
        {"body 65537 bytes", S(R"("body": "{\"q\":1}")", R"("body": ")" + std::string(65537, 'b') + "\""), LIM,
         "job.sources[1].body: 65537 bytes"},
        {"header name 256 bytes", S(R"("Accept")", "\"" + std::string(256, 'n') + "\""), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.sources[1].headers[0].name_len, 256u); }},
        {"header name 257 bytes", S(R"("Accept")", "\"" + std::string(257, 'n') + "\""), LIM,
         "job.sources[1].headers: 257 bytes"},
        {"header value 4096 bytes", S(R"("application/json")", "\"" + std::string(4096, 'v') + "\""), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.sources[1].headers[0].value_len, 4096u); }},
        {"header value 4097 bytes", S(R"("application/json")", "\"" + std::string(4097, 'v') + "\""), LIM,
         "job.sources[1].headers: 4097 bytes"},
        {"8 targets", S("\"targets\": " + kTargets, "\"targets\": " + NTargets(8)), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.target_count, 8u);
             EXPECT_EQ(j.targets[7].chain_id[31], 8);
         }},
        {"9 targets", S("\"targets\": " + kTargets, "\"targets\": " + NTargets(9)), LIM,
         "targets: more than 8 targets"},
        {"max_response_bytes 4 MiB", S(R"("max_response_bytes": 65536)", R"("max_response_bytes": 4194304)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.max_response_bytes, 4194304u); }},
        {"max_response_bytes 4 MiB + 1", S(R"("max_response_bytes": 65536)", R"("max_response_bytes": 4194305)"),
         LIM, "job.limits.max_response_bytes: 4194305 is more than the limit 4194304"},
        {"max_response_bytes 0", S(R"("max_response_bytes": 65536)", R"("max_response_bytes": 0)"), MAL,
         "job.limits.max_response_bytes: must be at least 1"},
        {"max_response_bytes 2^64", S(R"("max_response_bytes": 65536)",
                                      R"("max_response_bytes": 18446744073709551616)"),
         LIM, "job.limits.max_response_bytes"},
        {"max_response_bytes 10^30", S(R"("max_response_bytes": 65536)",
                                       R"("max_response_bytes": 1000000000000000000000000000000)"),
         LIM, "job.limits.max_response_bytes: too large"},
        {"connect_timeout_ms 120000", S(R"("connect_timeout_ms": 3000)", R"("connect_timeout_ms": 120000)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.connect_timeout_ms, 120000u); }},
        {"connect_timeout_ms 120001", S(R"("connect_timeout_ms": 3000)", R"("connect_timeout_ms": 120001)"), LIM,
         "job.limits.connect_timeout_ms"},
        {"connect_timeout_ms 0", S(R"("connect_timeout_ms": 3000)", R"("connect_timeout_ms": 0)"), MAL,
         "job.limits.connect_timeout_ms"},
        {"io_timeout_ms 120000", S(R"("io_timeout_ms": 4000)", R"("io_timeout_ms": 120000)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.io_timeout_ms, 120000u); }},
        {"io_timeout_ms 120001", S(R"("io_timeout_ms": 4000)", R"("io_timeout_ms": 120001)"), LIM,
         "job.limits.io_timeout_ms"},
        {"job_timeout_ms 120000", S(R"("job_timeout_ms": 10000)", R"("job_timeout_ms": 120000)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.job_timeout_ms, 120000u); }},
        {"job_timeout_ms 120001", S(R"("job_timeout_ms": 10000)", R"("job_timeout_ms": 120001)"), LIM,
         "job.limits.job_timeout_ms"},
        {"max_date_skew_s 3600", S(R"("max_date_skew_s": 60)", R"("max_date_skew_s": 3600)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.max_date_skew_s, 3600u); }},
        {"max_date_skew_s 3601", S(R"("max_date_skew_s": 60)", R"("max_date_skew_s": 3601)"), LIM,
         "job.limits.max_date_skew_s"},
        {"decimals 77", S(R"("decimals": 8)", R"("decimals": 77)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.decimals, 77u); }},
        {"decimals 78", S(R"("decimals": 8)", R"("decimals": 78)"), LIM, "job.result.decimals"},
        {"decimals 0", S(R"("decimals": 8)", R"("decimals": 0)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.decimals, 0u); }},
        {"min_sources 0", S(R"("min_sources": 2)", R"("min_sources": 0)"), MAL,
         "job.aggregation.min_sources: must be at least 1"},
        {"min_sources 1", S(R"("min_sources": 2)", R"("min_sources": 1)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.min_sources, 1u); }},
        {"min_sources = source_count + 1", S(R"("min_sources": 2)", R"("min_sources": 3)"), LIM,
         "job.aggregation.min_sources: 3 is more than the limit 2"},
        {"min_sources 16 of 16", [](const std::string &s) {
             return Sub(Sub(s, "\"sources\": " + kSources, "\"sources\": " + NSources(16)), R"("min_sources": 2)",
                        R"("min_sources": 16)");
         }, OK, "", [](const oracle_job &j) { EXPECT_EQ(j.min_sources, 16u); }},
        {"max_deviation_bps 0", S(R"("max_deviation_bps": 100)", R"("max_deviation_bps": 0)"), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.has_max_deviation, 1);
             EXPECT_EQ(j.max_deviation_bps, 0u);
         }},
        {"max_deviation_bps 10000", S(R"("max_deviation_bps": 100)", R"("max_deviation_bps": 10000)"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.max_deviation_bps, 10000u); }},
        {"max_deviation_bps 10001", S(R"("max_deviation_bps": 100)", R"("max_deviation_bps": 10001)"), LIM,
         "job.aggregation.max_deviation_bps"},
        {"chain_time year 9999", S("1700000000", "253402300799"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.chain_time, 253402300799LL); }},
        {"chain_time past year 9999", S("1700000000", "253402300800"), LIM, "request.chain_time"},
    });
}

// ---------------------------------------------------------------------------
// URLs (source 0)

namespace {

Row UrlOk(const std::string &name, const std::string &url, const std::string &host, uint16_t port,
          const std::string &target)
{
    return {name, S(kUrl0, Url0(url)), OK, "", [host, port, target](const oracle_job &j) {
                EXPECT_STREQ(j.sources[0].host, host.c_str());
                EXPECT_EQ(j.sources[0].port, port);
                EXPECT_STREQ(j.sources[0].target, target.c_str());
            }};
}

Row UrlBad(const std::string &name, const std::string &url, const std::string &detail)
{
    return {name, S(kUrl0, Url0(url)), URL, "job.sources[0].url: " + detail, nullptr};
}

}  // namespace

TEST(JobParse, Urls)
{
    const std::string l63(63, 'a'), l64(64, 'a');
    // 253 = 63 + 1 + 63 + 1 + 63 + 1 + 61
    const std::string h253 = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b');
    RunRows({
        UrlOk("default port", "https://h.test/x", "h.test", 443, "/x"),
        UrlOk("explicit 443", "https://h.test:443/x", "h.test", 443, "/x"),
        UrlOk("port 1", "https://h.test:1/", "h.test", 1, "/"),
        UrlOk("port 65535", "https://h.test:65535", "h.test", 65535, "/"),
        UrlOk("empty path", "https://h.test", "h.test", 443, "/"),
        UrlOk("query only", "https://h.test?x=1", "h.test", 443, "/?x=1"),
        UrlOk("port and query only", "https://h.test:8443?x=1&y=2", "h.test", 8443, "/?x=1&y=2"),
        UrlOk("uppercase host lowercased, path kept", "https://API.Example.TEST/Path?Q=A", "api.example.test", 443,
              "/Path?Q=A"),
        UrlOk("'-' inside a label", "https://a-b.c--d.test/", "a-b.c--d.test", 443, "/"),
        UrlOk("label of 63", "https://" + l63 + ".test/", l63 + ".test", 443, "/"),
        UrlOk("host of 253", "https://" + h253 + "/", h253, 443, "/"),
        UrlOk("digits in a name", "https://1.2.3.4a/", "1.2.3.4a", 443, "/"),
        UrlOk("'@' in the path", "https://h.test/a@b", "h.test", 443, "/a@b"),
        UrlBad("http", "http://h.test/", "must start with https://"),
        UrlBad("no scheme", "h.test/", "must start with https://"),
        UrlBad("ftp", "ftp://h.test/", "must start with https://"),
        UrlBad("empty host", "https:///x", "host must have 1 to 253 characters"),
        UrlBad("nothing after scheme", "https://", "host must have 1 to 253 characters"),
        UrlBad("host of 254", "https://" + h253 + "b/", "host must have 1 to 253 characters"),
        UrlBad("label of 64", "https://" + l64 + ".test/", "host is not a DNS name"),
        UrlBad("leading '-'", "https://-a.test/", "host is not a DNS name"),
        UrlBad("trailing '-'", "https://a-.test/", "host is not a DNS name"),
        UrlBad("trailing '-' on the last label", "https://a.test-/", "host is not a DNS name"),
        UrlBad("empty label", "https://a..b/", "host is not a DNS name"),
        UrlBad("leading dot", "https://.a.test/", "host is not a DNS name"),
        UrlBad("trailing dot", "https://a.test./", "host is not a DNS name"),
        UrlBad("IPv4 literal", "https://1.2.3.4/", "an IP address cannot be verified"),
        UrlBad("IPv4 literal with port", "https://127.0.0.1:8443/", "an IP address cannot be verified"),
        UrlBad("all-digit host", "https://2130706433/", "an IP address cannot be verified"),
        UrlBad("IPv6 literal", "https://[::1]/", "host may hold only"),
        UrlBad("userinfo", "https://user@h.test/", "host may hold only"),
        UrlBad("userinfo with password", "https://user:pw@h.test/", "port must be 1 to 65535"),
        UrlBad("'@' after the port", "https://h.test:443@evil.test/", "unexpected character after the host"),
        UrlBad("underscore in host", "https://a_b.test/", "host may hold only"),
        UrlBad("space in host", "https://a b.test/", "host may hold only"),
        UrlBad("port 0", "https://h.test:0/", "port must be 1 to 65535"),
        UrlBad("port 65536", "https://h.test:65536/", "port must be 1 to 65535"),
        UrlBad("port 99999999999", "https://h.test:99999999999/", "port must be 1 to 65535"),
        UrlBad("empty port", "https://h.test:/", "port must be 1 to 65535"),
        UrlBad("negative port", "https://h.test:-1/", "port must be 1 to 65535"),
        UrlBad("port followed by letters", "https://h.test:443x/", "unexpected character after the host"),
        UrlBad("fragment", "https://h.test/a#frag", "path may hold only visible ASCII, without '#'"),
        UrlBad("fragment after the host", "https://h.test#frag", "unexpected character after the host"),
        UrlBad("space in path", "https://h.test/a b", "path may hold only visible ASCII"),
        UrlBad("tab in query", "https://h.test/?a=\\tb", "path may hold only visible ASCII"),
        UrlBad("CRLF in path", "https://h.test/a\\r\\nHost: evil", "path may hold only visible ASCII"),
        UrlBad("non-ASCII in path", "https://h.test/caf\\u00e9", "path may hold only visible ASCII"),
        UrlBad("non-ASCII in host", "https://caf\\u00e9.test/", "host may hold only"),
        UrlBad("DEL in path", "https://h.test/\x7f", "path may hold only visible ASCII"),
    });
}

// ---------------------------------------------------------------------------
// Methods, bodies, pointers, headers

TEST(JobParse, MethodsBodiesAndPointers)
{
    const std::string src0 = R"("pointer": "/data/price")";
    RunRows({
        {"explicit GET", S(src0, src0 + R"(, "method": "GET")"), OK, "",
         [](const oracle_job &j) { EXPECT_STREQ(j.sources[0].method, "GET"); }},
        {"POST without body", S(src0, src0 + R"(, "method": "POST")"), OK, "",
         [](const oracle_job &j) {
             EXPECT_STREQ(j.sources[0].method, "POST");
             EXPECT_EQ(j.sources[0].body, nullptr);
         }},
        {"PUT", S(R"("method": "POST")", R"("method": "PUT")"), MAL,
         "job.sources[1].method: must be \"GET\" or \"POST\""},
        {"lowercase post", S(R"("method": "POST")", R"("method": "post")"), MAL, "job.sources[1].method"},
        {"HEAD", S(R"("method": "POST")", R"("method": "HEAD")"), MAL, "job.sources[1].method"},
        {"POST with NUL", S(R"("method": "POST")", R"("method": "POST\u0000")"), MAL, "job.sources[1].method"},
        {"body on a default GET", S(src0, src0 + R"(, "body": "x")"), MAL,
         "job.sources[0].body: only a POST source has a body"},
        {"body on an explicit GET", S(R"("method": "POST")", R"("method": "GET")"), MAL,
         "job.sources[1].body: only a POST source has a body"},
        {"empty body on POST", S(R"("body": "{\"q\":1}")", R"("body": "")"), OK, "",
         [](const oracle_job &j) {
             EXPECT_NE(j.sources[1].body, nullptr);
             EXPECT_EQ(j.sources[1].body_len, 0u);
         }},
        {"body with escapes", S(R"("body": "{\"q\":1}")", R"("body": "a\nb\u00e9")"), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(std::string((const char *)j.sources[1].body, j.sources[1].body_len), "a\nb\xc3\xa9");
         }},
        {"body with NUL", S(R"("body": "{\"q\":1}")", R"("body": "a\u0000b")"), MAL,
         "job.sources[1].body: contains NUL"},
        {"empty pointer", S(src0, R"("pointer": "")"), OK, "",
         [](const oracle_job &j) {
             EXPECT_STREQ(j.sources[0].pointer, "");
             EXPECT_EQ(j.sources[0].pointer_len, 0u);
         }},
        {"pointer escapes", S(src0, R"("pointer": "/a~0b/c~1d/0")"), OK, "",
         [](const oracle_job &j) { EXPECT_STREQ(j.sources[0].pointer, "/a~0b/c~1d/0"); }},
        {"pointer with JSON escapes", S(src0, R"("pointer": "\/a\u0062")"), OK, "",
         [](const oracle_job &j) { EXPECT_STREQ(j.sources[0].pointer, "/ab"); }},
        {"pointer without leading slash", S(src0, R"("pointer": "data/price")"), PTR, "job.sources[0].pointer"},
        {"pointer ~2", S(src0, R"("pointer": "/a~2")"), PTR, "job.sources[0].pointer"},
        {"pointer ending in ~", S(src0, R"("pointer": "/a~")"), PTR, "job.sources[0].pointer"},
        {"pointer with NUL", S(src0, R"("pointer": "/a\u0000")"), MAL, "job.sources[0].pointer: contains NUL"},
    });
}

TEST(JobParse, Headers)
{
    const std::string accept = R"("Accept": "application/json")";
    auto H = [accept](const std::string &member) { return S(accept, member); };
    auto Refused = [](const std::string &name) { return "job.sources[1].headers." + name + ": not a header name"; };
    RunRows({
        {"ordinary", H(R"("If-None-Match": "\"abc\"")"), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(std::string(j.sources[1].headers[0].name, j.sources[1].headers[0].name_len), "If-None-Match");
             EXPECT_EQ(std::string(j.sources[1].headers[0].value, j.sources[1].headers[0].value_len), "\"abc\"");
         }},
        {"empty value", H(R"("X-Empty": "")"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.sources[1].headers[0].value_len, 0u); }},
        {"tchar punctuation", H(R"("X!#$%&'*+-.^_`|~": "v")"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.sources[1].headers[0].name_len, 16u); }},
        {"Host", H(R"("Host": "evil.test")"), MAL, Refused("Host")},
        {"host lowercase", H(R"("host": "evil.test")"), MAL, Refused("host")},
        {"Content-Length", H(R"("Content-Length": "0")"), MAL, Refused("Content-Length")},
        {"CONTENT-LENGTH", H(R"("CONTENT-LENGTH": "0")"), MAL, Refused("CONTENT-LENGTH")},
        {"Connection", H(R"("Connection": "close")"), MAL, Refused("Connection")},
        {"Transfer-Encoding", H(R"("Transfer-Encoding": "chunked")"), MAL, Refused("Transfer-Encoding")},
        {"transfer-encoding", H(R"("transfer-encoding": "chunked")"), MAL, Refused("transfer-encoding")},
        {"empty name", H(R"("": "v")"), MAL, "job.sources[1].headers.: not a header name"},
        {"space in name", H(R"("X A": "v")"), MAL, "not a header name"},
        {"colon in name", H(R"("X-A:": "v")"), MAL, "not a header name"},
        {"CRLF in name", H(R"("X-A\r\nX-Evil": "v")"), MAL, "job.sources[1].headers.X-A??X-Evil: not a header name"},
        {"non-ASCII name", H(R"("X-\u00e9": "v")"), MAL, "not a header name"},
        {"CRLF in value", H(R"("X-A": "v\r\nX-Evil: 1")"), MAL,
         "job.sources[1].headers.X-A: value may not hold CR, LF or NUL"},
        {"LF in value", H(R"("X-A": "v\nX-Evil: 1")"), MAL, "value may not hold CR, LF or NUL"},
        {"CR in value", H(R"("X-A": "v\r")"), MAL, "value may not hold CR, LF or NUL"},
        {"NUL in value", H(R"("X-A": "v\u0000")"), MAL, "job.sources[1].headers: contains NUL"},
        {"NUL in name", H(R"("X-A\u0000": "v")"), MAL, "job.sources[1].headers: contains NUL"},
        {"empty headers object", S(R"({"Accept": "application/json", "X-Api-Key": "k\u00e9y\/1"})", "{}"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.sources[1].header_count, 0u); }},
    });
}

// ---------------------------------------------------------------------------
// Result type and aggregation

TEST(JobParse, ResultAndAggregation)
{
    const std::string result = R"("result": {"type": "int256", "decimals": 8})";
    const std::string agg = R"("aggregation": {"method": "median", "min_sources": 2, "max_deviation_bps": 100})";
    auto Both = [result, agg](const std::string &r, const std::string &a) {
        return [=](const std::string &s) { return Sub(Sub(s, result, r), agg, a); };
    };
    const std::string bytes = R"("result": {"type": "bytes"})";
    RunRows({
        {"int256 + median", Both(result, agg), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.result_type, ORACLE_RESULT_INT256);
             EXPECT_EQ(j.aggregation, ORACLE_AGG_MEDIAN);
         }},
        {"bytes + identical", Both(bytes, R"("aggregation": {"method": "identical", "min_sources": 2})"), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.result_type, ORACLE_RESULT_BYTES);
             EXPECT_EQ(j.aggregation, ORACLE_AGG_IDENTICAL);
             EXPECT_EQ(j.has_max_deviation, 0);
         }},
        {"int256 + median without deviation bound",
         Both(result, R"("aggregation": {"method": "median", "min_sources": 1})"), OK, "",
         [](const oracle_job &j) {
             EXPECT_EQ(j.has_max_deviation, 0);
             EXPECT_EQ(j.min_sources, 1u);
         }},
        {"bytes + median", Both(bytes, agg), MAL, "job.aggregation.method: \"median\" needs an int256 result"},
        {"int256 + identical", Both(result, R"("aggregation": {"method": "identical", "min_sources": 2})"), MAL,
         "job.aggregation.method: \"identical\" needs a bytes result"},
        {"identical with a deviation bound",
         Both(bytes, R"("aggregation": {"method": "identical", "min_sources": 2, "max_deviation_bps": 0})"), MAL,
         "job.aggregation.max_deviation_bps: only \"median\""},
        {"bytes with decimals", Both(R"("result": {"type": "bytes", "decimals": 0})", agg), MAL,
         "job.result.decimals: only an int256 result has decimals"},
        {"unknown aggregation", S(R"("method": "median")", R"("method": "mean")"), AGG,
         "job.aggregation.method: unknown aggregation \"mean\""},
        {"unknown aggregation, case", S(R"("method": "median")", R"("method": "Median")"), AGG, "\"Median\""},
        {"unknown aggregation, empty", S(R"("method": "median")", R"("method": "")"), AGG, "aggregation \"\""},
        {"unknown aggregation, escaped and unprintable", S(R"("method": "median")", R"("method": "m\u00e9\n")"), AGG,
         "aggregation \"m???\""},
    });
}

// ---------------------------------------------------------------------------
// Targets

namespace {

Row ChainId(const std::string &name, const std::string &value, int code, const std::string &hex = "")
{
    return {name, S(R"("chain_id": 1)", "\"chain_id\": " + value), code,
            code == OK ? "" : "targets[0].chain_id: must be a uint256",
            [hex](const oracle_job &j) { EXPECT_EQ(Hex(j.targets[0].chain_id, 32), hex); }};
}

Row Contract(const std::string &name, const std::string &value, int code, const std::string &hex = "")
{
    return {name, S("\"0x" + kContractHex + "\"", value), code,
            code == OK ? "" : "targets[0].verifying_contract: must be 0x and 40 hex digits",
            [hex](const oracle_job &j) { EXPECT_EQ(Hex(j.targets[0].verifying_contract, 20), hex); }};
}

}  // namespace

TEST(JobParse, Targets)
{
    const std::string max78 = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    const std::string over78 = "115792089237316195423570985008687907853269984665640564039457584007913129639936";
    const std::string z62(62, '0');
    RunRows({
        ChainId("number", "137", OK, z62 + "89"),
        ChainId("zero", "0", OK, std::string(64, '0')),
        ChainId("decimal string", "\"137\"", OK, z62 + "89"),
        ChainId("hex string", "\"0x89\"", OK, z62 + "89"),
        ChainId("hex string, 0X and uppercase", "\"0X0A\"", OK, z62 + "0a"),
        ChainId("2^256-1 as a number", max78, OK, std::string(64, 'f')),
        ChainId("2^256-1 as a decimal string", "\"" + max78 + "\"", OK, std::string(64, 'f')),
        ChainId("2^256-1 as hex", "\"0x" + std::string(64, 'f') + "\"", OK, std::string(64, 'f')),
        ChainId("hex with leading zeros", "\"0x00" + std::string(63, '0') + "1\"", OK, z62 + "01"),
        ChainId("2^256 as a number", over78, MAL),
        ChainId("2^256 as a decimal string", "\"" + over78 + "\"", MAL),
        ChainId("2^256 as hex", "\"0x1" + std::string(64, '0') + "\"", MAL),
        ChainId("negative", "-1", MAL),
        ChainId("fraction", "1.0", MAL),
        ChainId("exponent", "1e3", MAL),
        ChainId("empty string", "\"\"", MAL),
        ChainId("bare 0x", "\"0x\"", MAL),
        ChainId("hex digit in decimal", "\"12a\"", MAL),
        ChainId("non-hex after 0x", "\"0xg1\"", MAL),
        ChainId("sign in string", "\"+1\"", MAL),
        ChainId("space in string", "\" 1\"", MAL),
        ChainId("bool", "true", MAL),
        ChainId("null", "null", MAL),
        ChainId("80 digits", "\"" + std::string(80, '1') + "\"", MAL),
        Contract("lowercase", "\"0x" + std::string(40, 'a') + "\"", OK, std::string(40, 'a')),
        Contract("uppercase 0X", "\"0X" + std::string(40, 'F') + "\"", OK, std::string(40, 'f')),
        Contract("39 digits", "\"0x" + std::string(39, 'a') + "\"", MAL),
        Contract("41 digits", "\"0x" + std::string(41, 'a') + "\"", MAL),
        Contract("32 bytes", "\"0x" + std::string(64, 'a') + "\"", MAL),
        Contract("no 0x", "\"" + std::string(40, 'a') + "\"", MAL),
        Contract("no 0x, 42 digits", "\"" + std::string(42, 'a') + "\"", MAL),
        Contract("non-hex digit", "\"0x" + std::string(39, 'a') + "g\"", MAL),
        Contract("empty", "\"\"", MAL),
        {"second target named in the detail",
         S("\"targets\": " + kTargets,
           "\"targets\": [" + kTarget + R"(, {"chain_id": 2, "verifying_contract": "0x1"}])"),
         MAL, "targets[1].verifying_contract", nullptr},
    });
}

// ---------------------------------------------------------------------------
// The execution context: request_id, round, chain_time, reuse_connections

TEST(JobParse, ExecutionContext)
{
    const std::string rid = "\"request_id\": \"0x" + kRequestIdHex + "\"";
    RunRows({
        {"request_id uppercase", S(rid, "\"request_id\": \"0x" + std::string(64, 'A') + "\""), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(Hex(j.request_id, 32), std::string(64, 'a')); }},
        {"request_id 31 bytes", S(rid, "\"request_id\": \"0x" + std::string(62, 'a') + "\""), MAL,
         "request.request_id: must be 0x and 64 hex digits"},
        {"request_id 33 bytes", S(rid, "\"request_id\": \"0x" + std::string(66, 'a') + "\""), MAL,
         "request.request_id"},
        {"request_id without 0x", S(rid, "\"request_id\": \"" + std::string(64, 'a') + "\""), MAL,
         "request.request_id"},
        {"request_id null", S(rid, "\"request_id\": null"), MAL, "request.request_id"},
        {"round as decimal string", S("\"round\": 7", "\"round\": \"12345\""), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.round, 12345u); }},
        {"round 0", S("\"round\": 7", "\"round\": 0"), OK, "", [](const oracle_job &j) { EXPECT_EQ(j.round, 0u); }},
        {"round 2^64-1 as a string", S("\"round\": 7", "\"round\": \"18446744073709551615\""), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.round, UINT64_MAX); }},
        {"round 2^64-1 as a number", S("\"round\": 7", "\"round\": 18446744073709551615"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.round, UINT64_MAX); }},
        {"round 2^64 as a string", S("\"round\": 7", "\"round\": \"18446744073709551616\""), LIM,
         "request.round: too large"},
        {"round 2^64 as a number", S("\"round\": 7", "\"round\": 18446744073709551616"), LIM,
         "request.round: too large"},
        {"round 10^20 (21 digits)", S("\"round\": 7", "\"round\": \"100000000000000000000\""), LIM,
         "request.round: too large"},
        {"chain_time 0", S("1700000000", "0"), MAL, "request.chain_time: must be at least 1"},
        {"chain_time 1", S("1700000000", "1"), OK, "", [](const oracle_job &j) { EXPECT_EQ(j.chain_time, 1); }},
        {"chain_time negative", S("1700000000", "-1"), MAL, "request.chain_time"},
        {"reuse_connections true", S("\"reuse_connections\": false", "\"reuse_connections\": true"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.reuse_connections, 1); }},
        {"reuse_connections false", S("\"reuse_connections\": false", "\"reuse_connections\": false"), OK, "",
         [](const oracle_job &j) { EXPECT_EQ(j.reuse_connections, 0); }},
        {"reuse_connections string", S("\"reuse_connections\": false", "\"reuse_connections\": \"false\""), MAL,
         "request.reuse_connections: must be true or false"},
        {"reuse_connections 0", S("\"reuse_connections\": false", "\"reuse_connections\": 0"), MAL,
         "request.reuse_connections"},
        {"reuse_connections null", S("\"reuse_connections\": false", "\"reuse_connections\": null"), MAL,
         "request.reuse_connections"},
    });
}

// ---------------------------------------------------------------------------
// feed_id = keccak256(JCS(job))

TEST(JobFeedId, IsTheSameForKeyOrderAndWhitespace)
{
    // The valid request's job with every object's members in another order,
    // other whitespace, and escapes that decode to the same strings.
    std::string reordered =
        "{\"targets\":[{\"verifying_contract\":\"0x" + kContractHex + "\",\"chain_id\":1}],\"chain_time\":1700000000,"
        "\"reuse_connections\":false,\"round\":7,\"request_id\":\"0x" + kRequestIdHex + "\",\r\n"
        "\"job\"\t:\t{ \"limits\" : { \"max_date_skew_s\":60,\"job_timeout_ms\":10000,\"io_timeout_ms\":4000,"
        "\"connect_timeout_ms\":3000,\"max_response_bytes\":65536 },\n"
        "  \"aggregation\":{\"max_deviation_bps\":100,\"min_sources\":2,\"method\":\"median\"},"
        "\"result\":{\"decimals\":8,\"type\":\"int256\"},\n"
        "  \"sources\":[ {\"pointer\":\"/data/price\",\"url\":\"https:\\/\\/api.one.test\\/v1\\/price?sym=ETH\"} ,"
        "{\"pointer\":\"/result/0\",\"body\":\"{\\\"q\\\":1}\",\"headers\":{\"X-Api-Key\":\"k\xc3\xa9y/1\","
        "\"Accept\":\"application\\/json\"},\"method\":\"P\\u004fST\",\"url\":\"https://API.Two.test:8443\"}]}}";
    std::string a = FeedId(Valid()), b = FeedId(reordered);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, std::string(64, '0'));
}

TEST(JobFeedId, ChangesWithEveryValueInsideTheJob)
{
    const std::string base = FeedId(Valid());
    const std::vector<std::pair<std::string, Malleate>> changes = {
        {"url", S(kUrl0, Url0("https://api.one.test/v1/price?sym=BTC"))},
        {"url host case", S(kUrl0, Url0("https://API.one.test/v1/price?sym=ETH"))},  // the JSON text, not the parse
        {"method", S(R"("pointer": "/data/price")", R"("pointer": "/data/price", "method": "POST")")},
        {"explicit default method", S(R"("pointer": "/data/price")", R"("pointer": "/data/price", "method": "GET")")},
        {"header name", S(R"("Accept")", R"("accept")")},
        {"header value", S(R"("application/json")", R"("application/json ")")},
        {"body", S(R"("body": "{\"q\":1}")", R"("body": "{\"q\":2}")")},
        {"pointer", S(R"("pointer": "/data/price")", R"("pointer": "/data/Price")")},
        {"source order", S(kSources, "[" + kSource1 + "," + kSource0 + "]")},
        {"decimals", S(R"("decimals": 8)", R"("decimals": 9)")},
        {"result type", [](const std::string &s) {
             return Sub(Sub(s, R"("result": {"type": "int256", "decimals": 8})", R"("result": {"type": "bytes"})"),
                        R"({"method": "median", "min_sources": 2, "max_deviation_bps": 100})",
                        R"({"method": "identical", "min_sources": 2})");
         }},
        {"min_sources", S(R"("min_sources": 2)", R"("min_sources": 1)")},
        {"max_deviation_bps", S(R"("max_deviation_bps": 100)", R"("max_deviation_bps": 101)")},
        {"no max_deviation_bps", D(R"("max_deviation_bps": 100)")},
        {"max_response_bytes", S(R"("max_response_bytes": 65536)", R"("max_response_bytes": 65537)")},
        {"connect_timeout_ms", S(R"("connect_timeout_ms": 3000)", R"("connect_timeout_ms": 3001)")},
        {"io_timeout_ms", S(R"("io_timeout_ms": 4000)", R"("io_timeout_ms": 4001)")},
        {"job_timeout_ms", S(R"("job_timeout_ms": 10000)", R"("job_timeout_ms": 10001)")},
        {"max_date_skew_s", S(R"("max_date_skew_s": 60)", R"("max_date_skew_s": 61)")},
        {"no limits", D("\"limits\": " + kLimits)},
    };
    std::set<std::string> seen = {base};
    for (const auto &c : changes) {
        SCOPED_TRACE(c.first);
        std::string id = FeedId(c.second(Valid()));
        EXPECT_NE(id, base);
        EXPECT_TRUE(seen.insert(id).second) << "two different jobs share a feed id";
    }
    EXPECT_EQ(seen.size(), changes.size() + 1);
}

TEST(JobFeedId, IgnoresTheExecutionContext)
{
    std::string text = Valid();
    oracle_job base;
    oracle_error err;
    ASSERT_EQ(oracle_job_parse(&base, &err, text.data(), text.size()), ORACLE_OK) << err.detail;
    struct Change {
        const char *name;
        Malleate malleate;
        std::function<bool(const oracle_job &)> took_effect;  // the variant really differs from the base
    };
    const std::vector<Change> changes = {
        {"round", S("\"round\": 7", "\"round\": \"8\""), [](const oracle_job &j) { return j.round == 8; }},
        {"chain_time", S("1700000000", "1700000001"), [](const oracle_job &j) { return j.chain_time == 1700000001; }},
        {"targets", S("\"targets\": " + kTargets, "\"targets\": " + NTargets(3)),
         [](const oracle_job &j) { return j.target_count == 3; }},
        {"request_id", S(kRequestIdHex, std::string(64, 'e')),
         [](const oracle_job &j) { return j.request_id[0] == 0xee; }},
        {"no request_id", D("\"request_id\": \"0x" + kRequestIdHex + "\""),
         [](const oracle_job &j) { return j.request_id[0] == 0; }},
        {"reuse_connections", S("\"reuse_connections\": false", "\"reuse_connections\": true"),
         [](const oracle_job &j) { return j.reuse_connections == 1; }},
        {"whitespace around the job", S("\"job\": {", "\"job\"  :\n\t{"),
         [](const oracle_job &j) { return j.source_count == 2; }},
    };
    for (const auto &c : changes) {
        SCOPED_TRACE(c.name);
        std::string v = c.malleate(Valid());
        oracle_job job;
        ASSERT_EQ(oracle_job_parse(&job, &err, v.data(), v.size()), ORACLE_OK) << err.detail;
        EXPECT_TRUE(c.took_effect(job));
        EXPECT_EQ(Hex(job.feed_id, 32), Hex(base.feed_id, 32));
        oracle_job_free(&job);
    }
    oracle_job_free(&base);
}

TEST(JobFeedId, IsKeccak256OfTheHandWrittenCanonicalJob)
{
    const std::string &canonical = kCanonicalJob;
    uint8_t expected[32];
    oracle_keccak256(expected, canonical.data(), canonical.size());
    EXPECT_EQ(FeedId(Valid()), Hex(expected, 32));
    // The same hash from another implementation (ethers v6:
    // keccak256(toUtf8Bytes(canonical))), so that a bug shared by
    // oracle_keccak256 and this test could not hide.
    EXPECT_EQ(Hex(expected, 32), "937cfe04bb27da715a7eaeed99162ffbea52d103d14ca840e1ed9f0619f0a9a9");
}

// ---------------------------------------------------------------------------
// job_text: the job as the JSON text an on-chain request stored

namespace {

// s as a JSON string literal: '"', '\\' and control bytes escaped, other bytes as they are.
std::string JsonString(const std::string &s)
{
    static const char d[] = "0123456789abcdef";
    std::string o = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            o += '\\';
            o += (char)c;
        } else if (c < 0x20) {
            o += "\\u00";
            o += d[c >> 4];
            o += d[c & 15];
        } else {
            o += (char)c;
        }
    }
    return o + "\"";
}

// The valid request with its job given as job_text instead of an object.
std::string TextRequest(const std::string &job_text)
{
    return Sub(Valid(), "\"job\": " + kJob, "\"job_text\": " + JsonString(job_text));
}

std::string Keccak(const std::string &bytes)
{
    uint8_t h[32];
    oracle_keccak256(h, bytes.data(), bytes.size());
    return Hex(h, 32);
}

// A row edits kCanonicalJob, the text, not the request around it.
struct TextRow {
    std::string name;
    Malleate malleate;
    int code;
    std::string detail;
};

// Every row: the code and detail, and, accepted or not, that the context parsed,
// that the job came from text, and that feed_id = keccak256(text): what an error
// report needs.
void RunTextRows(const std::vector<TextRow> &rows)
{
    ASSERT_FALSE(rows.empty());
    for (const TextRow &row : rows) {
        SCOPED_TRACE(row.name);
        std::string text;
        try {
            text = row.malleate(kCanonicalJob);
        } catch (const std::exception &e) {
            ADD_FAILURE() << "malleate: " << e.what();
            continue;
        }
        std::string request = TextRequest(text);
        oracle_job job;
        oracle_error err;
        int ret = oracle_job_parse(&job, &err, request.data(), request.size());
        EXPECT_EQ(ret, row.code) << "detail: " << err.detail;
        EXPECT_EQ(err.code, row.code);
        if (!row.detail.empty())
            EXPECT_NE(std::string(err.detail).find(row.detail), std::string::npos)
                << "detail \"" << err.detail << "\" should contain \"" << row.detail << "\"";
        for (const char *c = err.detail; *c; c++)
            EXPECT_TRUE((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f) << "detail: " << err.detail;
        EXPECT_EQ(job.context_parsed, 1);
        EXPECT_EQ(job.from_text, 1);
        EXPECT_EQ(Hex(job.feed_id, 32), Keccak(text));
        EXPECT_EQ(Hex(job.request_id, 32), kRequestIdHex);
        EXPECT_EQ(job.target_count, 1u);
        oracle_job_free(&job);
    }
}

const int NC = ORACLE_ERR_JOB_NOT_CANONICAL;

}  // namespace

TEST(JobText, CanonicalText_IsTheSameJob_AndItsFeedIdIsKeccakOfTheText)
{
    std::string request = TextRequest(kCanonicalJob);
    oracle_job job;
    oracle_error err;
    ASSERT_EQ(oracle_job_parse(&job, &err, request.data(), request.size()), ORACLE_OK) << err.detail;
    EXPECT_EQ(job.from_text, 1);
    EXPECT_EQ(job.context_parsed, 1);
    EXPECT_EQ(Hex(job.feed_id, 32), Keccak(kCanonicalJob));
    // keccak256(job_text) == keccak256(JCS(job)): one job, one feed id, in either form.
    EXPECT_EQ(Hex(job.feed_id, 32), FeedId(Valid()));
    EXPECT_EQ(Hex(job.feed_id, 32), "937cfe04bb27da715a7eaeed99162ffbea52d103d14ca840e1ed9f0619f0a9a9");
    ASSERT_EQ(job.source_count, 2u);
    EXPECT_STREQ(job.sources[0].url, "https://api.one.test/v1/price?sym=ETH");
    EXPECT_STREQ(job.sources[1].host, "api.two.test");
    EXPECT_EQ(std::string(job.sources[1].headers[1].value, job.sources[1].headers[1].value_len), "k\xc3\xa9y/1");
    EXPECT_EQ(std::string((const char *)job.sources[1].body, job.sources[1].body_len), "{\"q\":1}");
    EXPECT_EQ(job.max_deviation_bps, 100u);
    EXPECT_EQ(job.max_date_skew_s, 60u);
    EXPECT_EQ(job.round, 7u);
    EXPECT_EQ(job.reuse_connections, 0);
    oracle_job_free(&job);
}

TEST(JobText, TheTextCounts_NotHowTheRequestEscapesIt)
{
    // "\/" and "\u0041" in the request's string literal decode to the same text.
    std::string literal = JsonString(kCanonicalJob);
    std::string escaped = literal;
    for (size_t p = escaped.find('/'); p != std::string::npos; p = escaped.find('/', p + 2)) escaped.replace(p, 1, "\\/");
    escaped.replace(escaped.find("Accept"), 1, "\\u0041");
    ASSERT_NE(escaped, literal);
    std::string request = Sub(Valid(), "\"job\": " + kJob, "\"job_text\": " + escaped);
    EXPECT_EQ(FeedId(request), Keccak(kCanonicalJob));
}

TEST(JobText, RefusesATextThatIsNotItsOwnCanonicalForm_NamingTheFirstDifferentByte)
{
    const size_t n = kCanonicalJob.size();
    const size_t decimals_at = kCanonicalJob.find("{\"decimals\"");
    RunTextRows({
        {"leading space", [](const std::string &s) { return " " + s; }, NC,
         "first differs from JCS(job) at byte 0 (text " + std::to_string(n + 1) + " bytes, canonical " +
             std::to_string(n) + " bytes)"},
        {"trailing newline", [](const std::string &s) { return s + "\n"; }, NC,
         "at byte " + std::to_string(n) + " "},
        {"space after a colon", S("{\"aggregation\":{", "{\"aggregation\": {"), NC, "at byte 15 "},
        {"members out of order", S("{\"decimals\":8,\"type\":\"int256\"}", "{\"type\":\"int256\",\"decimals\":8}"),
         NC, "at byte " + std::to_string(decimals_at + 2) + " "},
        {"escaped slash", S("\"/data/price\"", "\"\\/data/price\""), NC, "job_text: not in RFC 8785 canonical form"},
        {"\\u escape where JCS writes UTF-8", S("k\xc3\xa9y", "k\\u00e9y"), NC, "job_text"},
        {"a control byte, which JCS writes as \\u0001 too", S("k\xc3\xa9y", "k\\u0001y"), OK, ""},
        {"\\u escape in uppercase", S("k\xc3\xa9y", "k\\u001Fy"), NC, "job_text"},
    });
}

TEST(JobText, RefusesWhatTheJobObjectRefuses_WithTheSameErrors)
{
    RunTextRows({
        {"http URL", S("https://api.one.test", "http://api.one.test"), URL, "job.sources[0].url"},
        {"unknown aggregation", S("\"median\"", "\"mean\""), AGG, "job.aggregation.method"},
        {"bad pointer", S("\"/data/price\"", "\"data/price\""), PTR, "job.sources[0].pointer"},
        {"unknown field", S("{\"aggregation\"", "{\"a\":1,\"aggregation\""), MAL, "job.a: unknown field"},
        {"decimals over 77", S("\"decimals\":8", "\"decimals\":78"), LIM, "job.result.decimals"},
        {"a fraction where JCS has none: validation speaks first", S("\"decimals\":8", "\"decimals\":8.0"), MAL,
         "job.result.decimals: must be a non-negative integer"},
        {"not JSON", [](const std::string &) { return std::string("{"); }, MAL, "job_text: not valid JSON"},
        {"empty", [](const std::string &) { return std::string(); }, MAL, "job_text: not valid JSON"},
        {"not an object", [](const std::string &) { return std::string("[]"); }, MAL, "job: must be an object"},
        {"nested deeper than a job can be", S("\"Accept\":\"application/json\"", "\"Accept\":[[[[[[1]]]]]]"), MAL,
         "job_text: nested too deeply"},
        {"duplicate key", S("{\"aggregation\"", "{\"sources\":[],\"aggregation\""), MAL, "job.sources: given twice"},
    });
}

TEST(JobText, LengthIsBoundedAt64KiB)
{
    // A canonical bytes job whose POST body brings the text to exactly the limit, then one byte past it.
    const std::string head = "{\"aggregation\":{\"method\":\"identical\",\"min_sources\":1},\"result\":{\"type\":\"bytes\"},"
                             "\"sources\":[{\"body\":\"";
    const std::string tail = "\",\"method\":\"POST\",\"pointer\":\"\",\"url\":\"https://h.test\"}]}";
    for (size_t total : {(size_t)ORACLE_JOB_MAX_TEXT, (size_t)ORACLE_JOB_MAX_TEXT + 1}) {
        SCOPED_TRACE(total);
        std::string text = head + std::string(total - head.size() - tail.size(), 'x') + tail;
        ASSERT_EQ(text.size(), total);
        std::string request = TextRequest(text);
        oracle_job job;
        oracle_error err;
        int ret = oracle_job_parse(&job, &err, request.data(), request.size());
        if (total == ORACLE_JOB_MAX_TEXT) {
            EXPECT_EQ(ret, ORACLE_OK) << err.detail;
        } else {
            EXPECT_EQ(ret, ORACLE_ERR_JOB_LIMIT);
            EXPECT_NE(std::string(err.detail).find("job_text: 65537 bytes, more than the limit 65536"), std::string::npos)
                << err.detail;
        }
        EXPECT_EQ(job.from_text, 1);
        EXPECT_EQ(Hex(job.feed_id, 32), Keccak(text));
        oracle_job_free(&job);
    }
}

TEST(JobText, TheRequestGivesTheJobExactlyOnce_AndOnlyItsContextMakesAReportPossible)
{
    struct Case {
        std::string name;
        std::string request;
        int code;
        std::string detail;
        int context_parsed, from_text;
    };
    const std::string text = TextRequest(kCanonicalJob);
    const std::vector<Case> cases = {
        {"both job and job_text", Sub(Valid(), "\"round\": 7", "\"round\": 7, \"job_text\": " + JsonString(kCanonicalJob)),
         MAL, "request.job, request.job_text: give the job once", 0, 0},
        {"neither", Drop(Valid(), "\"job\": " + kJob), MAL, "request.job: missing (or request.job_text)", 0, 0},
        {"job_text a number", Sub(Valid(), "\"job\": " + kJob, "\"job_text\": 5"), MAL,
         "request.job_text: must be a string", 1, 0},
        {"job_text an object", Sub(Valid(), "\"job\": " + kJob, "\"job_text\": " + kJob), MAL,
         "request.job_text: must be a string", 1, 0},
        {"bad round beside a good job_text", Sub(text, "\"round\": 7", "\"round\": -7"), MAL, "request.round", 0, 0},
        {"no targets beside a good job_text", Sub(text, "\"targets\": " + kTargets, "\"targets\": []"), MAL,
         "targets: must name at least one target", 0, 0},
        {"a refused job object", Sub(Valid(), "https://api.one.test", "http://api.one.test"), URL,
         "job.sources[0].url", 1, 0},
        {"a refused job_text", Sub(text, "https://api.one.test", "http://api.one.test"), URL, "job.sources[0].url", 1,
         1},
        {"an accepted job object", Valid(), OK, "", 1, 0},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.name);
        oracle_job job;
        oracle_error err;
        EXPECT_EQ(oracle_job_parse(&job, &err, c.request.data(), c.request.size()), c.code) << err.detail;
        EXPECT_NE(std::string(err.detail).find(c.detail), std::string::npos) << err.detail;
        EXPECT_EQ(job.context_parsed, c.context_parsed);
        EXPECT_EQ(job.from_text, c.from_text);
        oracle_job_free(&job);
    }
}

// ---------------------------------------------------------------------------
// The endorse request: an execute request plus the leader's report fields

namespace {

const std::string kSourcesHashHex = "8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";
const std::string kEndorse = R"({"value": "-12345", "data": "0x", "observed_at": 1700000001, "sources_hash": "0x)" +
                             kSourcesHashHex + "\"}";

std::string EndorseRequest()
{
    return Sub(Valid(), "\"reuse_connections\": false", "\"reuse_connections\": false, \"endorse\": " + kEndorse);
}

using EndorseCheck = std::function<void(const oracle_endorse &)>;

struct EndorseRow {
    std::string name;
    Malleate malleate;  // edits EndorseRequest()
    int code;
    std::string detail;
    EndorseCheck check;
};

void RunEndorseRows(const std::vector<EndorseRow> &rows)
{
    ASSERT_FALSE(rows.empty());
    for (const EndorseRow &row : rows) {
        SCOPED_TRACE(row.name);
        std::string text;
        try {
            text = row.malleate(EndorseRequest());
        } catch (const std::exception &e) {
            ADD_FAILURE() << "malleate: " << e.what();
            continue;
        }
        oracle_job job;
        oracle_endorse e;
        oracle_error err;
        int ret = oracle_job_parse_endorse(&job, &e, &err, text.data(), text.size());
        EXPECT_EQ(ret, row.code) << "detail: " << err.detail;
        EXPECT_EQ(err.code, row.code);
        if (!row.detail.empty())
            EXPECT_NE(std::string(err.detail).find(row.detail), std::string::npos)
                << "detail \"" << err.detail << "\" should contain \"" << row.detail << "\"";
        if (ret == ORACLE_OK && row.check) row.check(e);
        if (ret != ORACLE_OK) EXPECT_EQ(job.context_parsed, 0) << "the endorse object is part of the context";
        oracle_job_free(&job);
    }
}

const std::string kMaxInt256 = "57896044618658097711785492504343953926634992332820282019728792003956564819967";

}  // namespace

TEST(EndorseParse, ValidRequest_FillsTheLeadersFields)
{
    std::string text = EndorseRequest();
    oracle_job job;
    oracle_endorse e;
    oracle_error err;
    ASSERT_EQ(oracle_job_parse_endorse(&job, &e, &err, text.data(), text.size()), ORACLE_OK) << err.detail;
    EXPECT_EQ(Hex(e.value, 32), std::string(60, 'f') + "cfc7");  // -12345, two's complement
    EXPECT_STREQ(e.value_dec, "-12345");
    EXPECT_EQ(e.data_len, 0u);
    EXPECT_EQ(e.observed_at, 1700000001u);
    EXPECT_EQ(Hex(e.sources_hash, 32), kSourcesHashHex);
    EXPECT_EQ(Hex(job.feed_id, 32), FeedId(Valid())) << "the endorse object is context, not part of the job";
    EXPECT_EQ(job.round, 7u);
    oracle_job_free(&job);
    // And with the job as text.
    std::string with_text = Sub(text, "\"job\": " + kJob, "\"job_text\": " + JsonString(kCanonicalJob));
    ASSERT_EQ(oracle_job_parse_endorse(&job, &e, &err, with_text.data(), with_text.size()), ORACLE_OK) << err.detail;
    EXPECT_EQ(job.from_text, 1);
    EXPECT_EQ(Hex(job.feed_id, 32), FeedId(Valid()));
    oracle_job_free(&job);
}

TEST(EndorseParse, EndorseBelongsToEndorseRequestsOnly)
{
    std::string endorse = EndorseRequest(), plain = Valid();
    oracle_job job;
    oracle_endorse e;
    oracle_error err;
    EXPECT_EQ(oracle_job_parse(&job, &err, endorse.data(), endorse.size()), ORACLE_ERR_JOB_MALFORMED);
    EXPECT_STREQ(err.detail, "request.endorse: unknown field");
    oracle_job_free(&job);
    EXPECT_EQ(oracle_job_parse_endorse(&job, &e, &err, plain.data(), plain.size()), ORACLE_ERR_JOB_MALFORMED);
    EXPECT_STREQ(err.detail, "request.endorse: missing");
    oracle_job_free(&job);
    EXPECT_EQ(oracle_job_parse_endorse(&job, nullptr, &err, endorse.data(), endorse.size()), ORACLE_ERR_ARGUMENT);
}

TEST(EndorseParse, EveryFieldMalformedOrPastItsBound)
{
    const std::string value = "\"value\": \"-12345\"", data = "\"data\": \"0x\"", at = "\"observed_at\": 1700000001",
                      hash = "\"sources_hash\": \"0x" + kSourcesHashHex + "\"";
    auto V = [&](const std::string &v) { return S(value, "\"value\": " + v); };
    auto Dt = [&](const std::string &v) { return S(data, "\"data\": " + v); };
    RunEndorseRows({
        {"value 0", V("\"0\""), OK, "", [](const oracle_endorse &e) { EXPECT_EQ(Hex(e.value, 32), std::string(64, '0')); }},
        {"value 2^255-1", V("\"" + kMaxInt256 + "\""), OK, "",
         [](const oracle_endorse &e) {
             EXPECT_EQ(Hex(e.value, 32), "7f" + std::string(62, 'f'));
             EXPECT_EQ(std::string(e.value_dec), kMaxInt256);
         }},
        {"value -2^255", V("\"-57896044618658097711785492504343953926634992332820282019728792003956564819968\""), OK, "",
         [](const oracle_endorse &e) { EXPECT_EQ(Hex(e.value, 32), "80" + std::string(62, '0')); }},
        {"value 2^255", V("\"57896044618658097711785492504343953926634992332820282019728792003956564819968\""), MAL,
         "endorse.value: outside int256"},
        {"value of 79 digits", V("\"1" + std::string(78, '0') + "\""), MAL, "endorse.value: must be a decimal integer string"},
        {"value a number", V("-12345"), MAL, "endorse.value: must be a decimal integer string"},
        {"value with a fraction", V("\"1.5\""), MAL, "endorse.value"},
        {"value with an exponent", V("\"1e3\""), MAL, "endorse.value"},
        {"value with a leading zero", V("\"012\""), MAL, "endorse.value"},
        {"value -0", V("\"-0\""), MAL, "endorse.value"},
        {"value with a plus sign", V("\"+5\""), MAL, "endorse.value"},
        {"value empty", V("\"\""), MAL, "endorse.value"},
        {"value hex", V("\"0x10\""), MAL, "endorse.value"},
        {"value missing", D(value), MAL, "endorse.value: missing"},
        {"data two bytes", Dt("\"0x0aFF\""), OK, "",
         [](const oracle_endorse &e) { EXPECT_EQ(Hex(e.data, e.data_len), "0aff"); }},
        {"data 256 bytes", Dt("\"0x" + std::string(512, 'a') + "\""), OK, "",
         [](const oracle_endorse &e) { EXPECT_EQ(e.data_len, 256u); }},
        {"data 257 bytes", Dt("\"0x" + std::string(514, 'a') + "\""), LIM, "endorse.data: 257 bytes, more than the limit 256"},
        {"data odd length", Dt("\"0x1\""), MAL, "endorse.data: must be 0x and an even number of hex digits"},
        {"data not hex", Dt("\"0xzz\""), MAL, "endorse.data"},
        {"data without 0x", Dt("\"0102\""), MAL, "endorse.data"},
        {"data a number", Dt("0"), MAL, "endorse.data"},
        {"data missing", D(data), MAL, "endorse.data: missing"},
        {"observed_at as a string", S(at, "\"observed_at\": \"42\""), OK, "",
         [](const oracle_endorse &e) { EXPECT_EQ(e.observed_at, 42u); }},
        {"observed_at negative", S(at, "\"observed_at\": -1"), MAL, "endorse.observed_at"},
        {"observed_at 2^64", S(at, "\"observed_at\": 18446744073709551616"), LIM, "endorse.observed_at: too large"},
        {"observed_at missing", D(at), MAL, "endorse.observed_at: missing"},
        {"sources_hash 31 bytes", S(hash, "\"sources_hash\": \"0x" + std::string(62, '1') + "\""), MAL,
         "endorse.sources_hash: must be 0x and 64 hex digits"},
        {"sources_hash missing", D(hash), MAL, "endorse.sources_hash: missing"},
        {"unknown field", S(at, at + ", \"extra\": 1"), MAL, "endorse.extra: unknown field"},
        {"given twice", S(at, at + ", " + at), MAL, "endorse.observed_at: given twice"},
        {"not an object", S(kEndorse, "[]"), MAL, "endorse: must be an object"},
    });
}
