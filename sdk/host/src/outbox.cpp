#include "outbox.hpp"

#include "callback_guard.hpp"
#include "lease_owners.hpp"
#include "runtime.hpp"
#include "session.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <chrono>

namespace guichet::host {

namespace {

// A lease outlives the longest attempt: a process still sending keeps its submission.
constexpr int64_t lease_margin_ms = 60'000;
constexpr int64_t attempt_without_deadline_ms = 600'000;
constexpr uint32_t background_attempt_deadline_ms = 120'000;
constexpr int64_t idle_poll_ms = 60'000;  // another process may queue into the same file

double unit_random() {
    uint32_t value = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof(value)) != 1) return 0.5;
    return static_cast<double>(value) / 4294967296.0;
}

nlohmann::json error_json(const ErrorDetail& e) {
    return {{"status", e.status},          {"status_name", guichet_status_name(e.status)},
            {"message", e.message},        {"user_message", e.user_message},
            {"retryable", e.retryable},    {"remote_code", e.remote_code},
            {"http_status", e.http_status}};
}

std::string text_of(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Outbox::Outbox(Runtime& runtime, OutboxSettings settings)
    : runtime_(runtime),
      settings_(std::move(settings)),
      owner_(make_random_uuid()),
      store_(settings_.path, settings_.key) {
    lease_owners::remember(owner_);
    std::lock_guard lock(store_mutex_);
    store_.purge_payloads(now_ms() - settings_.retention_days * 86'400'000);
}

Outbox::~Outbox() {
    stop();
    lease_owners::forget(owner_);
}

int64_t Outbox::now_ms() const { return runtime_.clock().wall_ns() / 1'000'000; }

Lease Outbox::lease_for(uint32_t deadline_ms) const {
    const int64_t attempt = deadline_ms == 0 ? attempt_without_deadline_ms : static_cast<int64_t>(deadline_ms);
    return {owner_, now_ms() + attempt + lease_margin_ms};
}

void Outbox::start() {
    if (!settings_.background || thread_.joinable()) return;
    thread_ = std::thread([this] { deliver_in_background(); });
}

void Outbox::request_stop() {
    {
        std::lock_guard lock(wake_mutex_);
        stopping_ = true;
    }
    wake_cv_.notify_all();
}

void Outbox::stop() {
    request_stop();
    if (thread_.joinable()) thread_.join();
}

void Outbox::wake() {
    {
        std::lock_guard lock(wake_mutex_);
        woken_ = true;
    }
    wake_cv_.notify_all();
}

SubmissionTicket Outbox::record(const std::string& service, const std::string& operation, const std::string& request,
                                const std::string& context, const std::string& patient_reference,
                                uint32_t deadline_ms) {
    SubmissionTicket ticket{make_random_uuid(), make_random_uuid(), lease_for(deadline_ms), 1, settings_.max_attempts};
    NewSubmission row{ticket.id, ticket.idempotency_key, service, operation, patient_reference, request,
                      context,   settings_.max_attempts};
    std::lock_guard lock(store_mutex_);
    store_.insert_claimed(row, ticket.lease, now_ms());
    return ticket;
}

guichet_result Outbox::queued_answer(const SubmissionTicket& ticket) {
    std::optional<nlohmann::json> summary;
    try {
        std::lock_guard lock(store_mutex_);
        summary = store_.get(ticket.id, false);
    } catch (const HostError&) {
        // The row is stored; only its description could not be read back.
    }
    if (!summary) summary = nlohmann::json{{"id", ticket.id}, {"state", submission_state::queued}};
    if ((*summary)["state"] == submission_state::sending) (*summary)["state"] = submission_state::queued;
    guichet_result answer = guichet_result::success(GUICHET_QUEUED, text_of(*summary));
    answer.submission_id = ticket.id;
    return answer;
}

guichet_result Outbox::settle(const SubmissionTicket& ticket, guichet_result outcome, bool caller_answered) {
    const SubmissionVerdict verdict = verdict_of(outcome);
    Settlement settlement;
    settlement.notify = caller_answered || verdict == SubmissionVerdict::retry;
    if (outcome.error) settlement.last_error = error_json(*outcome.error);
    switch (verdict) {
        case SubmissionVerdict::accepted:
            settlement.state = submission_state::accepted;
            settlement.answer = outcome.json;
            break;
        case SubmissionVerdict::refused:
            settlement.state = submission_state::refused;
            break;
        case SubmissionVerdict::failed:
            settlement.state = submission_state::failed;
            break;
        case SubmissionVerdict::retry:
            // The ticket carries the attempt's number and budget: no read back on every settlement.
            settlement.state = ticket.attempt >= ticket.budget ? submission_state::failed : submission_state::queued;
            settlement.next_attempt_ms =
                now_ms() + settings_.schedule.delay_ms(ticket.attempt, outcome.error ? outcome.error->retry_after_s : 0,
                                                       unit_random());
            break;
    }
    bool written = false;
    {
        std::lock_guard lock(store_mutex_);
        written = store_.settle(ticket.id, ticket.lease, settlement, now_ms());
    }
    if (written && settlement.state == submission_state::queued) wake();
    if (written && caller_answered && settlement.state != submission_state::queued) notify(ticket.id);
    if (settlement.state == submission_state::queued) return queued_answer(ticket);
    outcome.submission_id = ticket.id;
    return outcome;
}

void Outbox::set_listener(guichet_outbox_listener_fn listener, void* user_data) {
    std::lock_guard lock(listener_mutex_);
    listener_ = listener;
    listener_user_data_ = user_data;
}

void Outbox::notify(const std::string& id) {
    guichet_outbox_listener_fn listener = nullptr;
    void* user_data = nullptr;
    {
        std::lock_guard lock(listener_mutex_);
        listener = listener_;
        user_data = listener_user_data_;
    }
    if (listener == nullptr) return;
    std::optional<nlohmann::json> summary;
    {
        std::lock_guard lock(store_mutex_);
        summary = store_.get(id, false);
    }
    if (!summary) return;
    const std::string text = text_of(*summary);
    CallbackGuard guard;
    listener(user_data, text.c_str(), text.size());
}

void Outbox::retry(const std::string& id) {
    std::optional<std::string> previous;
    {
        std::lock_guard lock(store_mutex_);
        previous = store_.retry(id, settings_.max_attempts, now_ms());
    }
    if (!previous) fail(GUICHET_E_NOT_FOUND, "no submission '" + id + "' in the outbox");
    if (*previous != submission_state::queued && *previous != submission_state::failed)
        fail(GUICHET_E_INVALID_STATE, "submission '" + id + "' is " + *previous + ": it cannot be retried");
    wake();
}

void Outbox::cancel(const std::string& id) {
    std::optional<std::string> previous;
    {
        std::lock_guard lock(store_mutex_);
        previous = store_.cancel(id, now_ms());
    }
    if (!previous) fail(GUICHET_E_NOT_FOUND, "no submission '" + id + "' in the outbox");
    if (*previous != submission_state::queued && *previous != submission_state::failed)
        fail(GUICHET_E_INVALID_STATE, "submission '" + id + "' is " + *previous + ": it cannot be cancelled" +
                                          (*previous == submission_state::sending ? " (the service may have it)" : ""));
}

std::optional<SubmissionVerdict> Outbox::deliver(const std::string& id) {
    std::optional<DueSubmission> due;
    const Lease lease = lease_for(background_attempt_deadline_ms);
    {
        std::lock_guard lock(store_mutex_);
        due = store_.claim(id, lease, now_ms());
    }
    if (!due) return std::nullopt;  // another runtime took it, or it was cancelled meanwhile
    const SubmissionTicket ticket{due->id, due->idempotency_key, lease, due->attempts, due->budget};
    guichet_result outcome;
    try {
        Session& session = runtime_.delivery_session(due->context);
        const ServiceInfo* service = runtime_.find_service_now(due->service);
        if (service == nullptr) fail(GUICHET_E_NOT_FOUND, "no loaded plugin provides " + due->service + " any more");
        outcome = session.resend(*service, due->operation, due->request, ticket, background_attempt_deadline_ms);
    } catch (const HostError& e) {
        ErrorDetail detail = e.detail;
        // A session closed under it by the shutdown: stopped, not failed; sent again later.
        if (runtime_.stopping()) detail.status = GUICHET_E_CANCELLED;
        outcome = settle(ticket, guichet_result::failure(std::move(detail)), true);
    }
    if (outcome.status == GUICHET_QUEUED) return SubmissionVerdict::retry;
    return verdict_of(outcome);
}

DeliveryReport Outbox::run_due() {
    std::vector<std::pair<std::string, std::string>> due;
    {
        std::lock_guard lock(store_mutex_);
        store_.purge_payloads(now_ms() - settings_.retention_days * 86'400'000);
        due = store_.due(now_ms(), 1000);
    }
    DeliveryReport report;
    for (const auto& [id, service] : due) {
        if (runtime_.stopping()) break;
        if (runtime_.find_service_now(service) == nullptr) continue;  // waits for a runtime that has its plugin
        const auto verdict = deliver(id);
        if (!verdict) continue;
        ++report.attempted;
        switch (*verdict) {
            case SubmissionVerdict::accepted:
                ++report.accepted;
                break;
            case SubmissionVerdict::refused:
                ++report.refused;
                break;
            case SubmissionVerdict::failed:
                ++report.failed;
                break;
            case SubmissionVerdict::retry:
                ++report.queued;
                break;
        }
    }
    return report;
}

int64_t Outbox::next_due_ms() {
    std::vector<std::pair<std::string, int64_t>> upcoming;
    {
        std::lock_guard lock(store_mutex_);
        upcoming = store_.upcoming(1000);
    }
    for (const auto& [service, at_ms] : upcoming)
        if (runtime_.find_service_now(service) != nullptr) return at_ms;
    return now_ms() + idle_poll_ms;
}

void Outbox::deliver_in_background() {
    for (;;) {
        int64_t wait_ms = idle_poll_ms;
        try {
            run_due();
            wait_ms = std::clamp<int64_t>(next_due_ms() - now_ms(), 0, idle_poll_ms);
        } catch (const HostError& e) {
            runtime_.logger().warn("outbox", "delivery paused: " + e.detail.message);
        } catch (const std::exception& e) {
            runtime_.logger().warn("outbox", std::string("delivery paused: ") + e.what());
        }
        std::unique_lock lock(wake_mutex_);
        // A due submission another runtime holds is retried no sooner than every 50 ms.
        wake_cv_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(wait_ms, 50)),
                          [this] { return stopping_ || woken_; });
        if (stopping_) return;
        woken_ = false;
    }
}

}  // namespace guichet::host
