#include "session.hpp"

#include "callback_guard.hpp"
#include "runtime.hpp"

#include <guichet/common/json_text.hpp>
#include <guichet/common/redaction.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace guichet::host {

struct Session::Instance {
    std::unique_ptr<HostContext> host;
    guichet_service_instance* c = nullptr;
    std::mutex serial;
    ~Instance() {
        if (c != nullptr && c->destroy != nullptr) c->destroy(c);
    }
};

namespace {

constexpr uint32_t instance_v1_0_size = offsetof(guichet_service_instance, invoke_async) + sizeof(void*);
constexpr uint32_t outcome_v1_0_size = offsetof(guichet_outcome, error) + sizeof(void*);

// A call the host stopped: a deadline is worth retrying (the service may answer in time), a cancel is not.
ErrorDetail stop_error(guichet_status status, std::string message) {
    ErrorDetail detail = ErrorDetail::make(status, std::move(message));
    detail.retryable = status == GUICHET_E_DEADLINE_EXCEEDED;
    return detail;
}

// Receives the plugin's outcome of a synchronous invoke (or of an asynchronous one).
struct CompletionSlot {
    guichet_completion c{};
    guichet_result result;
    bool called = false;
    const ServiceInfo& service;
    std::shared_ptr<CallState> async_state;  // keeps an asynchronous call alive until the plugin completes

    explicit CompletionSlot(const ServiceInfo& svc) : service(svc) {
        c.struct_size = sizeof(guichet_completion);
        c.host_data = this;
        c.complete = on_complete;
    }
    static guichet_result convert(const guichet_outcome* o, const ServiceInfo& service) {
        if (o == nullptr || o->struct_size < outcome_v1_0_size)
            return guichet_result::failure(ErrorDetail::make(
                GUICHET_E_INTERNAL, "plugin of " + service.id + " completed with a missing or too small outcome"));
        if (o->status == GUICHET_OK || o->status == GUICHET_QUEUED) {
            std::string json(to_view(o->response_json));
            if (json.empty()) json = "{}";
            if (!nlohmann::json::accept(json))
                return guichet_result::failure(
                    ErrorDetail::make(GUICHET_E_INTERNAL, "plugin of " + service.id + " answered with invalid JSON"));
            return guichet_result::success(o->status, std::move(json));
        }
        ErrorDetail detail = o->error != nullptr ? ErrorDetail::copy_of(*o->error) : ErrorDetail{};
        detail.status = o->status;
        // A deadline is retryable whoever noticed it first, the plugin or the host (ECHO-005).
        if (detail.status == GUICHET_E_DEADLINE_EXCEEDED) detail.retryable = true;
        if (detail.message.empty())
            detail.message = service.id + " failed with " + guichet_status_name(o->status) + " and gave no detail";
        return guichet_result::failure(std::move(detail));
    }
    static void GUICHET_CALL on_complete(const guichet_completion* completion, const guichet_outcome* outcome);
};

}  // namespace

Session::Session(Runtime& runtime, std::string context_json)
    : runtime_(runtime), context_(std::move(context_json), runtime.secrets(), runtime.clock().wall_ns()) {}

Session::~Session() { close(); }

Session::Instance& Session::instance_for(const ServiceInfo& service) {
    std::lock_guard lock(instances_mutex_);
    auto& slot = instances_[service.id];
    if (!slot) {
        try {
            slot = create_instance(service);
        } catch (...) {
            instances_.erase(service.id);  // no empty slot left behind: the next call tries again
            throw;
        }
    }
    return *slot;
}

guichet_instance_config Session::instance_config(const ServiceInfo& service) const {
    const auto& software = runtime_.software();
    const std::string* endpoint = context_.endpoint(service.id);
    guichet_instance_config config{};
    config.struct_size = sizeof(config);
    config.software_name = to_c(software.name);
    config.software_version = to_c(software.version);
    config.authorisation_number = to_c(software.authorisation_number);
    config.software_instance_id = to_c(software.instance_id);
    config.session_json = to_c(context_.text());
    config.endpoint = endpoint == nullptr ? guichet_str{nullptr, 0} : to_c(*endpoint);
    return config;
}

