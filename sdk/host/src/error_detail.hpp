#pragma once
// A C++-owned error detail, and its borrowed C view across the ABI.
#include <guichet/types.h>

#include <string>
#include <string_view>

namespace guichet::host {

inline guichet_str to_c(std::string_view text) { return {text.data(), text.size()}; }
inline std::string_view to_view(guichet_str text) {
    return text.ptr == nullptr ? std::string_view{} : std::string_view{text.ptr, static_cast<size_t>(text.len)};
}

struct ErrorDetail {
    guichet_status status = GUICHET_OK;
    std::string message;
    std::string remote_code;
    int32_t http_status = 0;
    bool retryable = false;
    std::string field;

    static ErrorDetail make(guichet_status status, std::string message, std::string field = {}) {
        ErrorDetail e;
        e.status = status;
        e.message = std::move(message);
        e.field = std::move(field);
        return e;
    }

    /** Copies a detail the other side of the ABI handed us, tolerating older (smaller) structs. */
    static ErrorDetail copy_of(const guichet_error& error);

    /** A view valid as long as this object is alive and unchanged. */
    guichet_error view() const {
        guichet_error e{};
        e.struct_size = sizeof(guichet_error);
        e.status = status;
        e.message = to_c(message);
        e.remote_code = to_c(remote_code);
        e.http_status = http_status;
        e.retryable = retryable ? 1u : 0u;
        e.field = to_c(field);
        return e;
    }
};

/** Thrown inside the host; the C API firewall turns it into a status and a last error. */
struct HostError {
    ErrorDetail detail;
};

[[noreturn]] inline void fail(guichet_status status, std::string message, std::string field = {}) {
    throw HostError{ErrorDetail::make(status, std::move(message), std::move(field))};
}

/** Sets or clears the calling thread's last error (guichet_last_error). */
void set_last_error(const ErrorDetail& detail);
void clear_last_error();

}  // namespace guichet::host
