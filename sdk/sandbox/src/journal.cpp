#include "journal.hpp"

#include "private_files.hpp"

#include <guichet/common/redaction.hpp>
#include <guichet/toolkit/crypto.hpp>

#include <chrono>
#include <ctime>

namespace guichet::sandbox {

namespace {
// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
size_t utf8_sequence_length(const unsigned char* p, size_t left) {
    const unsigned char c = p[0];
    if (c < 0x80) return 1;
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (left < length || p[1] < low || p[1] > high) return 0;
    for (size_t i = 2; i < length; ++i)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return length;
}

bool is_utf8(const std::string& text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    for (size_t at = 0; at < text.size();) {
        const size_t length = utf8_sequence_length(p + at, text.size() - at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

// JSON text is UTF-8 (nlohmann's dump throws on anything else): a field whose bytes are not UTF-8
// (a Latin-1 body, a raw path) is kept as base64, marked by "<field>_encoding": "base64", so the
// journal holds every exchange with its exact bytes.
void keep_bytes_as_json(nlohmann::json& line) {
    nlohmann::json markers = nlohmann::json::object();
    for (auto& [name, value] : line.items()) {
        if (!value.is_string() || is_utf8(value.get_ref<const std::string&>())) continue;
        const std::string& bytes = value.get_ref<const std::string&>();
        value = toolkit::base64_encode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        markers[name + "_encoding"] = "base64";
    }
    line.update(markers);
}

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
    if (file_.empty()) return;
    make_private_file(file_);  // owner-only before the first exchange is written to it
    out_.open(file_, std::ios::app);
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
    keep_bytes_as_json(line);
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
