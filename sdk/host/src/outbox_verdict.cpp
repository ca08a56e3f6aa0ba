#include "outbox_verdict.hpp"

namespace guichet::host {

SubmissionVerdict verdict_of(const guichet_result& result) {
    switch (result.status) {
        case GUICHET_OK:
        case GUICHET_QUEUED:
            return SubmissionVerdict::accepted;
        // The attempt stopped before the service could answer: its fate is unknown, and the
        // same idempotency key makes sending it again safe.
        case GUICHET_E_NETWORK:
        case GUICHET_E_SERVICE_UNAVAILABLE:
        case GUICHET_E_DEADLINE_EXCEEDED:
        case GUICHET_E_CANCELLED:
            return SubmissionVerdict::retry;
        default:
            break;
    }
    if (result.error && result.error->retryable) return SubmissionVerdict::retry;
    switch (result.status) {
        case GUICHET_E_REMOTE_FAULT:
        case GUICHET_E_HTTP_STATUS:
        case GUICHET_E_INVALID_ARGUMENT:
            return SubmissionVerdict::refused;
        default:
            return SubmissionVerdict::failed;
    }
}

}  // namespace guichet::host
