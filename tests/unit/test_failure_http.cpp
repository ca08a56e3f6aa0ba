// The host's HTTP client facing answers a test server writes byte by byte (plain HTTP on
// loopback, which the host allows): a malformed status line, a 101 nobody asked for, answers
// beyond the runtime's bound, chunked or announced, and Retry-After on a SOAP service.
#include "running_sandbox.hpp"

#include <guichet/common/abi_glue.hpp>

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

using namespace guichet::test;
using nlohmann::json;

namespace {

// Answers every connection by reading the request (headers and Content-Length body) and
// writing what `answer` produces, then closing. One connection at a time.
class RawHttpServer {
public:
    using Writer = std::function<void(const std::function<bool(const std::string&)>& send)>;

    explicit RawHttpServer(Writer answer) : answer_(std::move(answer)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(listener_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(listener_, 8) == 0);
        socklen_t length = sizeof address;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~RawHttpServer() {
        stopping_ = true;
        ::shutdown(listener_, SHUT_RDWR);
        ::close(listener_);
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/raw"; }

private:
    void serve() {
        while (!stopping_) {
            const int client = ::accept(listener_, nullptr, nullptr);
            if (client < 0) return;
            read_request(client);
            answer_([client](const std::string& bytes) {
                return ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
            });
            ::shutdown(client, SHUT_RDWR);
            ::close(client);
        }
    }
    static void read_request(int client) {
        std::string received;
        char buffer[4096];
        size_t needed = std::string::npos;
        while (received.size() < needed) {
            const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
            if (n <= 0) return;
            received.append(buffer, static_cast<size_t>(n));
            const auto end = received.find("\r\n\r\n");
            if (end == std::string::npos || needed != std::string::npos) continue;
            const auto at = received.find("Content-Length: ");
            needed = end + 4 + (at == std::string::npos ? 0 : std::stoul(received.substr(at + 16)));
        }
    }

    Writer answer_;
    int listener_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

RawHttpServer::Writer fixed(std::string bytes) {
    return [bytes](const auto& send) { send(bytes); };
}

struct Detailed {
    guichet_status status;
    guichet::common::ErrorDetail error;
};

Detailed call_detailed(guichet_session* session, const std::string& service, const std::string& operation,
                       const std::string& request, uint32_t deadline_ms = 10'000) {
    guichet_result* raw = nullptr;
    const guichet_status status =
        guichet_call(session, service.c_str(), operation.c_str(), request.data(), request.size(), deadline_ms, &raw);
    ResultPtr result(raw);
    REQUIRE(result != nullptr);
    Detailed out{status, {}};
    if (const guichet_error* e = guichet_result_error(result.get()))
        out.error = guichet::common::ErrorDetail::copy_of(*e);
    return out;
}

RuntimePtr template_runtime(uint64_t max_response_bytes = 0) {
    auto config = base_config();
    config.max_response_bytes = max_response_bytes;
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);
    return runtime;
}

Detailed remote_echo(guichet_runtime* runtime, const RawHttpServer& server, uint32_t deadline_ms = 10'000) {
    guichet_session* session = open_session(runtime, json{{"endpoints", {{"echo/1", server.url()}}}}.dump());
    return call_detailed(session, "echo/1", "remote", R"({"message":"x"})", deadline_ms);
}

}  // namespace

TEST_CASE("a malformed status line is BAD_RESPONSE, not an invalid URL", "[http][classification]") {
    auto runtime = template_runtime();
    for (const std::string& line : {std::string("HTTP/9.9 200 OK"), std::string("HTTX/1.1 200 OK"),
                                    std::string("HTTP/1.1 2x0 OK"), std::string("garbage")}) {
        INFO(line);
        RawHttpServer server(fixed(line + "\r\nContent-Length: 2\r\n\r\n{}"));
        const Detailed out = remote_echo(runtime.get(), server);
        INFO(out.error.message);
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
        CHECK_THAT(out.error.message, !Catch::Contains("invalid URL"));
    }
}

TEST_CASE("a 101 nobody asked for stops at once", "[http][classification]") {
    auto runtime = template_runtime();
    RawHttpServer server([](const auto& send) {
        send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        std::this_thread::sleep_for(std::chrono::seconds(3));  // then says nothing
    });
    const auto started = std::chrono::steady_clock::now();
    const Detailed out = remote_echo(runtime.get(), server, 20'000);
    CHECK(out.status == GUICHET_E_BAD_RESPONSE);
    CHECK_THAT(out.error.message, Catch::Contains("101"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("an answer beyond the runtime's bound is BAD_RESPONSE, chunked or announced", "[http][classification]") {
    constexpr uint64_t bound = 256 * 1024;
    auto runtime = template_runtime(bound);
    SECTION("chunked: no length announced, stopped while streaming") {
        std::atomic<uint64_t> sent{0};
        RawHttpServer server([&sent](const auto& send) {
            if (!send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"))
                return;
            const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
            for (int i = 0; i < 64 && send(chunk); ++i) sent += 0x10000;  // 4 MiB offered
        });
        const Detailed out = remote_echo(runtime.get(), server);
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
        CHECK_THAT(out.error.message, Catch::Contains("262144"));
    }
    SECTION("announced by Content-Length") {
        RawHttpServer server(fixed("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + std::string(1'000'000, ' ')));
        CHECK(remote_echo(runtime.get(), server).status == GUICHET_E_BAD_RESPONSE);
    }
    SECTION("just under the bound passes the host (the template then reads it)") {
        RawHttpServer server(fixed("HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\n{\"message\":\"x\"}   "));
        CHECK(remote_echo(runtime.get(), server).status == GUICHET_OK);
    }
}

TEST_CASE("a SOAP service's 503 and 429 honour Retry-After", "[http][classification]") {
    RunningSandbox s;
    auto runtime = template_runtime();
    for (const std::string& status : {std::string("503 Service Unavailable"), std::string("429 Too Many Requests")}) {
        INFO(status);
        RawHttpServer server(fixed("HTTP/1.1 " + status + "\r\nRetry-After: 90\r\nContent-Length: 0\r\n\r\n"));
        json context = s.sandbox->client_config();
        context["endpoints"]["soap-echo/1"] = server.url();
        guichet_session* session = open_session(runtime.get(), context.dump());
        const Detailed out = call_detailed(session, "soap-echo/1", "echo", R"({"message":"x"})");
        INFO(out.error.message);
        CHECK(out.status == GUICHET_E_SERVICE_UNAVAILABLE);
        CHECK(out.error.retryable);
        CHECK(out.error.retry_after_s == 90);
        CHECK(out.error.http_status == std::stoi(status));
    }
}

TEST_CASE("a SOAP answer that is not UTF-8 is BAD_RESPONSE, not INTERNAL", "[http][classification]") {
    RunningSandbox s;
    auto runtime = template_runtime();
    const std::string envelope_start =
        R"(<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">)"
        R"(<soap:Body><e:EchoResponse xmlns:e="urn:guichet:sandbox:echo:1.0"><e:Message>)";
    const std::string envelope_end = "</e:Message></e:EchoResponse></soap:Body></soap:Envelope>";
    // Latin-1, an overlong encoding, a UTF-16 surrogate, a truncated sequence.
    for (const std::string& bad :
         {std::string("caf\xE9"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("\xE2\x82")}) {
        const std::string body = envelope_start + bad + envelope_end;
        RawHttpServer server(
            fixed("HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml; charset=utf-8\r\n"
                  "Content-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n" + body));
        json context = s.sandbox->client_config();
        context["endpoints"]["soap-echo/1"] = server.url();
        guichet_session* session = open_session(runtime.get(), context.dump());
        const Detailed out = call_detailed(session, "soap-echo/1", "echo", R"({"message":"x"})");
        INFO(out.error.message);
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
        CHECK_THAT(out.error.message, Catch::Contains("UTF-8"));
    }
}
