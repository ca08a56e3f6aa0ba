#pragma once
// guichet-sandbox as a library: the simulated teleservices over mutual TLS (test PKI), and an
// admin API on a separate loopback port to inject recorded answers, switch faults on, read the
// journal. The CLI, the conformance runner, the tests and the benchmarks start one in-process
// through this header; everything else of the sandbox stays private to it.
#include <guichet/sandbox/schema_set.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace guichet::sandbox {

struct SandboxOptions {
    std::string pki_dir;             ///< made by `guichet pki make`; must hold manifest.json
    std::string state_dir;           ///< client.json, journal.jsonl, submissions.jsonl go there; empty = none written
    uint16_t port = 0;               ///< services (HTTPS, mutual TLS; INSi's structure endpoint); 0 = any free port
    uint16_t card_port = 0;          ///< card-mode endpoints (HTTPS, client certificate optional); 0 = any free port
    uint16_t admin_port = 0;         ///< admin API (HTTP, loopback); 0 = any free port
    uint64_t seed = 1;               ///< fault generator seed
    std::string data_dir;            ///< software.json, the services' data files, schemas/; empty = shipped
    std::string public_schemas_dir;  ///< the public specs (INSi XSDs...) to validate bodies; empty = none
    bool journal_patient_data = false;
    /** Validity of a VIHF without Conditions, from its IssueInstant (SAML 2.0 makes Conditions optional). */
    int64_t vihf_lifetime_seconds = 3600;
    /** Request bodies above this are answered 413 (docs/sandbox.md). */
    size_t max_request_body = 20 * 1024 * 1024;
    /** Per listener. At the cap, the connection idle the longest is closed to make room; with
     *  every connection busy, the new one is closed at once (docs/sandbox.md). */
    int max_connections = 128;
    /** A TLS handshake not finished by then is abandoned. */
    int handshake_timeout_ms = 30'000;
    /** A connection that does not send a complete request head and body by then (from the end
     *  of the previous answer, or from the handshake) is closed: idle keep-alive included. */
    int read_timeout_ms = 30'000;
};

class Sandbox {
public:
    /** Starts both servers; throws std::exception when it cannot. */
    explicit Sandbox(const SandboxOptions& options);
    ~Sandbox();
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    /** The mutual-TLS listener: every service, and INSi's structure endpoint. */
    std::string services_url() const;
    /** The card-mode listener (client certificate requested, not required): INSi's card endpoint. */
    std::string card_url() const;
    std::string admin_url() const;
    /** The secret every admin API request carries (`Authorization: Bearer <token>`), also written
     *  owner-only to <state_dir>/admin-token. The in-process calls below need none. */
    std::string admin_token() const;
    /** The simulated services' ids ("insi/1"...), in registration order. */
    std::vector<std::string> service_ids() const;
    /** TLS handshakes the services accepted: connection reuse shows here. */
    int tls_handshakes() const;
    /** A session context that reaches this sandbox: endpoints, CA, test identities, professional. */
    const nlohmann::json& client_config() const;
    /** Blocks until POST /admin/shutdown (or stop()). */
    void wait();
    void stop();

    /** Closes the services' open connections (a request still in flight from before is never
     *  answered against what comes next), then clears faults (generator back to the seed),
     *  injected answers, the journal and the submissions recorded (on disk too). */
    void reset();
    /** Adds a fault rule (docs/sandbox.md, POST /admin/faults). Throws std::invalid_argument. */
    void add_fault(const nlohmann::json& rule);
    /** Queues an answer returned verbatim to the next call of `service` (and `operation`, if
     *  given). Throws std::invalid_argument for a service the sandbox does not simulate. */
    void inject(const std::string& service, const std::string& operation, int status, const std::string& content_type,
                const std::string& body);
    size_t injected_pending() const;
    /** Reads the test data files again (POST /admin/reload). Throws std::runtime_error. */
    void reload_data();
    /** Entry counts per data file ({"identities.json": 12, ...}), as GET /admin/status shows. */
    nlohmann::json data_summary() const;
    /** The schemas payloads are validated against (current data). */
    std::shared_ptr<const SchemaSet> schemas() const;

    /** Journal entries after sequence `since`, of `service` when not empty (GET /admin/journal). */
    nlohmann::json journal_query(uint64_t since, const std::string& service = {}) const;
    /** TLS handshakes the listeners refused, and why (GET /admin/journal?kind=tls_refusal). */
    nlohmann::json tls_refusals(uint64_t since = 0) const;
    /** Sequence number of the last journal entry (0 before any). */
    uint64_t journal_last_sequence() const;
    /** The submissions recorded, per MessageID, with their replays (GET /admin/submissions;
     *  docs/protocols/submission-echo.md). Kept in <state_dir>/submissions.jsonl across restarts. */
    nlohmann::json submissions() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::sandbox
