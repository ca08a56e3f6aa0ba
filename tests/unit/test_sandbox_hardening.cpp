// The sandbox against hostile or odd input (issue 11): injected answers it cannot send as given,
// fault delays at their limits, requests and answers that are not UTF-8, the admin API's gate,
// owner-only files whatever the umask, connection cap and deadlines, the TLS policy.
#include "running_sandbox.hpp"

#include <guichet/sandbox/test_pki.hpp>

#include <arpa/inet.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using namespace guichet::test;
using nlohmann::json;

namespace {

std::string port_of(const std::string& url) { return url.substr(url.rfind(':') + 1); }

std::string service_path(const RunningSandbox& s, const std::string& service) {
    const std::string endpoint = s.sandbox->client_config()["endpoints"][service];
    return endpoint.substr(endpoint.find('/', std::string("https://").size()));
}

// A client with the professional's certificate that sends exactly the bytes it is given and
// reads the answer until the server closes (the request says Connection: close).
std::string raw_exchange(const RunningSandbox& s, const std::string& request) {
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.use_certificate_chain_file(pki_dir() + "/professional.pem");
    tls.use_private_key_file(pki_dir() + "/professional.key", asio::ssl::context::pem);
    asio::ssl::stream<asio::ip::tcp::socket> stream(io, tls);
    asio::connect(stream.next_layer(),
                  asio::ip::tcp::resolver(io).resolve("127.0.0.1", port_of(s.sandbox->services_url())));
    stream.handshake(asio::ssl::stream_base::client);
    asio::write(stream, asio::buffer(request));
    std::string answer;
    boost::system::error_code ec;
    std::array<char, 4096> chunk{};
    while (!ec) answer.append(chunk.data(), stream.read_some(asio::buffer(chunk), ec));
    return answer;
}

std::string post_request(const std::string& path, const std::string& body) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n" +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string decoded(const std::string& base64) {
    const ToolRun run = run_tool("printf '%s' '" + base64 + "' | base64 -d");
    return run.output;
}

// curl to a service with the professional's certificate; the output ends with the HTTP status.
ToolRun curl_service(const RunningSandbox& s, const std::string& service, const std::string& body) {
    return run_tool("curl -s -w '\\n%{http_code}' --cacert " + pki_dir() + "/root-ca.pem --cert " + pki_dir() +
                    "/professional.pem --key " + pki_dir() + "/professional.key -H 'Content-Type: application/json' " +
                    "--data-binary '" + body + "' '" + s.sandbox->services_url() + service_path(s, service) + "'");
}

// curl to the admin API with the given extra arguments (headers); output ends with the status.
std::string admin_status(const RunningSandbox& s, const std::string& method, const std::string& path,
                         const std::string& extra) {
    return run_tool("curl -s -o /dev/null -w '%{http_code}' -X " + method + " " + extra + " '" +
                    s.sandbox->admin_url() + path + "'")
        .output;
}

std::string bearer(const RunningSandbox& s) { return "-H 'Authorization: Bearer " + s.sandbox->admin_token() + "'"; }

}  // namespace

TEST_CASE("an injected 204 or 304 answer is sent without a body and the sandbox goes on", "[sandbox]") {
    RunningSandbox s;
    for (const int status : {204, 304}) {
        INFO(status);
        s.sandbox->inject("echo/1", "", status, "application/json", R"({"message":"ignored"})");
        const ToolRun run = curl_service(s, "echo/1", R"({"message":"hello"})");
        CHECK(run.output == "\n" + std::to_string(status));
    }
    CHECK_THAT(curl_service(s, "echo/1", R"({"message":"still here"})").output, Catch::EndsWith("200"));
}

TEST_CASE("an injected status that is not a final HTTP status is refused when injected", "[sandbox]") {
    RunningSandbox s;
    CHECK_THROWS_AS(s.sandbox->inject("echo/1", "", 101, "text/plain", "x"), std::invalid_argument);
    CHECK_THAT(s.admin("POST", "/admin/inject", R"({"service":"echo/1","status":1000000000000,"body":"x"})"),
               Catch::Contains("status must be a final HTTP status"));
    CHECK_THAT(s.admin("POST", "/admin/inject", R"({"service":"echo/1","content_type":"a\r\nX: y","body":"x"})"),
               Catch::Contains("control characters"));
    CHECK(s.sandbox->injected_pending() == 0);
}

