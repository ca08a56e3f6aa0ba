#include "outbox_store.hpp"

#include "error_detail.hpp"
#include "lease_owners.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <ctime>

namespace guichet::host {

namespace submission_state {
bool is_known(const std::string& state) {
    return state == queued || state == sending || state == accepted || state == refused || state == failed ||
           state == cancelled;
}
}  // namespace submission_state

namespace {

constexpr const char* schema =
    "CREATE TABLE IF NOT EXISTS submissions("
    " id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE,"
    " service TEXT NOT NULL, operation TEXT NOT NULL, patient_reference TEXT,"
    " state TEXT NOT NULL, attempts INTEGER NOT NULL, budget INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,"
    " settled_at INTEGER, notify INTEGER NOT NULL DEFAULT 0,"
    " lease_owner TEXT, lease_host TEXT, lease_pid INTEGER, lease_until INTEGER,"
    " request TEXT, context TEXT, answer TEXT, last_error TEXT);"
    "CREATE INDEX IF NOT EXISTS submissions_by_state ON submissions(state, next_attempt_at);"
    "CREATE INDEX IF NOT EXISTS submissions_by_patient ON submissions(patient_reference);"
    "CREATE INDEX IF NOT EXISTS submissions_by_creation ON submissions(created_at);";

// lease_stale(host, pid, owner, until, now) for SQL: the claim is one atomic UPDATE.
void lease_stale(sqlite3_context* ctx, int, sqlite3_value** v) {
    auto text = [&](int i) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v[i]));
        return p == nullptr ? std::string() : std::string(p);
    };
    sqlite3_result_int(ctx, lease_owners::is_stale(text(0), sqlite3_value_int64(v[1]), text(2),
                                                   sqlite3_value_int64(v[3]), sqlite3_value_int64(v[4]))
                                ? 1
                                : 0);
}

std::string iso8601(int64_t ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

constexpr const char* summary_columns =
    "id, idempotency_key, service, operation, patient_reference, state, attempts, created_at, updated_at,"
    " next_attempt_at, settled_at, last_error, budget";

nlohmann::json summary_of(const SqliteStatement& row) {
    nlohmann::json s = {{"id", row.text(0)},
                        {"idempotency_key", row.text(1)},
                        {"service", row.text(2)},
                        {"operation", row.text(3)},
                        {"patient_reference", row.text(4)},
                        {"state", row.text(5)},
                        {"attempts", row.integer(6)},
                        {"max_attempts", row.integer(12)},
                        {"created_at", iso8601(row.integer(7))},
                        {"updated_at", iso8601(row.integer(8))}};
    if (row.text(5) == submission_state::queued) s["next_attempt_at"] = iso8601(row.integer(9));
    if (!row.is_null(10)) s["settled_at"] = iso8601(row.integer(10));
    if (const auto error = row.optional_text(11)) s["last_error"] = nlohmann::json::parse(*error, nullptr, false);
    return s;
}

}  // namespace

OutboxStore::OutboxStore(const std::string& path, const std::string& key) : db_(path, key, "outbox") {
    // FULL: a submission the caller was told is stored survives a power cut, not only a crash.
    db_.exec("PRAGMA synchronous=FULL");
    db_.exec(schema);
    if (sqlite3_create_function(db_.handle(), "lease_stale", 5, SQLITE_UTF8, nullptr, lease_stale, nullptr, nullptr) !=
        SQLITE_OK)
        db_.fail_with("register lease_stale");
}

