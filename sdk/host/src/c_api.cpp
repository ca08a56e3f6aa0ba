// The exported C functions of runtime.h. Each one is a firewall: no exception crosses it,
// every failure becomes a status plus guichet_last_error().
#include "c_firewall.hpp"
#include "callback_guard.hpp"
#include "runtime.hpp"
#include "session.hpp"

#include <guichet/runtime.h>

#include <new>

using guichet::host::CallbackGuard;
using guichet::host::ErrorDetail;
using guichet::host::HostError;
using guichet::host::Runtime;
using guichet::host::Session;
using guichet::host::c_api::firewall;
using guichet::host::c_api::handle_of;
using guichet::host::c_api::require;
using guichet::host::c_api::service_or_fail;
using guichet::host::c_api::session_of;
using guichet::host::c_api::store_outcome;

namespace {

// Structs the application passes come from headers of any 1.x minor. Each is accepted from its
// ABI 1.0 size (the end of its last 1.0 member) and only what its struct_size covers is read or
// written: an application built on 1.0 headers keeps working on a later libguichet.
constexpr uint32_t config_v1_0_size = offsetof(guichet_runtime_config, redact_user_data) + sizeof(void*);
constexpr uint32_t refusal_v1_0_size = offsetof(guichet_plugin_refusal, message) + sizeof(const char*);
constexpr uint32_t service_info_v1_0_size = offsetof(guichet_service_info, plugin_version) + sizeof(guichet_version);
constexpr uint32_t operation_info_v1_0_size = offsetof(guichet_operation_info, summary) + sizeof(const char*);
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
static_assert(config_v1_0_size == 144 && refusal_v1_0_size == 24 && service_info_v1_0_size == 48 &&
                  operation_info_v1_0_size == 24,
              "the ABI 1.0 sizes are frozen");
#endif

// Writes `member` only when the caller's struct has it.
#define GUICHET_SET_IF_PRESENT(out, type, member, value)                    \
    do {                                                                    \
        if (GUICHET_HAS_MEMBER(out, type, member)) (out)->member = (value); \
    } while (false)

}  // namespace

