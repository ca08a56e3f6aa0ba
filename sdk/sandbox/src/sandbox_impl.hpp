#pragma once
// The inside of guichet::sandbox::Sandbox: the two servers, the registered services' handlers,
// the data, faults, injections and journal. sandbox.cpp routes service requests; admin_api.cpp
// answers the admin API.
#include "fault_plan.hpp"
#include "http_server.hpp"
#include "injection_queue.hpp"
#include "journal.hpp"
#include "sandbox_data.hpp"
#include "service_registry.hpp"
#include "submission_ledger.hpp"

#include <guichet/sandbox/sandbox.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::sandbox {

struct RegisteredService {
    const ServiceDefinition* definition;
    std::unique_ptr<ServiceHandler> handler;
};

/** Throws std::invalid_argument for an answer that cannot be sent as given: a status outside
 *  200-599, a content type with control characters. */
void check_injectable(const HttpAnswer& answer);

struct Sandbox::Impl {
    explicit Impl(const SandboxOptions& options);

    HttpAnswer route(const HttpRequestIn& request);
    HttpServer::Options tls_listener(const char* name, uint16_t port);
    void limit_connections(HttpServer::Options& listener) const;
    HttpAnswer admin(const HttpRequestIn& request);
    HttpAnswer status() const;
    /** The service answering at `path` on `listener`, or nullptr. */
    const RegisteredService* service_at(const std::string& path, const std::string& listener) const;
    bool simulates(const std::string& service_id) const;
    std::shared_ptr<const SandboxData> data() const;
    void reload_data();
    void request_stop();
    /** Closes the services' connections, then forgets faults, injected answers, the journal and
     *  the submissions. */
    void reset();

    SandboxOptions options;
    const ServiceRegistry& registry = ServiceRegistry::built_in();
    nlohmann::json manifest;
    std::string trusted_pem;
    mutable std::mutex data_mutex;
    std::shared_ptr<const SandboxData> current_data;
    std::vector<RegisteredService> services;
    FaultPlan faults;
    Journal journal;
    InjectionQueue injected;
    /** Submissions seen, by MessageID: <state>/submissions.jsonl, survives a restart. */
    SubmissionLedger submissions;
    nlohmann::json client_config;
    /** Random, written owner-only to <state>/admin-token; every admin request carries it. */
    std::string admin_token;
    std::mutex stop_mutex;
    std::condition_variable stop_cv;
    bool stop_requested = false;
    std::unique_ptr<HttpServer> services_server;  ///< mutual TLS (mutual_tls_listener)
    std::unique_ptr<HttpServer> card_server;      ///< client certificate optional (card_listener)
    std::unique_ptr<HttpServer> admin_server;
};

}  // namespace guichet::sandbox
