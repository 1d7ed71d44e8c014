// 1,000 jobs under valgrind memcheck: no leak, no invalid access.
//
// oracle-enclave-run (the enclave in sim, the host, the OCALLs) runs under
// valgrind against nginx on loopback. nginx closes each connection after 100
// requests, so the runs cover keep-alive reuse, fresh handshakes and the retry
// on a connection the server closed; a second run covers the failure paths.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/harness.hpp"

using namespace oracle_test;

namespace {

struct Valgrind {
    int exit_code;
    std::string output;
};

Valgrind run_under_valgrind(const TempDir &dir, const std::vector<std::string> &args)
{
    std::vector<std::string> argv = {"valgrind",
                                     "--tool=memcheck",
                                     "--leak-check=full",
                                     "--show-leak-kinds=definite,indirect,possible",
                                     "--errors-for-leak-kinds=definite,indirect,possible",
                                     "--error-exitcode=99",
                                     "--log-file=" + dir.file("valgrind.log"),
                                     ORACLE_RUN_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    Valgrind v;
    v.exit_code = run(argv, nullptr);
    std::ifstream f(dir.file("valgrind.log"));
    std::stringstream ss;
    ss << f.rdbuf();
    v.output = ss.str();
    return v;
}

// valgrind ran the program to the expected exit status and found nothing.
void expect_clean(const Valgrind &v, int expected_exit, const char *why)
{
    EXPECT_EQ(v.exit_code, expected_exit) << why << "\n" << v.output.substr(0, 20000);
    EXPECT_NE(v.output.find("ERROR SUMMARY: 0 errors"), std::string::npos) << v.output.substr(0, 20000);
    EXPECT_NE(v.output.find("All heap blocks were freed"), std::string::npos) << v.output.substr(0, 20000);
}

}  // namespace

TEST(Valgrind, ThousandJobs_LeakNothing_AndTouchNoInvalidMemory)
{
    TempDir dir;
    Pki pki(dir);
    Nginx::Options o;
    o.server_name = "memcheck.test";
    o.cert = pki.issue(Pki::dev_ca(), {"memcheck.test"});
    o.keepalive_requests = 100;
    o.extra_locations = "    location /c/ { alias " + dir.path() +
                        "/chunked/; sub_filter 'x' 'x'; sub_filter_once off; sub_filter_types application/json; }";
    Nginx nginx(dir, o);
    nginx.serve("a.json", R"({"data":{"amount":"100.25"}})");
    nginx.serve("b.json", R"({"data":{"amount":100.5}})");
    dir.write("chunked/c.json", R"({"data":{"amount":"100.75","x":1}})");
    std::string base = "https://memcheck.test:" + std::to_string(nginx.port());
    json job = {{"sources", json::array({json{{"url", base + "/a.json"}, {"pointer", "/data/amount"}},
                                         json{{"url", base + "/b.json"}, {"pointer", "/data/amount"}},
                                         json{{"url", base + "/c/c.json"}, {"pointer", "/data/amount"}}})},
                {"result", {{"type", "int256"}, {"decimals", 8}}},
                {"aggregation", {{"method", "median"}, {"min_sources", 3}, {"max_deviation_bps", 100}}}};
    dir.write("job.json", job.dump());
    std::string resolve = "memcheck.test:" + std::to_string(nginx.port()) + ":127.0.0.1";

    Valgrind v = run_under_valgrind(dir, {"--resolve", resolve, "--repeat", "1000", "--quiet", dir.file("job.json")});
    expect_clean(v, 0, "every job signs (exit 0), valgrind finds nothing (not 99)");
    // The server saw 3,000 requests on about 30 connections: reuse and new handshakes both ran.
    int requests = 0;
    std::set<std::string> connections;
    std::string log = nginx.access_log_after(3000);
    static const std::regex line("(\\d+) (\\d+) GET");
    for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator(); ++it, ++requests)
        connections.insert((*it)[1]);
    EXPECT_EQ(requests, 3000);
    EXPECT_GE(connections.size(), 30u);
    EXPECT_LE(connections.size(), 40u);
}

