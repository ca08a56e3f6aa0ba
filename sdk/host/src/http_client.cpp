#include "http_client.hpp"

#include <guichet/runtime.h>

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <limits>
#include <memory>
#include <new>
#include <optional>

namespace guichet::host {

namespace {

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
};

void ensure_curl_global() { static CurlGlobal global; }

/* ---- Which URLs may leave. The decision is taken on the URL as libcurl itself parses it
 * (its URL API), never on the text: a prefix check let `http://127.0.0.1:1@evil.example/`
 * (user info "127.0.0.1", port "1", host evil.example) and `http://127.0.0.1.evil.example/`
 * through as loopback. */

struct CurlUrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlTextDeleter {
    void operator()(char* text) const { curl_free(text); }
};
using CurlText = std::unique_ptr<char, CurlTextDeleter>;

std::string url_part(CURLU* url, CURLUPart part) {
    char* text = nullptr;
    if (curl_url_get(url, part, &text, 0) != CURLUE_OK || text == nullptr) return {};
    return CurlText(text).get();
}

// 127.0.0.0/8, ::1 and the name localhost: the hosts plain http may go to.
bool is_loopback_host(std::string host) {
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    if (host == "localhost" || host == "[::1]") return true;
    in_addr v4{};
    return inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

struct CheckedUrl {
    std::string normalized;  ///< what libcurl is given, so it connects where we decided
    std::string refusal;     ///< why the URL may not be used, or empty
};

CheckedUrl check_url(const std::string& text) {
    std::unique_ptr<CURLU, CurlUrlDeleter> url(curl_url());
    if (!url) throw std::bad_alloc();
    if (curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK)
        return {{}, "not a valid absolute URL: '" + text + "'"};
    const std::string scheme = url_part(url.get(), CURLUPART_SCHEME);  // lower case, as libcurl gives it
    const std::string host = url_part(url.get(), CURLUPART_HOST);
    const bool allowed = scheme == "https" || (scheme == "http" && is_loopback_host(host));
    if (!allowed) return {{}, "URL must be https:// (plain http is only allowed to loopback): '" + text + "'"};
    return {url_part(url.get(), CURLUPART_URL), {}};
}

// Why the exchange was stopped from one of our callbacks, when it was (libcurl then reports a
// write error or an aborted callback, which says nothing of the cause). `failed_in_callback`:
// one of them threw (out of memory, a plugin's cancel check), caught before reaching libcurl's
// C frames.
enum class Refusal { none, too_large, switching_protocols, failed_in_callback };

struct TransferState {
    const StopCheck* stop = nullptr;
    guichet_status stop_reason = GUICHET_OK;
    HttpOutcome* outcome = nullptr;
    const Identity* identity = nullptr;
    uint64_t max_body_bytes = GUICHET_DEFAULT_MAX_RESPONSE_BYTES;
    Refusal refusal = Refusal::none;
    guichet_status callback_failure = GUICHET_OK;  ///< with Refusal::failed_in_callback
};

// libcurl calls our callbacks from C: an exception must not cross them. `failed` is returned
// to libcurl (a value that stops the transfer) and the cause is kept in the state.
template <typename Result, typename Body>
Result guarded_callback(TransferState& state, Result failed, Body&& body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        state.callback_failure = GUICHET_E_NO_MEMORY;
    } catch (...) {
        state.callback_failure = GUICHET_E_INTERNAL;
    }
    state.refusal = Refusal::failed_in_callback;
    return failed;
}

// The bound is checked here too: a chunked answer announces no length, so
// CURLOPT_MAXFILESIZE_LARGE alone cannot stop it. Returning less than given stops the transfer.
size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* state = static_cast<TransferState*>(user);
    return guarded_callback<size_t>(*state, 0, [&]() -> size_t {
        const size_t n = size * count;
        std::vector<uint8_t>& body = state->outcome->body;
        if (body.size() + n > state->max_body_bytes) {
            state->refusal = Refusal::too_large;
            return 0;
        }
        body.insert(body.end(), data, data + n);
        return n;
    });
}

// "HTTP/1.1 101 Switching Protocols" -> 101; 0 when the line is not a status line.
long status_of(const std::string& status_line) {
    const auto space = status_line.find(' ');
    if (space == std::string::npos || status_line.size() < space + 4) return 0;
    long code = 0;
    for (size_t i = space + 1; i < space + 4; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(status_line[i]))) return 0;
        code = code * 10 + (status_line[i] - '0');
    }
    return code;
}

