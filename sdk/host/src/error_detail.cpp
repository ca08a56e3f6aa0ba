#include "error_detail.hpp"

#include <optional>

namespace guichet::host {

namespace {
struct LastError {
    ErrorDetail detail;
    guichet_error view{};
};
thread_local std::optional<LastError> last_error;
}  // namespace

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
