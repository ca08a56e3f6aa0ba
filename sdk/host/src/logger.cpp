#include "logger.hpp"

#include "error_detail.hpp"

#include <guichet/common/redaction.hpp>

#include <vector>

namespace guichet::host {

Logger::Logger(guichet_log_fn sink, void* sink_data, int32_t threshold, bool log_patient_data, guichet_redact_fn redact,
               void* redact_data)
    : sink_(sink),
      sink_data_(sink_data),
      threshold_(threshold),
      log_patient_data_(log_patient_data),
      redact_(redact),
      redact_data_(redact_data) {}

std::string Logger::apply_redaction(std::string text) const {
    if (log_patient_data_) return text;
    text = common::redact_patient_data(text);
    if (redact_ != nullptr) {
        std::vector<char> out(text.size() * 2 + 64);
        const int32_t n = redact_(redact_data_, text.c_str(), out.data(), static_cast<uint32_t>(out.size()));
        if (n >= 0 && static_cast<size_t>(n) < out.size()) text.assign(out.data(), static_cast<size_t>(n));
    }
    return text;
}

void Logger::write(int32_t level, std::string_view category, std::string_view message) const {
    write(level, category, message, nullptr, 0);
}

void Logger::write(int32_t level, std::string_view category, std::string_view message, const guichet_log_field* fields,
                   uint32_t field_count) const {
    if (!enabled(level)) return;
    std::string text(message);
    for (uint32_t i = 0; i < field_count; ++i) {
        const guichet_log_field& f = fields[i];
        text += ' ';
        text += to_view(f.name);
        text += '=';
        if (f.patient_data != 0 && !log_patient_data_)
            text += common::redacted_mark;
        else
            text += to_view(f.value);
    }
    const std::string safe = apply_redaction(std::move(text));
    const std::string cat(category);
    sink_(sink_data_, level, cat.c_str(), safe.c_str());
}

}  // namespace guichet::host