std::unique_ptr<Session::Instance> Session::create_instance(const ServiceInfo& service) {
    auto instance = std::make_unique<Instance>();
    instance->host = std::make_unique<HostContext>(runtime_, *service.plugin, this);
    const guichet_instance_config config = instance_config(service);
    FirstError errors;
    instance->c =
        service.plugin->factory().create_instance(to_c(service.id), instance->host->c_host(), &config, errors.sink());
    if (instance->c == nullptr) {
        // The plugin's own reason (a wrong session member, say) is worth more than ours.
        if (errors.reported()) {
            ErrorDetail reported = errors.detail();
            if (reported.status == GUICHET_OK) reported.status = GUICHET_E_INTERNAL;
            throw HostError{std::move(reported)};
        }
        fail(GUICHET_E_INTERNAL,
             "plugin '" + service.plugin->name() + "' could not create an instance of " + service.id);
    }
    if (instance->c->struct_size < instance_v1_0_size || instance->c->invoke == nullptr)
        fail(GUICHET_E_PLUGIN_STRUCT_SIZE,  // `instance` destroys what the plugin gave us
             "plugin '" + service.plugin->name() + "' returned an incomplete instance of " + service.id);
    return instance;
}

std::shared_ptr<CallState> Session::begin(const ServiceInfo& service, const std::string& operation, std::string request,
                                          uint32_t deadline_ms) {
    if (service.find_operation(operation) == nullptr) {
        std::string known;
        for (const auto& op : service.operations) known += (known.empty() ? "" : ", ") + op.name;
        fail(GUICHET_E_NOT_FOUND,
             "service " + service.id + " has no operation '" + operation + "' (it has: " + known + ")");
    }
    if (request.empty()) request = "{}";
    // Validate without building a document (batches make this a hot path); parse only to
    // explain a failure with its position.
    if (!nlohmann::json::accept(request)) {
        nlohmann::json ignored;
        const auto problem = common::parse_json_text(request, ignored);
        fail(GUICHET_E_INVALID_ARGUMENT,
             "request" + (problem && !problem->field.empty() ? " " + problem->field : std::string()) + ": " +
                 (problem ? problem->message : std::string("not valid JSON")),
             problem ? problem->field : std::string());
    }
    std::lock_guard lock(calls_mutex_);
    if (closing_) fail(GUICHET_E_INVALID_STATE, "the session is closing");
    auto state = std::make_shared<CallState>(*this, service, operation, std::move(request),
                                             runtime_.clock().deadline_after_ms(deadline_ms),
                                             "c" + std::to_string(next_call_number_++));
    active_[state.get()] = {state, 1};
    return state;
}

guichet_result Session::call(const ServiceInfo& service, const std::string& operation, std::string request,
                             uint32_t deadline_ms) {
    auto state = begin(service, operation, std::move(request), deadline_ms);
    record_if_submission(state, {});
    return run_to_end(state);
}

guichet_result Session::submit(const ServiceInfo& service, const std::string& operation, std::string request,
                               uint32_t deadline_ms, const std::string& patient_reference) {
    const OperationInfo* op = service.find_operation(operation);
    if (op != nullptr && !op->submits())
        fail(GUICHET_E_UNSUPPORTED, service.id + " " + operation + " does not submit anything: use guichet_call");
    // The reference is stored in clear beside the encrypted-or-not payload: never patient data.
    if (common::redact_patient_data(patient_reference) != patient_reference)
        fail(GUICHET_E_INVALID_ARGUMENT,
             "patient_reference looks like patient data (a NIR, a date): give the application's own file reference",
             "/patient_reference");
    auto state = begin(service, operation, std::move(request), deadline_ms);
    record_if_submission(state, patient_reference);
    return run_to_end(state);
}

guichet_result Session::resend(const ServiceInfo& service, const std::string& operation, std::string request,
                               const SubmissionTicket& ticket, uint32_t deadline_ms) {
    auto state = begin(service, operation, std::move(request), deadline_ms);
    state->attach_submission(ticket, true);
    return run_to_end(state);
}

