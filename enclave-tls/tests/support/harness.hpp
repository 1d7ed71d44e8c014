// Test harness: real third-party servers on loopback (nginx, openssl s_server),
// certificates made at run time with the openssl CLI, the enclave through its
// host ABI, and ethers (npm) as the referee.
//
// Every server listens on 127.0.0.1 on a free port and is stopped by its
// destructor. Nothing here talks to an address outside 127.0.0.0/8.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace oracle_test {

using json = nlohmann::json;

// A directory under /tmp, removed with its contents when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    const std::string &path() const { return path_; }
    std::string file(const std::string &name) const { return path_ + "/" + name; }
    void write(const std::string &name, const std::string &content) const;

private:
    std::string path_;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
uint16_t free_port();

// Waits until 127.0.0.1:port accepts a connection. Returns false on timeout.
bool wait_for_port(uint16_t port, std::chrono::milliseconds timeout);

// Runs a command to completion. Returns its exit status; output gets stdout+stderr.
int run(const std::vector<std::string> &argv, std::string *output = nullptr, const std::string &stdin_data = "");

// A background process, killed (SIGTERM, then SIGKILL) by the destructor.
class Process {
public:
    // stdin_mode: "null", "pipe" (kept open, never written: a peer that waits), or a file path.
    Process(const std::vector<std::string> &argv, const std::string &log_path, const std::string &stdin_mode = "null");
    ~Process();
    Process(const Process &) = delete;
    Process &operator=(const Process &) = delete;
    bool running();
    void stop();
    void write_stdin(const std::string &text);  // only with stdin_mode "pipe"

private:
    int pid_ = -1;
    int stdin_fd_ = -1;
};

// Certificates, made with the openssl CLI in a temporary directory.
struct KeyPair {
    std::string cert;  // PEM path
    std::string key;   // PEM path
};

class Pki {
public:
    explicit Pki(const TempDir &dir);
    // The development CA compiled into the test enclave (build folder).
    static KeyPair dev_ca();
    // A new CA nobody trusts (a man in the middle's).
    KeyPair make_ca(const std::string &name);
    // A server certificate for dns_names, issued by ca, valid for `days` from
    // now (negative: it expired that many days ago).
    KeyPair issue(const KeyPair &ca, const std::vector<std::string> &dns_names, int days = 2);

private:
    const TempDir &dir_;
    int serial_ = 0;
};

// nginx serving files (and any extra location blocks) over TLS.
class Nginx {
public:
    struct Options {
        KeyPair cert;
        std::string server_name = "source.test";
        std::string extra_locations;     // raw nginx config inside the server block
        int keepalive_requests = 100000;
    };
    Nginx(const TempDir &dir, const Options &options);
    ~Nginx();
    uint16_t port() const { return port_; }
    std::string root() const { return root_; }
    void serve(const std::string &path, const std::string &content) const;  // writes root/path
    std::string access_log() const;  // "$connection $connection_requests $request" lines
    // The access log once it holds at least `requests` request lines (nginx
    // writes a line after sending the response), or after 3 s.
    std::string access_log_after(int requests) const;

private:
    const TempDir &dir_;
    std::string prefix_, root_;
    uint16_t port_ = 0;
    Process *process_ = nullptr;
};

// openssl s_server writing `stdin_file` to the first client ("pipe": nothing, ever).
class SServer {
public:
    SServer(const TempDir &dir, const KeyPair &cert, const std::string &stdin_mode);
    ~SServer();
    uint16_t port() const { return port_; }
    void write_stdin(const std::string &text) { process_->write_stdin(text); }
    std::string log() const;

private:
    uint16_t port_ = 0;
    std::string log_;
    Process *process_ = nullptr;
};

// The sim enclave through the host ABI (one per process: the sim backend's rule).
class Enclave {
public:
    static Enclave &shared();  // opened once for the test binary, with a fresh key
    void resolve(const std::string &name, uint16_t port);  // name -> 127.0.0.1
    json execute(const json &request, int *code = nullptr);
    json endorse(const json &request, int *code = nullptr);  // quorum mode: request carries "endorse"
    json identity();
    std::string address();     // 0x-prefixed lowercase
    const std::vector<uint8_t> &sealed_key() const { return sealed_; }

private:
    Enclave();
    void *host_ = nullptr;
    std::vector<uint8_t> sealed_;
};

// An execute request around a job spec, with the defaults tests use.
json make_request(const json &job, uint64_t round = 1);
json one_source_job(const std::string &url, const std::string &pointer, int decimals = 8);
std::string url(const std::string &host, uint16_t port, const std::string &path);
int64_t unix_now();

// Runs the ethers referee (tests/peers/eip712_check.mjs). With private_key
// (hex), ethers also signs each digest itself, to compare signatures byte for byte.
json ethers_check(const json &job, const json &result, const std::string &private_key = "");
// The same for a job given as job_text: ethers' feed_id is keccak256 of the text's
// UTF-8 bytes, and "text_is_canonical" says whether JCS(JSON.parse(text)) == text.
// Also gives "error_marker" = keccak256("AttestedOracle/error/v1").
json ethers_check_text(const std::string &job_text, const json &result);

// Decrypts a sim-backend sealed key blob with the sim's public, fixed dev
// sealing key (which is exactly why the sim backend is insecure) and returns the
// secp256k1 secret as 0x-hex. Throws for anything else.
std::string unseal_sim_key(const std::vector<uint8_t> &blob);

// Lowercases a hex string.
std::string lower(std::string s);

}  // namespace oracle_test
