#include "http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <list>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace guichet::sandbox {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::optional<std::string> HttpRequestIn::header(const std::string& name) const {
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
    };
    const std::string wanted = lower(name);
    for (const auto& [n, v] : headers)
        if (lower(n) == wanted) return v;
    return std::nullopt;
}

namespace {

std::string subject_of(SSL* ssl) {
    X509* peer = SSL_get1_peer_certificate(ssl);
    if (peer == nullptr) return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(peer), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    X509_free(peer);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

// Why a handshake failed: OpenSSL's reason, and the certificate check's verdict when there was
// one ("certificate verify failed: unable to get local issuer certificate").
std::string refusal_reason(const beast::error_code& ec, SSL* ssl) {
    std::string reason = ec.message();
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK) reason += ": " + std::string(X509_verify_cert_error_string(verify));
    return reason;
}

// ANSSI, "Recommandations de sécurité relatives à TLS" (v1.2): TLS 1.2 with ECDHE key exchange
// and AEAD suites only (no static RSA, no CBC), or TLS 1.3, whose suites are all AEAD.
constexpr const char* tls12_suites =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* tls13_suites = "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256";

void apply_tls_policy(ssl::context& context) {
    SSL_CTX* ctx = context.native_handle();
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 || SSL_CTX_set_cipher_list(ctx, tls12_suites) != 1 ||
        SSL_CTX_set_ciphersuites(ctx, tls13_suites) != 1)
        throw std::runtime_error("cannot set the sandbox's TLS policy");
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
}

using Response = http::response<http::string_body>;

// RFC 9110 (15.3.5, 15.4.5): a 204 or 304 answer has no content, and Beast's prepare_payload
// throws for one with a body: an injected 204 with a body is sent without it.
Response make_response(HttpAnswer& answer, unsigned version, bool keep_alive) {
    Response response{static_cast<http::status>(answer.status), version};
    response.set(http::field::server, "guichet-sandbox");
    response.set(http::field::content_type, answer.content_type);
    for (const auto& [n, v] : answer.headers) response.set(n, v);
    if (answer.status != 204 && answer.status != 304) response.body() = std::move(answer.body);
    response.keep_alive(keep_alive);
    response.prepare_payload();
    return response;
}

// Whatever an answer holds, the client gets a defined answer and the server goes on.
Response safe_response(HttpAnswer& answer, unsigned version, bool keep_alive) {
    try {
        return make_response(answer, version, keep_alive);
    } catch (const std::exception& e) {
        HttpAnswer broken{500, "text/plain", {}, std::string("sandbox error: answer not sendable: ") + e.what()};
        return make_response(broken, version, false);
    }
}

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

struct HttpServer::Impl {
    Options options;
    RequestHandler handler;
    asio::io_context io;
    std::optional<ssl::context> tls;
    tcp::acceptor acceptor{io};
    std::atomic<bool> stopping{false};
    // Bumped by close_connections(): a connection of an older generation answers nothing more.
    std::atomic<uint64_t> generation{0};
    std::atomic<int> handshakes{0};
    std::atomic<int> failed_handshakes{0};
    std::atomic<int> requests{0};
    mutable std::mutex mutex;
    std::string last_subject;
    // What the watchdog and the accept thread know of a connection; guarded by `mutex`.
    struct Watch {
        int fd = -1;                   ///< -1 once the socket is about to be closed
        int64_t deadline_ms = 0;       ///< steady clock; 0 = no I/O with the client under way
        int64_t waiting_since_ms = 0;  ///< waiting for the client to send (evictable); 0 = not
        bool evicted = false;
    };
    struct Connection {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
        std::shared_ptr<Watch> watch;
    };
    std::list<Connection> connections;
    std::thread accept_thread;
    std::thread watchdog_thread;
    std::condition_variable watchdog_wake;
    bool stopped = false;

    // Before each I/O with the client: after `timeout_ms` the watchdog shuts the socket down.
    void expect_io(Watch& watch, int timeout_ms, bool waiting_for_client) {
        std::lock_guard lock(mutex);
        const int64_t now = now_ms();
        watch.deadline_ms = now + timeout_ms;
        watch.waiting_since_ms = waiting_for_client ? now : 0;
    }
    void io_done(Watch& watch) {
        std::lock_guard lock(mutex);
        watch.deadline_ms = 0;
        watch.waiting_since_ms = 0;
    }
    void release(Watch& watch) {
        std::lock_guard lock(mutex);
        watch.fd = -1;
        watch.deadline_ms = 0;
        watch.waiting_since_ms = 0;
    }
    static void cut(Watch& watch) {  // caller holds mutex
        if (watch.fd >= 0) ::shutdown(watch.fd, SHUT_RDWR);
        watch.deadline_ms = 0;
        watch.waiting_since_ms = 0;
    }
    void cut_all() {  // caller holds mutex
        for (auto& c : connections) cut(*c.watch);
    }

