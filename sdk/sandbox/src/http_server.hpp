#pragma once
// An HTTP/1.1 server on loopback (Boost.Beast), over TLS with client certificates required,
// requested (verified when sent) or not asked for, or plain (the sandbox's admin API). One
// thread per connection, keep-alive, TCP_NODELAY. A request body over a bound is answered 413.
// Connections are capped, and a client that stalls a handshake, a request or the reading of an
// answer is cut off at a deadline (a watchdog thread shuts its socket down). TLS: 1.2 with ECDHE
// and AEAD suites only, and 1.3 (ANSSI's recommendations, docs/security.md).
// Each answer says how it is delivered, so faults (a closed connection, a truncated body, a
// slow trickle, added latency) happen on the real socket.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace guichet::sandbox {

struct HttpRequestIn {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string client_subject;  ///< TLS client certificate subject, RFC 2253; empty without one
    std::string listener;        ///< the receiving server's Options::name
    /** First header with this name, case-insensitively. */
    std::optional<std::string> header(const std::string& name) const;
};

enum class Delivery {
    normal,
    close_without_answer,  ///< the connection is closed instead of answering
    truncated,             ///< half of the answer's bytes, then the connection closes
    trickle,               ///< the answer in 16-byte pieces, `delay_ms` apart
};

struct HttpAnswer {
    int status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    Delivery delivery = Delivery::normal;
    int delay_ms = 0;  ///< before answering (or between pieces when trickling)
};

using RequestHandler = std::function<HttpAnswer(const HttpRequestIn&)>;

class HttpServer {
public:
    struct Options {
        std::string bind_address = "127.0.0.1";
        uint16_t port = 0;  ///< 0 = any free port
        bool tls = false;
        std::string certificate_chain;  ///< PEM, server first (tls)
        std::string private_key;        ///< PEM (tls)
        std::string client_ca;          ///< PEM bundle (tls with client certificates)
        bool require_client_certificate = false;
        /** Asks for a client certificate without requiring one; one sent must chain to client_ca.
         *  Ignored when require_client_certificate is set. */
        bool request_client_certificate = false;
        std::string name;  ///< copied into each request's `listener`
        /** Request bodies above this are answered 413 without being read. */
        size_t max_request_body = 20 * 1024 * 1024;
        /** At the cap, the connection waiting for its client the longest is closed to make room;
         *  when none is waiting, the new connection is closed at once. */
        int max_connections = 128;
        int handshake_timeout_ms = 30'000;
        /** For each request (head and body) from the moment the server waits for it, and for
         *  each answer to be taken by the client. */
        int read_timeout_ms = 30'000;
        /** Off only to measure what it saves: without it, Nagle's algorithm holds the answer's
         *  last segment until the client's delayed ACK (~40 ms on a new connection). */
        bool tcp_nodelay = true;
        /** Told why each TLS handshake failed (OpenSSL's reason, the certificate check's result);
         *  never anything of a request. Called from the connection's thread. */
        std::function<void(const std::string& reason)> on_tls_refusal;
    };

    /** Listens at once; throws std::exception when it cannot. */
    HttpServer(const Options& options, RequestHandler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    uint16_t port() const;
    /** "https://127.0.0.1:PORT" or "http://...". */
    std::string base_url() const;
    int handshakes() const;
    int failed_handshakes() const;
    int requests() const;
    std::string last_client_subject() const;
    /** Closes every open connection and joins its thread, and keeps listening. A request already
     *  being answered finishes first (without its remaining latency); one not yet read is never
     *  handed to the handler. A client's late request from before cannot reach what comes after
     *  (the sandbox's reset between conformance scenarios). Not callable from a handler. */
    void close_connections();
    /** Stops accepting, closes open connections, joins their threads. Idempotent. */
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::sandbox
