// The service tables behind guichet_host::get_service: log, clock, http, sign, random, store.
#include "host_context.hpp"
#include "plugin_library.hpp"
#include "runtime.hpp"
#include "session.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace guichet::host {

namespace {

void report(const guichet_error_sink* sink, const ErrorDetail& detail) {
    if (sink == nullptr || sink->report == nullptr) return;
    const guichet_error view = detail.view();
    sink->report(sink->context, &view);
}

/* ---- The firewall of every service entry point (the twin of c_api.cpp's): plugins call us
 * from C frames, which an exception must never cross (a C plugin built without unwind tables
 * terminates). A failure becomes a status, its detail goes where the service's signature has
 * room for one (an error sink, the HTTP response). */

// Called from a catch block: the detail of the exception being handled. May throw bad_alloc.
ErrorDetail detail_of_current_exception() {
    try {
        throw;
    } catch (const HostError& e) {
        return e.detail;
    } catch (const std::bad_alloc&) {
        return ErrorDetail::make(GUICHET_E_NO_MEMORY, "out of memory");
    } catch (const std::length_error&) {
        // A length beyond what a string can hold: a guichet_str or size the plugin passed.
        return ErrorDetail::make(GUICHET_E_INVALID_ARGUMENT, "a length passed to the host service is too large");
    } catch (const std::exception& e) {
        return ErrorDetail::make(GUICHET_E_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return ErrorDetail::make(GUICHET_E_INTERNAL, "internal error: unknown exception");
    }
}

// Called from a catch block: reports the exception to `sink` (may be NULL), returns its status.
guichet_status status_of_current_exception(const guichet_error_sink* sink) noexcept {
    try {
        const ErrorDetail detail = detail_of_current_exception();
        report(sink, detail);
        return detail.status;
    } catch (...) {
        return GUICHET_E_NO_MEMORY;  // the detail itself could not be built
    }
}

template <typename Body>
guichet_status guarded(const guichet_error_sink* sink, Body&& body) noexcept {
    try {
        return body();
    } catch (...) {
        return status_of_current_exception(sink);
    }
}

/* ---- guichet.log/1 */
// "Cannot fail": a record the host cannot write (out of memory, absurd lengths) is dropped.
void GUICHET_CALL log_write(const guichet_host* host, guichet_log_level level, guichet_str category,
                            guichet_str message, const guichet_log_field* fields, uint32_t field_count) {
    guarded(nullptr, [&] {
        HostContext* ctx = HostContext::from(host);
        if (ctx == nullptr) return GUICHET_E_INVALID_ARGUMENT;
        const Logger& logger = ctx->runtime().logger();
        if (!logger.enabled(level)) return GUICHET_OK;
        std::string cat = ctx->plugin().name();
        if (category.len > 0) cat.append("/").append(to_view(category));
        logger.write(level, cat, to_view(message), fields, fields == nullptr ? 0 : field_count);
        return GUICHET_OK;
    });
}

guichet_log_level GUICHET_CALL log_threshold(const guichet_host* host) {
    HostContext* ctx = HostContext::from(host);
    return ctx == nullptr ? GUICHET_LOG_ERROR : ctx->runtime().logger().threshold();
}

const guichet_log_service log_service{sizeof(guichet_log_service), log_write, log_threshold};

/* ---- guichet.clock/1 */
// "Cannot fail": the clock may be the application's (a fake one for tests), guarded all the same.
template <typename Read>
int64_t read_clock(const guichet_host* host, Read&& read) noexcept {
    try {
        HostContext* ctx = HostContext::from(host);
        return ctx == nullptr ? 0 : read(ctx->runtime().clock());
    } catch (...) {
        return 0;
    }
}
int64_t GUICHET_CALL clock_wall(const guichet_host* host) {
    return read_clock(host, [](const auto& clock) { return clock.wall_ns(); });
}
int64_t GUICHET_CALL clock_monotonic(const guichet_host* host) {
    return read_clock(host, [](const auto& clock) { return clock.monotonic_ns(); });
}
const guichet_clock_service clock_service{sizeof(guichet_clock_service), clock_wall, clock_monotonic};

/* ---- guichet.http/1 */
struct OwnedResponse;
// Standard layout, so the response pointer handed out converts back to its box.
struct ResponseBox {
    guichet_http_response response;
    OwnedResponse* owner;
};

struct OwnedResponse {
    HttpOutcome outcome;
    std::vector<guichet_http_header> header_views;
    guichet_error error_view{};
    ResponseBox box{};
    guichet_http_response& response = box.response;

    explicit OwnedResponse(HttpOutcome o) : outcome(std::move(o)) {
        box.owner = this;
        for (const auto& [name, value] : outcome.headers) header_views.push_back({to_c(name), to_c(value)});
        error_view = outcome.error.view();
        response.struct_size = sizeof(guichet_http_response);
        response.status = outcome.status;
        response.error = outcome.status == GUICHET_OK ? nullptr : &error_view;
        response.http_status = outcome.http_status;
        response.header_count = static_cast<uint32_t>(header_views.size());
        response.headers = header_views.data();
        response.body = outcome.body.data();
        response.body_len = outcome.body.size();
    }
    static OwnedResponse* from(const guichet_http_response* r) {
        return reinterpret_cast<const ResponseBox*>(r)->owner;
    }
};

HttpOutcome invalid_http(std::string message) {
    HttpOutcome o;
    o.status = GUICHET_E_INVALID_ARGUMENT;
    o.error = ErrorDetail::make(GUICHET_E_INVALID_ARGUMENT, std::move(message));
    return o;
}

// Copies the plugin's request (it is only borrowed) and resolves the session's identity and CA.
std::optional<HttpExchange> make_exchange(HostContext& ctx, const guichet_http_request* req, HttpOutcome& error) {
    if (req == nullptr || req->struct_size < offsetof(guichet_http_request, client_identity) + sizeof(guichet_str)) {
        error = invalid_http("HTTP request struct missing or too small");
        return std::nullopt;
    }
    HttpExchange ex;
    ex.method = req->method.len == 0 ? "GET" : std::string(to_view(req->method));
    ex.url = to_view(req->url);
    for (uint32_t i = 0; i < req->header_count; ++i)
        ex.headers.emplace_back(to_view(req->headers[i].name), to_view(req->headers[i].value));
    if (req->body_len > 0) ex.body.assign(req->body, req->body + req->body_len);
    ex.deadline_ns = req->deadline_ns;
    ex.ca_bundle = ctx.runtime().ca_bundle();
    if (Session* session = ctx.session()) {
        if (!session->ca_bundle().empty()) ex.ca_bundle = session->ca_bundle();
        const std::string_view wanted = to_view(req->client_identity);
        if (wanted != "none") {
            try {
                ex.identity = session->tls_identity(std::string(wanted));
            } catch (const HostError& e) {
                error.status = e.detail.status;
                error.error = e.detail;
                return std::nullopt;
            }
        }
    }
    return ex;
}

StopCheck stop_check_for(const guichet_cancel_token* token) {
    if (token == nullptr || token->check == nullptr) return {};
    return [token] { return token->check(token); };
}

// Called from a catch block: the exception as an exchange's outcome. May throw bad_alloc.
HttpOutcome outcome_of_current_exception() {
    HttpOutcome o;
    o.error = detail_of_current_exception();
    o.status = o.error.status;
    return o;
}

// The response handed out when not even a response can be allocated; release ignores it
// (it has no owner).
ResponseBox make_out_of_memory_response() {
    static const char message[] = "out of memory";
    static guichet_error error{};
    error.struct_size = sizeof(guichet_error);
    error.status = GUICHET_E_NO_MEMORY;
    error.message = {message, sizeof message - 1};
    ResponseBox box{};
    box.response.struct_size = sizeof(guichet_http_response);
    box.response.status = GUICHET_E_NO_MEMORY;
    box.response.error = &error;
    return box;  // owner nullptr: http_release deletes nothing
}

const guichet_http_response& out_of_memory_response() {
    static const ResponseBox box = make_out_of_memory_response();  // built once, allocates nothing
    return box.response;
}

HttpOutcome perform_for(const guichet_host* host, const guichet_http_request* req) {
    HostContext* ctx = HostContext::from(host);
    if (ctx == nullptr) return invalid_http("unknown host pointer");
    HttpOutcome outcome;
    if (auto ex = make_exchange(*ctx, req, outcome))
        outcome = ctx->runtime().http().perform(*ex, stop_check_for(req->cancel));
    return outcome;
}

// Never throws past its first line's allocation: whatever happened becomes the response's status.
const guichet_http_response* respond(const guichet_host* host, const guichet_http_request* req) {
    HttpOutcome outcome;
    try {
        outcome = perform_for(host, req);
    } catch (...) {
        outcome = outcome_of_current_exception();
    }
    return &(new OwnedResponse(std::move(outcome)))->response;
}

guichet_status GUICHET_CALL http_request(const guichet_host* host, const guichet_http_request* req,
                                         const guichet_http_response** out) {
    if (out == nullptr) return GUICHET_E_INVALID_ARGUMENT;
    try {
        *out = respond(host, req);
    } catch (...) {
        *out = &out_of_memory_response();
    }
    return (*out)->status;
}

// On an I/O thread: the exchange, then `done` exactly once, whatever was thrown on the way.
void complete_async(Runtime& rt, const HttpExchange& exchange, const guichet_cancel_token* token,
                    guichet_http_done_fn done, void* user_data) noexcept {
    const guichet_http_response* response = nullptr;
    try {
        HttpOutcome outcome;
        try {
            outcome = rt.http().perform(exchange, stop_check_for(token));
        } catch (...) {
            outcome = outcome_of_current_exception();
        }
        response = &(new OwnedResponse(std::move(outcome)))->response;
    } catch (...) {
        response = &out_of_memory_response();
    }
    done(user_data, response);
    if (const OwnedResponse* owned = OwnedResponse::from(response)) delete owned;
}

guichet_status GUICHET_CALL http_request_async(const guichet_host* host, const guichet_http_request* req,
                                               guichet_http_done_fn done, void* user_data) {
    return guarded(nullptr, [&] {
        HostContext* ctx = HostContext::from(host);
        if (ctx == nullptr || done == nullptr) return GUICHET_E_INVALID_ARGUMENT;
        HttpOutcome error;
        auto ex = make_exchange(*ctx, req, error);
        if (!ex) return error.status;
        Runtime& rt = ctx->runtime();
        const guichet_cancel_token* token = req->cancel;  // lives as long as the plugin's call
        const bool posted = rt.io_pool().post([&rt, exchange = std::move(*ex), token, done, user_data] {
            complete_async(rt, exchange, token, done, user_data);
        });
        return posted ? GUICHET_OK : GUICHET_E_INVALID_STATE;
    });
}

void GUICHET_CALL http_release(const guichet_host*, const guichet_http_response* response) {
    if (response != nullptr) delete OwnedResponse::from(response);
}

const guichet_http_service http_service{sizeof(guichet_http_service), http_request, http_request_async, http_release};

/* ---- guichet.sign/1 */
guichet_status GUICHET_CALL sign_data(const guichet_host* host, guichet_str key_name, guichet_sign_algorithm algorithm,
                                      const uint8_t* data, uint64_t data_len, uint8_t* signature,
                                      uint64_t* signature_len, const guichet_error_sink* errors) {
    HostContext* ctx = HostContext::from(host);
    if (ctx == nullptr || signature_len == nullptr || (data == nullptr && data_len > 0))
        return GUICHET_E_INVALID_ARGUMENT;
    return guarded(errors, [&] {
        if (ctx->session() == nullptr) fail(GUICHET_E_IDENTITY, "signing needs an instance host bound to a session");
        const auto identity = ctx->session()->signing_identity(std::string(to_view(key_name)));
        const std::vector<uint8_t> sig = identity->sign(algorithm, data, static_cast<size_t>(data_len));
        if (signature == nullptr || *signature_len < sig.size()) {
            *signature_len = sig.size();
            return GUICHET_E_BUFFER_TOO_SMALL;
        }
        std::memcpy(signature, sig.data(), sig.size());
        *signature_len = sig.size();
        return GUICHET_OK;
    });
}

guichet_status GUICHET_CALL sign_chain(const guichet_host* host, guichet_str key_name, const guichet_cert_chain** chain,
                                       const guichet_error_sink* errors) {
    HostContext* ctx = HostContext::from(host);
    if (ctx == nullptr || chain == nullptr) return GUICHET_E_INVALID_ARGUMENT;
    return guarded(errors, [&] {
        if (ctx->session() == nullptr) fail(GUICHET_E_IDENTITY, "signing needs an instance host bound to a session");
        *chain = &ctx->session()->signing_identity(std::string(to_view(key_name)))->chain();
        return GUICHET_OK;
    });
}

const guichet_sign_service sign_service{sizeof(guichet_sign_service), sign_data, sign_chain};

/* ---- guichet.random/1 */
guichet_status GUICHET_CALL random_fill(const guichet_host* host, uint8_t* buffer, uint64_t len) {
    if (HostContext::from(host) == nullptr || (buffer == nullptr && len > 0)) return GUICHET_E_INVALID_ARGUMENT;
    while (len > 0) {
        const int chunk = static_cast<int>(std::min<uint64_t>(len, 1u << 20));
        if (RAND_bytes(buffer, chunk) != 1) return GUICHET_E_INTERNAL;
        buffer += chunk;
        len -= static_cast<uint64_t>(chunk);
    }
    return GUICHET_OK;
}
const guichet_random_service random_service{sizeof(guichet_random_service), random_fill};

/* ---- guichet.store/1 */
guichet_status GUICHET_CALL store_get(const guichet_host* host, guichet_str key, uint8_t* value, uint64_t* value_len) {
    return guarded(nullptr, [&] {
        HostContext* ctx = HostContext::from(host);
        if (ctx == nullptr || value_len == nullptr || key.len == 0) return GUICHET_E_INVALID_ARGUMENT;
        const auto found = ctx->runtime().store().get(ctx->plugin().name(), std::string(to_view(key)));
        if (!found) return GUICHET_E_NOT_FOUND;
        if (value == nullptr || *value_len < found->size()) {
            *value_len = found->size();
            return GUICHET_E_BUFFER_TOO_SMALL;
        }
        std::copy(found->begin(), found->end(), value);
        *value_len = found->size();
        return GUICHET_OK;
    });
}
guichet_status GUICHET_CALL store_put(const guichet_host* host, guichet_str key, const uint8_t* value,
                                      uint64_t value_len) {
    return guarded(nullptr, [&] {
        HostContext* ctx = HostContext::from(host);
        if (ctx == nullptr || key.len == 0 || (value == nullptr && value_len > 0)) return GUICHET_E_INVALID_ARGUMENT;
        return ctx->runtime().store().put(ctx->plugin().name(), std::string(to_view(key)), value,
                                          static_cast<size_t>(value_len));
    });
}
guichet_status GUICHET_CALL store_remove(const guichet_host* host, guichet_str key) {
    return guarded(nullptr, [&] {
        HostContext* ctx = HostContext::from(host);
        if (ctx == nullptr || key.len == 0) return GUICHET_E_INVALID_ARGUMENT;
        return ctx->runtime().store().remove(ctx->plugin().name(), std::string(to_view(key)));
    });
}
const guichet_store_service store_service{sizeof(guichet_store_service), store_get, store_put, store_remove};

const void* GUICHET_CALL get_service(const guichet_host* host, const char* id) {
    if (HostContext::from(host) == nullptr || id == nullptr) return nullptr;
    const std::string_view wanted(id);
    if (wanted == GUICHET_LOG_SERVICE_ID) return &log_service;
    if (wanted == GUICHET_CLOCK_SERVICE_ID) return &clock_service;
    if (wanted == GUICHET_HTTP_SERVICE_ID) return &http_service;
    if (wanted == GUICHET_SIGN_SERVICE_ID) return &sign_service;
    if (wanted == GUICHET_RANDOM_SERVICE_ID) return &random_service;
    if (wanted == GUICHET_STORE_SERVICE_ID) return &store_service;
    return nullptr;
}

}  // namespace

namespace {

// The live host contexts, keyed by the pointer plugins hold. A plugin may keep a host pointer
// past its host's life (a bug we must survive): only a lookup here, never a read through the
// pointer, can tell that it is stale, since its memory may already be reused.
struct LiveHosts {
    std::shared_mutex mutex;
    std::unordered_map<const guichet_host*, HostContext*> contexts;
};

LiveHosts& live_hosts() {
    static LiveHosts* registry = new LiveHosts;  // never destroyed: plugins may call at exit
    return *registry;
}

}  // namespace

HostContext::HostContext(Runtime& runtime, const PluginLibrary& plugin, Session* session)
    : runtime_(runtime), plugin_(plugin), session_(session) {
    c_host_.struct_size = sizeof(guichet_host);
    c_host_.abi_version = {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0};
    c_host_.host_data = this;
    c_host_.get_service = get_service;
    LiveHosts& live = live_hosts();
    std::unique_lock lock(live.mutex);
    live.contexts.emplace(&c_host_, this);
}

HostContext::~HostContext() {
    LiveHosts& live = live_hosts();
    std::unique_lock lock(live.mutex);
    live.contexts.erase(&c_host_);
}

HostContext* HostContext::from(const guichet_host* host) {
    if (host == nullptr) return nullptr;
    LiveHosts& live = live_hosts();
    std::shared_lock lock(live.mutex);
    const auto found = live.contexts.find(host);
    return found == live.contexts.end() ? nullptr : found->second;
}

}  // namespace guichet::host
