// The sim enclave against real TLS servers on loopback (nginx, openssl s_server),
// with certificates made at run time, and ethers (npm) as the referee for what
// gets signed. Acceptance tests of the enclave-tls issue.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <thread>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/harness.hpp"

using namespace oracle_test;

namespace {

const char *kPriceBody = R"({"data":{"amount":"43123.456789","base":"BTC","currency":"USD"}})";

// A source the tests can point a job at: whatever keeps its servers alive, and the job.
struct SourceSetup {
    std::vector<std::shared_ptr<void>> servers;
    json job;
    json request_overrides = json::object();
};

class EnclaveTls : public ::testing::Test {
protected:
    TempDir dir;
    Pki pki{dir};
    Enclave &enclave = Enclave::shared();

    std::shared_ptr<Nginx> nginx(const std::string &name, const KeyPair &cert, const std::string &extra = "",
                                 int keepalive_requests = 100000)
    {
        Nginx::Options o;
        o.cert = cert;
        o.server_name = name;
        o.extra_locations = extra;
        o.keepalive_requests = keepalive_requests;
        auto n = std::make_shared<Nginx>(dir, o);
        enclave.resolve(name, n->port());
        return n;
    }

    KeyPair good_cert(const std::string &name) { return pki.issue(Pki::dev_ca(), {name}); }
};

// Distinct nginx connection ids and the request count from an access log.
std::set<std::string> connection_ids(const std::string &log, int *requests = nullptr)
{
    static const std::regex line("(\\d+) (\\d+) GET");
    std::set<std::string> ids;
    int n = 0;
    for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator(); ++it, ++n)
        ids.insert((*it)[1]);
    if (requests) *requests = n;
    return ids;
}

// No report, no signature, anywhere in a failed result.
void expect_unsigned_failure(const json &r, const std::string &code)
{
    EXPECT_FALSE(r.at("ok").get<bool>()) << r.dump();
    EXPECT_EQ(r.at("error").at("code"), code) << r.dump();
    EXPECT_FALSE(r.contains("reports")) << r.dump();
    EXPECT_EQ(r.dump().find("signature"), std::string::npos);
    EXPECT_FALSE(r.at("error").at("detail").get<std::string>().empty());
}

}  // namespace

TEST_F(EnclaveTls, Execute_SignsTheServedValue_AndEthersAgreesOnDigestSignerAndProof)
{
    auto n = nginx("price.test", good_cert("price.test"));
    n->serve("spot.json", kPriceBody);
    json job = one_source_job(url("price.test", n->port(), "/spot.json"), "/data/amount", 8);
    json req = make_request(job, 7);
    req["targets"].push_back(json{{"chain_id", "1"}, {"verifying_contract", "0x00000000000000000000000000000000000000aa"}});

    int code = -1;
    json r = enclave.execute(req, &code);
    ASSERT_EQ(code, 0) << r.dump();
    ASSERT_TRUE(r.at("ok").get<bool>());
    EXPECT_EQ(r.at("value"), "4312345678900");   // 43123.456789 * 10^8
    EXPECT_EQ(r.at("round"), 7);
    EXPECT_TRUE(r.at("simulated").get<bool>());
    EXPECT_EQ(lower(r.at("signer")), enclave.address());
    ASSERT_EQ(r.at("reports").size(), 2u);

    json peer = ethers_check(job, r);
    EXPECT_EQ(peer.at("feed_id"), r.at("feed_id")) << "keccak256(JCS(job)) differs from ethers";
    EXPECT_EQ(peer.at("sources_hash"), r.at("sources_hash")) << "SourceCommitment hashing differs from ethers";
    for (size_t i = 0; i < 2; i++) {
        const json &mine = r.at("reports")[i];
        const json &theirs = peer.at("reports")[i];
        EXPECT_EQ(theirs.at("digest"), mine.at("digest")) << "EIP-712 digest differs from ethers for target " << i;
        EXPECT_EQ(lower(theirs.at("recovered")), enclave.address()) << "ecrecover does not give the enclave's address";
        const json &proof = theirs.at("proof");
        EXPECT_EQ(proof.at("length"), 213);
        EXPECT_EQ(proof.at("version"), 1);
        EXPECT_EQ(proof.at("value"), "4312345678900");
        EXPECT_EQ(proof.at("round"), "7");
        EXPECT_EQ(proof.at("observedAt"), std::to_string(r.at("observed_at").get<uint64_t>()));
        EXPECT_EQ(proof.at("signatures")[0], mine.at("signature"));
        EXPECT_EQ(proof.at("trailing"), 0);
    }
    // The two targets' digests differ: a report is bound to its chain and contract.
    EXPECT_NE(r.at("reports")[0].at("digest"), r.at("reports")[1].at("digest"));
    // observedAt is the server's Date, not far from now.
    EXPECT_NEAR((double)r.at("observed_at").get<int64_t>(), (double)unix_now(), 5.0);
}

TEST_F(EnclaveTls, Execute_ChangesFeedId_WhenTheJobSpecChanges)
{
    auto n = nginx("feedid.test", good_cert("feedid.test"));
    n->serve("spot.json", kPriceBody);
    json a = one_source_job(url("feedid.test", n->port(), "/spot.json"), "/data/amount", 8);
    json b = one_source_job(url("feedid.test", n->port(), "/spot.json"), "/data/amount", 6);
    json ra = enclave.execute(make_request(a)), rb = enclave.execute(make_request(b));
    ASSERT_TRUE(ra.at("ok").get<bool>() && rb.at("ok").get<bool>());
    EXPECT_NE(ra.at("feed_id"), rb.at("feed_id"));
    EXPECT_EQ(rb.at("value"), "43123456789");
}

// Each of these ends in its own error and no signature.
class EnclaveTlsBad : public EnclaveTls {
public:
    SourceSetup nginx_job(const std::string &name, const KeyPair &cert, const std::string &path,
                    const std::string &content, const std::string &pointer = "/data/amount")
    {
        auto n = nginx(name, cert);
        n->serve(path, content);
        SourceSetup s;
        s.servers.push_back(n);
        s.job = one_source_job(url(name, n->port(), "/" + path), pointer);
        return s;
    }
    SourceSetup sserver_job(const std::string &name, const std::string &stdin_mode)
    {
        auto srv = std::make_shared<SServer>(dir, good_cert(name), stdin_mode);
        enclave.resolve(name, srv->port());
        SourceSetup s;
        s.servers.push_back(srv);
        s.job = one_source_job(url(name, srv->port(), "/spot.json"), "/data/amount");
        return s;
    }
    static std::string http_date()
    {
        char buf[64];
        time_t t = time(nullptr);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
        return buf;
    }
};

