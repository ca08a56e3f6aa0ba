#pragma once
// One exchange with a CNAM teleservice (INSi, ADRi, AATi, PSEi): the generic SOAP exchange with
// ContexteLPS filled from the runtime (software name, version, instance, authorisation number),
// ContexteBAM when the service binds it, and the VIHF (plus any further token) in WS-Security.
#include "card_beneficiary.hpp"
#include "soap_client.hpp"

#include <optional>
#include <string>
#include <vector>

namespace guichet::toolkit {

struct CnamExchange {
    std::string action;
    std::string body;                         ///< the payload element (XML)
    std::string vihf;                         ///< signed assertion, or empty (structure-certificate mode)
    std::vector<std::string> extra_security;  ///< further WS-Security tokens (e.g. a Vitale assertion)
    std::optional<CardBeneficiary> coverage;  ///< sends a ContexteBAM header when set
    std::string endpoint;                     ///< default: the instance's configured endpoint
    std::string payload_namespace;            ///< the answer payload's namespace; empty = not checked
};

/** call_soap_service with the CNAM headers; same errors. */
void call_cnam_service(const Call& call, const CnamExchange& exchange, SoapResponse& response);

}  // namespace guichet::toolkit
