#include "error_detail.hpp"

#include <cstddef>
#include <optional>

namespace guichet::host {

namespace {
// A field exists in a struct written by an older peer only if its size covers it.
template <typename T>
bool has_member(const guichet_error& e, size_t offset) {
    return e.struct_size >= offset + sizeof(T);
}

struct LastError {
    ErrorDetail detail;
    guichet_error view{};
};
thread_local std::optional<LastError> last_error;
}  // namespace

ErrorDetail ErrorDetail::copy_of(const guichet_error& error) {
    ErrorDetail d;
    d.status = error.status;
    if (has_member<guichet_str>(error, offsetof(guichet_error, message))) d.message = to_view(error.message);
    if (has_member<guichet_str>(error, offsetof(guichet_error, remote_code)))
        d.remote_code = to_view(error.remote_code);
    if (has_member<int32_t>(error, offsetof(guichet_error, http_status))) d.http_status = error.http_status;
    if (has_member<uint32_t>(error, offsetof(guichet_error, retryable))) d.retryable = error.retryable != 0;
    if (has_member<guichet_str>(error, offsetof(guichet_error, field))) d.field = to_view(error.field);
    return d;
}

void set_last_error(const ErrorDetail& detail) {
    last_error.emplace();
    last_error->detail = detail;
    last_error->view = last_error->detail.view();
}

void clear_last_error() { last_error.reset(); }

}  // namespace guichet::host

extern "C" GUICHET_API const guichet_error* GUICHET_CALL guichet_last_error(void) {
    using guichet::host::last_error;
    return last_error ? &last_error->view : nullptr;
}
