#pragma once
// One CNAM-style SOAP exchange from a plugin: the envelope filled from the runtime (ContexteLPS:
// software name, version, instance, authorisation number) and the session (VIHF), sent through
// the host's HTTP service, and the answer mapped to a payload or a precise error.
#include "plugin.hpp"
#include "soap.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace guichet::toolkit {

struct SoapExchange {
    std::string action;
    std::string body;                         ///< the payload element (XML)
    std::string vihf;                         ///< signed assertion, or empty (structure-certificate mode)
    std::vector<std::string> extra_security;  ///< further WS-Security tokens (e.g. a Vitale assertion)
    std::optional<CardBeneficiary> coverage;  ///< sends a ContexteBAM header when set
    std::string endpoint;                     ///< default: the instance's configured endpoint
};

/**
 * Sends the exchange and returns the answer's payload (in `response`). Throws Error:
 * GUICHET_E_REMOTE_FAULT for a SOAP fault (remote_code = the fault subcode without prefix,
 * e.g. "siram_100"; message = reason and detail), GUICHET_E_HTTP_STATUS for an unexpected
 * HTTP status without a fault, GUICHET_E_BAD_RESPONSE for a malformed or truncated answer,
 * and the host's transport errors as they are.
 */
void call_soap_service(const Call& call, const SoapExchange& exchange, SoapResponse& response);

}  // namespace guichet::toolkit