TEST_CASE("a latency fault's delay and jitter are bounded when the rule is read", "[sandbox]") {
    RunningSandbox s;
    CHECK_THAT(s.admin("POST", "/admin/faults", R"({"kind":"latency","jitter_ms":2147483647})"),
               Catch::Contains("jitter_ms must be an integer from 0 to 600000"));
    CHECK_THAT(s.admin("POST", "/admin/faults", R"({"kind":"latency","delay_ms":1000000000000})"),
               Catch::Contains("delay_ms must be an integer from 0 to 600000"));
    CHECK_THAT(s.admin("POST", "/admin/faults", R"({"kind":"latency","delay_ms":1.5})"),
               Catch::Contains("delay_ms must be an integer"));
    CHECK_THROWS_AS(s.sandbox->add_fault({{"kind", "latency"}, {"jitter_ms", -1}}), std::invalid_argument);
    // At the bound, the draw is computed without overflow and the rule is kept.
    CHECK_THAT(s.admin("POST", "/admin/faults", R"({"kind":"latency","delay_ms":600000,"jitter_ms":600000})"),
               Catch::Contains("\"faults\":1"));
}

TEST_CASE("an exchange whose body or path is not UTF-8 is journaled, its bytes as base64", "[sandbox]") {
    RunningSandbox s(1, true);  // patient data kept: the bytes are compared as sent
    const std::string latin1 = "{\"message\":\"Jos\xe9\"}";
    raw_exchange(s, post_request(service_path(s, "echo/1"), latin1));
    const std::string raw_path = "/nowhere/\xff\xfe";
    CHECK_THAT(raw_exchange(s, post_request(raw_path, "{}")), Catch::StartsWith("HTTP/1.1 404"));

    const json journal = s.journal();  // the admin API's JSON parses: it is UTF-8
    REQUIRE(journal.size() == 2);
    CHECK(journal[0]["request_encoding"] == "base64");
    CHECK(decoded(journal[0]["request"]) == latin1);
    CHECK(journal[1]["path_encoding"] == "base64");
    CHECK(decoded(journal[1]["path"]) == raw_path);
    CHECK_FALSE(journal[1].contains("request_encoding"));  // "{}" stays text
    // The journal file holds them too, one JSON line each.
    const std::string file = read_text(s.state.path("state/journal.jsonl"));
    CHECK(std::count(file.begin(), file.end(), '\n') == 2);
}

TEST_CASE("an injected Latin-1 answer is replayed byte for byte and journaled, never lost", "[sandbox]") {
    RunningSandbox s(1, true);
    const std::string answer = "<r>caf\xe9</r>";
    CHECK_THAT(
        s.admin(
            "POST", "/admin/inject",
            R"({"service":"echo/1","content_type":"text/xml; charset=iso-8859-1","body_base64":"PHI+Y2Fm6Twvcj4="})"),
        Catch::Contains("\"queued\":1"));
    const std::string wire = raw_exchange(s, post_request(service_path(s, "echo/1"), "{\"message\":\"\xe9t\xe9\"}"));
    CHECK_THAT(wire, Catch::StartsWith("HTTP/1.1 200"));
    CHECK_THAT(wire, Catch::EndsWith("\r\n\r\n" + answer));
    CHECK(s.sandbox->injected_pending() == 0);
    const json journal = s.journal();
    REQUIRE(journal.size() == 1);
    CHECK(journal[0]["injected"] == true);
    CHECK(journal[0]["response_encoding"] == "base64");
    CHECK(decoded(journal[0]["response"]) == answer);
}

TEST_CASE("the admin API wants its token, its own Host, and no foreign Origin", "[sandbox]") {
    RunningSandbox s;
    const std::string token_file = s.state.path("state/admin-token").string();
    CHECK(read_text(token_file) == s.sandbox->admin_token() + "\n");
    CHECK(s.sandbox->admin_token().size() == 64);

    SECTION("no token, a wrong one: 401, and nothing done") {
        CHECK(admin_status(s, "POST", "/admin/shutdown", "") == "401");
        CHECK(admin_status(s, "POST", "/admin/shutdown", "-H 'Authorization: Bearer 0000'") == "401");
        CHECK(admin_status(s, "GET", "/admin/client-config", "-H 'X-Guichet-Admin-Token: nope'") == "401");
        CHECK(admin_status(s, "GET", "/admin/status", bearer(s)) == "200");
        CHECK(admin_status(s, "GET", "/admin/status", "-H 'X-Guichet-Admin-Token: " + s.sandbox->admin_token() + "'") ==
              "200");
    }
    SECTION("a page of another site, even holding the token: 403") {
        // A cross-site form POST carries its page's Origin; DNS rebinding, its own Host name.
        CHECK(admin_status(s, "POST", "/admin/shutdown", bearer(s) + " -H 'Origin: http://evil.example'") == "403");
        CHECK(admin_status(s, "GET", "/admin/client-config", bearer(s) + " -H 'Host: evil.example'") == "403");
        CHECK(admin_status(s, "GET", "/admin/client-config", bearer(s) + " -H 'Host: 127.0.0.1'") == "403");
        const ToolRun leak = run_tool("curl -s -H 'Host: evil.example:" + port_of(s.sandbox->admin_url()) + "' " +
                                      bearer(s) + " '" + s.sandbox->admin_url() + "/admin/client-config'");
        CHECK_THAT(leak.output, !Catch::Contains("passphrase"));
    }
    CHECK(admin_status(s, "GET", "/admin/status", bearer(s)) == "200");  // still running
}

