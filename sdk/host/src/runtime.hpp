#pragma once
// The runtime: software identity, loaded plugins, shared services, threads, sessions.
#include "clock.hpp"
#include "dispatcher.hpp"
#include "http_client.hpp"
#include "identity.hpp"
#include "logger.hpp"
#include "outbox.hpp"
#include "plugin_library.hpp"
#include "plugin_store.hpp"
#include "worker_pool.hpp"

#include <guichet/runtime.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace guichet::host {

class Session;

struct SoftwareIdentity {
    std::string name;
    std::string version;
    std::string authorisation_number;
    std::string instance_id;
};

/** A random (v4) UUID from the system's generator; throws HostError when it fails. */
std::string make_random_uuid();

struct PluginRefusal {
    guichet_status status;
    std::string path;
    std::string message;
};

class Runtime {
public:
    /** Copies the config. Throws HostError on an invalid one. */
    explicit Runtime(const guichet_runtime_config& config);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    const Logger& logger() const { return logger_; }
    const Clock& clock() const { return clock_; }
    HttpClient& http() { return http_; }
    PluginStore& store() { return store_; }
    WorkerPool& workers() { return workers_; }
    WorkerPool& io_pool() { return io_pool_; }
    Dispatcher& dispatcher() { return dispatcher_; }
    const SoftwareIdentity& software() const { return software_; }
    const std::string& ca_bundle() const { return ca_bundle_; }
    SecretSource secrets() const { return secrets_; }
    /** GUICHET_PLUGIN_EXPORTS_*: what loading does with a plugin exporting more than its entry. */
    guichet_plugin_export_policy plugin_export_policy() const { return plugin_export_policy_; }

    /** Loads one plugin; throws HostError (and records the refusal) when it is refused. */
    void load_plugin(const std::string& path);
    /** Loads every candidate in `directory`; throws HostError(GUICHET_E_IO) if it cannot be read. */
    void add_plugin_dir(const std::string& directory);

    const std::vector<const ServiceInfo*>& services() const { return services_; }
    const ServiceInfo* find_service(std::string_view id) const;
    const std::vector<PluginRefusal>& refusals() const { return refusals_; }

    Session& open_session(std::string context_json);
    void close_session(Session& session);

    Outbox& outbox() { return *outbox_; }
    /** The outbox's own session for a stored context (opened once, closed with the runtime):
     *  never the application's, which it may close at any time. */
    Session& delivery_session(const std::string& context_json);
    /** A service looked up while plugins may still be loading (the outbox's thread). */
    const ServiceInfo* find_service_now(std::string_view id);
    bool stopping() const { return stopping_.load(); }

private:
    void refuse(const std::string& path, const ErrorDetail& detail);

    SoftwareIdentity software_;
    std::string ca_bundle_;
    SecretSource secrets_;
    guichet_plugin_export_policy plugin_export_policy_ = GUICHET_PLUGIN_EXPORTS_WARN;
    Logger logger_;
    Clock clock_;
    HttpClient http_;
    PluginStore store_;

    std::mutex plugins_mutex_;
    std::vector<std::unique_ptr<PluginLibrary>> plugins_;  // destroyed after the threads stop
    std::vector<const ServiceInfo*> services_;
    std::vector<PluginRefusal> refusals_;

    Dispatcher dispatcher_;
    WorkerPool io_pool_;
    WorkerPool workers_;

    std::mutex sessions_mutex_;
    std::vector<std::unique_ptr<Session>> sessions_;

    std::atomic<bool> stopping_{false};
    std::mutex delivery_mutex_;
    std::map<std::string, std::unique_ptr<Session>> delivery_sessions_;
    std::unique_ptr<Outbox> outbox_;  // stopped first, before sessions and threads go
};

}  // namespace guichet::host

struct guichet_runtime {
    std::unique_ptr<guichet::host::Runtime> impl;
};
