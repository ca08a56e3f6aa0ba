#pragma once
// The error a plugin throws; the toolkit's firewall turns it into a status and a detail.
#include <guichet/types.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace guichet::toolkit {

class Error : public std::runtime_error {
public:
    Error(guichet_status status, std::string message) : std::runtime_error(std::move(message)), status_(status) {}

    guichet_status status() const { return status_; }
    const std::string& field() const { return field_; }
    const std::string& remote_code() const { return remote_code_; }
    int32_t http_status() const { return http_status_; }
    bool retryable() const { return retryable_; }
    /** The fault detail's own code (siram:Erreur `code`, "desir_550"), beside remote_code. */
    const std::string& remote_detail_code() const { return remote_detail_code_; }
    const std::string& remote_severity() const { return remote_severity_; }
    /** French, for the professional; empty = the firewall derives it (status, field label). */
    const std::string& user_message() const { return user_message_; }
    uint32_t retry_after_s() const { return retry_after_s_; }

    Error&& with_field(std::string json_pointer) && {
        field_ = std::move(json_pointer);
        return std::move(*this);
    }
    Error&& with_remote_code(std::string code) && {
        remote_code_ = std::move(code);
        return std::move(*this);
    }
    Error&& with_http_status(int32_t status) && {
        http_status_ = status;
        return std::move(*this);
    }
    Error&& retryable(bool value) && {
        retryable_ = value;
        return std::move(*this);
    }
    Error&& with_remote_detail(std::string code, std::string severity) && {
        remote_detail_code_ = std::move(code);
        remote_severity_ = std::move(severity);
        return std::move(*this);
    }
    Error&& with_user_message(std::string french_text) && {
        user_message_ = std::move(french_text);
        return std::move(*this);
    }
    Error&& with_retry_after(uint32_t seconds) && {
        retry_after_s_ = seconds;
        return std::move(*this);
    }

private:
    guichet_status status_;
    std::string field_;
    std::string remote_code_;
    int32_t http_status_ = 0;
    bool retryable_ = false;
    std::string remote_detail_code_;
    std::string remote_severity_;
    std::string user_message_;
    uint32_t retry_after_s_ = 0;
};

/** A request field is missing or invalid: names it by JSON pointer. */
inline Error invalid_field(std::string json_pointer, const std::string& message) {
    return Error(GUICHET_E_INVALID_ARGUMENT, json_pointer + ": " + message).with_field(std::move(json_pointer));
}

}  // namespace guichet::toolkit