size_t on_header_line(TransferState* state, char* data, size_t n) {
    std::string line(data, n);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {
        // We never ask to upgrade: a 101 would leave libcurl waiting on a connection that now
        // speaks another protocol until the deadline. Stop at once.
        if (status_of(line) == 101) {
            state->refusal = Refusal::switching_protocols;
            return 0;
        }
        state->outcome->headers.clear();  // a new response (after 1xx) starts
    } else if (const auto colon = line.find(':'); colon != std::string::npos) {
        std::string value = line.substr(colon + 1);
        const auto first = value.find_first_not_of(" \t");
        value = first == std::string::npos ? std::string() : value.substr(first);
        state->outcome->headers.emplace_back(line.substr(0, colon), value);
    }
    return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* state = static_cast<TransferState*>(user);
    return guarded_callback<size_t>(*state, 0, [&] { return on_header_line(state, data, size * count); });
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* state = static_cast<TransferState*>(user);
    return guarded_callback(*state, 1, [&] {
        if (state->stop == nullptr || !*state->stop) return 0;
        state->stop_reason = (*state->stop)();
        return state->stop_reason == GUICHET_OK ? 0 : 1;
    });
}

CURLcode on_ssl_context(CURL*, void* ssl_ctx, void* user) {
    auto* state = static_cast<TransferState*>(user);
    return guarded_callback(*state, CURLE_SSL_CERTPROBLEM, [&] {
        if (state->identity == nullptr) return CURLE_OK;
        return state->identity->install_into(static_cast<SSL_CTX*>(ssl_ctx)) ? CURLE_OK : CURLE_SSL_CERTPROBLEM;
    });
}

void lock_share(CURL*, curl_lock_data data, curl_lock_access, void* user);
void unlock_share(CURL*, curl_lock_data data, void* user);

HttpOutcome failure(guichet_status status, std::string message, bool retryable = false) {
    HttpOutcome o;
    o.status = status;
    o.error = ErrorDetail::make(status, std::move(message));
    // A deadline is retryable however it was reached: the service may answer in time next time.
    o.error.retryable = retryable || status == GUICHET_E_DEADLINE_EXCEEDED;
    return o;
}

}  // namespace

// Connections and TLS sessions shared by every easy handle of one client identity, never
// across identities: a connection authenticated as one professional must not carry another's
// request. An identity's pool belongs to the identity (Identity::connections) and closes with it.
class ConnectionPool {
public:
    CURLSH* share = nullptr;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> locks;
    std::mutex free_mutex;
    std::vector<CURL*> free_handles;

    ConnectionPool() {
        share = curl_share_init();
        curl_share_setopt(share, CURLSHOPT_LOCKFUNC, lock_share);
        curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, unlock_share);
        curl_share_setopt(share, CURLSHOPT_USERDATA, this);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    }
    // Closes the idle handles, then the share: its connections (and their SSL_CTX) close here.
    ~ConnectionPool() {
        for (CURL* h : free_handles) curl_easy_cleanup(h);
        curl_share_cleanup(share);
    }
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;
    CURL* take() {
        {
            std::lock_guard lock(free_mutex);
            if (!free_handles.empty()) {
                CURL* h = free_handles.back();
                free_handles.pop_back();
                return h;
            }
        }
        return curl_easy_init();
    }
    void give_back(CURL* h) {
        curl_easy_reset(h);
        std::lock_guard lock(free_mutex);
        free_handles.push_back(h);
    }
};

namespace {
// libcurl only passes the curl_lock_data values below CURL_LOCK_DATA_LAST (no .at(): nothing
// may throw in a callback libcurl calls).
void lock_share(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<ConnectionPool*>(user)->locks[static_cast<size_t>(data)].lock();
}
void unlock_share(CURL*, curl_lock_data data, void* user) {
    static_cast<ConnectionPool*>(user)->locks[static_cast<size_t>(data)].unlock();
}
}  // namespace

HttpClient::HttpClient(std::string proxy_url, std::function<int64_t()> monotonic_ns, uint64_t max_response_bytes)
    : proxy_url_(std::move(proxy_url)),
      monotonic_ns_(std::move(monotonic_ns)),
      max_response_bytes_(max_response_bytes == 0 ? GUICHET_DEFAULT_MAX_RESPONSE_BYTES : max_response_bytes) {
    ensure_curl_global();
    anonymous_pool_ = std::make_unique<ConnectionPool>();
}

HttpClient::~HttpClient() = default;