void Session::record_if_submission(const std::shared_ptr<CallState>& state, const std::string& patient_reference) {
    const OperationInfo* op = state->service().find_operation(state->operation());
    if (op == nullptr || !op->submits()) return;
    try {
        state->attach_submission(runtime_.outbox().record(state->service().id, state->operation(),
                                                          std::string(to_view(state->c_call().request_json)),
                                                          context_.text(), patient_reference, deadline_ms_of(*state)),
                                 false);
    } catch (...) {
        release(state);  // nothing stored, nothing sent
        throw;
    }
}

uint32_t Session::deadline_ms_of(const CallState& state) const {
    if (state.deadline_ns() == GUICHET_NO_DEADLINE) return 0;
    const int64_t left = (state.deadline_ns() - runtime_.clock().monotonic_ns()) / 1'000'000;
    return static_cast<uint32_t>(std::clamp<int64_t>(left, 1, UINT32_MAX));
}

guichet_result Session::run_to_end(const std::shared_ptr<CallState>& state) {
    run_plugin(state, false);
    guichet_result result = state->result();
    release(state);
    return result;
}

guichet_result Session::stopped_answer(const std::shared_ptr<CallState>& state, guichet_result failure) {
    if (!state->submission() || state->redelivery()) return failure;
    return state->session().runtime_.outbox().queued_answer(*state->submission());
}

guichet_result Session::end_attempt(const std::shared_ptr<CallState>& state, guichet_result outcome) {
    const auto& ticket = state->submission();
    if (!ticket) return outcome;
    try {
        return runtime_.outbox().settle(*ticket, std::move(outcome), state->completed() || state->redelivery());
    } catch (const HostError& e) {
        // Not written: the row keeps its lease, and is sent again (same key) once it expires.
        guichet_result stored = guichet_result::failure(e.detail);
        stored.submission_id = ticket->id;
        return stored;
    } catch (const std::exception& e) {
        guichet_result stored =
            guichet_result::failure(ErrorDetail::make(GUICHET_E_INTERNAL, std::string("outbox: ") + e.what()));
        stored.submission_id = ticket->id;
        return stored;
    }
}

std::shared_ptr<CallState> Session::call_async(const ServiceInfo& service, const std::string& operation,
                                               std::string request, uint32_t deadline_ms, guichet_call_done_fn done,
                                               void* user_data) {
    auto state = begin(service, operation, std::move(request), deadline_ms);
    record_if_submission(state, {});
    state->done = done;
    state->done_user_data = user_data;
    state->asynchronous = true;
    {
        std::lock_guard lock(calls_mutex_);
        active_[state.get()].second = 2;  // the plugin part and the delivery
    }
    if (!runtime_.workers().post([state] { state->session().run_plugin(state, true); })) {
        {
            std::lock_guard lock(calls_mutex_);
            active_.erase(state.get());
        }
        calls_idle_.notify_all();
        fail(GUICHET_E_INVALID_STATE, "the runtime is shutting down");
    }
    if (state->deadline_ns() != GUICHET_NO_DEADLINE) {
        std::weak_ptr<CallState> weak = state;
        runtime_.dispatcher().at(state->deadline_ns(), [weak] {
            if (auto s = weak.lock(); s && !s->completed())
                s->session().finish(
                    s,
                    stopped_answer(s, guichet_result::failure(stop_error(GUICHET_E_DEADLINE_EXCEEDED,
                                                                         s->service().id + " " + s->operation() +
                                                                             " did not answer before the deadline"))),
                    true);
        });
    }
    return state;
}

