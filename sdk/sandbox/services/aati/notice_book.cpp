#include "notice_book.hpp"

#include <guichet/toolkit/utc_time.hpp>

namespace guichet::sandbox::aati_service {

namespace {

int64_t seconds_of(const nlohmann::json& seed, const char* member) {
    return toolkit::parse_utc_timestamp(seed.value(member, "")).value_or(0);
}

Notice seeded(const nlohmann::json& s) {
    Notice n;
    n.number = s.value("number", "");
    n.certificate_number = s.value("certificate_number", "");
    n.patient_ins = s.value("patient_ins", "");
    n.professional = s.value("professional", "");
    n.state = s.value("state", "TRANSMIS");
    n.version = s.value("version", 1);
    n.received_at = seconds_of(s, "received_at");
    n.correctable_until = seconds_of(s, "correctable_until");
    n.nature = s.value("nature", "");
    n.risk = s.value("risk", "");
    n.work_time = s.value("work_time", "");
    n.start_date = s.value("start_date", "");
    n.end_date = s.value("end_date", "");
    return n;
}

}  // namespace

void NoticeBook::synchronise(uint64_t generation, const nlohmann::json& seeds) {
    std::lock_guard lock(mutex_);
    if (generation_ == generation) return;
    generation_ = generation;
    notices_.clear();
    for (const auto& s : seeds)
        if (s.is_object()) notices_.push_back(seeded(s));
}

void NoticeBook::add(Notice notice) {
    std::lock_guard lock(mutex_);
    notices_.push_back(std::move(notice));
}

std::optional<Notice> NoticeBook::find(const std::string& number) const {
    std::lock_guard lock(mutex_);
    for (const auto& n : notices_)
        if (!number.empty() && (n.number == number || n.certificate_number == number)) return n;
    return std::nullopt;
}

bool NoticeBook::update(const std::string& number, const std::function<void(Notice&)>& change) {
    std::lock_guard lock(mutex_);
    for (auto& n : notices_)
        if (!number.empty() && n.number == number) {
            change(n);
            return true;
        }
    return false;
}

std::vector<Notice> NoticeBook::history(const std::string& professional, const std::string& patient_ins) const {
    std::lock_guard lock(mutex_);
    std::vector<Notice> found;
    // Newest first: in the order they were first received (seeds are older than any notice
    // sent), not by the date of their latest version, so a cancellation does not reorder them.
    for (auto it = notices_.rbegin(); it != notices_.rend(); ++it)
        if (it->professional == professional && it->patient_ins == patient_ins) found.push_back(*it);
    return found;
}

}  // namespace guichet::sandbox::aati_service
