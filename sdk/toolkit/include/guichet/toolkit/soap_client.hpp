#pragma once
// One SOAP 1.2 exchange from a plugin, through the host's HTTP service: the generic envelope
// (soap.hpp) sent to the instance's endpoint, the answer mapped to a payload or a precise error.
// call_cnam_service (cnam_soap_client.hpp) adds the CNAM headers and the VIHF on top of it.
#include "plugin.hpp"
#include "soap.hpp"

#include <string>
#include <vector>

namespace guichet::toolkit {

struct SoapExchange {
    std::string action;
    std::string body;                       ///< the payload element (XML)
    std::vector<SoapHeaderWriter> headers;  ///< service headers (written before WS-Addressing)
    std::vector<std::string> security;      ///< WS-Security tokens (XML), e.g. the VIHF
    std::string endpoint;                   ///< default: the instance's configured endpoint
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
