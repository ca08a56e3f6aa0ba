#pragma once
// Typed access to the host services of an instance (log, clock, http, sign, random, store).
// A missing service throws Error(GUICHET_E_UNSUPPORTED) naming it, at first use.
#include "error.hpp"

#include <guichet/common/abi_glue.hpp>
#include <guichet/services.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guichet::toolkit {

// The toolkit's names for the ABI string glue every layer shares (guichet/common/abi_glue.hpp).
inline guichet_str c_str(std::string_view s) { return common::to_c(s); }
inline std::string_view view(guichet_str s) { return common::to_view(s); }

struct LogField {
    std::string_view name;
    std::string_view value;
    bool patient_data = false;  ///< NIR, INS, names, birth dates: redacted by the host
};

class Log {
public:
    explicit Log(const guichet_host* host);
    void write(guichet_log_level level, std::string_view message, std::initializer_list<LogField> fields = {}) const;
    void debug(std::string_view m, std::initializer_list<LogField> f = {}) const { write(GUICHET_LOG_DEBUG, m, f); }
    void info(std::string_view m, std::initializer_list<LogField> f = {}) const { write(GUICHET_LOG_INFO, m, f); }
    void warn(std::string_view m, std::initializer_list<LogField> f = {}) const { write(GUICHET_LOG_WARN, m, f); }
    void error(std::string_view m, std::initializer_list<LogField> f = {}) const { write(GUICHET_LOG_ERROR, m, f); }

private:
    const guichet_host* host_;
    const guichet_log_service* service_;  // logging is best effort: absent means silent
};

class Clock {
public:
    explicit Clock(const guichet_host* host);
    int64_t wall_ns() const;
    int64_t monotonic_ns() const;
    /** Wall time as "YYYY-MM-DDTHH:MM:SSZ" (UTC), the form SOAP and SAML timestamps use. */
    std::string utc_iso8601() const;
    static std::string utc_iso8601(int64_t wall_ns);

private:
    const guichet_host* host_;
    const guichet_clock_service* service_;
};

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int64_t deadline_ns = GUICHET_NO_DEADLINE;
    const guichet_cancel_token* cancel = nullptr;
    std::string client_identity;  ///< "" = session default, "none" = no client certificate
};

struct HttpResponse {
    int32_t status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /** First header with this name, case-insensitively. */
    std::optional<std::string> header(std::string_view name) const;
};

class Http {
public:
    explicit Http(const guichet_host* host);
    /** Performs the exchange. A transport failure throws Error with the host's status and
     *  message (network, TLS, deadline, cancelled); any HTTP status is returned, not thrown. */
    HttpResponse send(const HttpRequest& request) const;

private:
    const guichet_host* host_;
    const guichet_http_service* service_;
};

class Signer {
public:
    explicit Signer(const guichet_host* host);
    std::vector<uint8_t> sign(guichet_sign_algorithm algorithm, std::string_view data,
                              std::string_view key_name = {}) const;
    /** Leaf first, DER. */
    std::vector<std::vector<uint8_t>> certificate_chain(std::string_view key_name = {}) const;

private:
    const guichet_host* host_;
    const guichet_sign_service* service_;
};

class Random {
public:
    explicit Random(const guichet_host* host);
    std::vector<uint8_t> bytes(size_t count) const;
    /** A random (version 4) UUID, lowercase. */
    std::string uuid() const;

private:
    const guichet_host* host_;
    const guichet_random_service* service_;
};

class Store {
public:
    explicit Store(const guichet_host* host);
    std::optional<std::string> get(std::string_view key) const;
    void put(std::string_view key, std::string_view value) const;
    bool remove(std::string_view key) const;

private:
    const guichet_host* host_;
    const guichet_store_service* service_;
};

/** The host as a plugin instance sees it. */
class Host {
public:
    explicit Host(const guichet_host* host) : host_(host) {}
    const guichet_host* c_host() const { return host_; }
    Log log() const { return Log(host_); }
    Clock clock() const { return Clock(host_); }
    Http http() const { return Http(host_); }
    Signer signer() const { return Signer(host_); }
    Random random() const { return Random(host_); }
    Store store() const { return Store(host_); }

private:
    const guichet_host* host_;
};

}  // namespace guichet::toolkit
