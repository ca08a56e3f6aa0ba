#include <guichet/common/uuid.hpp>
#include <guichet/toolkit/host.hpp>
#include <guichet/toolkit/utc_time.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <functional>
#include <memory>

namespace guichet::toolkit {

namespace {

// A service table may come from a host built with the headers of any 1.x minor: "major must
// match; each side uses features up to the smaller minor". So a table is usable from its ABI 1.0
// size with every 1.0 function present, however old the host; requiring sizeof(Service) would
// refuse every older host as soon as a member is appended. A member added after 1.0 is used only
// when GUICHET_HAS_MEMBER says the host's table has it and its pointer is not NULL.
template <typename Service>
struct V1_0;
template <>
struct V1_0<guichet_log_service> {
    static constexpr uint32_t size = offsetof(guichet_log_service, threshold) + sizeof(void*);
    static bool complete(const guichet_log_service& s) { return s.write != nullptr && s.threshold != nullptr; }
};
template <>
struct V1_0<guichet_clock_service> {
    static constexpr uint32_t size = offsetof(guichet_clock_service, monotonic_ns) + sizeof(void*);
    static bool complete(const guichet_clock_service& s) { return s.wall_ns != nullptr && s.monotonic_ns != nullptr; }
};
template <>
struct V1_0<guichet_http_service> {
    static constexpr uint32_t size = offsetof(guichet_http_service, release) + sizeof(void*);
    static bool complete(const guichet_http_service& s) {
        return s.request != nullptr && s.request_async != nullptr && s.release != nullptr;
    }
};
template <>
struct V1_0<guichet_sign_service> {
    static constexpr uint32_t size = offsetof(guichet_sign_service, certificate_chain) + sizeof(void*);
    static bool complete(const guichet_sign_service& s) { return s.sign != nullptr && s.certificate_chain != nullptr; }
};
template <>
struct V1_0<guichet_random_service> {
    static constexpr uint32_t size = offsetof(guichet_random_service, fill) + sizeof(void*);
    static bool complete(const guichet_random_service& s) { return s.fill != nullptr; }
};
template <>
struct V1_0<guichet_store_service> {
    static constexpr uint32_t size = offsetof(guichet_store_service, remove) + sizeof(void*);
    static bool complete(const guichet_store_service& s) {
        return s.get != nullptr && s.put != nullptr && s.remove != nullptr;
    }
};
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
// The sizes of ABI 1.0 (abi/baseline/plugin-surface.abi), frozen whatever later headers append.
static_assert(V1_0<guichet_log_service>::size == 24 && V1_0<guichet_clock_service>::size == 24 &&
                  V1_0<guichet_http_service>::size == 32 && V1_0<guichet_sign_service>::size == 24 &&
                  V1_0<guichet_random_service>::size == 16 && V1_0<guichet_store_service>::size == 32,
              "ABI 1.0 service table sizes are frozen");
#endif

template <typename Service>
const Service* lookup(const guichet_host* host, const char* id) {
    if (host == nullptr || host->get_service == nullptr) return nullptr;
    const auto* service = static_cast<const Service*>(host->get_service(host, id));
    if (service == nullptr || service->struct_size < V1_0<Service>::size || !V1_0<Service>::complete(*service))
        return nullptr;  // not provided, or a table without the functions of ABI 1.0
    return service;
}

template <typename Service>
const Service* require(const guichet_host* host, const char* id) {
    const Service* service = lookup<Service>(host, id);
    if (service == nullptr) throw Error(GUICHET_E_UNSUPPORTED, std::string("the host does not provide ") + id);
    return service;
}

// The host's first reported error, thrown as the plugin's Error (its message, else `fallback`).
[[noreturn]] void raise(const common::FirstError& errors, guichet_status failed, const std::string& fallback) {
    const common::ErrorDetail& reported = errors.detail();
    throw Error(failed, errors.reported() && !reported.message.empty() ? reported.message : fallback)
        .with_remote_code(reported.remote_code);
}

}  // namespace

Log::Log(const guichet_host* host) : host_(host), service_(lookup<guichet_log_service>(host, GUICHET_LOG_SERVICE_ID)) {}

void Log::write(guichet_log_level level, std::string_view message, std::initializer_list<LogField> fields) const {
    if (service_ == nullptr || level < service_->threshold(host_)) return;
    std::vector<guichet_log_field> c_fields;
    c_fields.reserve(fields.size());
    for (const auto& f : fields) c_fields.push_back({c_str(f.name), c_str(f.value), f.patient_data ? 1u : 0u, 0u});
    service_->write(host_, level, c_str({}), c_str(message), c_fields.data(), static_cast<uint32_t>(c_fields.size()));
}

Clock::Clock(const guichet_host* host)
    : host_(host), service_(require<guichet_clock_service>(host, GUICHET_CLOCK_SERVICE_ID)) {}
int64_t Clock::wall_ns() const { return service_->wall_ns(host_); }
int64_t Clock::monotonic_ns() const { return service_->monotonic_ns(host_); }
std::string Clock::utc_iso8601() const { return utc_iso8601(wall_ns()); }

std::string Clock::utc_iso8601(int64_t wall_ns) { return utc_timestamp(wall_ns / 1'000'000'000); }

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    auto same = [](std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
                return false;
        return true;
    };
    for (const auto& [n, v] : headers)
        if (same(n, name)) return v;
    return std::nullopt;
}

Http::Http(const guichet_host* host)
    : host_(host), service_(require<guichet_http_service>(host, GUICHET_HTTP_SERVICE_ID)) {}

HttpResponse Http::send(const HttpRequest& request) const {
    std::vector<guichet_http_header> headers;
    for (const auto& [name, value] : request.headers) headers.push_back({c_str(name), c_str(value)});
    guichet_http_request c{};
    c.struct_size = sizeof(c);
    c.method = c_str(request.method);
    c.url = c_str(request.url);
    c.headers = headers.data();
    c.header_count = static_cast<uint32_t>(headers.size());
    c.body = reinterpret_cast<const uint8_t*>(request.body.data());
    c.body_len = request.body.size();
    c.deadline_ns = request.deadline_ns;
    c.cancel = request.cancel;
    c.client_identity = c_str(request.client_identity);

    const guichet_http_response* raw = nullptr;
    service_->request(host_, &c, &raw);
    std::unique_ptr<const guichet_http_response, std::function<void(const guichet_http_response*)>> response(
        raw, [this](const guichet_http_response* r) { service_->release(host_, r); });
    if (response == nullptr) throw Error(GUICHET_E_INTERNAL, "the host's HTTP service returned no response");
    if (response->status != GUICHET_OK) {
        if (response->error == nullptr) throw Error(response->status, "HTTP exchange failed");
        const common::ErrorDetail reported = common::ErrorDetail::copy_of(*response->error);
        throw Error(response->status, reported.message.empty() ? "HTTP exchange failed" : reported.message)
            .retryable(reported.retryable)
            .with_http_status(reported.http_status)
            .with_user_message(reported.user_message);
    }
    HttpResponse out;
    out.status = response->http_status;
    for (uint32_t i = 0; i < response->header_count; ++i)
        out.headers.emplace_back(view(response->headers[i].name), view(response->headers[i].value));
    out.body.assign(reinterpret_cast<const char*>(response->body), static_cast<size_t>(response->body_len));
    return out;
}

Signer::Signer(const guichet_host* host)
    : host_(host), service_(require<guichet_sign_service>(host, GUICHET_SIGN_SERVICE_ID)) {}

std::vector<uint8_t> Signer::sign(guichet_sign_algorithm algorithm, std::string_view data,
                                  std::string_view key_name) const {
    std::vector<uint8_t> signature(1024);
    uint64_t len = signature.size();
    common::FirstError errors;
    const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
    guichet_status s =
        service_->sign(host_, c_str(key_name), algorithm, bytes, data.size(), signature.data(), &len, errors.sink());
    if (s == GUICHET_E_BUFFER_TOO_SMALL) {
        signature.resize(static_cast<size_t>(len));
        s = service_->sign(host_, c_str(key_name), algorithm, bytes, data.size(), signature.data(), &len,
                           errors.sink());
    }
    if (s != GUICHET_OK) raise(errors, s, "signing failed");
    signature.resize(static_cast<size_t>(len));
    return signature;
}

std::vector<std::vector<uint8_t>> Signer::certificate_chain(std::string_view key_name) const {
    const guichet_cert_chain* chain = nullptr;
    common::FirstError errors;
    const guichet_status s = service_->certificate_chain(host_, c_str(key_name), &chain, errors.sink());
    if (s != GUICHET_OK || chain == nullptr)
        raise(errors, s == GUICHET_OK ? GUICHET_E_IDENTITY : s, "no certificate chain");
    std::vector<std::vector<uint8_t>> out;
    for (uint32_t i = 0; i < chain->count; ++i) out.emplace_back(chain->der[i], chain->der[i] + chain->der_len[i]);
    return out;
}

Random::Random(const guichet_host* host)
    : host_(host), service_(require<guichet_random_service>(host, GUICHET_RANDOM_SERVICE_ID)) {}

std::vector<uint8_t> Random::bytes(size_t count) const {
    std::vector<uint8_t> out(count);
    if (const guichet_status s = service_->fill(host_, out.data(), out.size()); s != GUICHET_OK)
        throw Error(s, "the host could not produce random bytes");
    return out;
}

std::string Random::uuid() const {
    std::array<uint8_t, 16> random{};
    const auto b = bytes(random.size());
    std::copy(b.begin(), b.end(), random.begin());
    return common::uuid_v4(random);
}

Store::Store(const guichet_host* host)
    : host_(host), service_(require<guichet_store_service>(host, GUICHET_STORE_SERVICE_ID)) {}

std::optional<std::string> Store::get(std::string_view key) const {
    std::string value(256, '\0');
    uint64_t len = value.size();
    guichet_status s = service_->get(host_, c_str(key), reinterpret_cast<uint8_t*>(value.data()), &len);
    if (s == GUICHET_E_BUFFER_TOO_SMALL) {
        value.resize(static_cast<size_t>(len));
        s = service_->get(host_, c_str(key), reinterpret_cast<uint8_t*>(value.data()), &len);
    }
    if (s == GUICHET_E_NOT_FOUND) return std::nullopt;
    if (s != GUICHET_OK) throw Error(s, "the host store could not read '" + std::string(key) + "'");
    value.resize(static_cast<size_t>(len));
    return value;
}

void Store::put(std::string_view key, std::string_view value) const {
    if (const guichet_status s =
            service_->put(host_, c_str(key), reinterpret_cast<const uint8_t*>(value.data()), value.size());
        s != GUICHET_OK)
        throw Error(s, "the host store could not write '" + std::string(key) + "'");
}

bool Store::remove(std::string_view key) const {
    const guichet_status s = service_->remove(host_, c_str(key));
    if (s == GUICHET_E_NOT_FOUND) return false;
    if (s != GUICHET_OK) throw Error(s, "the host store could not remove '" + std::string(key) + "'");
    return true;
}

}  // namespace guichet::toolkit
