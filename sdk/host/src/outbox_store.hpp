#pragma once
// The outbox's table: one row per submission, its state, attempts, lease and payload. Only
// storage and the rules a single statement can enforce (who may claim, who may settle); what
// to do with an outcome is outbox_verdict.hpp, when to retry retry_schedule.hpp.
#include "sqlite_database.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace guichet::host {

namespace submission_state {
inline constexpr const char* queued = "queued";
inline constexpr const char* sending = "sending";
inline constexpr const char* accepted = "accepted";
inline constexpr const char* refused = "refused";
inline constexpr const char* failed = "failed";
inline constexpr const char* cancelled = "cancelled";
bool is_known(const std::string& state);
}  // namespace submission_state

/** What a new submission is made of. Times are wall-clock milliseconds since the epoch. */
struct NewSubmission {
    std::string id;
    std::string idempotency_key;
    std::string service;
    std::string operation;
    std::string patient_reference;
    std::string request;
    std::string context;  // the session's context JSON: how to send it again after a restart
    int64_t budget = 0;   // attempts allowed before `failed`
};

/** Who holds a submission while it is being sent: this runtime, until `until_ms`. */
struct Lease {
    std::string owner;  // the runtime's random token
    int64_t until_ms = 0;
};

/** A row as the delivery needs it. */
struct DueSubmission {
    std::string id;
    std::string idempotency_key;
    std::string service;
    std::string operation;
    std::string request;
    std::string context;
    int64_t attempts = 0;
    int64_t budget = 0;
    bool notify = false;
};

/** How an attempt ended, to be written by the lease holder. */
struct Settlement {
    std::string state;            // queued (retry), accepted, refused or failed
    int64_t next_attempt_ms = 0;  // for queued
    std::optional<std::string> answer;
    std::optional<nlohmann::json> last_error;
    bool notify = false;  // the caller was answered QUEUED: tell the listener when it settles
};

struct ListFilter {
    std::string state;
    std::string service;
    std::string patient_reference;
    int64_t limit = 100;
};

class OutboxStore {
public:
    /** Opens (creates) the table. Throws HostError(GUICHET_E_IO) on an unusable file or key. */
    OutboxStore(const std::string& path, const std::string& key);

    /** Stores a submission already claimed by `lease` (state sending, attempt 1), fsync'd. */
    void insert_claimed(const NewSubmission& submission, const Lease& lease, int64_t now_ms);
    /** Claims a due submission (queued and due, or sending under a dead or expired lease). */
    std::optional<DueSubmission> claim(const std::string& id, const Lease& lease, int64_t now_ms);
    /** Due submissions (id, service), oldest first. */
    std::vector<std::pair<std::string, std::string>> due(int64_t now_ms, int64_t limit);
    /** When submissions not settled become due (service, milliseconds), soonest first: a
     *  queued one's next attempt, a `sending` one's lease end. */
    std::vector<std::pair<std::string, int64_t>> upcoming(int64_t limit);
    /** Writes an attempt's outcome, only while `lease` still holds it; false otherwise. */
    bool settle(const std::string& id, const Lease& lease, const Settlement& outcome, int64_t now_ms);

    std::vector<nlohmann::json> list(const ListFilter& filter);
    std::optional<nlohmann::json> get(const std::string& id, bool with_payload);
    /** Queued or failed -> queued, due now, `budget` more attempts. Returns the previous state. */
    std::optional<std::string> retry(const std::string& id, int64_t budget, int64_t now_ms);
    /** Queued or failed -> cancelled. Returns the previous state. */
    std::optional<std::string> cancel(const std::string& id, int64_t now_ms);
    /** Forgets request, context and answer of submissions settled before `before_ms`. */
    int64_t purge_payloads(int64_t before_ms);

private:
    std::optional<std::string> state_of(const std::string& id);

    SqliteDatabase db_;
};

}  // namespace guichet::host