TEST(Valgrind, FailingJobs_LeakNothing_AndTouchNoInvalidMemory)
{
    TempDir dir;
    Pki pki(dir);
    Nginx::Options o;
    o.server_name = "memfail.test";
    o.cert = pki.issue(Pki::dev_ca(), {"memfail.test"});
    Nginx nginx(dir, o);
    nginx.serve("bad.json", R"({"data":{"amount":"1",}})");
    nginx.serve("ok.json", R"({"data":{"amount":"1"}})");
    std::string base = "https://memfail.test:" + std::to_string(nginx.port());
    uint16_t dead = free_port();
    // Malformed JSON, a pointer that names nothing, a wrong host name, a refused connection.
    json job = {{"sources", json::array({json{{"url", base + "/bad.json"}, {"pointer", "/data/amount"}},
                                         json{{"url", base + "/ok.json"}, {"pointer", "/nothing"}},
                                         json{{"url", "https://wrongname.test:" + std::to_string(nginx.port()) + "/ok.json"},
                                              {"pointer", "/data/amount"}},
                                         json{{"url", "https://dead.test:" + std::to_string(dead) + "/x"}, {"pointer", ""}}})},
                {"result", {{"type", "int256"}, {"decimals", 8}}},
                {"aggregation", {{"method", "median"}, {"min_sources", 1}}}};
    dir.write("job.json", job.dump());
    Valgrind v = run_under_valgrind(
        dir, {"--resolve", "memfail.test:" + std::to_string(nginx.port()) + ":127.0.0.1", "--resolve",
              "wrongname.test:" + std::to_string(nginx.port()) + ":127.0.0.1", "--resolve",
              "dead.test:" + std::to_string(dead) + ":127.0.0.1", "--repeat", "100", "--quiet", dir.file("job.json")});
    expect_clean(v, 1, "every job fails (exit 1), valgrind finds nothing (not 99)");
}

// Issue 5's paths under memcheck, through oracle-enclave-run: endorsements (signed
// and refused), a job given as job_text, and signed error reports for refused job texts.
TEST(Valgrind, EndorsementsAndErrorReports_LeakNothing_AndTouchNoInvalidMemory)
{
    TempDir dir;
    Pki pki(dir);
    Nginx::Options o;
    o.server_name = "memendorse.test";
    o.cert = pki.issue(Pki::dev_ca(), {"memendorse.test"});
    Nginx nginx(dir, o);
    nginx.serve("a.json", R"({"data":{"amount":"100.25"}})");
    std::string base = "https://memendorse.test:" + std::to_string(nginx.port());
    std::string resolve = "memendorse.test:" + std::to_string(nginx.port()) + ":127.0.0.1";
    json job = {{"sources", json::array({json{{"url", base + "/a.json"}, {"pointer", "/data/amount"}}})},
                {"result", {{"type", "int256"}, {"decimals", 8}}},
                {"aggregation", {{"method", "median"}, {"min_sources", 1}, {"max_deviation_bps", 100}}}};
    json request = {{"job_text", job.dump()},
                    {"round", 4},
                    {"request_id", "0x" + std::string(63, '0') + "7"},
                    {"chain_time", unix_now()},
                    {"targets", json::array({json{{"chain_id", 31337}, {"verifying_contract", "0x" + std::string(40, '1')}},
                                             json{{"chain_id", 10}, {"verifying_contract", "0x" + std::string(40, '2')}}})}};
    dir.write("request.json", request.dump());

    // The leader: one run outside valgrind; its result is what --endorse reads.
    std::string leader;
    ASSERT_EQ(run({ORACLE_RUN_EXE, "--resolve", resolve, dir.file("request.json")}, &leader), 0) << leader;
    json leader_result = json::parse(leader.substr(leader.find('{')));
    ASSERT_TRUE(leader_result.at("ok").get<bool>()) << leader;
    dir.write("leader.json", leader_result.dump());
    json far = leader_result;
    far["value"] = "20050000000";  // twice the own value
    dir.write("far.json", far.dump());

    // A refused job text with a request id: a signed error report, exit status 1.
    json refused = request;
    json bad = job;
    bad["sources"][0]["url"] = "http://memendorse.test/a.json";
    refused["job_text"] = bad.dump();
    dir.write("refused.json", refused.dump());
    std::string report;
    EXPECT_EQ(run({ORACLE_RUN_EXE, dir.file("refused.json")}, &report), 1);
    EXPECT_NE(report.find("\"error_report\":true"), std::string::npos) << report;

    Valgrind endorsed = run_under_valgrind(dir, {"--resolve", resolve, "--endorse", dir.file("leader.json"), "--repeat",
                                                 "50", "--quiet", dir.file("request.json")});
    expect_clean(endorsed, 0, "every endorsement signs (exit 0), valgrind finds nothing (not 99)");
    Valgrind refusedEndorse = run_under_valgrind(dir, {"--resolve", resolve, "--endorse", dir.file("far.json"),
                                                       "--repeat", "20", "--quiet", dir.file("request.json")});
    expect_clean(refusedEndorse, 1, "every endorsement is refused (exit 1), valgrind finds nothing (not 99)");
    Valgrind reports = run_under_valgrind(dir, {"--repeat", "50", "--quiet", dir.file("refused.json")});
    expect_clean(reports, 1, "every job text is refused with an error report (exit 1), valgrind finds nothing");
}