// Not by certificate fingerprint for the client's lifetime, as before: two sessions on the same
// card then shared connections, and those outlived the first session's token session.
ConnectionPool& HttpClient::pool_for(const Identity* identity) {
    if (identity == nullptr) return *anonymous_pool_;
    return identity->connections([] { return std::make_shared<ConnectionPool>(); });
}

long HttpClient::connections_opened() const {
    std::lock_guard lock(mutex_);
    return connections_opened_;
}

namespace {

// The steps of one exchange, in the order perform() takes them (Beast's one function per step).

// Refuses what must not leave: plain http beyond loopback, a call already cancelled or late.
std::optional<HttpOutcome> refuse_before_sending(const CheckedUrl& url, const StopCheck& stop) {
    if (!url.refusal.empty()) return failure(GUICHET_E_INVALID_ARGUMENT, url.refusal);
    if (stop) {
        if (const guichet_status s = stop(); s != GUICHET_OK)
            return failure(s, s == GUICHET_E_CANCELLED ? "cancelled before the request was sent"
                                                       : "deadline passed before the request was sent");
    }
    return std::nullopt;
}

// The request's headers as libcurl wants them, freed with the exchange.
class HeaderList {
public:
    explicit HeaderList(const std::vector<std::pair<std::string, std::string>>& headers) {
        for (const auto& [name, value] : headers) list_ = curl_slist_append(list_, (name + ": " + value).c_str());
        list_ = curl_slist_append(list_, "Expect:");  // no 100-continue round trip
    }
    ~HeaderList() { curl_slist_free_all(list_); }
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

// Where to connect and how: the pool's shared connections, no proxy from the environment, no
// redirects (a teleservice answer is never a redirect), a bounded connection phase.
void set_connection_options(CURL* h, CURLSH* share, const std::string& url, const std::string& proxy_url,
                            char* error_buffer) {
    curl_easy_setopt(h, CURLOPT_SHARE, share);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(h, CURLOPT_PROXY, proxy_url.c_str());  // "" = no proxy, environment ignored
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 30'000L);
    // The connection cache is shared by every worker: with libcurl's default of 5, concurrent
    // calls evict each other's idle connections and nearly every call pays a TLS handshake.
    curl_easy_setopt(h, CURLOPT_MAXCONNECTS, 64L);
}

// The suites ANSSI recommends (guide "Recommandations de sécurité relatives à TLS"):
// TLS 1.2 only with ECDHE key exchange and AEAD encryption (no static RSA, no CBC, no SHA-1
// MAC), and TLS 1.3's AEAD suites.
constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* tls13_ciphers = "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256";

// TLS: verification always on, TLS 1.2 at least with the suites above, the session's CAs, and
// the client identity installed into the SSL_CTX by on_ssl_context (the key never leaves the
// identity).
void set_tls_options(CURL* h, const std::string& ca_bundle, TransferState& state) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
    curl_easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, tls12_ciphers);
    curl_easy_setopt(h, CURLOPT_TLS13_CIPHERS, tls13_ciphers);
    if (!ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca_bundle.c_str());
    curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, on_ssl_context);
    curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, &state);
}

// The method, headers and body, and the time left before the call's deadline.
void set_request(CURL* h, const HttpExchange& ex, const HeaderList& headers, int64_t now_monotonic_ns) {
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    if (ex.method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        if (ex.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, ex.method.c_str());
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, ex.body.empty() ? "" : reinterpret_cast<const char*>(ex.body.data()));
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(ex.body.size()));
    }
    if (ex.deadline_ns != GUICHET_NO_DEADLINE) {
        const int64_t remaining_ms = std::max<int64_t>(1, (ex.deadline_ns - now_monotonic_ns) / 1'000'000);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::min<int64_t>(remaining_ms, LONG_MAX)));
    }
}

// Where the answer goes, how large it may be, and the progress callback that stops a cancelled
// or late exchange.
void set_callbacks(CURL* h, TransferState& state) {
    curl_easy_setopt(
        h, CURLOPT_MAXFILESIZE_LARGE,
        static_cast<curl_off_t>(std::min<uint64_t>(state.max_body_bytes, std::numeric_limits<curl_off_t>::max())));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &state);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &state);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &state);
}

struct Sent {
    CURLcode rc = CURLE_OK;
    long http_status = 0;
    long connections_opened = 0;
};

Sent send(CURL* h) {
    Sent sent;
    sent.rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &sent.connections_opened);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &sent.http_status);
    return sent;
}