extern "C" {

GUICHET_API guichet_version GUICHET_CALL guichet_abi_version(void) {
    return {GUICHET_ABI_VERSION_MAJOR, GUICHET_ABI_VERSION_MINOR, GUICHET_ABI_VERSION_PATCH, 0};
}

GUICHET_API guichet_status GUICHET_CALL guichet_runtime_create(const guichet_runtime_config* config,
                                                               guichet_runtime** runtime) {
    return firewall([&] {
        require(config != nullptr && runtime != nullptr, "config and runtime must not be NULL");
        require(config->struct_size >= config_v1_0_size, "config struct_size is smaller than ABI 1.0's");
        *runtime = nullptr;
        auto handle = std::make_unique<guichet_runtime>();
        handle->impl = std::make_unique<Runtime>(*config);
        *runtime = handle.release();
    });
}

GUICHET_API void GUICHET_CALL guichet_runtime_destroy(guichet_runtime* runtime) {
    firewall([&] {
        if (runtime == nullptr) return;
        if (CallbackGuard::active())
            guichet::host::fail(GUICHET_E_INVALID_STATE,
                                "guichet_runtime_destroy cannot be called from a call's callback");
        delete runtime;
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_runtime_add_plugin_dir(guichet_runtime* runtime,
                                                                       const char* directory) {
    return firewall([&] {
        require(runtime != nullptr && directory != nullptr, "runtime and directory must not be NULL");
        runtime->impl->add_plugin_dir(directory);
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_runtime_load_plugin(guichet_runtime* runtime, const char* path) {
    return firewall([&] {
        require(runtime != nullptr && path != nullptr, "runtime and path must not be NULL");
        runtime->impl->load_plugin(path);
    });
}

GUICHET_API uint32_t GUICHET_CALL guichet_runtime_refusal_count(const guichet_runtime* runtime) {
    return runtime == nullptr ? 0 : static_cast<uint32_t>(runtime->impl->refusals().size());
}

GUICHET_API guichet_status GUICHET_CALL guichet_runtime_refusal_at(const guichet_runtime* runtime, uint32_t index,
                                                                   guichet_plugin_refusal* refusal) {
    return firewall([&] {
        require(runtime != nullptr && refusal != nullptr, "runtime and refusal must not be NULL");
        require(refusal->struct_size >= refusal_v1_0_size, "refusal struct_size is smaller than ABI 1.0's");
        const auto& all = runtime->impl->refusals();
        if (index >= all.size()) guichet::host::fail(GUICHET_E_NOT_FOUND, "no refusal at this index");
        GUICHET_SET_IF_PRESENT(refusal, guichet_plugin_refusal, status, all[index].status);
        GUICHET_SET_IF_PRESENT(refusal, guichet_plugin_refusal, path, all[index].path.c_str());
        GUICHET_SET_IF_PRESENT(refusal, guichet_plugin_refusal, message, all[index].message.c_str());
    });
}

GUICHET_API uint32_t GUICHET_CALL guichet_runtime_service_count(const guichet_runtime* runtime) {
    return runtime == nullptr ? 0 : static_cast<uint32_t>(runtime->impl->services().size());
}

GUICHET_API guichet_status GUICHET_CALL guichet_runtime_service_at(const guichet_runtime* runtime, uint32_t index,
                                                                   guichet_service_info* info) {
    return firewall([&] {
        require(runtime != nullptr && info != nullptr, "runtime and info must not be NULL");
        require(info->struct_size >= service_info_v1_0_size, "info struct_size is smaller than ABI 1.0's");
        const auto& all = runtime->impl->services();
        if (index >= all.size()) guichet::host::fail(GUICHET_E_NOT_FOUND, "no service at this index");
        const auto& s = *all[index];
        GUICHET_SET_IF_PRESENT(info, guichet_service_info, operation_count, static_cast<uint32_t>(s.operations.size()));
        GUICHET_SET_IF_PRESENT(info, guichet_service_info, id, s.id.c_str());
        GUICHET_SET_IF_PRESENT(info, guichet_service_info, display_name, s.display_name.c_str());
        GUICHET_SET_IF_PRESENT(info, guichet_service_info, plugin_path, s.plugin->path().c_str());
        GUICHET_SET_IF_PRESENT(info, guichet_service_info, plugin_version, s.version);
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_runtime_operation_at(const guichet_runtime* runtime,
                                                                     uint32_t service_index, uint32_t operation_index,
                                                                     guichet_operation_info* info) {
    return firewall([&] {
        require(runtime != nullptr && info != nullptr, "runtime and info must not be NULL");
        require(info->struct_size >= operation_info_v1_0_size, "info struct_size is smaller than ABI 1.0's");
        const auto& all = runtime->impl->services();
        if (service_index >= all.size()) guichet::host::fail(GUICHET_E_NOT_FOUND, "no service at this index");
        const auto& ops = all[service_index]->operations;
        if (operation_index >= ops.size()) guichet::host::fail(GUICHET_E_NOT_FOUND, "no operation at this index");
        const auto& op = ops[operation_index];
        GUICHET_SET_IF_PRESENT(info, guichet_operation_info, submits, op.submits() ? 1u : 0u);
        GUICHET_SET_IF_PRESENT(info, guichet_operation_info, name, op.name.c_str());
        GUICHET_SET_IF_PRESENT(info, guichet_operation_info, summary, op.summary.c_str());
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_session_open(guichet_runtime* runtime, const char* context_json,
                                                             uint64_t context_len, guichet_session** session) {
    return firewall([&] {
        require(runtime != nullptr && session != nullptr, "runtime and session must not be NULL");
        require(context_json != nullptr || context_len == 0, "context_json is NULL but context_len is not 0");
        *session = nullptr;
        std::string context = context_json == nullptr ? std::string() : std::string(context_json, context_len);
        *session = handle_of(&runtime->impl->open_session(std::move(context)));
    });
}

GUICHET_API void GUICHET_CALL guichet_session_close(guichet_session* session) {
    firewall([&] {
        if (session == nullptr) return;
        if (CallbackGuard::active())
            guichet::host::fail(GUICHET_E_INVALID_STATE,
                                "guichet_session_close cannot be called from a call's callback");
        Session* s = session_of(session);
        s->runtime().close_session(*s);
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_call(guichet_session* session, const char* service_id,
                                                     const char* operation, const char* request_json,
                                                     uint64_t request_len, uint32_t deadline_ms,
                                                     guichet_result** result) {
    guichet_status status = GUICHET_OK;
    const guichet_status prep = firewall([&] {
        require(session != nullptr && operation != nullptr && result != nullptr,
                "session, operation and result must not be NULL");
        require(request_json != nullptr || request_len == 0, "request_json is NULL but request_len is not 0");
        *result = nullptr;
        Session* s = session_of(session);
        status = store_outcome(result, [&] {
            return s->call(service_or_fail(s->runtime(), service_id), operation,
                           request_json == nullptr ? std::string() : std::string(request_json, request_len),
                           deadline_ms);
        });
    });
    return prep != GUICHET_OK ? prep : status;
}

GUICHET_API guichet_status GUICHET_CALL guichet_call_async(guichet_session* session, const char* service_id,
                                                           const char* operation, const char* request_json,
                                                           uint64_t request_len, uint32_t deadline_ms,
                                                           guichet_call_done_fn done, void* user_data,
                                                           guichet_pending_call** call) {
    return firewall([&] {
        require(session != nullptr && operation != nullptr, "session and operation must not be NULL");
        require(request_json != nullptr || request_len == 0, "request_json is NULL but request_len is not 0");
        if (call != nullptr) *call = nullptr;
        Session* s = session_of(session);
        const auto& service = service_or_fail(s->runtime(), service_id);
        auto handle = std::make_unique<guichet_pending_call>();
        handle->state = s->call_async(service, operation,
                                      request_json == nullptr ? std::string() : std::string(request_json, request_len),
                                      deadline_ms, done, user_data);
        if (call != nullptr) *call = handle.release();
    });
}

GUICHET_API void GUICHET_CALL guichet_pending_call_cancel(guichet_pending_call* call) {
    firewall([&] {
        if (call == nullptr || !call->state || call->state->completed()) return;
        call->state->session().cancel(call->state);
    });
}

GUICHET_API guichet_status GUICHET_CALL guichet_pending_call_wait(guichet_pending_call* call, uint32_t timeout_ms,
                                                                  guichet_result** result) {
    guichet_status status = GUICHET_OK;
    const guichet_status prep = firewall([&] {
        require(call != nullptr && call->state, "call must not be NULL");
        if (result != nullptr) *result = nullptr;
        if (!call->state->wait(timeout_ms)) {
            status = GUICHET_E_DEADLINE_EXCEEDED;
            return;
        }
        if (result != nullptr) *result = new guichet_result(call->state->result());
    });
    return prep != GUICHET_OK ? prep : status;
}

GUICHET_API void GUICHET_CALL guichet_pending_call_free(guichet_pending_call* call) { delete call; }

GUICHET_API guichet_status GUICHET_CALL guichet_result_status(const guichet_result* result) {
    return result == nullptr ? GUICHET_E_INVALID_ARGUMENT : result->status;
}

GUICHET_API const char* GUICHET_CALL guichet_result_json(const guichet_result* result, uint64_t* len) {
    if (result == nullptr) {
        if (len != nullptr) *len = 0;
        return "";
    }
    if (len != nullptr) *len = result->json.size();
    return result->json.c_str();
}

GUICHET_API const guichet_error* GUICHET_CALL guichet_result_error(const guichet_result* result) {
    return result == nullptr ? nullptr : result->c_error();
}

GUICHET_API const char* GUICHET_CALL guichet_result_submission_id(const guichet_result* result) {
    return result == nullptr ? "" : result->submission_id.c_str();
}

GUICHET_API void GUICHET_CALL guichet_result_free(guichet_result* result) { delete result; }

}  // extern "C"
