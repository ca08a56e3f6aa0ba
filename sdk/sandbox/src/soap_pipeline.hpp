#pragma once
// What every SOAP handler of the sandbox gets before its own logic runs, in the order the
// CNAM services check: a SOAP 1.2 envelope, WS-Addressing, the ContexteLPS authorisation
// number, the VIHF (signature, trust, validity window), the body against its schema.
// Each refusal is a well-formed SOAP fault (codes: docs/sandbox.md).
#include "http_server.hpp"

#include <guichet/sandbox/schema_set.hpp>

#include <pugixml.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace guichet::sandbox {

/** The sandbox's two TLS listeners (HttpRequestIn::listener). On the mutual-TLS one, a service
 *  with a structure mode (INSi) is its structure endpoint; the card one asks for a client
 *  certificate without requiring it, authentication being the signed VIHF. */
inline constexpr const char* mutual_tls_listener = "mutual-tls";
inline constexpr const char* card_listener = "card";

struct SoapServiceRules {
    std::map<std::string, std::string> actions;  ///< wsa:Action -> operation
    bool vihf_required = true;
    /** Off by default: a service turns it on when it has a structure endpoint (INSi): there, on
     *  the mutual-TLS listener, the organisation certificate stands in for the VIHF, and its CN
     *  must be exactly one of structure_common_names (else siram_100 / desir_560). */
    bool structure_certificate_replaces_vihf = false;
    std::vector<std::string> structure_common_names;
    /** The WSDL binds a ContexteBAM header (INSi, ADRi): absent → siram_10; validated against
     *  CTXBAM v01.02 when that schema is loaded. */
    bool context_bam_required = false;
    /** Actions that submit something on the professional's behalf (a notice, a deposit): their
     *  calls are de-duplicated on the wsa:MessageID (submission_ledger.hpp), a retry answered
     *  with the first answer. The service answers them through SoapService::submit. */
    std::set<std::string> submitting_actions;
};

struct SoapPipelineConfig {
    std::set<std::string> authorisation_numbers;  ///< IDAM values the sandbox knows
    std::string trusted_pem;                      ///< CAs a VIHF signer must chain to
    std::shared_ptr<const SchemaSet> schemas;     ///< body validation where a schema is registered
    /** How long an assertion without Conditions is valid after its IssueInstant. */
    int64_t assertion_lifetime_seconds = 3600;
};

struct VihfSummary {
    std::string name_id;
    std::string subject_id;
    std::string authentication_mode;
    std::string resource_id;  ///< patient INS^^^&OID&ISO^NH, or empty
};

struct SoapCall {
    std::shared_ptr<pugi::xml_document> document;
    pugi::xml_node payload;  ///< first element of the Body
    std::string action;
    std::string operation;
    std::string message_id;
    std::string authorisation_number;
    std::optional<VihfSummary> vihf;
    pugi::xml_node context_bam;  ///< the ContexteBAM header, when sent
};

/** The checked call, or the SOAP fault to answer. `now_unix` is the time VIHFs are judged at. */
std::variant<SoapCall, HttpAnswer> accept_soap(const HttpRequestIn& request, const SoapServiceRules& rules,
                                               const SoapPipelineConfig& config, int64_t now_unix);

/** A SOAP 1.2 response envelope around `payload_xml`, relating to `request_message_id`. */
HttpAnswer soap_answer(const std::string& action, const std::string& request_message_id,
                       const std::string& payload_xml);

}  // namespace guichet::sandbox