// One table from libcurl's failures to a status and a retryable flag (DESIGN.md: failures
// classified once): only what may succeed later unchanged is retryable.
HttpOutcome classify_failure(CURLcode rc, const TransferState& state, const std::string& detail,
                             const std::string& where) {
    const guichet_status stop_reason = state.stop_reason;
    if (state.refusal == Refusal::too_large || rc == CURLE_FILESIZE_EXCEEDED)
        return failure(GUICHET_E_BAD_RESPONSE, "the answer is larger than the runtime's bound of " +
                                                   std::to_string(state.max_body_bytes) + " bytes" + where);
    if (state.refusal == Refusal::switching_protocols)
        return failure(GUICHET_E_BAD_RESPONSE,
                       "the service switched protocols (HTTP 101), which was not asked" + where);
    if (state.refusal == Refusal::failed_in_callback)
        return failure(state.callback_failure, state.callback_failure == GUICHET_E_NO_MEMORY
                                                   ? "out of memory while receiving the answer" + where
                                                   : "internal error while receiving the answer" + where);
    switch (rc) {
        // The request left: what libcurl could not read is the answer's status line or headers.
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_UNSUPPORTED_PROTOCOL:  // "Unsupported HTTP version in response" (the URL was checked before)
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_HTTP2:
            return failure(GUICHET_E_BAD_RESPONSE, "the service's answer is not valid HTTP" + where + ": " + detail);
        case CURLE_ABORTED_BY_CALLBACK:
            return failure(stop_reason == GUICHET_OK ? GUICHET_E_CANCELLED : stop_reason,
                           stop_reason == GUICHET_E_DEADLINE_EXCEEDED ? "deadline passed during the exchange" + where
                                                                      : "exchange cancelled" + where);
        case CURLE_OPERATION_TIMEDOUT:
            return failure(GUICHET_E_DEADLINE_EXCEEDED,
                           "no complete answer before the deadline" + where + ": " + detail, true);
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
            return failure(GUICHET_E_NETWORK, "cannot reach the service" + where + ": " + detail, true);
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            return failure(GUICHET_E_NETWORK, "connection lost during the exchange" + where + ": " + detail, true);
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CONNECT_ERROR:  // also: no suite of our policy in common with the server
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return failure(GUICHET_E_TLS, "secure connection refused" + where + ": " + detail);
        case CURLE_SSL_CERTPROBLEM:
            return failure(GUICHET_E_IDENTITY, "client certificate could not be used" + where + ": " + detail);
        case CURLE_URL_MALFORMAT:
            return failure(GUICHET_E_INVALID_ARGUMENT, "invalid URL" + where + ": " + detail);
        case CURLE_OUT_OF_MEMORY:
            return failure(GUICHET_E_NO_MEMORY, "out of memory" + where);
        default:
            return failure(GUICHET_E_NETWORK, "HTTP exchange failed" + where + ": " + detail, true);
    }
}

}  // namespace

HttpOutcome HttpClient::perform(const HttpExchange& ex, const StopCheck& stop) {
    const CheckedUrl url = check_url(ex.url);
    if (auto refused = refuse_before_sending(url, stop)) return std::move(*refused);

    // ex.identity, held until we return, keeps its pool open during the exchange.
    ConnectionPool& pool = pool_for(ex.identity.get());
    CURL* h = pool.take();
    if (h == nullptr) return failure(GUICHET_E_NO_MEMORY, "cannot create an HTTP handle");

    HttpOutcome outcome;
    TransferState state;
    state.stop = &stop;
    state.outcome = &outcome;
    state.identity = ex.identity.get();
    state.max_body_bytes = max_response_bytes_;
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    const HeaderList headers(ex.headers);
    set_connection_options(h, pool.share, url.normalized, proxy_url_, error_buffer.data());
    set_tls_options(h, ex.ca_bundle, state);
    set_request(h, ex, headers, monotonic_ns_());
    set_callbacks(h, state);

    const Sent sent = send(h);
    pool.give_back(h);
    {
        std::lock_guard lock(mutex_);
        connections_opened_ += sent.connections_opened;
    }
    if (sent.rc == CURLE_OK) {
        outcome.status = GUICHET_OK;
        outcome.http_status = static_cast<int32_t>(sent.http_status);
        return outcome;
    }
    const std::string detail = error_buffer[0] != '\0' ? std::string(error_buffer.data()) : curl_easy_strerror(sent.rc);
    return classify_failure(sent.rc, state, detail, " (" + ex.method + " " + ex.url + ")");
}

}  // namespace guichet::host