void Session::run_plugin(const std::shared_ptr<CallState>& state, bool asynchronous) {
    const ServiceInfo& service = state->service();
    if (const guichet_status stop = state->stop_reason(); stop != GUICHET_OK) {
        finish(state,
               end_attempt(state,
                           guichet_result::failure(stop_error(
                               stop, service.id + " " + state->operation() +
                                         (stop == GUICHET_E_CANCELLED ? " was cancelled before it started"
                                                                      : " reached its deadline before it started")))),
               true);
        release(state);
        return;
    }
    Instance* instance = nullptr;
    try {
        instance = &instance_for(service);
    } catch (const HostError& e) {
        finish(state, end_attempt(state, guichet_result::failure(e.detail)), true);
        release(state);
        return;
    }

    if (asynchronous && instance->c->invoke_async != nullptr) {
        auto* slot = new CompletionSlot(service);
        slot->async_state = state;
        const guichet_status s = instance->c->invoke_async(instance->c, &state->c_call(), &slot->c);
        if (s != GUICHET_OK) {
            delete slot;
            finish(state,
                   end_attempt(state, guichet_result::failure(
                                          ErrorDetail::make(s, service.id + " could not start " + state->operation()))),
                   true);
            release(state);
        }
        return;  // the slot completes, finishes and releases
    }

    CompletionSlot slot(service);
    {
        std::unique_lock<std::mutex> serial;
        if (service.serialized()) serial = std::unique_lock(instance->serial);
        instance->c->invoke(instance->c, &state->c_call(), &slot.c);
    }
    if (!slot.called)
        slot.result = guichet_result::failure(ErrorDetail::make(
            GUICHET_E_INTERNAL, service.id + " " + state->operation() + " returned without completing"));
    finish(state, end_attempt(state, std::move(slot.result)), true);
    release(state);
}

void GUICHET_CALL CompletionSlot::on_complete(const guichet_completion* completion, const guichet_outcome* outcome) {
    auto* slot = static_cast<CompletionSlot*>(completion->host_data);
    if (slot->called) return;  // a second completion is a plugin bug; the first one stands
    slot->called = true;
    if (!slot->async_state) {
        slot->result = convert(outcome, slot->service);
        return;
    }
    // Asynchronous completion, on the plugin's thread: deliver from a runtime thread.
    std::shared_ptr<CallState> state = std::move(slot->async_state);
    delete slot;
    Session& session = state->session();
    session.finish(state, session.end_attempt(state, convert(outcome, state->service())), false);
    session.release(state);
}

void Session::finish(const std::shared_ptr<CallState>& state, guichet_result result, bool deliver_here) {
    const guichet_status status = result.status;
    if (!state->complete(std::move(result))) return;
    Session& session = state->session();
    if (session.runtime_.logger().enabled(GUICHET_LOG_DEBUG))
        session.runtime_.logger().debug("call", state->service().id + " " + state->operation() + " " +
                                                    std::string(to_view(state->c_call().call_id)) + " -> " +
                                                    guichet_status_name(status));
    if (!state->asynchronous) return;  // the caller's thread reads the result itself
    if (deliver_here)
        session.deliver(state);
    else
        session.runtime_.dispatcher().post([state] { state->session().deliver(state); });
}

void Session::deliver(const std::shared_ptr<CallState>& state) {
    if (state->done != nullptr) {
        CallbackGuard guard;
        state->done(state->done_user_data, &state->result());
    }
    release(state);
}

void Session::cancel(const std::shared_ptr<CallState>& state) {
    state->cancel();
    finish(state,
           stopped_answer(state,
                          guichet_result::failure(ErrorDetail::make(
                              GUICHET_E_CANCELLED, state->service().id + " " + state->operation() + " was cancelled"))),
           false);
}

void Session::release(const std::shared_ptr<CallState>& state) {
    std::lock_guard lock(calls_mutex_);
    const auto it = active_.find(state.get());
    if (it == active_.end()) return;
    if (--it->second.second == 0) {
        active_.erase(it);
        if (active_.empty()) calls_idle_.notify_all();
    }
}

void Session::close() {
    std::vector<std::shared_ptr<CallState>> pending;
    {
        std::lock_guard lock(calls_mutex_);
        closing_ = true;
        for (const auto& [key, entry] : active_) pending.push_back(entry.first);
    }
    for (const auto& state : pending) cancel(state);
    {
        std::unique_lock lock(calls_mutex_);
        calls_idle_.wait(lock, [this] { return active_.empty(); });
    }
    std::lock_guard lock(instances_mutex_);
    instances_.clear();
}

}  // namespace guichet::host
