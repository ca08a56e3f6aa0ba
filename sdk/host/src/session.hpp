#pragma once
// A professional's session: identity context, TLS and signing identities, endpoints, one
// plugin instance per service used, and every call in flight.
#include "call_state.hpp"
#include "host_context.hpp"
#include "plugin_library.hpp"
#include "session_context.hpp"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace guichet::host {

class Runtime;

class Session {
public:
    /** Parses and checks the context; loads identities. Throws HostError with the faulty field. */
    Session(Runtime& runtime, std::string context_json);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    Runtime& runtime() const { return runtime_; }
    const std::string& ca_bundle() const { return context_.ca_bundle(); }
    const std::string& context_text() const { return context_.text(); }

    /** The TLS client identity named `name` ("" = session default, which may be none → nullptr). */
    std::shared_ptr<const Identity> tls_identity(const std::string& name) const { return context_.tls_identity(name); }
    /** The signing identity named `name` ("" = session default). Throws HostError(GUICHET_E_IDENTITY). */
    std::shared_ptr<const Identity> signing_identity(const std::string& name) const {
        return context_.signing_identity(name);
    }

    /** Runs a call on the calling thread and returns its outcome. */
    guichet_result call(const ServiceInfo& service, const std::string& operation, std::string request,
                        uint32_t deadline_ms);

    /** Calls a submitting operation through the outbox (stored first, then sent). */
    guichet_result submit(const ServiceInfo& service, const std::string& operation, std::string request,
                          uint32_t deadline_ms, const std::string& patient_reference);
    /** Sends a stored submission again (the outbox's delivery), with its key and lease. */
    guichet_result resend(const ServiceInfo& service, const std::string& operation, std::string request,
                          const SubmissionTicket& ticket, uint32_t deadline_ms);

    /** Starts a call on the worker pool. Throws HostError when it cannot start (no callback then). */
    std::shared_ptr<CallState> call_async(const ServiceInfo& service, const std::string& operation, std::string request,
                                          uint32_t deadline_ms, guichet_call_done_fn done, void* user_data);

    /** Completes `state` with CANCELLED (if still running); the callback fires on a runtime thread. */
    void cancel(const std::shared_ptr<CallState>& state);

    /** Cancels everything in flight, waits for callbacks and plugins to return, destroys instances. */
    void close();

private:
    struct Instance;
    Instance& instance_for(const ServiceInfo& service);
    guichet_instance_config instance_config(const ServiceInfo& service) const;
    std::unique_ptr<Instance> create_instance(const ServiceInfo& service);
    std::shared_ptr<CallState> begin(const ServiceInfo& service, const std::string& operation, std::string request,
                                     uint32_t deadline_ms);
    /** Stores the call as a new submission when its operation submits. */
    void record_if_submission(const std::shared_ptr<CallState>& state, const std::string& patient_reference);
    guichet_result run_to_end(const std::shared_ptr<CallState>& state);
    uint32_t deadline_ms_of(const CallState& state) const;
    /** What a caller that stops waiting sees: QUEUED for a submission, else `failure`. */
    static guichet_result stopped_answer(const std::shared_ptr<CallState>& state, guichet_result failure);

public:  // reached from C callbacks and runtime threads that hold the call
    void run_plugin(const std::shared_ptr<CallState>& state, bool asynchronous);
    /** An attempt's outcome: written to the outbox for a submission; returns what the caller sees. */
    guichet_result end_attempt(const std::shared_ptr<CallState>& state, guichet_result outcome);
    void finish(const std::shared_ptr<CallState>& state, guichet_result result, bool deliver_here);
    void deliver(const std::shared_ptr<CallState>& state);
    void release(const std::shared_ptr<CallState>& state);

private:
    Runtime& runtime_;
    const SessionContext context_;

    std::mutex instances_mutex_;
    std::map<std::string, std::unique_ptr<Instance>> instances_;

    mutable std::mutex calls_mutex_;
    std::condition_variable calls_idle_;
    // Each call holds one reference per part still running: the plugin, and the delivery.
    std::map<const CallState*, std::pair<std::shared_ptr<CallState>, int>> active_;
    bool closing_ = false;
    uint64_t next_call_number_ = 1;
};

}  // namespace guichet::host
