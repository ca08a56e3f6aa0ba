#pragma once
// guichet.http/1 on libcurl: TLS verification always on, connections reused per host and per
// client identity, deadlines and cancellation checked while the exchange runs.
#include "error_detail.hpp"
#include "identity.hpp"

#include <guichet/services.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace guichet::host {

struct HttpExchange {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<uint8_t> body;
    int64_t deadline_ns = GUICHET_NO_DEADLINE;
    std::string ca_bundle;                     // empty = system store
    std::shared_ptr<const Identity> identity;  // null = no client certificate
};

struct HttpOutcome {
    guichet_status status = GUICHET_OK;
    ErrorDetail error;
    int32_t http_status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<uint8_t> body;
};

/** Returns GUICHET_OK to go on, or the reason to stop (cancelled, deadline). */
using StopCheck = std::function<guichet_status()>;

class HttpClient {
public:
    /** `max_response_bytes`: the largest answer body accepted (0 = GUICHET_DEFAULT_MAX_RESPONSE_BYTES);
     *  a larger one fails with GUICHET_E_BAD_RESPONSE, whether announced or streamed. */
    HttpClient(std::string proxy_url, std::function<int64_t()> monotonic_ns, uint64_t max_response_bytes = 0);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /** Blocks until the exchange completes or stops. Never throws. */
    HttpOutcome perform(const HttpExchange& exchange, const StopCheck& stop);

    /** How many connections libcurl opened so far (connection reuse shows in tests and benches). */
    long connections_opened() const;

private:
    ConnectionPool& pool_for(const Identity* identity);

    std::string proxy_url_;
    std::function<int64_t()> monotonic_ns_;
    uint64_t max_response_bytes_;
    // Exchanges without a client certificate share these. Those with one use their identity's
    // pool, which the identity owns (Identity::connections): it closes with the identity.
    std::unique_ptr<ConnectionPool> anonymous_pool_;
    mutable std::mutex mutex_;
    long connections_opened_ = 0;
};

}  // namespace guichet::host
