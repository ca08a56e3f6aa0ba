// A submitting service for the outbox's tests, without a network: service "submission-test/1".
//   submit    {"behaviour": B, "fail_times": N, "ms": M} -- submitting (outbox, idempotency key)
//             B = "accept": answers {"key", "attempt"}; "refuse": a final business refusal;
//             "unavailable": retryable failure the first N attempts of this key (all when N is
//             absent), then accepts; "unreadable": a BAD_RESPONSE (needs a person);
//             "slow": waits M ms honouring deadline and cancel, then accepts.
//   attempts  {"key": K} -> {"count": attempts seen for K} (counted in the plugin store)
//   plain     not submitting: {"key": the idempotency key the host gave, "" expected}
#include <guichet/toolkit/plugin.hpp>

#include <chrono>
#include <thread>

namespace tk = guichet::toolkit;

namespace {

int64_t count_attempt(tk::Call& call) {
    const tk::Store store = call.host().store();
    const std::string key = "attempts:" + std::string(call.idempotency_key());
    const int64_t count = std::stoll(store.get(key).value_or("0")) + 1;
    store.put(key, std::to_string(count));
    return count;
}

tk::Json submit(tk::Call& call) {
    if (call.idempotency_key().empty()) throw tk::Error(GUICHET_E_INTERNAL, "no idempotency key from the host");
    const int64_t attempt = count_attempt(call);
    const tk::Json& request = call.request().document();
    const std::string behaviour = request.value("behaviour", "accept");
    if (behaviour == "refuse")
        throw tk::Error(GUICHET_E_REMOTE_FAULT, "the service refuses this notice")
            .with_remote_code("test_refusal")
            .retryable(false);
    if (behaviour == "unreadable") throw tk::Error(GUICHET_E_BAD_RESPONSE, "the answer could not be read");
    if (behaviour == "unavailable" &&
        (!request.contains("fail_times") || attempt <= request["fail_times"].get<int64_t>()))
        throw tk::Error(GUICHET_E_SERVICE_UNAVAILABLE, "the service is unavailable").retryable(true);
    if (behaviour == "slow") {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(request.value("ms", 0));
        while (std::chrono::steady_clock::now() < until) {
            call.check_cancelled();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    return {{"key", std::string(call.idempotency_key())}, {"attempt", attempt}};
}

tk::Json attempts(tk::Call& call) {
    const std::string key = call.request().string("/key");
    return {{"count", std::stoll(call.host().store().get("attempts:" + key).value_or("0"))}};
}

tk::Json plain(tk::Call& call) { return {{"key", std::string(call.idempotency_key())}}; }

tk::PluginDefinition define() {
    return tk::PluginDefinition().service(tk::Service("submission-test/1", "Outbox test service", {1, 0, 0})
                                              .submitting_operation("submit", "Submits a test notice", submit)
                                              .operation("attempts", "Attempts seen for a key", attempts)
                                              .operation("plain", "Not a submission", plain));
}

}  // namespace

GUICHET_PLUGIN_ENTRY(define)