TEST_F(EnclaveTlsBad, Execute_RefusesEachBadSourceWithItsOwnError_AndSignsNothing)
{
    std::vector<std::pair<std::string, std::function<SourceSetup()>>> cases;
    std::vector<std::string> expected;
    auto add = [&](const std::string &name, const std::string &code, std::function<SourceSetup()> f) {
        cases.push_back({name, f});
        expected.push_back(code);
    };
    add("certificate from another CA (man in the middle)", "tls_cert_untrusted", [&] {
        KeyPair mitm = pki.make_ca("Evil Proxy CA");
        return nginx_job("mitm.test", pki.issue(mitm, {"mitm.test"}), "spot.json", kPriceBody);
    });
    add("hostname mismatch", "tls_hostname", [&] {
        return nginx_job("wanted.test", pki.issue(Pki::dev_ca(), {"other.test"}), "spot.json", kPriceBody);
    });
    add("expired certificate", "tls_cert_expired", [&] {
        return nginx_job("expired.test", pki.issue(Pki::dev_ca(), {"expired.test"}, -1), "spot.json", kPriceBody);
    });
    add("truncated body", "http_truncated", [&] {
        dir.write("truncated.http", "HTTP/1.1 200 OK\r\nDate: " + http_date() +
                                        "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                                        "{\"data\":{\"amount\":\"43123.45");
        return sserver_job("truncated.test", dir.file("truncated.http"));
    });
    add("body over the cap", "http_too_large", [&] {
        std::string big = "{\"data\":{\"amount\":\"1\",\"pad\":\"" + std::string(1100 * 1024, 'x') + "\"}}";
        return nginx_job("big.test", good_cert("big.test"), "big.json", big);
    });
    add("server stalls after the handshake", "timeout", [&] {
        SourceSetup s = sserver_job("stall.test", "pipe");
        s.job["limits"] = json{{"io_timeout_ms", 1500}};
        return s;
    });
    add("malformed JSON", "json_malformed", [&] {
        return nginx_job("badjson.test", good_cert("badjson.test"), "spot.json", R"({"data":{"amount":"1",}})");
    });
    add("pointer names nothing", "json_not_found", [&] {
        return nginx_job("nothing.test", good_cert("nothing.test"), "spot.json", kPriceBody, "/data/price");
    });
    add("redirect", "http_redirect", [&] {
        auto n = nginx("redirect.test", good_cert("redirect.test"),
                       "    location = /spot.json { return 302 https://elsewhere.test/spot.json; }");
        SourceSetup s;
        s.servers.push_back(n);
        s.job = one_source_job(url("redirect.test", n->port(), "/spot.json"), "/data/amount");
        return s;
    });

    std::set<std::string> seen;
    for (size_t i = 0; i < cases.size(); i++) {
        SCOPED_TRACE(cases[i].first);
        SourceSetup s = cases[i].second();
        auto start = std::chrono::steady_clock::now();
        int code = 0;
        json req = make_request(s.job);
        json r = enclave.execute(req, &code);
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        expect_unsigned_failure(r, expected[i]);
        EXPECT_NE(code, 0);
        EXPECT_EQ(r.at("sources")[0].at("error").at("code"), expected[i]);
        EXPECT_LT(secs, 10.0) << "a bad source must fail within the job's bounds";
        seen.insert(r.at("error").at("code").get<std::string>());
    }
    EXPECT_EQ(seen.size(), cases.size()) << "every failure must carry a distinct error";
}

TEST_F(EnclaveTlsBad, Execute_JudgesTheCertificateAtChainTime_NotTheHostClock)
{
    // A valid certificate, but a chain time three days ahead: after its notAfter.
    SourceSetup s = nginx_job("future.test", good_cert("future.test"), "spot.json", kPriceBody);
    json req = make_request(s.job);
    req["chain_time"] = unix_now() + 3 * 86400;
    json r = enclave.execute(req);
    expect_unsigned_failure(r, "tls_cert_expired");
}

TEST_F(EnclaveTlsBad, Execute_RefusesAServerDateFarFromChainTime)
{
    SourceSetup s = nginx_job("skew.test", good_cert("skew.test"), "spot.json", kPriceBody);
    json req = make_request(s.job);
    req["chain_time"] = unix_now() + 900;  // 15 minutes after the server's Date, inside the cert's validity
    expect_unsigned_failure(enclave.execute(req), "time_skew");
    // The bound is the job's own: a tighter one refuses what the default allows.
    req["chain_time"] = unix_now() - 120;
    json ok = enclave.execute(req);
    EXPECT_TRUE(ok.at("ok").get<bool>()) << ok.dump();
    req["job"]["limits"] = {{"max_date_skew_s", 30}};
    expect_unsigned_failure(enclave.execute(req), "time_skew");
}

TEST_F(EnclaveTlsBad, Execute_RefusesAChainTimeOlderThanTheEnclaveHasSeen)
{
    SourceSetup s = nginx_job("floor.test", good_cert("floor.test"), "spot.json", kPriceBody);
    json req = make_request(s.job);
    ASSERT_TRUE(enclave.execute(req).at("ok").get<bool>());
    req["chain_time"] = unix_now() - 7200;  // the host replays a chain time two hours old
    json r = enclave.execute(req);
    expect_unsigned_failure(r, "time_backwards");
    EXPECT_FALSE(r.contains("sources")) << "refused before any fetch";
}

TEST_F(EnclaveTls, Execute_ReadsAChunkedBody)
{
    auto n = nginx("chunked.test", good_cert("chunked.test"),
                   "    location /c/ { alias " + dir.path() + "/chunked-www/; sub_filter 'USD' 'USD'; "
                   "sub_filter_once off; sub_filter_types application/json; }");
    dir.write("chunked-www/spot.json", kPriceBody);
    json r = enclave.execute(make_request(one_source_job(url("chunked.test", n->port(), "/c/spot.json"), "/data/amount")));
    ASSERT_TRUE(r.at("ok").get<bool>()) << r.dump();
    EXPECT_EQ(r.at("sources")[0].at("framing"), "chunked");
    EXPECT_EQ(r.at("value"), "4312345678900");
}

TEST_F(EnclaveTls, Execute_KeepsConnectionsAliveWithinAndAcrossJobs)
{
    auto n = nginx("keepalive.test", good_cert("keepalive.test"));
    n->serve("a.json", R"({"p":"100"})");
    n->serve("b.json", R"({"p":"102"})");
    json job = {{"sources", json::array({json{{"url", url("keepalive.test", n->port(), "/a.json")}, {"pointer", "/p"}},
                                         json{{"url", url("keepalive.test", n->port(), "/b.json")}, {"pointer", "/p"}}})},
                {"result", {{"type", "int256"}, {"decimals", 0}}},
                {"aggregation", {{"method", "median"}, {"min_sources", 2}}}};
    json r1 = enclave.execute(make_request(job, 1));
    json r2 = enclave.execute(make_request(job, 2));
    ASSERT_TRUE(r1.at("ok").get<bool>() && r2.at("ok").get<bool>()) << r1.dump() << r2.dump();
    EXPECT_EQ(r1.at("value"), "101");
    EXPECT_FALSE(r1.at("sources")[0].at("reused_connection").get<bool>());
    EXPECT_TRUE(r1.at("sources")[1].at("reused_connection").get<bool>()) << "within a job";
    EXPECT_TRUE(r2.at("sources")[0].at("reused_connection").get<bool>()) << "across jobs";
    // The server agrees: four requests on one TCP connection.
    std::string log = n->access_log_after(4);
    int requests = 0;
    std::set<std::string> connections = connection_ids(log, &requests);
    EXPECT_EQ(requests, 4) << log;
    EXPECT_EQ(connections.size(), 1u) << log;
}

TEST_F(EnclaveTls, Execute_RetriesOnANewConnection_WhenTheServerClosedAnIdleOne)
{
    // nginx closes each connection after 2 requests: the pooled one is dead on every third job.
    auto n = nginx("closing.test", good_cert("closing.test"), "", 2);
    n->serve("spot.json", kPriceBody);
    json job = one_source_job(url("closing.test", n->port(), "/spot.json"), "/data/amount");
    for (int i = 0; i < 7; i++) {
        json r = enclave.execute(make_request(job, (uint64_t)i));
        ASSERT_TRUE(r.at("ok").get<bool>()) << "job " << i << ": " << r.dump();
    }
}

TEST_F(EnclaveTls, Execute_DoesAFullHandshake_WhenReuseIsOff)
{
    auto n = nginx("noreuse.test", good_cert("noreuse.test"));
    n->serve("spot.json", kPriceBody);
    json req = make_request(one_source_job(url("noreuse.test", n->port(), "/spot.json"), "/data/amount"));
    req["reuse_connections"] = false;
    for (int i = 0; i < 3; i++) {
        json r = enclave.execute(req);
        ASSERT_TRUE(r.at("ok").get<bool>()) << r.dump();
        EXPECT_FALSE(r.at("sources")[0].at("reused_connection").get<bool>());
    }
    std::string log = n->access_log_after(3);
    EXPECT_EQ(connection_ids(log).size(), 3u) << log;
}

namespace {
json three_source_job(const std::vector<std::string> &urls, int bps)
{
    json sources = json::array();
    for (const auto &u : urls) sources.push_back(json{{"url", u}, {"pointer", "/price"}});
    return json{{"sources", sources},
                {"result", {{"type", "int256"}, {"decimals", 2}}},
                {"aggregation", {{"method", "median"}, {"min_sources", 3}, {"max_deviation_bps", bps}}}};
}
}  // namespace

TEST_F(EnclaveTls, Execute_GivesTheMedianOfThreeCloseSources)
{
    auto a = nginx("ex-a.test", good_cert("ex-a.test"));
    auto b = nginx("ex-b.test", good_cert("ex-b.test"));
    auto c = nginx("ex-c.test", good_cert("ex-c.test"));
    a->serve("t.json", R"({"price":"100.00"})");
    b->serve("t.json", R"({"price":100.40})");
    c->serve("t.json", R"({"price":"99.80"})");
    json job = three_source_job({url("ex-a.test", a->port(), "/t.json"), url("ex-b.test", b->port(), "/t.json"),
                                 url("ex-c.test", c->port(), "/t.json")},
                                100);
    json r = enclave.execute(make_request(job));
    ASSERT_TRUE(r.at("ok").get<bool>()) << r.dump();
    EXPECT_EQ(r.at("value"), "10000");
    EXPECT_EQ(r.at("sources_used"), 3);
    EXPECT_EQ(ethers_check(job, r).at("sources_hash"), r.at("sources_hash"));
}

TEST_F(EnclaveTls, Execute_FailsTheJob_WhenOneOfThreeSourcesIsAnOutlier)
{
    auto a = nginx("out-a.test", good_cert("out-a.test"));
    auto b = nginx("out-b.test", good_cert("out-b.test"));
    auto c = nginx("out-c.test", good_cert("out-c.test"));
    a->serve("t.json", R"({"price":"100.00"})");
    b->serve("t.json", R"({"price":"100.40"})");
    c->serve("t.json", R"({"price":"103.00"})");  // 2.6% above the median of 100.40
    json job = three_source_job({url("out-a.test", a->port(), "/t.json"), url("out-b.test", b->port(), "/t.json"),
                                 url("out-c.test", c->port(), "/t.json")},
                                100);
    json r = enclave.execute(make_request(job));
    expect_unsigned_failure(r, "deviation");
    EXPECT_NE(r.at("error").at("detail").get<std::string>().find("out-c.test"), std::string::npos) << r.dump();
}

TEST_F(EnclaveTls, Execute_SignsWithTwoOfThree_WhenOneSourceIsDownAndMinSourcesAllowsIt)
{
    auto a = nginx("down-a.test", good_cert("down-a.test"));
    auto b = nginx("down-b.test", good_cert("down-b.test"));
    a->serve("t.json", R"({"price":"100.00"})");
    b->serve("t.json", R"({"price":"101.00"})");
    uint16_t dead = free_port();
    enclave.resolve("down-c.test", dead);
    json job = three_source_job({url("down-a.test", a->port(), "/t.json"), url("down-b.test", b->port(), "/t.json"),
                                 url("down-c.test", dead, "/t.json")},
                                200);
    job["aggregation"]["min_sources"] = 2;
    json r = enclave.execute(make_request(job));
    ASSERT_TRUE(r.at("ok").get<bool>()) << r.dump();
    EXPECT_EQ(r.at("value"), "10050");
    EXPECT_EQ(r.at("sources")[2].at("error").at("code"), "connect");
    // The failed source is in the transcript commitment too, and ethers agrees on it.
    EXPECT_EQ(ethers_check(job, r).at("sources_hash"), r.at("sources_hash"));
}

// Bad job specs are refused before any connection: a listening socket sees none.
TEST_F(EnclaveTls, Execute_RefusesABadJobSpec_BeforeOpeningAnyConnection)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    ASSERT_EQ(bind(fd, (sockaddr *)&a, sizeof(a)), 0);
    ASSERT_EQ(listen(fd, 16), 0);
    ASSERT_EQ(getsockname(fd, (sockaddr *)&a, &len), 0);
    uint16_t port = ntohs(a.sin_port);
    enclave.resolve("listener.test", port);
    json good = one_source_job(url("listener.test", port, "/x.json"), "/p");

    struct Row {
        std::string name;
        std::function<void(json &)> malleate;
        std::string code;
    };
    std::vector<Row> rows = {
        {"unknown aggregation", [](json &j) { j["job"]["aggregation"]["method"] = "mean"; }, "job_aggregation"},
        {"unknown field", [](json &j) { j["job"]["aggregation"]["min_source"] = 1; }, "job_malformed"},
        {"missing pointer", [](json &j) { j["job"]["sources"][0].erase("pointer"); }, "job_malformed"},
        {"too many sources",
         [](json &j) {
             for (int i = 0; i < 16; i++) j["job"]["sources"].push_back(j["job"]["sources"][0]);
         },
         "job_limit"},
        {"response cap over the limit", [](json &j) { j["job"]["limits"] = {{"max_response_bytes", 8 << 20}}; },
         "job_limit"},
        {"decimals over 77", [](json &j) { j["job"]["result"]["decimals"] = 78; }, "job_limit"},
        {"min_sources over the source count", [](json &j) { j["job"]["aggregation"]["min_sources"] = 2; },
         "job_limit"},
        {"http URL", [](json &j) { j["job"]["sources"][0]["url"] = "http://listener.test/x"; }, "job_url"},
        {"IP address host", [](json &j) { j["job"]["sources"][0]["url"] = "https://127.0.0.1/x"; }, "job_url"},
        {"bad pointer", [](json &j) { j["job"]["sources"][0]["pointer"] = "data"; }, "job_pointer"},
        {"header injection", [](json &j) { j["job"]["sources"][0]["headers"] = {{"X-A", "1\r\nHost: evil"}}; },
         "job_malformed"},
        {"Host header from the job", [](json &j) { j["job"]["sources"][0]["headers"] = {{"Host", "evil.test"}}; },
         "job_malformed"},
        {"body on GET", [](json &j) { j["job"]["sources"][0]["body"] = "x"; }, "job_malformed"},
        {"float in the spec", [](json &j) { j["job"]["limits"] = {{"io_timeout_ms", 1.5}}; }, "job_malformed"},
        {"no targets", [](json &j) { j["targets"] = json::array(); }, "job_malformed"},
        {"bad contract", [](json &j) { j["targets"][0]["verifying_contract"] = "0x1234"; }, "job_malformed"},
        {"missing chain_time", [](json &j) { j.erase("chain_time"); }, "job_malformed"},
    };
    for (const auto &row : rows) {
        SCOPED_TRACE(row.name);
        json req = make_request(good);
        row.malleate(req);
        json r = enclave.execute(req);
        expect_unsigned_failure(r, row.code);
        EXPECT_FALSE(r.contains("sources")) << "a job that did not parse has no source outcomes";
    }
    // JSON, but not an object.
    json r = enclave.execute(json("not an object"));
    expect_unsigned_failure(r, "job_malformed");

    pollfd p{fd, POLLIN, 0};
    EXPECT_EQ(poll(&p, 1, 200), 0) << "a refused job opened a connection";
    close(fd);
}

