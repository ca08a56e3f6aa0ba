#include "https_test_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/x509.h>
#include <sys/socket.h>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace guichet::test {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpsTestServer::Impl {
    asio::io_context io;
    ssl::context tls{ssl::context::tls_server};
    tcp::acceptor acceptor{io};
    std::atomic<bool> stopping{false};
    std::atomic<int> handshakes{0};
    std::atomic<int> failed_handshakes{0};
    std::atomic<int> requests{0};
    mutable std::mutex mutex;
    std::string last_subject;
    std::set<int> open_fds;
    std::vector<std::thread> connections;
    std::thread accept_thread;

    void serve(tcp::socket socket) {
        const int fd = socket.native_handle();
        {
            std::lock_guard lock(mutex);
            open_fds.insert(fd);
        }
        beast::error_code ec;
        ssl::stream<tcp::socket> stream(std::move(socket), tls);
        stream.handshake(ssl::stream_base::server, ec);
        if (ec) {
            failed_handshakes++;
        } else {
            handshakes++;
            std::string subject;
            if (X509* peer = SSL_get1_peer_certificate(stream.native_handle())) {
                char buf[512];
                X509_NAME_oneline(X509_get_subject_name(peer), buf, sizeof buf);
                subject = buf;
                X509_free(peer);
            }
            {
                std::lock_guard lock(mutex);
                last_subject = subject;
            }
            beast::flat_buffer buffer;
            for (;;) {
                http::request<http::string_body> request;
                http::read(stream, buffer, request, ec);
                if (ec) break;
                requests++;
                http::response<http::string_body> response{http::status::ok, request.version()};
                response.set(http::field::content_type, "application/json");
                response.set("X-Client-Subject", subject);
                const std::string target(request.target());
                if (target == "/echo") {
                    response.body() = request.body();
                } else if (target == "/slow") {
                    for (int i = 0; i < 300 && !stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    response.body() = "{\"slow\":true}";
                } else if (target.rfind("/status/", 0) == 0) {
                    response.result(static_cast<unsigned>(std::stoi(target.substr(8))));
                    response.body() = "{}";
                } else {
                    response.result(http::status::not_found);
                    response.body() = "{}";
                }
                response.keep_alive(request.keep_alive());
                response.prepare_payload();
                http::write(stream, response, ec);
                if (ec || !request.keep_alive()) break;
            }
            stream.shutdown(ec);
        }
        std::lock_guard lock(mutex);
        open_fds.erase(fd);
    }
};

HttpsTestServer::HttpsTestServer(const Options& options) : impl_(std::make_unique<Impl>()) {
    Impl& s = *impl_;
    s.tls.use_certificate_chain_file(options.certificate_chain);
    s.tls.use_private_key_file(options.private_key, ssl::context::pem);
    if (options.require_client_certificate) {
        s.tls.load_verify_file(options.client_ca);
        s.tls.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    }
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(tcp::acceptor::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen();
    s.accept_thread = std::thread([&s] {
        for (;;) {
            tcp::socket socket(s.io);
            beast::error_code ec;
            s.acceptor.accept(socket, ec);
            if (s.stopping) return;
            if (ec) continue;
            std::lock_guard lock(s.mutex);
            s.connections.emplace_back([&s, sock = std::move(socket)]() mutable { s.serve(std::move(sock)); });
        }
    });
}

HttpsTestServer::~HttpsTestServer() {
    Impl& s = *impl_;
    s.stopping = true;
    {
        // Wake the blocking accept with a connection of our own.
        beast::error_code ec;
        tcp::socket wake(s.io);
        wake.connect(s.acceptor.local_endpoint(), ec);
        s.accept_thread.join();
    }
    {
        std::lock_guard lock(s.mutex);
        for (int fd : s.open_fds) ::shutdown(fd, SHUT_RDWR);
    }
    std::vector<std::thread> connections;
    {
        std::lock_guard lock(s.mutex);
        connections.swap(s.connections);
    }
    for (auto& t : connections) t.join();
}

uint16_t HttpsTestServer::port() const { return impl_->acceptor.local_endpoint().port(); }
std::string HttpsTestServer::url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port()) + path;
}
int HttpsTestServer::handshakes() const { return impl_->handshakes; }
int HttpsTestServer::failed_handshakes() const { return impl_->failed_handshakes; }
int HttpsTestServer::requests() const { return impl_->requests; }
std::string HttpsTestServer::last_client_subject() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->last_subject;
}

}  // namespace guichet::test
