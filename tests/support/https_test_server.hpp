#pragma once
// A real HTTPS/1.1 server on loopback for the host's HTTP tests, on the sandbox's server core:
// keep-alive, optionally demanding a client certificate. It counts handshakes and requests so
// tests can see connection reuse and who connected.
//   POST /echo          answers the request body, header X-Client-Subject
//   GET  /slow          answers after 3 seconds
//   GET  /status/<code> answers that status
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace guichet::test {

class HttpsTestServer {
public:
    struct Options {
        std::string certificate_chain;  ///< PEM, server certificate first
        std::string private_key;        ///< PEM
        std::string client_ca;          ///< PEM; required with require_client_certificate
        bool require_client_certificate = false;
    };

    explicit HttpsTestServer(const Options& options);
    ~HttpsTestServer();
    HttpsTestServer(const HttpsTestServer&) = delete;
    HttpsTestServer& operator=(const HttpsTestServer&) = delete;

    uint16_t port() const;
    std::string url(const std::string& path) const;
    int handshakes() const;         ///< TLS handshakes that succeeded
    int failed_handshakes() const;  ///< TLS handshakes that did not
    int requests() const;
    std::string last_client_subject() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::test
