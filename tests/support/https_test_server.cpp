#include "https_test_server.hpp"

#include "http_server.hpp"

#include <chrono>
#include <thread>

namespace guichet::test {

using sandbox::HttpAnswer;
using sandbox::HttpRequestIn;
using sandbox::HttpServer;

struct HttpsTestServer::Impl {
    std::unique_ptr<HttpServer> server;
};

HttpsTestServer::HttpsTestServer(const Options& options) : impl_(std::make_unique<Impl>()) {
    HttpServer::Options o;
    o.tls = true;
    o.certificate_chain = options.certificate_chain;
    o.private_key = options.private_key;
    o.client_ca = options.client_ca;
    o.require_client_certificate = options.require_client_certificate;
    impl_->server = std::make_unique<HttpServer>(o, [](const HttpRequestIn& in) {
        HttpAnswer answer;
        answer.headers = {{"X-Client-Subject", in.client_subject}};
        if (in.target == "/echo") {
            answer.body = in.body;
        } else if (in.target == "/slow") {
            answer.delay_ms = 3000;
            answer.body = R"({"slow":true})";
        } else if (in.target.rfind("/status/", 0) == 0) {
            answer.status = std::stoi(in.target.substr(8));
            answer.body = "{}";
        } else {
            answer.status = 404;
            answer.body = "{}";
        }
        return answer;
    });
}

HttpsTestServer::~HttpsTestServer() = default;

uint16_t HttpsTestServer::port() const { return impl_->server->port(); }
std::string HttpsTestServer::url(const std::string& path) const { return impl_->server->base_url() + path; }
int HttpsTestServer::handshakes() const { return impl_->server->handshakes(); }
int HttpsTestServer::failed_handshakes() const { return impl_->server->failed_handshakes(); }
int HttpsTestServer::requests() const { return impl_->server->requests(); }
std::string HttpsTestServer::last_client_subject() const { return impl_->server->last_client_subject(); }

}  // namespace guichet::test
