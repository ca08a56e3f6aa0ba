#include "call_state.hpp"

#include "runtime.hpp"
#include "session.hpp"

#include <chrono>

namespace guichet::host {

CallState::CallState(Session& session, const ServiceInfo& service, std::string operation, std::string request,
                     int64_t deadline_ns, std::string call_id)
    : session_(session),
      service_(service),
      operation_(std::move(operation)),
      request_(std::move(request)),
      deadline_ns_(deadline_ns),
      call_id_(std::move(call_id)) {
    token_.struct_size = sizeof(guichet_cancel_token);
    token_.host_data = this;
    token_.check = check_token;
    call_.struct_size = sizeof(guichet_invocation);
    call_.operation = to_c(operation_);
    call_.request_json = to_c(request_);
    call_.deadline_ns = deadline_ns_;
    call_.cancel = &token_;
    call_.idempotency_key = {nullptr, 0};
    call_.call_id = to_c(call_id_);
}

void CallState::attach_submission(SubmissionTicket ticket, bool redelivery) {
    submission_ = std::move(ticket);
    redelivery_ = redelivery;
    call_.idempotency_key = to_c(submission_->idempotency_key);
}

guichet_status CallState::stop_reason() const {
    if (cancelled_.load()) return GUICHET_E_CANCELLED;
    if (deadline_ns_ != GUICHET_NO_DEADLINE && session_.runtime().clock().monotonic_ns() >= deadline_ns_)
        return GUICHET_E_DEADLINE_EXCEEDED;
    return GUICHET_OK;
}

guichet_status GUICHET_CALL CallState::check_token(const guichet_cancel_token* token) {
    if (token == nullptr || token->host_data == nullptr) return GUICHET_E_INVALID_ARGUMENT;
    return static_cast<const CallState*>(token->host_data)->stop_reason();
}

bool CallState::complete(guichet_result result) {
    {
        std::lock_guard lock(mutex_);
        if (completed_) return false;
        result_ = std::move(result);
        completed_ = true;
    }
    completed_cv_.notify_all();
    return true;
}

bool CallState::completed() const {
    std::lock_guard lock(mutex_);
    return completed_;
}

bool CallState::wait(uint32_t timeout_ms) const {
    std::unique_lock lock(mutex_);
    if (timeout_ms == 0) {
        completed_cv_.wait(lock, [this] { return completed_; });
        return true;
    }
    return completed_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return completed_; });
}

}  // namespace guichet::host
