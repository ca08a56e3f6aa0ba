// The client's TLS policy, as ANSSI recommends (issue 11): TLS 1.2 with ECDHE and AEAD suites
// only, or TLS 1.3. Checked against `openssl s_server`, an independent server offering one
// suite at a time.
#include "test_runtime.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

extern char** environ;

using namespace guichet::test;

namespace {

// A port nobody listens on now (the kernel's choice), for s_server to take.
uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts_connections(uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

// `openssl s_server` with the test PKI's server certificate, TLS 1.2 only, one suite; stopped
// (by its pid) when the object goes.
class OpensslServer {
public:
    explicit OpensslServer(const std::string& cipher) : port_(free_port()) {
        // server.pem holds the server certificate and its intermediate CA: -cert takes the
        // first, -cert_chain sends the rest.
        const std::string chain = pki_dir() + "/server.pem";
        std::vector<std::string> args{"openssl", "s_server", "-quiet", "-www", "-tls1_2", "-cipher", cipher};
        for (const std::string& a :
             {std::string("-accept"), "127.0.0.1:" + std::to_string(port_), std::string("-cert"), chain,
              std::string("-cert_chain"), chain, std::string("-key"), pki_dir() + "/server.key"})
            args.push_back(a);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        REQUIRE(::posix_spawnp(&pid_, "openssl", nullptr, nullptr, argv.data(), environ) == 0);
        for (int i = 0; i < 100 && !accepts_connections(port_); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        REQUIRE(accepts_connections(port_));
    }
    ~OpensslServer() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    OpensslServer(const OpensslServer&) = delete;
    OpensslServer& operator=(const OpensslServer&) = delete;
    std::string url() const { return "https://localhost:" + std::to_string(port_) + "/echo"; }

private:
    uint16_t port_;
    pid_t pid_ = -1;
};

CallOutcome remote_echo_to(const std::string& endpoint) {
    auto config = base_config();
    const std::string ca = pki_dir() + "/root-ca.pem";
    config.ca_bundle_path = ca.c_str();
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    const nlohmann::json context{{"endpoints", {{"echo/1", endpoint}}}};
    guichet_session* session = open_session(runtime.get(), context.dump());
    return call(session, "echo/1", "remote", R"({"message":"hello"})", 3'000);
}

}  // namespace

TEST_CASE("openssl s_server offering only static RSA with CBC-SHA1 is refused", "[http][tls]") {
    const OpensslServer server("AES128-SHA");
    const CallOutcome out = remote_echo_to(server.url());
    INFO(out.message);
    CHECK(out.status == GUICHET_E_TLS);
}

TEST_CASE("openssl s_server offering ECDHE-RSA-AES128-GCM-SHA256 is accepted", "[http][tls]") {
    const OpensslServer server("ECDHE-RSA-AES128-GCM-SHA256");
    const CallOutcome out = remote_echo_to(server.url());
    INFO(out.message);
    // s_server -www does not answer a POST: past the handshake, the call waits for its deadline.
    CHECK(out.status != GUICHET_E_TLS);
    CHECK(out.status == GUICHET_E_DEADLINE_EXCEEDED);
}
