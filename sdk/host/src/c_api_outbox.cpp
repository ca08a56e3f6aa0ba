// The exported C functions of outbox.h, behind the same firewall as the rest of the C API.
#include "c_firewall.hpp"
#include "callback_guard.hpp"

#include <guichet/common/json_text.hpp>
#include <guichet/outbox.h>

using guichet::host::ErrorDetail;
using guichet::host::fail;
using guichet::host::HostError;
using guichet::host::ListFilter;
using guichet::host::Session;
using guichet::host::c_api::firewall;
using guichet::host::c_api::require;
using guichet::host::c_api::service_or_fail;
using guichet::host::c_api::session_of;
using guichet::host::c_api::store_outcome;

namespace {

constexpr uint32_t submit_options_v1_3_size = offsetof(guichet_submit_options, patient_reference) + sizeof(void*);

std::string text_of(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string member_text(const nlohmann::json& filter, const char* name) {
    if (!filter.contains(name)) return {};
    if (!filter[name].is_string())
        fail(GUICHET_E_INVALID_ARGUMENT, std::string(name) + " must be a string", std::string("/") + name);
    return filter[name].get<std::string>();
}

ListFilter filter_of(const char* json, uint64_t len) {
    ListFilter filter;
    if (json == nullptr || len == 0) return filter;
    nlohmann::json parsed;
    if (const auto problem = guichet::common::parse_json_text(std::string_view(json, len), parsed))
        fail(GUICHET_E_INVALID_ARGUMENT, "outbox filter: " + problem->message, problem->field);
    if (!parsed.is_object()) fail(GUICHET_E_INVALID_ARGUMENT, "outbox filter must be a JSON object");
    for (const auto& [name, value] : parsed.items())
        if (name != "state" && name != "service" && name != "patient_reference" && name != "limit")
            fail(GUICHET_E_INVALID_ARGUMENT, "outbox filter: unknown member '" + name + "'", "/" + name);
    filter.state = member_text(parsed, "state");
    if (!filter.state.empty() && !guichet::host::submission_state::is_known(filter.state))
        fail(GUICHET_E_INVALID_ARGUMENT,
             "outbox filter: state must be queued, sending, accepted, refused, failed or cancelled", "/state");
    filter.service = member_text(parsed, "service");
    filter.patient_reference = member_text(parsed, "patient_reference");
    if (parsed.contains("limit")) {
        const auto& limit = parsed["limit"];
        if (!limit.is_number_integer() || limit.get<int64_t>() < 1 || limit.get<int64_t>() > 10000)
            fail(GUICHET_E_INVALID_ARGUMENT, "outbox filter: limit must be an integer from 1 to 10000", "/limit");
        filter.limit = limit.get<int64_t>();
    }
    return filter;
}

std::string id_or_fail(const char* submission_id) {
    require(submission_id != nullptr && *submission_id != '\0', "submission_id must not be NULL or empty");
    return submission_id;
}

}  // namespace

extern "C" {

GUICHET_API guichet_status GUICHET_CALL guichet_submit(guichet_session* session, const char* service_id,
                                                       const char* operation, const char* request_json,
                                                       uint64_t request_len, const guichet_submit_options* options,
                                                       guichet_result** result) {
    guichet_status status = GUICHET_OK;
    const guichet_status prep = firewall([&] {
        require(session != nullptr && operation != nullptr && result != nullptr,
                "session, operation and result must not be NULL");
        require(request_json != nullptr || request_len == 0, "request_json is NULL but request_len is not 0");
        require(options == nullptr || options->struct_size >= submit_options_v1_3_size,
                "options struct_size is smaller than ABI 1.3's");
        *result = nullptr;
        Session* s = session_of(session);
        const uint32_t deadline_ms = options == nullptr ? 0 : options->deadline_ms;
        const std::string patient_reference =
            options == nullptr || options->patient_reference == nullptr ? std::string() : options->patient_reference;
        status = store_outcome(result, [&] {
            return s->submit(service_or_fail(s->runtime(), service_id), operation,
                             request_json == nullptr ? std::string() : std::string(request_json, request_len),
                             deadline_ms, patient_reference);
        });
    });
    return prep != GUICHET_OK ? prep : status;
}

GUICHET_API guichet_status GUICHET_CALL guichet_outbox_set_listener(guichet_runtime* runtime,
                                                                    guichet_outbox_listener_fn listener,
                                                                    void* user_data) {
    return firewall([&] {
        require(runtime != nullptr, "runtime must not be NULL");
        runtime->impl->outbox().set_listener(listener, user_data);
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_outbox_list(guichet_runtime* runtime, const char* filter_json,
                                                            uint64_t filter_len, guichet_result** list) {
    return firewall([&] {
        require(runtime != nullptr && list != nullptr, "runtime and list must not be NULL");
        require(filter_json != nullptr || filter_len == 0, "filter_json is NULL but filter_len is not 0");
        *list = nullptr;
        const auto rows = runtime->impl->outbox().list(filter_of(filter_json, filter_len));
        *list = new guichet_result(guichet_result::success(GUICHET_OK, text_of({{"submissions", rows}})));
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_outbox_get(guichet_runtime* runtime, const char* submission_id,
                                                           guichet_result** submission) {
    return firewall([&] {
        require(runtime != nullptr && submission != nullptr, "runtime and submission must not be NULL");
        *submission = nullptr;
        const std::string id = id_or_fail(submission_id);
        const auto found = runtime->impl->outbox().get(id);
        if (!found) fail(GUICHET_E_NOT_FOUND, "no submission '" + id + "' in the outbox");
        auto answer = guichet_result::success(GUICHET_OK, text_of(*found));
        answer.submission_id = id;
        *submission = new guichet_result(std::move(answer));
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_outbox_retry(guichet_runtime* runtime, const char* submission_id) {
    return firewall([&] {
        require(runtime != nullptr, "runtime must not be NULL");
        runtime->impl->outbox().retry(id_or_fail(submission_id));
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_outbox_cancel(guichet_runtime* runtime, const char* submission_id) {
    return firewall([&] {
        require(runtime != nullptr, "runtime must not be NULL");
        runtime->impl->outbox().cancel(id_or_fail(submission_id));
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_outbox_run(guichet_runtime* runtime, guichet_result** report) {
    return firewall([&] {
        require(runtime != nullptr, "runtime must not be NULL");
        if (guichet::host::CallbackGuard::active())
            fail(GUICHET_E_INVALID_STATE, "guichet_outbox_run cannot be called from a callback");
        if (report != nullptr) *report = nullptr;
        const auto counts = runtime->impl->outbox().run_due();
        if (report != nullptr)
            *report = new guichet_result(guichet_result::success(GUICHET_OK, text_of({{"attempted", counts.attempted},
                                                                                      {"accepted", counts.accepted},
                                                                                      {"refused", counts.refused},
                                                                                      {"failed", counts.failed},
                                                                                      {"queued", counts.queued}})));
    });
}

}  // extern "C"