void OutboxStore::insert_claimed(const NewSubmission& s, const Lease& lease, int64_t now_ms) {
    auto q = db_.prepare(
        "INSERT INTO submissions(id, idempotency_key, service, operation, patient_reference, state, attempts, budget,"
        " created_at, updated_at, next_attempt_at, lease_owner, lease_host, lease_pid, lease_until, request, context)"
        " VALUES(?1, ?2, ?3, ?4, ?5, 'sending', 1, ?6, ?7, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    q.bind(1, s.id).bind(2, s.idempotency_key).bind(3, s.service).bind(4, s.operation).bind(5, s.patient_reference);
    q.bind(6, s.budget).bind(7, now_ms).bind(8, lease.owner).bind(9, lease_owners::this_host());
    q.bind(10, static_cast<int64_t>(::getpid())).bind(11, lease.until_ms).bind(12, s.request).bind(13, s.context);
    q.run();
}

std::optional<DueSubmission> OutboxStore::claim(const std::string& id, const Lease& lease, int64_t now_ms) {
    SqliteTransaction transaction(db_);
    auto update = db_.prepare(
        "UPDATE submissions SET state='sending', attempts=attempts+1, updated_at=?2, lease_owner=?3, lease_host=?4,"
        " lease_pid=?5, lease_until=?6 WHERE id=?1 AND request IS NOT NULL AND"
        " ((state='queued' AND next_attempt_at<=?2) OR"
        "  (state='sending' AND lease_stale(lease_host, lease_pid, lease_owner, lease_until, ?2)))");
    update.bind(1, id).bind(2, now_ms).bind(3, lease.owner).bind(4, lease_owners::this_host());
    update.bind(5, static_cast<int64_t>(::getpid())).bind(6, lease.until_ms);
    update.run();
    if (db_.changes() != 1) return std::nullopt;
    auto row = db_.prepare(
        "SELECT id, idempotency_key, service, operation, request, context, attempts, budget, notify"
        " FROM submissions WHERE id=?1");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    DueSubmission due{row.text(0), row.text(1),    row.text(2),    row.text(3),        row.text(4),
                      row.text(5), row.integer(6), row.integer(7), row.integer(8) != 0};
    transaction.commit();
    return due;
}

std::vector<std::pair<std::string, std::string>> OutboxStore::due(int64_t now_ms, int64_t limit) {
    auto q = db_.prepare(
        "SELECT id, service FROM submissions WHERE request IS NOT NULL AND ((state='queued' AND next_attempt_at<=?1)"
        " OR (state='sending' AND lease_stale(lease_host, lease_pid, lease_owner, lease_until, ?1)))"
        " ORDER BY next_attempt_at LIMIT ?2");
    q.bind(1, now_ms).bind(2, limit);
    std::vector<std::pair<std::string, std::string>> rows;
    while (q.step()) rows.emplace_back(q.text(0), q.text(1));
    return rows;
}

std::vector<std::pair<std::string, int64_t>> OutboxStore::upcoming(int64_t limit) {
    auto q = db_.prepare(
        "SELECT service, CASE state WHEN 'queued' THEN next_attempt_at ELSE lease_until END AS at FROM submissions"
        " WHERE state IN ('queued', 'sending') AND request IS NOT NULL ORDER BY at LIMIT ?1");
    q.bind(1, limit);
    std::vector<std::pair<std::string, int64_t>> rows;
    while (q.step()) rows.emplace_back(q.text(0), q.integer(1));
    return rows;
}

bool OutboxStore::settle(const std::string& id, const Lease& lease, const Settlement& outcome, int64_t now_ms) {
    const bool final_state = outcome.state != submission_state::queued;
    auto q = db_.prepare(
        "UPDATE submissions SET state=?3, updated_at=?4, next_attempt_at=?5, settled_at=?6, answer=?7, last_error=?8,"
        " notify=MAX(notify, ?9), lease_owner=NULL, lease_host=NULL, lease_pid=NULL, lease_until=NULL"
        " WHERE id=?1 AND state='sending' AND lease_owner=?2");
    q.bind(1, id).bind(2, lease.owner).bind(3, outcome.state).bind(4, now_ms);
    q.bind(5, final_state ? now_ms : outcome.next_attempt_ms);
    if (final_state)
        q.bind(6, now_ms);
    else
        q.bind_null(6);
    if (outcome.answer)
        q.bind(7, *outcome.answer);
    else
        q.bind_null(7);
    if (outcome.last_error)
        q.bind(8, outcome.last_error->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    else
        q.bind_null(8);
    q.bind(9, static_cast<int64_t>(outcome.notify ? 1 : 0));
    q.run();
    return db_.changes() == 1;
}

std::vector<nlohmann::json> OutboxStore::list(const ListFilter& filter) {
    auto q = db_.prepare(std::string("SELECT ") + summary_columns +
                         " FROM submissions WHERE (?1='' OR state=?1) AND (?2='' OR service=?2) AND"
                         " (?3='' OR patient_reference=?3) ORDER BY created_at DESC, id LIMIT ?4");
    q.bind(1, filter.state).bind(2, filter.service).bind(3, filter.patient_reference).bind(4, filter.limit);
    std::vector<nlohmann::json> rows;
    while (q.step()) rows.push_back(summary_of(q));
    return rows;
}

std::optional<nlohmann::json> OutboxStore::get(const std::string& id, bool with_payload) {
    auto q = db_.prepare(std::string("SELECT ") + summary_columns + ", request, answer FROM submissions WHERE id=?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    nlohmann::json s = summary_of(q);
    if (with_payload) {
        const auto request = q.optional_text(13);
        const auto answer = q.optional_text(14);
        s["request"] = request ? nlohmann::json::parse(*request, nullptr, false) : nlohmann::json();
        s["answer"] = answer ? nlohmann::json::parse(*answer, nullptr, false) : nlohmann::json();
        s["payload_purged"] = !request.has_value();
    }
    return s;
}

std::optional<std::string> OutboxStore::state_of(const std::string& id) {
    auto q = db_.prepare("SELECT state FROM submissions WHERE id=?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

std::optional<std::string> OutboxStore::retry(const std::string& id, int64_t budget, int64_t now_ms) {
    SqliteTransaction transaction(db_);
    auto previous = state_of(id);
    if (previous && (*previous == submission_state::queued || *previous == submission_state::failed)) {
        auto q = db_.prepare(
            "UPDATE submissions SET state='queued', next_attempt_at=?2, updated_at=?2, settled_at=NULL,"
            " budget=attempts+?3 WHERE id=?1 AND request IS NOT NULL");
        q.bind(1, id).bind(2, now_ms).bind(3, budget);
        q.run();
        if (db_.changes() != 1) previous = "purged";
    }
    transaction.commit();
    return previous;
}

std::optional<std::string> OutboxStore::cancel(const std::string& id, int64_t now_ms) {
    SqliteTransaction transaction(db_);
    const auto previous = state_of(id);
    if (previous && (*previous == submission_state::queued || *previous == submission_state::failed)) {
        auto q = db_.prepare("UPDATE submissions SET state='cancelled', updated_at=?2, settled_at=?2 WHERE id=?1");
        q.bind(1, id).bind(2, now_ms);
        q.run();
    }
    transaction.commit();
    return previous;
}

int64_t OutboxStore::purge_payloads(int64_t before_ms) {
    auto q = db_.prepare(
        "UPDATE submissions SET request=NULL, context=NULL, answer=NULL WHERE settled_at IS NOT NULL AND"
        " settled_at<?1 AND state IN ('accepted', 'refused', 'cancelled') AND request IS NOT NULL");
    q.bind(1, before_ms);
    q.run();
    return db_.changes();
}

}  // namespace guichet::host
