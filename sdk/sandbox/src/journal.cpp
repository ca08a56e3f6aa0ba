#include "journal.hpp"

#include <guichet/common/redaction.hpp>

#include <chrono>
#include <ctime>

namespace guichet::sandbox {

namespace {
std::string now_utc() {
    const auto now = std::chrono::system_clock::now();
    const time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
    return out;
}
}  // namespace

Journal::Journal(std::string file, bool keep_patient_data)
    : file_(std::move(file)), keep_patient_data_(keep_patient_data) {
    if (!file_.empty()) out_.open(file_, std::ios::app);
}

void Journal::record(const JournalEntry& e) {
    auto safe = [this](const std::string& text) {
        return keep_patient_data_ ? text : common::redact_patient_data(text);
    };
    std::lock_guard lock(mutex_);
    append({{"kind", "exchange"},
            {"service", e.service},
            {"operation", e.operation},
            {"client", e.client_subject},
            {"method", e.method},
            {"path", e.path},
            {"status", e.status},
            {"duration_ms", e.duration_ms},
            {"fault", e.fault},
            {"injected", e.injected},
            {"redacted", !keep_patient_data_},
            {"request", safe(e.request_body)},
            {"response", safe(e.response_body)}});
}

void Journal::record_tls_refusal(const std::string& listener, const std::string& reason) {
    std::lock_guard lock(mutex_);
    append({{"kind", "tls_refusal"}, {"service", ""}, {"listener", listener}, {"reason", reason}});
}

void Journal::append(nlohmann::json line) {
    line["seq"] = next_sequence_++;
    line["time"] = now_utc();
    if (out_.is_open()) out_ << line.dump() << "\n" << std::flush;
    entries_.push_back(std::move(line));
}

nlohmann::json Journal::query(uint64_t since, const std::string& service, const std::string& kind) const {
    std::lock_guard lock(mutex_);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries_)
        if (e["seq"].get<uint64_t>() > since && (service.empty() || e["service"] == service) &&
            (kind == "all" || e["kind"] == kind))
            out.push_back(e);
    return out;
}

uint64_t Journal::last_sequence() const {
    std::lock_guard lock(mutex_);
    return next_sequence_ - 1;
}

void Journal::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

}  // namespace guichet::sandbox
