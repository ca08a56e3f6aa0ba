#pragma once
// Checks one step's expectations against what was observed: the answer to the host, the
// exchanges on the wire (sandbox journal, clear text), and side effects (sandbox state).
#include <guichet/sandbox/schema_set.hpp>
#include <guichet/types.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace guichet::conformance {

struct StepObservation {
    guichet_status status = GUICHET_OK;
    nlohmann::json answer;  ///< null when the call failed
    std::string error_message;
    std::string error_field;
    std::string error_remote_code;
    int32_t error_http_status = 0;
    bool error_retryable = false;
    nlohmann::json exchanges = nlohmann::json::array();  ///< journal entries of this step
    size_t injected_pending = 0;
    nlohmann::json outbox;       ///< the scenario's latest submission (guichet_outbox_get), or null
    nlohmann::json submissions;  ///< the sandbox's submission ledger (Sandbox::submissions)
};

/** What wire checks verify against: the PKI's trusted CAs, and the payload schemas. */
struct WireReferences {
    std::string trusted_pem;
    std::shared_ptr<const sandbox::SchemaSet> schemas;
};

/** Every unmet expectation, as a readable sentence; empty when the step conforms. */
std::vector<std::string> check_step(const nlohmann::json& expect, const StepObservation& seen,
                                    const WireReferences& references);

/** The status value of a name such as "GUICHET_E_TLS"; throws std::invalid_argument if unknown. */
guichet_status status_from_name(const std::string& name);

}  // namespace guichet::conformance