TEST_CASE("the sandbox's files are owner-only whatever the umask", "[sandbox]") {
    TempDir dir("hardening-modes");
    const mode_t previous = ::umask(0);
    const std::string pki = dir.path("pki").string();
    guichet::sandbox::make_test_pki(pki);
    guichet::sandbox::SandboxOptions options;
    options.pki_dir = pki;
    options.state_dir = dir.path("state").string();
    { guichet::sandbox::Sandbox sandbox(options); }
    ::umask(previous);
    auto mode = [](const std::filesystem::path& p) {
        struct stat st {};
        REQUIRE(::stat(p.c_str(), &st) == 0);
        return st.st_mode & 0777;
    };
    CHECK(mode(dir.path("state")) == 0700);
    for (const char* file : {"client.json", "admin-token", "journal.jsonl"}) {
        INFO(file);
        CHECK(mode(dir.path("state") / file) == 0600);
    }
    CHECK(mode(dir.path("pki")) == 0700);
    for (const auto& entry : std::filesystem::directory_iterator(pki)) {
        const std::string ext = entry.path().extension().string();
        if (ext != ".key" && ext != ".p12" && entry.path().filename() != "manifest.json") continue;
        INFO(entry.path().string());
        CHECK(mode(entry.path()) == 0600);
    }
}

namespace {

int open_tcp(const std::string& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(std::stoi(port)));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    return fd;
}

// The server closed its side: readable, and recv says end of stream (or reset).
bool closed_by_server(int fd, int wait_ms) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, wait_ms) <= 0) return false;
    char byte = 0;
    return ::recv(fd, &byte, 1, MSG_DONTWAIT) <= 0;
}

}  // namespace

TEST_CASE("connections beyond the cap close the longest idle ones, and a real client is served", "[sandbox]") {
    RunningSandbox s;
    const int cap = guichet::sandbox::SandboxOptions{}.max_connections;  // the default, per listener
    const int opened = cap + 16;
    std::vector<int> idle;
    for (int i = 0; i < opened; ++i) idle.push_back(open_tcp(port_of(s.sandbox->services_url())));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK_THAT(curl_service(s, "echo/1", R"({"message":"served"})").output, Catch::EndsWith("200"));
    int closed = 0;
    for (const int fd : idle) closed += closed_by_server(fd, 0) ? 1 : 0;
    CHECK(closed >= opened - cap);
    for (const int fd : idle) ::close(fd);
}

TEST_CASE("an idle connection is closed at the handshake or read deadline", "[sandbox]") {
    TempDir dir("hardening-deadlines");
    guichet::sandbox::SandboxOptions options;
    options.pki_dir = pki_dir();
    options.handshake_timeout_ms = 300;
    options.read_timeout_ms = 300;
    guichet::sandbox::Sandbox sandbox(options);
    SECTION("no TLS handshake") {
        const int fd = open_tcp(port_of(sandbox.services_url()));
        CHECK(closed_by_server(fd, 3000));
        ::close(fd);
    }
    SECTION("a TLS connection that sends no request") {
        namespace asio = boost::asio;
        asio::io_context io;
        asio::ssl::context tls(asio::ssl::context::tls_client);
        // TLS 1.2: no session ticket arrives after the handshake, so the socket turns readable
        // only when the server closes.
        tls.set_options(asio::ssl::context::no_tlsv1_3);
        asio::ssl::stream<asio::ip::tcp::socket> stream(io, tls);
        asio::connect(stream.next_layer(),
                      asio::ip::tcp::resolver(io).resolve("127.0.0.1", port_of(sandbox.card_url())));
        stream.handshake(asio::ssl::stream_base::client);
        const auto started = std::chrono::steady_clock::now();
        pollfd p{stream.next_layer().native_handle(), POLLIN, 0};
        CHECK(::poll(&p, 1, 3000) == 1);  // the close_notify, or the end of the stream
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    }
}

TEST_CASE("openssl s_client: TLS 1.2 without ECDHE or AEAD is refused, ECDHE-GCM and TLS 1.3 accepted", "[sandbox]") {
    RunningSandbox s;
    const std::string connect = "openssl s_client -connect 127.0.0.1:" + port_of(s.sandbox->card_url());
    auto handshake = [&](const std::string& options) {
        return run_tool(connect + " " + options + " </dev/null").exit_code == 0;
    };
    CHECK_FALSE(handshake("-tls1_2 -cipher AES128-SHA"));            // static RSA, CBC
    CHECK_FALSE(handshake("-tls1_2 -cipher AES128-GCM-SHA256"));     // static RSA
    CHECK_FALSE(handshake("-tls1_2 -cipher ECDHE-RSA-AES128-SHA"));  // CBC
    CHECK(handshake("-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256"));
    CHECK(handshake("-tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305"));
    CHECK(handshake("-tls1_3"));
}
