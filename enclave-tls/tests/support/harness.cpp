#include "harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <mbedtls/gcm.h>
#include <mbedtls/sha256.h>

#include "oracle_host.h"

namespace oracle_test {

namespace fs = std::filesystem;

TempDir::TempDir()
{
    char tmpl[] = "/tmp/oracle-test-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
    // nginx workers drop root privileges and must read the files served from here.
    fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
}

TempDir::~TempDir()
{
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void TempDir::write(const std::string &name, const std::string &content) const
{
    fs::create_directories(fs::path(file(name)).parent_path());
    std::ofstream f(file(name), std::ios::binary);
    f << content;
    if (!f) throw std::runtime_error("cannot write " + file(name));
}

uint16_t free_port()
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof(a);
    if (fd < 0 || bind(fd, (sockaddr *)&a, sizeof(a)) != 0 || getsockname(fd, (sockaddr *)&a, &len) != 0)
        throw std::runtime_error("cannot find a free port");
    close(fd);
    return ntohs(a.sin_port);
}

bool wait_for_port(uint16_t port, std::chrono::milliseconds timeout)
{
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(port);
        bool ok = connect(fd, (sockaddr *)&a, sizeof(a)) == 0;
        close(fd);
        if (ok) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

static std::vector<char *> c_argv(const std::vector<std::string> &argv)
{
    std::vector<char *> v;
    for (const auto &a : argv) v.push_back(const_cast<char *>(a.c_str()));
    v.push_back(nullptr);
    return v;
}

int run(const std::vector<std::string> &argv, std::string *output, const std::string &stdin_data)
{
    int out[2], in[2];
    if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(in[1]);
        close(out[0]);
        auto v = c_argv(argv);
        execvp(v[0], v.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    std::thread writer([&] {
        size_t off = 0;
        while (off < stdin_data.size()) {
            ssize_t n = write(in[1], stdin_data.data() + off, stdin_data.size() - off);
            if (n <= 0) break;
            off += (size_t)n;
        }
        close(in[1]);
    });
    std::string buf;
    char chunk[4096];
    ssize_t n;
    while ((n = read(out[0], chunk, sizeof(chunk))) > 0) buf.append(chunk, (size_t)n);
    close(out[0]);
    writer.join();
    int status = 0;
    waitpid(pid, &status, 0);
    if (output) *output = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Process::Process(const std::vector<std::string> &argv, const std::string &log_path, const std::string &stdin_mode)
{
    int in[2] = {-1, -1};
    if (stdin_mode == "pipe" && pipe(in) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
        int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        int nul = open("/dev/null", O_RDONLY);
        if (stdin_mode == "pipe") {
            dup2(in[0], 0);
            close(in[1]);
        } else if (stdin_mode == "null") {
            dup2(nul, 0);
        } else {
            int f = open(stdin_mode.c_str(), O_RDONLY);
            dup2(f, 0);
        }
        dup2(log, 1);
        dup2(log, 2);
        setpgid(0, 0);
        auto v = c_argv(argv);
        execvp(v[0], v.data());
        _exit(127);
    }
    if (stdin_mode == "pipe") {
        close(in[0]);
        stdin_fd_ = in[1];
    }
}

bool Process::running()
{
    if (pid_ <= 0) return false;
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
    }
    return true;
}

void Process::stop()
{
    if (pid_ > 0) {
        kill(-pid_, SIGTERM);
        for (int i = 0; i < 100 && running(); i++) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (pid_ > 0) {
            kill(-pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }
    if (stdin_fd_ >= 0) close(stdin_fd_);
    stdin_fd_ = -1;
}

void Process::write_stdin(const std::string &text)
{
    if (stdin_fd_ < 0) throw std::runtime_error("process stdin is not a pipe");
    if (write(stdin_fd_, text.data(), text.size()) != (ssize_t)text.size())
        throw std::runtime_error("write to process stdin failed");
}

Process::~Process()
{
    stop();
}

Pki::Pki(const TempDir &dir) : dir_(dir) {}

KeyPair Pki::dev_ca()
{
    return {std::string(ORACLE_DEV_CA_DIR) + "/dev-ca.pem", std::string(ORACLE_DEV_CA_DIR) + "/dev-ca.key"};
}

static void openssl_or_throw(const std::vector<std::string> &argv)
{
    std::string out;
    if (run(argv, &out) != 0) throw std::runtime_error("openssl failed: " + out);
}

KeyPair Pki::make_ca(const std::string &name)
{
    std::string base = dir_.file("ca-" + std::to_string(++serial_));
    openssl_or_throw({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                      "-keyout", base + ".key", "-out", base + ".pem", "-days", "30", "-subj", "/CN=" + name,
                      "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                      "keyUsage=critical,keyCertSign,cRLSign"});
    return {base + ".pem", base + ".key"};
}

// An ASN.1 GeneralizedTime, offset seconds from now.
static std::string asn1_time(int64_t offset)
{
    time_t t = time(nullptr) + offset;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof(buf), "%Y%m%d%H%M%SZ", &tm);
    return buf;
}

KeyPair Pki::issue(const KeyPair &ca, const std::vector<std::string> &dns_names, int days)
{
    int n = ++serial_;
    std::string base = dir_.file("leaf-" + std::to_string(n));
    std::string db = dir_.file("ca-db-" + std::to_string(n));
    std::string san = "subjectAltName=";
    for (size_t i = 0; i < dns_names.size(); i++) san += (i ? ",DNS:" : "DNS:") + dns_names[i];
    dir_.write("leaf-" + std::to_string(n) + ".ext", san + "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    dir_.write("ca-db-" + std::to_string(n) + "/index.txt", "");
    dir_.write("ca-db-" + std::to_string(n) + "/serial", std::to_string(1000 + n) + "\n");
    dir_.write("ca-db-" + std::to_string(n) + "/ca.cnf",
               "[ca]\ndefault_ca=test\n[test]\ndatabase=" + db + "/index.txt\nnew_certs_dir=" + db +
                   "\nserial=" + db + "/serial\ndefault_md=sha256\npolicy=any\nunique_subject=no\n"
                   "[any]\ncommonName=supplied\n");
    openssl_or_throw({"openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                      base + ".key", "-out", base + ".csr", "-subj", "/CN=" + dns_names.at(0)});
    // Valid from a day ago until `days` from now; a negative `days` gives a
    // certificate that expired that many days ago (after 30 days of validity).
    int64_t until = (int64_t)days * 86400;
    int64_t from = days > 0 ? -86400 : until - 30 * 86400;
    openssl_or_throw({"openssl", "ca", "-batch", "-notext", "-config", db + "/ca.cnf", "-cert", ca.cert, "-keyfile",
                      ca.key, "-in", base + ".csr", "-out", base + ".pem", "-startdate", asn1_time(from), "-enddate",
                      asn1_time(until), "-extfile", base + ".ext"});
    return {base + ".pem", base + ".key"};
}

Nginx::Nginx(const TempDir &dir, const Options &o) : dir_(dir)
{
    static int instance = 0;
    prefix_ = dir.file("nginx-" + std::to_string(++instance));
    root_ = prefix_ + "/www";
    fs::create_directories(root_);
    fs::create_directories(prefix_ + "/tmp");
    port_ = free_port();
    std::ostringstream c;
    c << "daemon off;\nworker_processes 1;\npid " << prefix_ << "/nginx.pid;\nerror_log " << prefix_
      << "/error.log warn;\nevents { worker_connections 512; }\nhttp {\n"
      << "  log_format conn '$connection $connection_requests $request';\n"
      << "  access_log " << prefix_ << "/access.log conn;\n"
      << "  client_body_temp_path " << prefix_ << "/tmp; proxy_temp_path " << prefix_ << "/tmp;\n"
      << "  fastcgi_temp_path " << prefix_ << "/tmp; uwsgi_temp_path " << prefix_ << "/tmp; scgi_temp_path "
      << prefix_ << "/tmp;\n"
      << "  types { application/json json; text/plain txt; }\n  default_type application/json;\n"
      << "  server {\n    listen 127.0.0.1:" << port_ << " ssl;\n    server_name " << o.server_name << ";\n"
      << "    ssl_certificate " << o.cert.cert << ";\n    ssl_certificate_key " << o.cert.key << ";\n"
      << "    keepalive_requests " << o.keepalive_requests << ";\n    root " << root_ << ";\n"
      << o.extra_locations << "\n  }\n}\n";
    dir.write(fs::path(prefix_).filename().string() + "/nginx.conf", c.str());
    process_ = new Process({"nginx", "-p", prefix_, "-c", prefix_ + "/nginx.conf", "-e", prefix_ + "/error.log"},
                           prefix_ + "/stdout.log");
    if (!wait_for_port(port_, std::chrono::seconds(10))) {
        std::ifstream err(prefix_ + "/error.log");
        std::stringstream ss;
        ss << err.rdbuf();
        throw std::runtime_error("nginx did not start: " + ss.str());
    }
}

Nginx::~Nginx()
{
    delete process_;
}

void Nginx::serve(const std::string &path, const std::string &content) const
{
    fs::path p = fs::path(root_) / path;
    fs::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary);
    f << content;
}

std::string Nginx::access_log() const
{
    std::ifstream f(prefix_ + "/access.log");
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string Nginx::access_log_after(int requests) const
{
    std::string log;
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    do {
        log = access_log();
        int n = 0;
        for (size_t pos = log.find(" GET "); pos != std::string::npos; pos = log.find(" GET ", pos + 1)) n++;
        if (n >= requests) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < end);
    return log;
}

SServer::SServer(const TempDir &dir, const KeyPair &cert, const std::string &stdin_mode)
{
    port_ = free_port();
    std::string log = dir.file("s_server-" + std::to_string(port_) + ".log");
    log_ = log;
    process_ = new Process({"openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port_), "-cert", cert.cert,
                            "-key", cert.key, "-naccept", "1"},
                           log, stdin_mode);
    // Readiness from its log, not by connecting: -naccept 1 serves one client only.
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < end) {
        std::ifstream f(log);
        std::stringstream ss;
        ss << f.rdbuf();
        if (ss.str().find("ACCEPT") != std::string::npos) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("openssl s_server did not start");
}

std::string SServer::log() const
{
    std::ifstream f(log_);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

SServer::~SServer()
{
    delete process_;
}

static void enclave_log(void *, int level, const char *message)
{
    if (getenv("ORACLE_TEST_VERBOSE")) fprintf(stderr, "[enclave %d] %s\n", level, message);
}

Enclave::Enclave()
{
    oracle_host *h = nullptr;
    if (oracle_host_open(&h, nullptr, 0) != 0) throw std::runtime_error("oracle_host_open failed");
    oracle_host_set_log(h, ORACLE_HOST_LOG_DEBUG, enclave_log, nullptr);
    uint8_t sealed[ORACLE_HOST_SEALED_MAX], pub[64];
    size_t sealed_len = 0;
    int ret = oracle_host_init(h, sealed, sizeof(sealed), &sealed_len, pub, nullptr, 0);
    if (ret != 0) throw std::runtime_error(std::string("oracle_host_init: ") + oracle_host_error_name(ret));
    sealed_.assign(sealed, sealed + sealed_len);
    host_ = h;
}

Enclave &Enclave::shared()
{
    static Enclave e;
    return e;
}

void Enclave::resolve(const std::string &name, uint16_t port)
{
    if (oracle_host_add_resolve((oracle_host *)host_, name.c_str(), port, "127.0.0.1") != 0)
        throw std::runtime_error("resolve override rejected");
}

json Enclave::execute(const json &request, int *code)
{
    std::string req = request.dump();
    std::string out(ORACLE_HOST_EXECUTE_OUTPUT_MAX, '\0');
    size_t len = 0;
    int ret = oracle_host_execute((oracle_host *)host_, out.data(), out.size(), &len, req.data(), req.size());
    if (code) *code = ret;
    out.resize(len);
    return json::parse(out);
}

json Enclave::endorse(const json &request, int *code)
{
    std::string req = request.dump();
    std::string out(ORACLE_HOST_EXECUTE_OUTPUT_MAX, '\0');
    size_t len = 0;
    int ret = oracle_host_endorse((oracle_host *)host_, out.data(), out.size(), &len, req.data(), req.size());
    if (code) *code = ret;
    out.resize(len);
    return json::parse(out);
}

json Enclave::identity()
{
    uint8_t nonce[32];
    for (int i = 0; i < 32; i++) nonce[i] = (uint8_t)i;
    std::string out(ORACLE_HOST_IDENTITY_OUTPUT_MAX, '\0');
    size_t len = 0;
    int ret = oracle_host_identity((oracle_host *)host_, out.data(), out.size(), &len, nonce);
    if (ret != 0) throw std::runtime_error(std::string("identity: ") + oracle_host_error_name(ret));
    out.resize(len);
    return json::parse(out);
}

std::string Enclave::address()
{
    return lower(identity().at("address").get<std::string>());
}

int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

json make_request(const json &job, uint64_t round)
{
    return json{{"job", job},
                {"round", round},
                {"chain_time", unix_now()},
                {"targets", json::array({json{{"chain_id", 31337},
                                              {"verifying_contract", "0x5fbdb2315678afecb367f032d93f642f64180aa3"}}})}};
}

json one_source_job(const std::string &u, const std::string &pointer, int decimals)
{
    return json{{"sources", json::array({json{{"url", u}, {"pointer", pointer}}})},
                {"result", json{{"type", "int256"}, {"decimals", decimals}}},
                {"aggregation", json{{"method", "median"}, {"min_sources", 1}}}};
}

std::string url(const std::string &host, uint16_t port, const std::string &path)
{
    return "https://" + host + ":" + std::to_string(port) + path;
}

json ethers_check(const json &job, const json &result, const std::string &private_key)
{
    std::string out;
    json input{{"job", job}, {"result", result}};
    if (!private_key.empty()) input["private_key"] = private_key;
    int rc = run({"node", std::string(ORACLE_REPO_DIR) + "/enclave-tls/tests/peers/eip712_check.mjs"}, &out,
                 input.dump());
    if (rc != 0) throw std::runtime_error("ethers referee failed (is node_modules installed? run deploy/setup.sh): " + out);
    return json::parse(out);
}

json ethers_check_text(const std::string &job_text, const json &result)
{
    std::string out;
    json input{{"job_text", job_text}, {"result", result}};
    int rc = run({"node", std::string(ORACLE_REPO_DIR) + "/enclave-tls/tests/peers/eip712_check.mjs"}, &out,
                 input.dump());
    if (rc != 0) throw std::runtime_error("ethers referee failed (is node_modules installed? run deploy/setup.sh): " + out);
    return json::parse(out);
}

std::string unseal_sim_key(const std::vector<uint8_t> &blob)
{
    static const char label[] = "AttestedOracle/sim/INSECURE-fixed-dev-seal-key/v1";
    const size_t header = 5, nonce = 12, tag = 16;
    if (blob.size() != header + nonce + 65 + tag || std::string(blob.begin(), blob.begin() + 5) != "OSL1s")
        throw std::runtime_error("not a sim sealed key blob");
    uint8_t key[32], plain[65];
    mbedtls_sha256_ret((const unsigned char *)label, sizeof(label) - 1, key, 0);
    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256);
    int rc = mbedtls_gcm_auth_decrypt(&gcm, 65, blob.data() + header, nonce, blob.data(), header,
                                      blob.data() + blob.size() - tag, tag, blob.data() + header + nonce, plain);
    mbedtls_gcm_free(&gcm);
    if (rc != 0 || plain[0] != 1) throw std::runtime_error("sim sealed key did not decrypt");
    static const char d[] = "0123456789abcdef";
    std::string hex = "0x";
    for (int i = 1; i < 33; i++) {
        hex += d[plain[i] >> 4];
        hex += d[plain[i] & 15];
    }
    return hex;
}

std::string lower(std::string s)
{
    for (auto &c : s) c = (char)tolower((unsigned char)c);
    return s;
}

}  // namespace oracle_test