    void watchdog() {
        std::unique_lock lock(mutex);
        while (!stopping) {
            watchdog_wake.wait_for(lock, std::chrono::milliseconds(50));
            const int64_t now = now_ms();
            for (auto& c : connections)
                if (c.watch->deadline_ms != 0 && now >= c.watch->deadline_ms) cut(*c.watch);
        }
    }

    // At the cap: the connection waiting the longest for its client (idle keep-alive, stalled
    // handshake or request) makes room. False when every connection is busy answering.
    bool make_room() {  // caller holds mutex
        size_t live = 0;
        Watch* oldest = nullptr;
        for (auto& c : connections) {
            if (c.watch->evicted) continue;
            ++live;
            const int64_t since = c.watch->waiting_since_ms;
            if (since != 0 && (oldest == nullptr || since < oldest->waiting_since_ms)) oldest = c.watch.get();
        }
        if (live < static_cast<size_t>(std::max(1, options.max_connections))) return true;
        if (oldest == nullptr) return false;
        oldest->evicted = true;
        cut(*oldest);
        return true;
    }

    bool abandoned(uint64_t born) const { return stopping || generation != born; }

    // Sleeps up to `ms`, waking early when the server stops or closes the connection.
    void pause(int ms, uint64_t born) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (!abandoned(born) && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

    template <typename Stream>
    void answer_too_large(Stream& stream, unsigned version) {
        http::response<http::string_body> response{http::status::payload_too_large, version};
        response.set(http::field::server, "guichet-sandbox");
        response.set(http::field::content_type, "text/plain");
        response.body() = "request body larger than " + std::to_string(options.max_request_body) + " bytes";
        response.keep_alive(false);
        response.prepare_payload();
        beast::error_code ec;
        http::write(stream, response, ec);
        drain_before_close(beast::get_lowest_layer(stream));
    }

    // Closing a socket with unread bytes sends a reset, which can make the client lose the
    // answer it was sent: stop sending, read (a bounded amount of) what the client still sends.
    static void drain_before_close(tcp::socket& socket) {
        beast::error_code ec;
        socket.shutdown(tcp::socket::shutdown_send, ec);
        std::array<char, 16 * 1024> sink{};
        for (size_t drained = 0; !ec && drained < 1024 * 1024;) drained += socket.read_some(asio::buffer(sink), ec);
    }

    template <typename Stream>
    void exchange_loop(Stream& stream, Watch& watch, const std::string& subject, uint64_t born) {
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(options.max_request_body);
            beast::error_code ec;
            expect_io(watch, options.read_timeout_ms, true);
            http::read(stream, buffer, parser, ec);
            io_done(watch);
            if (ec == http::error::body_limit && !abandoned(born)) {
                // The header said (or the body showed) too much: answer, and close rather than
                // read the rest.
                expect_io(watch, options.read_timeout_ms, false);
                answer_too_large(stream, parser.get().version());
                return;
            }
            if (ec || abandoned(born)) return;
            http::request<http::string_body> request = parser.release();
            requests++;
            HttpRequestIn in;
            in.method = std::string(request.method_string());
            in.target = std::string(request.target());
            for (const auto& field : request)
                in.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
            in.body = std::move(request.body());
            in.client_subject = subject;
            in.listener = options.name;

            HttpAnswer answer;
            try {
                answer = handler(in);
            } catch (const std::exception& e) {
                answer = HttpAnswer{500, "text/plain", {}, std::string("sandbox error: ") + e.what()};
            }
            if (answer.delay_ms > 0 && answer.delivery != Delivery::trickle) pause(answer.delay_ms, born);
            if (answer.delivery == Delivery::close_without_answer || abandoned(born)) return;

            Response response =
                safe_response(answer, request.version(), request.keep_alive() && answer.delivery == Delivery::normal);
            if (answer.delivery == Delivery::normal) {
                expect_io(watch, options.read_timeout_ms, false);
                http::write(stream, response, ec);
                io_done(watch);
                if (ec || !response.keep_alive()) return;
                continue;
            }
            std::ostringstream raw;
            raw << response;
            const std::string bytes = raw.str();
            if (answer.delivery == Delivery::truncated) {
                expect_io(watch, options.read_timeout_ms, false);
                asio::write(stream, asio::buffer(bytes.data(), bytes.size() / 2), ec);
                return;  // the connection closes mid-answer
            }
            for (size_t at = 0; at < bytes.size() && !ec && !abandoned(born); at += 16) {  // trickle
                expect_io(watch, options.read_timeout_ms, false);
                asio::write(stream, asio::buffer(bytes.data() + at, std::min<size_t>(16, bytes.size() - at)), ec);
                io_done(watch);
                pause(answer.delay_ms, born);
            }
            return;
        }
    }

    // The socket is registered by the accept thread (see below), so stop() can always reach it;
    // it is released before it closes, so that no one shuts down a descriptor reused since.
    void serve(tcp::socket socket, Watch& watch, uint64_t born) {
        if (tls) {
            ssl::stream<tcp::socket> stream(std::move(socket), *tls);
            serve_tls(stream, watch, born);
        } else {
            exchange_loop(socket, watch, "", born);
            beast::error_code ec;
            socket.shutdown(tcp::socket::shutdown_both, ec);
        }
        release(watch);
    }

