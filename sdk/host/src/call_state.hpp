#pragma once
// One call in flight: its request, cancel token, and the completion that fires exactly once.
#include "call_result.hpp"
#include "outbox.hpp"

#include <guichet/plugin.h>
#include <guichet/runtime.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace guichet::host {

class Session;
struct ServiceInfo;
class Clock;

class CallState : public std::enable_shared_from_this<CallState> {
public:
    CallState(Session& session, const ServiceInfo& service, std::string operation, std::string request,
              int64_t deadline_ns, std::string call_id);

    Session& session() const { return session_; }
    const ServiceInfo& service() const { return service_; }
    const std::string& operation() const { return operation_; }
    int64_t deadline_ns() const { return deadline_ns_; }

    void cancel() { cancelled_.store(true); }
    /** GUICHET_OK, GUICHET_E_CANCELLED or GUICHET_E_DEADLINE_EXCEEDED, right now. */
    guichet_status stop_reason() const;

    /** The plugin-facing call; valid as long as this object. */
    const guichet_invocation& c_call() const { return call_; }
    const guichet_cancel_token& token() const { return token_; }

    /** Records the outcome if none was recorded yet; returns true for the one that wins. */
    bool complete(guichet_result result);
    bool completed() const;
    /** Waits until completed; false on timeout. timeout_ms 0 = forever. */
    bool wait(uint32_t timeout_ms) const;
    /** The recorded outcome; only after completed(). */
    const guichet_result& result() const { return result_; }
    guichet_result& result() { return result_; }

    /** Makes this call an attempt of a stored submission: the plugin gets its idempotency key.
     *  `redelivery`: sent by the outbox itself, no caller waits. Before the plugin runs. */
    void attach_submission(SubmissionTicket ticket, bool redelivery);
    const std::optional<SubmissionTicket>& submission() const { return submission_; }
    bool redelivery() const { return redelivery_; }

    bool asynchronous = false;  // then the application is told through a delivery, exactly once
    guichet_call_done_fn done = nullptr;
    void* done_user_data = nullptr;

private:
    static guichet_status GUICHET_CALL check_token(const guichet_cancel_token* token);

    Session& session_;
    const ServiceInfo& service_;
    std::string operation_;
    std::string request_;
    int64_t deadline_ns_;
    std::string call_id_;
    std::atomic<bool> cancelled_{false};
    guichet_cancel_token token_{};
    guichet_invocation call_{};
    std::optional<SubmissionTicket> submission_;
    bool redelivery_ = false;

    mutable std::mutex mutex_;
    mutable std::condition_variable completed_cv_;
    bool completed_ = false;
    guichet_result result_;
};

}  // namespace guichet::host

/** The application's handle on an asynchronous call. */
struct guichet_pending_call {
    std::shared_ptr<guichet::host::CallState> state;
};
