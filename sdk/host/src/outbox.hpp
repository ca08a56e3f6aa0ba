#pragma once
// The runtime's outbox (docs/outbox.md): a submission is stored before it is sent, sent with
// the same idempotency key on every attempt, retried with backoff exactly when its failure says
// retrying can help, and settled once. The caller is answered at once: the service's answer
// when it came in time, GUICHET_QUEUED otherwise; the listener hears of what settles later.
#include "call_result.hpp"
#include "outbox_store.hpp"
#include "outbox_verdict.hpp"
#include "retry_schedule.hpp"

#include <guichet/outbox.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace guichet::host {

class Runtime;

/** A submission's attempt in progress: what the call carries to the plugin and back. */
struct SubmissionTicket {
    std::string id;
    std::string idempotency_key;
    Lease lease;
    int64_t attempt = 1;  // this attempt's number
    int64_t budget = 0;   // attempts allowed before `failed`
};

struct OutboxSettings {
    std::string path;  // "" = in memory
    std::string key;
    int64_t max_attempts = 8;
    RetrySchedule schedule;
    int64_t retention_days = 30;
    bool background = true;
};

struct DeliveryReport {
    int64_t attempted = 0, accepted = 0, refused = 0, failed = 0, queued = 0;
};

class Outbox {
public:
    Outbox(Runtime& runtime, OutboxSettings settings);
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    /** Starts the background delivery (unless the settings say manual). After plugins may load. */
    void start();
    /** Asks the background delivery to stop after its attempt in progress; does not wait. */
    void request_stop();
    /** Stops the background delivery and waits for its attempt in progress. Idempotent. */
    void stop();
    /** Something may be due sooner than planned (a plugin loaded, a submission queued). */
    void wake();

    /** Stores a new submission, claimed by this runtime for its first attempt. Throws HostError. */
    SubmissionTicket record(const std::string& service, const std::string& operation, const std::string& request,
                            const std::string& context, const std::string& patient_reference, uint32_t deadline_ms);
    /** Writes the outcome of an attempt; returns what the caller sees (QUEUED when it will be
     *  retried). `caller_answered`: the caller already had its answer, so the listener is told. */
    guichet_result settle(const SubmissionTicket& ticket, guichet_result outcome, bool caller_answered);
    /** What the caller sees when it stops waiting before the attempt ends (deadline, cancel). */
    guichet_result queued_answer(const SubmissionTicket& ticket);

    DeliveryReport run_due();

    void set_listener(guichet_outbox_listener_fn listener, void* user_data);
    std::vector<nlohmann::json> list(const ListFilter& filter) { return store_.list(filter); }
    std::optional<nlohmann::json> get(const std::string& id) { return store_.get(id, true); }
    void retry(const std::string& id);
    void cancel(const std::string& id);

private:
    void deliver_in_background();
    std::optional<SubmissionVerdict> deliver(const std::string& id);
    void notify(const std::string& id);
    int64_t next_due_ms();
    Lease lease_for(uint32_t deadline_ms) const;
    int64_t now_ms() const;

    Runtime& runtime_;
    OutboxSettings settings_;
    std::string owner_;       // this runtime's lease token
    std::mutex store_mutex_;  // one statement sequence at a time on the connection
    OutboxStore store_;

    std::mutex listener_mutex_;
    guichet_outbox_listener_fn listener_ = nullptr;
    void* listener_user_data_ = nullptr;

    std::mutex wake_mutex_;
    std::condition_variable wake_cv_;
    bool woken_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace guichet::host
