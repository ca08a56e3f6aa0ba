#pragma once
// The C++ side of the ABI's value types, written once for every layer (host, toolkit, CLI,
// conformance runner): a guichet_str to and from a string_view, an owned copy of a guichet_error
// with its borrowed view, and the sink that keeps the first error a peer reports.
#include <guichet/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace guichet::common {

/** A borrowed C view of `text`, valid as long as `text` is. */
inline guichet_str to_c(std::string_view text) { return {text.data(), text.size()}; }

/** A view of a C string; {NULL, n} reads as empty, as the ABI allows a null pointer. */
inline std::string_view to_view(guichet_str text) {
    return text.ptr == nullptr ? std::string_view{} : std::string_view{text.ptr, static_cast<size_t>(text.len)};
}

/** An error detail owned by C++: what a guichet_error says, copied out of the peer's memory. */
struct ErrorDetail {
    guichet_status status = GUICHET_OK;
    std::string message;
    std::string remote_code;
    int32_t http_status = 0;
    bool retryable = false;
    std::string field;  ///< JSON pointer of the faulty input field, or empty

    static ErrorDetail make(guichet_status status, std::string message, std::string field = {}) {
        ErrorDetail e;
        e.status = status;
        e.message = std::move(message);
        e.field = std::move(field);
        return e;
    }

    /** Copies a detail the other side of the ABI handed us. A peer built against older headers
     *  writes a smaller struct (structs are append-only): a member its size does not cover is
     *  left at its default rather than read past the end. */
    static ErrorDetail copy_of(const guichet_error& error) {
        const auto covers = [&error](size_t offset, size_t size) { return error.struct_size >= offset + size; };
        ErrorDetail d;
        d.status = error.status;
        if (covers(offsetof(guichet_error, message), sizeof(guichet_str))) d.message = to_view(error.message);
        if (covers(offsetof(guichet_error, remote_code), sizeof(guichet_str)))
            d.remote_code = to_view(error.remote_code);
        if (covers(offsetof(guichet_error, http_status), sizeof(int32_t))) d.http_status = error.http_status;
        if (covers(offsetof(guichet_error, retryable), sizeof(uint32_t))) d.retryable = error.retryable != 0;
        if (covers(offsetof(guichet_error, field), sizeof(guichet_str))) d.field = to_view(error.field);
        return d;
    }

    /** A C view, valid as long as this object is alive and unchanged. */
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

/**
 * A guichet_error_sink that keeps a copy of the first error reported. The ABI promises at most
 * one report per failed call; keeping the first is the defensive reading of a peer that breaks
 * that promise, since the first report names the cause and later ones its consequences.
 * Not copyable: the sink's context is this object's address.
 */
class FirstError {
public:
    FirstError() = default;
    FirstError(const FirstError&) = delete;
    FirstError& operator=(const FirstError&) = delete;

    /** The sink to hand the peer; valid as long as this object is. */
    const guichet_error_sink* sink() const { return &sink_; }
    bool reported() const { return reported_; }
    const ErrorDetail& detail() const { return detail_; }

private:
    static void GUICHET_CALL on_report(void* context, const guichet_error* error) {
        auto* self = static_cast<FirstError*>(context);
        if (error == nullptr || self->reported_) return;
        self->detail_ = ErrorDetail::copy_of(*error);
        self->reported_ = true;
    }

    ErrorDetail detail_;
    bool reported_ = false;
    guichet_error_sink sink_{sizeof(guichet_error_sink), this, on_report};
};

}  // namespace guichet::common
