#pragma once
// The outcome of one call as the application sees it (guichet_result). Immutable once built,
// so a callback and a waiter may read the same one at the same time.
#include "error_detail.hpp"

#include <optional>
#include <string>

struct guichet_result {
    guichet_status status = GUICHET_OK;
    std::string json;
    std::optional<guichet::host::ErrorDetail> error;
    std::string submission_id;  // the outbox's id when the call was a submission

    static guichet_result success(guichet_status status, std::string json) {
        guichet_result r;
        r.status = status;
        r.json = std::move(json);
        return r;
    }
    static guichet_result failure(guichet::host::ErrorDetail detail) {
        guichet_result r;
        r.status = detail.status;
        r.error = std::move(detail);
        r.refresh_view();
        return r;
    }

    guichet_result() = default;
    guichet_result(const guichet_result& other)
        : status(other.status), json(other.json), error(other.error), submission_id(other.submission_id) {
        refresh_view();
    }
    guichet_result(guichet_result&& other) noexcept
        : status(other.status),
          json(std::move(other.json)),
          error(std::move(other.error)),
          submission_id(std::move(other.submission_id)) {
        refresh_view();
    }
    guichet_result& operator=(guichet_result other) noexcept {
        status = other.status;
        json = std::move(other.json);
        error = std::move(other.error);
        submission_id = std::move(other.submission_id);
        refresh_view();
        return *this;
    }

    const guichet_error* c_error() const { return error ? &error_view_ : nullptr; }

private:
    void refresh_view() {
        if (error) error_view_ = error->view();
    }
    guichet_error error_view_{};
};
