#pragma once
// The host's errors: thrown as HostError inside, kept per thread as guichet_last_error().
#include <guichet/common/abi_glue.hpp>

#include <string>
#include <string_view>

namespace guichet::host {

// The ABI glue is shared with the toolkit, the CLI and the runner (guichet/common/abi_glue.hpp).
using common::ErrorDetail;
using common::FirstError;
using common::to_c;
using common::to_view;

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
