#pragma once
// Every failed exchange classified by what the caller must do (DESIGN.md, "Failures classified
// once"; the table is docs/status-codes.md, "Faults and HTTP statuses"): a SOAP fault or an HTTP
// status becomes a status, a retryable flag and, when the service says so, a delay. The outbox
// retries exactly what this says is retryable, so nothing else in the toolkit decides it.
#include "error.hpp"
#include "plugin.hpp"
#include "soap.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::toolkit {

struct Classification {
    guichet_status status;
    bool retryable;
};

/**
 * A fault by its soap:Code first, then its codes (subcode and detail code, prefixes ignored):
 *  - soap:Receiver, whatever the codes: the service failed, not the request
 *    -> GUICHET_E_SERVICE_UNAVAILABLE, retryable;
 *  - siram_500, insi_101, insi_102 under any soap:Code: the same;
 *  - anything else (soap:Sender: siram_10/20 schema, siram_40..43 assertion, siram_100 with
 *    desir_550/560 access; VersionMismatch...) -> GUICHET_E_REMOTE_FAULT, not retryable.
 * siram_40 means "service temporarily unavailable" under soap:Receiver and "assertion missing"
 * under soap:Sender (the sandbox's use): the soap:Code decides.
 */
Classification classify_fault(const SoapFault& fault);

/**
 * An HTTP status that came without a SOAP fault: 429, 502, 503, 504 ->
 * GUICHET_E_SERVICE_UNAVAILABLE, retryable; any other non-200 (413 request too large included)
 * -> GUICHET_E_HTTP_STATUS, not retryable.
 */
Classification classify_http_status(int32_t http_status);

/**
 * Retry-After (RFC 9110 10.2.3) in seconds: delta-seconds, or an HTTP-date counted from
 * `now_unix_s`. Empty when absent or unreadable; a date in the past gives 0. Capped at one day.
 */
std::optional<uint32_t> retry_after_seconds(std::string_view header_value, int64_t now_unix_s);

/** The Error for a fault answered with `http_status`: classified, both codes, the severity, the
 *  service's soap:Reason as the professional's message, and the service's delay if retryable. */
Error fault_error(const SoapFault& fault, int32_t http_status, uint32_t retry_after_s);

/** The Error for an HTTP status without a fault (classify_http_status). */
Error http_status_error(int32_t http_status, uint32_t retry_after_s);

/** The service's Retry-After in seconds, read at the host's clock; 0 when absent or unreadable. */
uint32_t retry_after_of(const Call& call, const HttpResponse& answer);

/** http_status_error for a non-200 answer of any protocol (JSON, SOAP without a fault), with the
 *  answer's Retry-After: what a plugin throws instead of classifying a status itself. */
Error http_answer_error(const Call& call, const HttpResponse& answer);

/** "siram:siram_100" -> "siram_100": a code as the service's documentation names it. */
std::string unprefixed(std::string_view qualified_name);

}  // namespace guichet::toolkit
