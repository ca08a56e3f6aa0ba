#pragma once
// guichet-sandbox: the simulated teleservices over mutual TLS (test PKI), and an admin API on
// a separate loopback port to inject recorded answers, switch faults on, read the journal.
#include "fault_plan.hpp"
#include "http_server.hpp"
#include "journal.hpp"
#include "sandbox_data.hpp"
#include "service_handler.hpp"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::sandbox {

struct SandboxOptions {
    std::string pki_dir;             ///< made by `guichet pki make`; must hold manifest.json
    std::string state_dir;           ///< client.json and journal.jsonl go there; empty = none written
    uint16_t port = 0;               ///< services (HTTPS); 0 = any free port
    uint16_t admin_port = 0;         ///< admin API (HTTP, loopback); 0 = any free port
    uint64_t seed = 1;               ///< fault generator seed
    std::string data_dir;            ///< software.json, identities.json, schemas/; empty = the shipped data
    std::string public_schemas_dir;  ///< the public specs (INSi XSDs...) to validate bodies; empty = none
    bool journal_patient_data = false;
};

class Sandbox {
public:
    /** Starts both servers; throws std::exception when it cannot. */
    explicit Sandbox(const SandboxOptions& options);
    ~Sandbox();

    std::string services_url() const { return services_->base_url(); }
    std::string admin_url() const { return admin_->base_url(); }
    /** TLS handshakes the services accepted: connection reuse shows here. */
    int tls_handshakes() const { return services_->handshakes(); }
    /** A session context that reaches this sandbox: endpoints, CA, test identities, professional. */
    const nlohmann::json& client_config() const { return client_config_; }
    /** Blocks until POST /admin/shutdown (or stop()). */
    void wait();
    void stop();

    FaultPlan& faults() { return faults_; }
    Journal& journal() { return journal_; }

    /** Clears faults (generator back to the seed), injected answers and the journal. */
    void reset();
    /** Queues an answer returned verbatim to the next call of `service` (and `operation`, if
     *  given). Throws std::invalid_argument for a service the sandbox does not simulate. */
    void inject(const std::string& service, const std::string& operation, int status, const std::string& content_type,
                const std::string& body);
    size_t injected_pending();
    /** Reads the test data files again (POST /admin/reload). Throws std::runtime_error. */
    void reload_data();
    std::shared_ptr<const SandboxData> data() const;

private:
    struct Injected {
        int status;
        std::string content_type;
        std::string body;
    };

    HttpAnswer route(const HttpRequestIn& request);
    HttpAnswer admin(const HttpRequestIn& request);
    void write_client_config();

    SandboxOptions options_;
    nlohmann::json manifest_;
    std::string trusted_pem_;
    mutable std::mutex data_mutex_;
    std::shared_ptr<const SandboxData> data_;
    std::vector<std::unique_ptr<ServiceHandler>> handlers_;
    FaultPlan faults_;
    Journal journal_;
    std::mutex injected_mutex_;
    std::map<std::pair<std::string, std::string>, std::deque<Injected>> injected_;
    nlohmann::json client_config_;
    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;
    bool stop_requested_ = false;
    std::unique_ptr<HttpServer> services_;
    std::unique_ptr<HttpServer> admin_;
};

}  // namespace guichet::sandbox
