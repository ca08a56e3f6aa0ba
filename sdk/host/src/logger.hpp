#pragma once
// The runtime's log sink: level threshold, redaction, then the application's callback.
#include <guichet/runtime.h>
#include <guichet/services.h>

#include <string>
#include <string_view>

namespace guichet::host {

class Logger {
public:
    Logger(guichet_log_fn sink, void* sink_data, int32_t threshold, bool log_patient_data, guichet_redact_fn redact,
           void* redact_data);

    bool enabled(int32_t level) const { return sink_ != nullptr && level >= threshold_; }
    int32_t threshold() const { return threshold_; }
    bool logs_patient_data() const { return log_patient_data_; }

    /** Records `message` (redacted unless the runtime logs patient data in clear). */
    void write(int32_t level, std::string_view category, std::string_view message) const;

    /** Records a plugin's message with its fields; fields flagged as patient data are masked. */
    void write(int32_t level, std::string_view category, std::string_view message, const guichet_log_field* fields,
               uint32_t field_count) const;

    void info(std::string_view category, std::string_view message) const { write(GUICHET_LOG_INFO, category, message); }
    void warn(std::string_view category, std::string_view message) const { write(GUICHET_LOG_WARN, category, message); }
    void error(std::string_view category, std::string_view message) const {
        write(GUICHET_LOG_ERROR, category, message);
    }
    void debug(std::string_view category, std::string_view message) const {
        write(GUICHET_LOG_DEBUG, category, message);
    }

private:
    std::string apply_redaction(std::string text) const;

    guichet_log_fn sink_;
    void* sink_data_;
    int32_t threshold_;
    bool log_patient_data_;
    guichet_redact_fn redact_;
    void* redact_data_;
};

}  // namespace guichet::host
