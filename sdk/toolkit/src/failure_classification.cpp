#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/soap12.hpp>
#include <guichet/toolkit/failure_classification.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <iomanip>
#include <sstream>

namespace guichet::toolkit {

namespace cnam = contracts::cnam;

namespace {

constexpr uint32_t longest_retry_after_s = 24 * 3600;  // a later date is a broken clock, not a plan

bool names_unavailable_service(const std::string& code) {
    if (code == cnam::service_failure) return true;
    return std::any_of(std::begin(cnam::insi_unavailable_codes), std::end(cnam::insi_unavailable_codes),
                       [&code](const char* c) { return code == c; });
}

bool is_receiver(const SoapFault& fault) {
    return unprefixed(fault.code) == unprefixed(contracts::soap12::fault_receiver);
}

std::optional<int64_t> http_date_unix_s(std::string_view text) {
    std::tm tm{};
    std::istringstream in{std::string(text)};
    in.imbue(std::locale::classic());
    in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
    if (in.fail()) return std::nullopt;
    return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

std::string unprefixed(std::string_view qualified_name) {
    const auto colon = qualified_name.find(':');
    return std::string(colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1));
}

Classification classify_fault(const SoapFault& fault) {
    if (is_receiver(fault) || names_unavailable_service(unprefixed(fault.subcode)) ||
        names_unavailable_service(fault.detail_code))
        return {GUICHET_E_SERVICE_UNAVAILABLE, true};
    return {GUICHET_E_REMOTE_FAULT, false};
}

Classification classify_http_status(int32_t http_status) {
    switch (http_status) {
        case 429:  // too many requests
        case 502:  // bad gateway: the service behind the gateway is down
        case 503:
        case 504:  // gateway timeout
            return {GUICHET_E_SERVICE_UNAVAILABLE, true};
        default:  // 413 included: the same request is as large tomorrow
            return {GUICHET_E_HTTP_STATUS, false};
    }
}

std::optional<uint32_t> retry_after_seconds(std::string_view header_value, int64_t now_unix_s) {
    const auto first = header_value.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::nullopt;
    const std::string_view value = header_value.substr(first, header_value.find_last_not_of(" \t") - first + 1);
    uint64_t seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error == std::errc() && end == value.data() + value.size())
        return static_cast<uint32_t>(std::min<uint64_t>(seconds, longest_retry_after_s));
    if (error == std::errc::result_out_of_range) return longest_retry_after_s;
    const auto date = http_date_unix_s(value);
    if (!date) return std::nullopt;
    return static_cast<uint32_t>(std::clamp<int64_t>(*date - now_unix_s, 0, longest_retry_after_s));
}

Error fault_error(const SoapFault& fault, int32_t http_status, uint32_t retry_after_s) {
    const Classification c = classify_fault(fault);
    std::string message = c.status == GUICHET_E_SERVICE_UNAVAILABLE ? "the service is unavailable: "
                                                                    : "the service refused the request: ";
    message += fault.code + " " + fault.subcode + ": " + fault.reason;
    if (!fault.detail_code.empty() || !fault.detail.empty())
        message += " (" + fault.detail_code + (fault.detail_code.empty() || fault.detail.empty() ? "" : ": ") +
                   fault.detail + ")";
    return Error(c.status, std::move(message))
        .with_remote_code(unprefixed(fault.subcode))
        .with_remote_detail(fault.detail_code, fault.severity)
        .with_http_status(http_status)
        .with_user_message(fault.reason)
        .retryable(c.retryable)
        .with_retry_after(c.retryable ? retry_after_s : 0);
}

Error http_status_error(int32_t http_status, uint32_t retry_after_s) {
    const Classification c = classify_http_status(http_status);
    return Error(c.status, "the service answered HTTP " + std::to_string(http_status))
        .with_http_status(http_status)
        .retryable(c.retryable)
        .with_retry_after(c.retryable ? retry_after_s : 0);
}

uint32_t retry_after_of(const Call& call, const HttpResponse& answer) {
    const auto header = answer.header("Retry-After");
    if (!header) return 0;
    return retry_after_seconds(*header, call.host().clock().wall_ns() / 1'000'000'000).value_or(0);
}

Error http_answer_error(const Call& call, const HttpResponse& answer) {
    return http_status_error(answer.status, retry_after_of(call, answer));
}

}  // namespace guichet::toolkit