    void serve_tls(ssl::stream<tcp::socket>& stream, Watch& watch, uint64_t born) {
        beast::error_code ec;
        expect_io(watch, options.handshake_timeout_ms, true);
        stream.handshake(ssl::stream_base::server, ec);
        io_done(watch);
        if (ec) {
            failed_handshakes++;
            if (options.on_tls_refusal) options.on_tls_refusal(refusal_reason(ec, stream.native_handle()));
            return;
        }
        handshakes++;
        const std::string subject = subject_of(stream.native_handle());
        {
            std::lock_guard lock(mutex);
            last_subject = subject;
        }
        exchange_loop(stream, watch, subject, born);
        // close_notify, and the client's: bounded, a client may never answer it.
        expect_io(watch, options.read_timeout_ms, false);
        stream.shutdown(ec);
        io_done(watch);
    }

    void accept_loop() {
        for (;;) {
            tcp::socket socket(io);
            beast::error_code ec;
            acceptor.accept(socket, ec);
            if (stopping) return;
            if (ec) continue;
            if (options.tcp_nodelay) socket.set_option(tcp::no_delay(true), ec);
            std::lock_guard lock(mutex);
            reap_finished();
            if (!make_room()) continue;  // every connection busy: this one is closed at once
            // Registered before the thread starts: a stop() racing with this connection still
            // shuts it down, instead of waiting for a thread blocked in recv().
            auto watch = std::make_shared<Watch>();
            watch->fd = socket.native_handle();
            auto done = std::make_shared<std::atomic<bool>>(false);
            const uint64_t born = generation;
            connections.push_back({std::thread([this, done, watch, born, sock = std::move(socket)]() mutable {
                                       serve(std::move(sock), *watch, born);
                                       *done = true;
                                   }),
                                   done, watch});
        }
    }

    void reap_finished() {  // caller holds mutex
        for (auto it = connections.begin(); it != connections.end();) {
            if (*it->done) {
                it->thread.join();
                it = connections.erase(it);
            } else {
                ++it;
            }
        }
    }
};

HttpServer::HttpServer(const Options& options, RequestHandler handler) : impl_(std::make_unique<Impl>()) {
    Impl& s = *impl_;
    s.options = options;
    s.handler = std::move(handler);
    if (options.tls) {
        s.tls.emplace(ssl::context::tls_server);
        s.tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                           ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
        apply_tls_policy(*s.tls);
        s.tls->use_certificate_chain_file(options.certificate_chain);
        s.tls->use_private_key_file(options.private_key, ssl::context::pem);
        if (options.require_client_certificate || options.request_client_certificate) {
            s.tls->load_verify_file(options.client_ca);
            s.tls->set_verify_mode(options.require_client_certificate
                                       ? ssl::verify_peer | ssl::verify_fail_if_no_peer_cert
                                       : ssl::verify_peer);
            // Without a session id context, OpenSSL refuses to resume a session of a verified
            // client ("internal error" alert): clients reconnecting after a drop would fail.
            static const unsigned char context[] = "guichet-sandbox";
            SSL_CTX_set_session_id_context(s.tls->native_handle(), context, sizeof context - 1);
        }
    }
    const tcp::endpoint endpoint(asio::ip::make_address(options.bind_address), options.port);
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(tcp::acceptor::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen();
    s.accept_thread = std::thread([&s] { s.accept_loop(); });
    s.watchdog_thread = std::thread([&s] { s.watchdog(); });
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::close_connections() {
    Impl& s = *impl_;
    std::list<Impl::Connection> connections;
    {
        std::lock_guard lock(s.mutex);
        s.generation++;
        s.cut_all();
        connections.swap(s.connections);
    }
    for (auto& c : connections) c.thread.join();
}

void HttpServer::stop() {
    Impl& s = *impl_;
    {
        std::lock_guard lock(s.mutex);
        if (s.stopped) return;
        s.stopped = true;
    }
    s.stopping = true;
    {
        beast::error_code ec;
        tcp::socket wake(s.io);  // unblocks accept()
        wake.connect(s.acceptor.local_endpoint(), ec);
    }
    s.accept_thread.join();
    std::list<Impl::Connection> connections;
    {
        std::lock_guard lock(s.mutex);
        s.cut_all();
        connections.swap(s.connections);
    }
    s.watchdog_wake.notify_all();
    s.watchdog_thread.join();
    for (auto& c : connections) c.thread.join();
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }
std::string HttpServer::base_url() const {
    return std::string(impl_->options.tls ? "https://" : "http://") + impl_->options.bind_address + ":" +
           std::to_string(port());
}
int HttpServer::handshakes() const { return impl_->handshakes; }
int HttpServer::failed_handshakes() const { return impl_->failed_handshakes; }
int HttpServer::requests() const { return impl_->requests; }
std::string HttpServer::last_client_subject() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->last_subject;
}

}  // namespace guichet::sandbox