TEST_F(EnclaveTls, Identity_SaysSimulated_AndNamesTheDevelopmentCa)
{
    json id = enclave.identity();
    EXPECT_EQ(id.at("backend"), "sim");
    EXPECT_TRUE(id.at("simulated").get<bool>());
    EXPECT_EQ(id.at("sealing"), "insecure-fixed-dev-key");
    EXPECT_TRUE(id.at("dev_ca").get<bool>());
    EXPECT_GT(id.at("ca_certificates").get<int>(), 50) << "Debian's bundle plus the dev CA";
    // The dev CA's fingerprint is the one the build generated.
    std::string out;
    ASSERT_EQ(oracle_test::run({"openssl", "x509", "-in", Pki::dev_ca().cert, "-noout", "-fingerprint", "-sha256"}, &out), 0);
    std::string fp;
    for (char c : out.substr(out.find('=') + 1))
        if (isxdigit((unsigned char)c)) fp += (char)tolower((unsigned char)c);
    EXPECT_EQ(id.at("dev_ca_sha256"), "0x" + fp);
    // REPORTDATA binds the nonce in its second half.
    std::string rd = id.at("report_data");
    EXPECT_EQ(rd.substr(66), "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    // The evidence is a simulated DCAP quote v3 (ECDSA P-256) whose report body carries that REPORTDATA
    // (offset 48 + 320); Oracle.Attestation's tests verify it under the build's SIMULATED root.
    std::string ev = id.at("evidence");
    EXPECT_EQ(ev.substr(0, 10), "0x03000200");
    ASSERT_GT(ev.size(), 2u + 2 * (48 + 384));
    EXPECT_EQ(ev.substr(2 + 2 * (48 + 320), 128), rd.substr(2));
}

// The image holds exactly Debian's ca-certificates package (not /etc/ssl/certs,
// where a local administrator's CAs also live) plus the build's dev CA.
TEST_F(EnclaveTls, Identity_CaBundleIsDebiansPackagePlusTheDevCa)
{
    std::vector<std::string> files;
    for (const auto &e : std::filesystem::directory_iterator("/usr/share/ca-certificates/mozilla"))
        if (e.path().extension() == ".crt") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    ASSERT_GT(files.size(), 50u);
    auto slurp = [](const std::string &path) {
        std::ifstream f(path, std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        return ss.str();
    };
    std::string bundle;
    for (const auto &f : files) bundle += slurp(f) + "\n";
    bundle += "\n" + slurp(Pki::dev_ca().cert);
    dir.write("bundle.pem", bundle);
    std::string out;
    ASSERT_EQ(oracle_test::run({"sha256sum", dir.file("bundle.pem")}, &out), 0);
    json id = enclave.identity();
    EXPECT_EQ(id.at("ca_bundle_sha256"), "0x" + out.substr(0, 64));
    EXPECT_EQ(id.at("ca_certificates").get<size_t>(), files.size() + 1);
}

TEST_F(EnclaveTlsBad, Execute_RefusesRenegotiation_AndSignsNothing)
{
    // openssl s_server renegotiates when its stdin says "r": sent once the request is in.
    KeyPair cert = good_cert("reneg.test");
    SServer srv(dir, cert, "pipe");
    enclave.resolve("reneg.test", srv.port());
    json req = make_request(one_source_job(url("reneg.test", srv.port(), "/spot.json"), "/data/amount"));
    req["job"]["limits"] = {{"io_timeout_ms", 4000}};
    std::thread renegotiate([&] {
        for (int i = 0; i < 200 && srv.log().find("GET /spot.json") == std::string::npos; i++)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        srv.write_stdin("r\n");
    });
    json r = enclave.execute(req);
    renegotiate.join();
    expect_unsigned_failure(r, "tls_protocol");
    // The server saw the enclave's no_renegotiation alert.
    for (int i = 0; i < 100 && srv.log().find("no renegotiation") == std::string::npos; i++)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_NE(srv.log().find("no renegotiation"), std::string::npos) << srv.log();
}

TEST_F(EnclaveTls, Execute_PostsTheJobsBodyAndHeaders_AndCommitsToTheExactRequest)
{
    // nginx answers a POST to a static file with 405; error_page turns that into the file.
    auto n = nginx("post.test", good_cert("post.test"), "    location /rpc { error_page 405 =200 $uri; }");
    n->serve("rpc", R"({"result":{"price":"7.5"}})");
    json job = one_source_job(url("post.test", n->port(), "/rpc?chain=1"), "/result/price", 2);
    job["sources"][0]["method"] = "POST";
    job["sources"][0]["headers"] = {{"Content-Type", "application/json"}};
    job["sources"][0]["body"] = R"({"method":"price","id":1})";
    json r = enclave.execute(make_request(job));
    ASSERT_TRUE(r.at("ok").get<bool>()) << r.dump();
    EXPECT_EQ(r.at("value"), "750");
    std::string expected = "POST /rpc?chain=1 HTTP/1.1\r\nHost: post.test:" + std::to_string(n->port()) +
                           "\r\nContent-Type: application/json\r\nContent-Length: 25\r\n"
                           "Connection: keep-alive\r\n\r\n{\"method\":\"price\",\"id\":1}";
    dir.write("expected-request", expected);
    std::string out;
    ASSERT_EQ(oracle_test::run({"sha256sum", dir.file("expected-request")}, &out), 0);
    EXPECT_EQ(r.at("sources")[0].at("request_sha256"), "0x" + out.substr(0, 64));
    EXPECT_NE(n->access_log_after(1).find("POST /rpc?chain=1"), std::string::npos);
}

TEST_F(EnclaveTls, Execute_SignsRawBytes_WhenTheResultIsBytesAndSourcesAgree)
{
    auto a = nginx("bytes-a.test", good_cert("bytes-a.test"));
    auto b = nginx("bytes-b.test", good_cert("bytes-b.test"));
    a->serve("h.json", R"({"block":{"hash":"0xabc\u00e9"}})");
    b->serve("h.json", R"({"block":{"hash":"0xab\u0063\u00e9"}})");  // same string, escaped differently
    json job = {{"sources", json::array({json{{"url", url("bytes-a.test", a->port(), "/h.json")}, {"pointer", "/block/hash"}},
                                         json{{"url", url("bytes-b.test", b->port(), "/h.json")}, {"pointer", "/block/hash"}}})},
                {"result", {{"type", "bytes"}}},
                {"aggregation", {{"method", "identical"}, {"min_sources", 2}}}};
    json r = enclave.execute(make_request(job));
    ASSERT_TRUE(r.at("ok").get<bool>()) << r.dump();
    EXPECT_EQ(r.at("data"), "0x3078616263c3a9");  // "0xabc" + U+00E9 in UTF-8
    EXPECT_EQ(r.at("value"), "0");
    json peer = ethers_check(job, r);
    EXPECT_EQ(peer.at("reports")[0].at("digest"), r.at("reports")[0].at("digest"));
    EXPECT_EQ(peer.at("reports")[0].at("proof").at("data"), "0x3078616263c3a9");
    EXPECT_EQ(peer.at("reports")[0].at("proof").at("length"), 213 + 7);

    b->serve("h.json", R"({"block":{"hash":"0xabd"}})");
    expect_unsigned_failure(enclave.execute(make_request(job)), "disagree");
}

// The sim backend's sealing key is public (and labelled insecure), so a test can
// unseal the enclave key and have ethers sign the same digest: RFC 6979 and
// low-S make the two signatures identical, byte for byte.
TEST_F(EnclaveTls, Execute_SignatureIsRfc6979LowS_IdenticalToEthersWithTheSameKey)
{
    auto n = nginx("rfc6979.test", good_cert("rfc6979.test"));
    n->serve("spot.json", kPriceBody);
    json job = one_source_job(url("rfc6979.test", n->port(), "/spot.json"), "/data/amount");
    json r = enclave.execute(make_request(job));
    ASSERT_TRUE(r.at("ok").get<bool>()) << r.dump();

    std::string secret = unseal_sim_key(enclave.sealed_key());
    json peer = ethers_check(job, r, secret);
    std::string sig = r.at("reports")[0].at("signature");
    EXPECT_EQ(peer.at("reports")[0].at("ethers_signature"), sig);
    // low-S: s <= n/2, with n the secp256k1 group order.
    std::string s = sig.substr(2 + 64, 64);
    EXPECT_LE(s, std::string("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"));
    EXPECT_TRUE(sig.substr(2 + 128) == "1b" || sig.substr(2 + 128) == "1c");
}

TEST_F(EnclaveTlsBad, Execute_StopsAtTheJobDeadline_AcrossStalledSources)
{
    // Two servers that never answer; each read may wait 3 s, but the job has 1.5 s in all.
    SServer a(dir, good_cert("stall-a.test"), "pipe"), b(dir, good_cert("stall-b.test"), "pipe");
    enclave.resolve("stall-a.test", a.port());
    enclave.resolve("stall-b.test", b.port());
    json job = {{"sources", json::array({json{{"url", url("stall-a.test", a.port(), "/x")}, {"pointer", ""}},
                                         json{{"url", url("stall-b.test", b.port(), "/x")}, {"pointer", ""}}})},
                {"result", {{"type", "int256"}, {"decimals", 0}}},
                {"aggregation", {{"method", "median"}, {"min_sources", 1}}},
                {"limits", {{"io_timeout_ms", 3000}, {"job_timeout_ms", 1500}}}};
    auto start = std::chrono::steady_clock::now();
    json r = enclave.execute(make_request(job));
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    expect_unsigned_failure(r, "job_deadline");
    EXPECT_EQ(r.at("sources")[0].at("error").at("code"), "job_deadline");
    EXPECT_EQ(r.at("sources")[1].at("error").at("code"), "job_deadline");
    EXPECT_GT(secs, 1.3);
    EXPECT_LT(secs, 2.5) << "the job must end near its deadline, not after each source's io timeout";
}

// ---------------------------------------------------------------------------
// Issue 5: jobs given as job_text, signed error reports for refused specs, and
// quorum endorsement.

namespace {

// keccak256("AttestedOracle/error/v1"): an error report's sourcesHash. ethers computes it too (error_marker).
const std::string kErrorMarker = "0xae6ea57a9d71c42abb69fdb39b030d6e056b5ef93016de44cd16700ee06bad03";
const std::string kRequestId = "0x00000000000000000000000000000000000000000000000000000000000000" "2a";
const std::string kOtherContract = "0x00000000000000000000000000000000000000aa";

std::string hex_of(const std::string &bytes)
{
    static const char d[] = "0123456789abcdef";
    std::string h = "0x";
    for (unsigned char c : bytes) {
        h += d[c >> 4];
        h += d[c & 15];
    }
    return h;
}

// An execute request whose job is given as text, for an on-chain request.
json text_request(const std::string &job_text, const std::string &request_id = kRequestId, uint64_t round = 3)
{
    json r = make_request(json::object(), round);
    r.erase("job");
    r["job_text"] = job_text;
    if (!request_id.empty()) r["request_id"] = request_id;
    return r;
}

// The leader's report fields as an endorse object.
json endorse_object(const std::string &value, const std::string &data, uint64_t observed_at, const std::string &sources_hash)
{
    return json{{"value", value}, {"data", data}, {"observed_at", observed_at}, {"sources_hash", sources_hash}};
}

}  // namespace

TEST_F(EnclaveTls, Execute_AcceptsTheJobAsItsCanonicalText_AndItsFeedIdIsKeccakOfTheText)
{
    auto n = nginx("text.test", good_cert("text.test"));
    n->serve("spot.json", kPriceBody);
    json job = one_source_job(url("text.test", n->port(), "/spot.json"), "/data/amount", 8);
    std::string text = job.dump();  // sorted keys, no whitespace: RFC 8785 for this job

    int code = -1;
    json r = enclave.execute(text_request(text), &code);
    ASSERT_EQ(code, 0) << r.dump();
    EXPECT_EQ(r.at("value"), "4312345678900");
    EXPECT_EQ(r.at("request_id"), kRequestId);
    EXPECT_FALSE(r.contains("error_report"));
    json peer = ethers_check_text(text, r);
    EXPECT_TRUE(peer.at("text_is_canonical").get<bool>()) << "the test's text must be canonical to ethers too";
    EXPECT_EQ(peer.at("feed_id"), r.at("feed_id")) << "feedId is not keccak256(job_text)";
    EXPECT_EQ(peer.at("sources_hash"), r.at("sources_hash"));
    EXPECT_EQ(peer.at("reports")[0].at("digest"), r.at("reports")[0].at("digest"));
    EXPECT_EQ(lower(peer.at("reports")[0].at("recovered")), enclave.address());
    // The same job as an object has the same feed id.
    EXPECT_EQ(enclave.execute(make_request(job)).at("feed_id"), r.at("feed_id"));
}

TEST_F(EnclaveTls, Execute_RefusesAJobTextNotInCanonicalForm_AndAJobGivenTwice)
{
    json job = one_source_job("https://canon.test/spot.json", "/data/amount", 8);
    json r = enclave.execute(text_request(job.dump(2), ""));  // pretty-printed; no request id: no report
    expect_unsigned_failure(r, "job_not_canonical");
    EXPECT_EQ(r.at("error").at("number"), 105);
    EXPECT_NE(r.at("error").at("detail").get<std::string>().find("at byte 1 "), std::string::npos) << r.dump();
    EXPECT_FALSE(r.contains("sources"));

    json both = text_request(job.dump());
    both["job"] = job;
    r = enclave.execute(both);
    expect_unsigned_failure(r, "job_malformed");
    EXPECT_NE(r.at("error").at("detail").get<std::string>().find("request.job, request.job_text"), std::string::npos);
}

TEST_F(EnclaveTls, Execute_SignsAnErrorReport_ForAJobTextItRefuses_WhenTheRequestHasAnId)
{
    json good = one_source_job("https://refused.test/spot.json", "/data/amount", 8);
    struct Row {
        std::string name;
        std::string text;
        std::string code;
        int number;
    };
    json http = good, mean = good;
    http["sources"][0]["url"] = "http://refused.test/spot.json";
    mean["aggregation"]["method"] = "mean";
    std::vector<Row> rows = {
        {"an http URL", http.dump(), "job_url", 103},
        {"an unknown aggregation", mean.dump(), "job_aggregation", 102},
        {"a text not in canonical form", good.dump(1), "job_not_canonical", 105},
        {"a text that is not JSON", "{\"sources\":", "job_malformed", 100},
    };
    for (const Row &row : rows) {
        SCOPED_TRACE(row.name);
        json req = text_request(row.text, kRequestId, 3);
        req["targets"].push_back(json{{"chain_id", "1"}, {"verifying_contract", kOtherContract}});
        int code = -1;
        json r = enclave.execute(req, &code);
        EXPECT_EQ(code, row.number) << r.dump();
        ASSERT_FALSE(r.at("ok").get<bool>());
        EXPECT_EQ(r.at("error").at("code"), row.code);
        ASSERT_TRUE(r.value("error_report", false)) << r.dump();
        EXPECT_FALSE(r.contains("sources")) << "refused before any fetch";

        // The fields, each against a value computed here or by ethers.
        json peer = ethers_check_text(row.text, r);
        EXPECT_EQ(peer.at("error_marker"), kErrorMarker);
        EXPECT_EQ(r.at("feed_id"), peer.at("feed_id")) << "feedId must be keccak256(job_text)";
        EXPECT_EQ(r.at("request_id"), kRequestId);
        EXPECT_EQ(r.at("round"), 3);
        EXPECT_EQ(r.at("value"), "0");
        EXPECT_EQ(r.at("data"), hex_of(row.code));
        EXPECT_EQ(r.at("observed_at"), req.at("chain_time"));
        EXPECT_EQ(r.at("sources_hash"), kErrorMarker);

        // One report per target, each signed by the enclave over the digest ethers computes.
        ASSERT_EQ(r.at("reports").size(), 2u);
        for (size_t i = 0; i < 2; i++) {
            const json &mine = r.at("reports")[i], &theirs = peer.at("reports")[i];
            EXPECT_EQ(theirs.at("digest"), mine.at("digest")) << "target " << i;
            EXPECT_EQ(lower(theirs.at("recovered")), enclave.address());
            const json &proof = theirs.at("proof");
            EXPECT_EQ(proof.at("length"), 213 + (int)row.code.size());
            EXPECT_EQ(proof.at("feedId"), peer.at("feed_id"));
            EXPECT_EQ(proof.at("requestId"), kRequestId);
            EXPECT_EQ(proof.at("round"), "3");
            EXPECT_EQ(proof.at("value"), "0");
            EXPECT_EQ(proof.at("observedAt"), std::to_string(req.at("chain_time").get<int64_t>()));
            EXPECT_EQ(proof.at("sourcesHash"), kErrorMarker);
            EXPECT_EQ(proof.at("data"), hex_of(row.code));
            EXPECT_EQ(proof.at("signatures")[0], mine.at("signature"));
        }
        EXPECT_NE(r.at("reports")[0].at("digest"), r.at("reports")[1].at("digest"));
    }
}

TEST_F(EnclaveTls, Execute_SignsNoErrorReport_ForScheduledRoundsJobObjectsBadEnvelopesOrFailedFetches)
{
    auto n = nginx("noreport.test", good_cert("noreport.test"));
    n->serve("spot.json", kPriceBody);
    json good = one_source_job(url("noreport.test", n->port(), "/spot.json"), "/data/amount", 8);
    ASSERT_TRUE(enclave.execute(make_request(good)).at("ok").get<bool>());  // the time floor is now
    json http = good;
    http["sources"][0]["url"] = "http://noreport.test/spot.json";
    uint16_t dead = free_port();
    enclave.resolve("dead-report.test", dead);
    json unreachable = one_source_job(url("dead-report.test", dead, "/x"), "", 0);

    struct Row {
        std::string name;
        json request;
        std::string code;
    };
    json object_form = make_request(http);
    object_form["request_id"] = kRequestId;
    json no_targets = text_request(http.dump());
    no_targets["targets"] = json::array();
    json old_chain_time = text_request(http.dump());
    old_chain_time["chain_time"] = unix_now() - 7200;
    json with_endorse = text_request(http.dump());
    with_endorse["endorse"] = endorse_object("1", "0x", 1, kErrorMarker);
    std::vector<Row> rows = {
        {"request id zero (a scheduled round)", text_request(http.dump(), "0x" + std::string(64, '0')), "job_url"},
        {"no request id", text_request(http.dump(), ""), "job_url"},
        {"the job as an object", object_form, "job_url"},
        {"no targets to sign for", no_targets, "job_malformed"},
        {"an endorse member in an execute request", with_endorse, "job_malformed"},
        {"a chain time behind the enclave's floor", old_chain_time, "time_backwards"},
        {"a source that cannot be reached (a fetch error, not a refusal)", text_request(unreachable.dump()), "connect"},
    };
    for (const Row &row : rows) {
        SCOPED_TRACE(row.name);
        json r = enclave.execute(row.request);
        expect_unsigned_failure(r, row.code);
        EXPECT_FALSE(r.contains("error_report")) << r.dump();
    }
}

TEST_F(EnclaveTls, Endorse_SignsTheLeadersReport_WhenItsOwnValueIsWithinTolerance)
{
    auto n = nginx("endorse.test", good_cert("endorse.test"));
    n->serve("spot.json", kPriceBody);
    json job = one_source_job(url("endorse.test", n->port(), "/spot.json"), "/data/amount", 8);
    job["aggregation"]["max_deviation_bps"] = 100;
    json req = make_request(job, 5);
    req["request_id"] = kRequestId;
    req["targets"].push_back(json{{"chain_id", "1"}, {"verifying_contract", kOtherContract}});
    json leader = enclave.execute(req);
    ASSERT_TRUE(leader.at("ok").get<bool>()) << leader.dump();
    ASSERT_EQ(leader.at("value"), "4312345678900");

    // The leader says 0.5% more, observed 10 s earlier, over transcripts this enclave never saw.
    const std::string leader_value = "4333907407294";  // floor(4312345678900 * 1.005)
    const uint64_t leader_observed = leader.at("observed_at").get<uint64_t>() - 10;
    const std::string leader_hash = "0x" + std::string(64, 'a');
    req["endorse"] = endorse_object(leader_value, "0x", leader_observed, leader_hash);
    int code = -1;
    json r = enclave.endorse(req, &code);
    ASSERT_EQ(code, 0) << r.dump();
    ASSERT_TRUE(r.at("ok").get<bool>());
    EXPECT_TRUE(r.at("endorsed").get<bool>());
    EXPECT_EQ(lower(r.at("signer")), enclave.address());
    // The report fields are the leader's; the own result travels beside them.
    EXPECT_EQ(r.at("feed_id"), leader.at("feed_id"));
    EXPECT_EQ(r.at("request_id"), kRequestId);
    EXPECT_EQ(r.at("round"), 5);
    EXPECT_EQ(r.at("value"), leader_value);
    EXPECT_EQ(r.at("data"), "0x");
    EXPECT_EQ(r.at("observed_at"), leader_observed);
    EXPECT_EQ(r.at("sources_hash"), leader_hash);
    EXPECT_EQ(r.at("own_value"), "4312345678900");
    EXPECT_EQ(r.at("own_data"), "0x");
    EXPECT_NEAR((double)r.at("own_observed_at").get<int64_t>(), (double)unix_now(), 5.0);
    EXPECT_EQ(r.at("own_sources_hash"), leader.at("sources_hash")) << "same sources, same commitments";
    ASSERT_EQ(r.at("sources").size(), 1u);
    EXPECT_TRUE(r.at("sources")[0].at("ok").get<bool>());

    // ethers recomputes each digest from the leader's fields alone (not from the result) and recovers the signer.
    json leaders_report = {{"feed_id", leader.at("feed_id")}, {"request_id", kRequestId}, {"round", 5},
                           {"value", leader_value}, {"data", "0x"}, {"observed_at", leader_observed},
                           {"sources_hash", leader_hash}, {"reports", r.at("reports")}};
    json peer = ethers_check(job, leaders_report);
    EXPECT_EQ(peer.at("feed_id"), leader.at("feed_id"));
    ASSERT_EQ(r.at("reports").size(), 2u);
    for (size_t i = 0; i < 2; i++) {
        const json &mine = r.at("reports")[i], &theirs = peer.at("reports")[i];
        EXPECT_EQ(theirs.at("digest"), mine.at("digest")) << "target " << i;
        EXPECT_EQ(lower(theirs.at("recovered")), enclave.address());
        EXPECT_EQ(theirs.at("proof").at("value"), leader_value);
        EXPECT_EQ(theirs.at("proof").at("observedAt"), std::to_string(leader_observed));
        EXPECT_EQ(theirs.at("proof").at("sourcesHash"), leader_hash);
        EXPECT_NE(mine.at("digest"), leader.at("reports")[i].at("digest")) << "the leader's fields, not the own ones";
    }
}

TEST_F(EnclaveTls, Endorse_RefusesTheLeadersReport_WhenOutOfTolerance)
{
    auto n = nginx("tolerance.test", good_cert("tolerance.test"));
    n->serve("spot.json", kPriceBody);
    json job = one_source_job(url("tolerance.test", n->port(), "/spot.json"), "/data/amount", 8);
    json strict = job;  // no max_deviation_bps: the values must be equal
    job["aggregation"]["max_deviation_bps"] = 100;
    const std::string own = "4312345678900";
    const uint64_t now = (uint64_t)unix_now();

    struct Row {
        std::string name;
        json job;
        json endorse;
        std::string code;                  // "" when the enclave endorses
        std::vector<std::string> details;  // what the refusal must name
    };
    std::vector<Row> rows = {
        {"2% above with a 1% tolerance", job, endorse_object("4398592592478", "0x", now, kErrorMarker),
         "endorse_out_of_tolerance", {own, "4398592592478", "max_deviation_bps 100"}},
        {"1.01% below with a 1% tolerance", job, endorse_object("4268731924378", "0x", now, kErrorMarker),
         "endorse_out_of_tolerance", {own, "4268731924378", "100"}},
        {"observed 1000 s apart with a 300 s skew bound", job, endorse_object(own, "0x", now - 1000, kErrorMarker),
         "endorse_out_of_tolerance", {"max_date_skew_s 300", std::to_string(now - 1000)}},
        {"data on an int256 report", job, endorse_object(own, "0x01", now, kErrorMarker), "endorse_out_of_tolerance",
         {"1 data bytes"}},
        {"one unit off without max_deviation_bps", strict, endorse_object("4312345678901", "0x", now, kErrorMarker),
         "endorse_out_of_tolerance", {own, "4312345678901", "tolerance 0"}},
        {"equal without max_deviation_bps", strict, endorse_object(own, "0x", now, kErrorMarker), "", {}},
        {"1% above own, so within 1% of the leader's", job, endorse_object("4355469135689", "0x", now, kErrorMarker), "", {}},
    };
    for (const Row &row : rows) {
        SCOPED_TRACE(row.name);
        json req = make_request(row.job, 9);
        req["request_id"] = kRequestId;
        req["endorse"] = row.endorse;
        int code = -1;
        json r = enclave.endorse(req, &code);
        if (row.code.empty()) {
            EXPECT_EQ(code, 0) << r.dump();
            EXPECT_TRUE(r.value("endorsed", false)) << r.dump();
            EXPECT_EQ(r.at("value"), row.endorse.at("value"));
            continue;
        }
        expect_unsigned_failure(r, row.code);
        EXPECT_EQ(code, 603);
        EXPECT_FALSE(r.contains("endorsed"));
        ASSERT_TRUE(r.contains("sources")) << "the own transcript travels with the refusal";
        EXPECT_TRUE(r.at("sources")[0].at("ok").get<bool>());
        for (const std::string &d : row.details)
            EXPECT_NE(r.at("error").at("detail").get<std::string>().find(d), std::string::npos)
                << "detail should name " << d << ": " << r.at("error").at("detail");
    }
}

TEST_F(EnclaveTls, Endorse_ComparesBytesExactly)
{
    auto n = nginx("endorse-bytes.test", good_cert("endorse-bytes.test"));
    n->serve("h.json", R"({"block":{"hash":"0xabc"}})");
    json job = {{"sources", json::array({json{{"url", url("endorse-bytes.test", n->port(), "/h.json")},
                                              {"pointer", "/block/hash"}}})},
                {"result", {{"type", "bytes"}}},
                {"aggregation", {{"method", "identical"}, {"min_sources", 1}}}};
    const std::string own = hex_of("0xabc");
    const uint64_t now = (uint64_t)unix_now();
    const std::string hash = "0x" + std::string(64, 'b');

    json req = text_request(job.dump(), kRequestId, 2);
    req["endorse"] = endorse_object("0", own, now, hash);
    json r = enclave.endorse(req);
    ASSERT_TRUE(r.at("ok").get<bool>()) << r.dump();
    EXPECT_TRUE(r.at("endorsed").get<bool>());
    EXPECT_EQ(r.at("data"), own);
    EXPECT_EQ(r.at("own_data"), own);
    EXPECT_EQ(r.at("value"), "0");
    json peer = ethers_check_text(job.dump(), json{{"feed_id", r.at("feed_id")}, {"request_id", kRequestId},
                                                   {"round", 2}, {"value", "0"}, {"data", own},
                                                   {"observed_at", now}, {"sources_hash", hash},
                                                   {"reports", r.at("reports")}});
    EXPECT_EQ(peer.at("feed_id"), r.at("feed_id")) << "feedId of an endorsement is keccak256(job_text) too";
    EXPECT_EQ(peer.at("reports")[0].at("digest"), r.at("reports")[0].at("digest"));
    EXPECT_EQ(lower(peer.at("reports")[0].at("recovered")), enclave.address());
    EXPECT_EQ(peer.at("reports")[0].at("proof").at("data"), own);

    req["endorse"] = endorse_object("0", hex_of("0xabd"), now, hash);
    r = enclave.endorse(req);
    expect_unsigned_failure(r, "endorse_out_of_tolerance");
    EXPECT_NE(r.at("error").at("detail").get<std::string>().find("own data " + own), std::string::npos) << r.dump();
    EXPECT_NE(r.at("error").at("detail").get<std::string>().find(hex_of("0xabd")), std::string::npos) << r.dump();

    req["endorse"] = endorse_object("1", own, now, hash);
    expect_unsigned_failure(enclave.endorse(req), "endorse_out_of_tolerance");
}

TEST_F(EnclaveTls, Endorse_GivesThePlainError_ForAMalformedEndorseObjectOrAFailedOwnRun)
{
    uint16_t dead = free_port();
    enclave.resolve("dead-endorse.test", dead);
    json job = one_source_job(url("dead-endorse.test", dead, "/x"), "", 0);
    const uint64_t now = (uint64_t)unix_now();

    struct Row {
        std::string name;
        std::function<void(json &)> malleate;
        std::string code;
        std::string detail;
    };
    std::vector<Row> rows = {
        {"short sources_hash", [](json &r) { r["endorse"]["sources_hash"] = "0x1234"; }, "job_malformed",
         "endorse.sources_hash: must be 0x and 64 hex digits"},
        {"value as a number", [](json &r) { r["endorse"]["value"] = 5; }, "job_malformed", "endorse.value"},
        {"odd data", [](json &r) { r["endorse"]["data"] = "0x1"; }, "job_malformed", "endorse.data"},
        {"no endorse", [](json &r) { r.erase("endorse"); }, "job_malformed", "request.endorse: missing"},
        {"unknown member", [](json &r) { r["endorse"]["leader"] = "x"; }, "job_malformed", "endorse.leader: unknown field"},
        {"a refused job_text (no error report from endorse)",
         [](json &r) {
             r.erase("job");
             r["job_text"] = "{}";
         },
         "job_malformed", "job.sources: missing"},
        {"the own run fails", [](json &) {}, "connect", ""},
    };
    for (const Row &row : rows) {
        SCOPED_TRACE(row.name);
        json req = make_request(job, 1);
        req["request_id"] = kRequestId;
        req["endorse"] = endorse_object("0", "0x", now, kErrorMarker);
        row.malleate(req);
        json r = enclave.endorse(req);
        expect_unsigned_failure(r, row.code);
        EXPECT_FALSE(r.contains("error_report"));
        EXPECT_NE(r.at("error").at("detail").get<std::string>().find(row.detail), std::string::npos) << r.dump();
        EXPECT_EQ(r.contains("sources"), row.code == "connect") << "a refused request opens no connection";
    }
}
