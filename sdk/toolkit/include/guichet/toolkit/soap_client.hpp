#pragma once
// One SOAP 1.2 exchange from a plugin, through the host's HTTP service: the generic envelope
// (soap.hpp) sent to the instance's endpoint, the answer mapped to a payload or a precise error.
// call_cnam_service (cnam_soap_client.hpp) adds the CNAM headers and the VIHF on top of it.
#include "plugin.hpp"
#include "soap.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::toolkit {

struct SoapExchange {
    std::string action;
    std::string body;                       ///< the payload element (XML)
    std::vector<SoapHeaderWriter> headers;  ///< service headers (written before WS-Addressing)
    std::vector<std::string> security;      ///< WS-Security tokens (XML), e.g. the VIHF
    std::string endpoint;                   ///< default: the instance's configured endpoint
    /** The namespace the answer's payload must be in; empty = not checked. */
    std::string payload_namespace;
};

/**
 * The WS-Addressing MessageID of a call: "uuid:" + the host's idempotency key when the call has
 * one (the host gives one to GUICHET_OPERATION_SUBMITS operations, the same on every attempt of a
 * submission, so the service recognises a retry and answers it with its first answer), else
 * "uuid:" + `fresh_uuid()`. The key must be a UUID (8-4-4-4-12 hexadecimal digits, written in
 * lowercase on the wire); anything else is GUICHET_E_INVALID_ARGUMENT: no unchecked text goes
 * into the envelope.
 */
std::string wsa_message_id(std::string_view idempotency_key, const std::function<std::string()>& fresh_uuid);

/**
 * Sends the exchange and returns the answer's payload (in `response`). Throws Error:
 * - for a SOAP fault, classified by failure_classification.hpp: GUICHET_E_SERVICE_UNAVAILABLE
 *   (retryable) or GUICHET_E_REMOTE_FAULT; remote_code = the subcode without prefix
 *   ("siram_100"), remote_detail_code/remote_severity = the siram:Erreur's attributes,
 *   user_message = the service's soap:Reason;
 * - for an HTTP status without a fault: GUICHET_E_SERVICE_UNAVAILABLE (429, 502-504, with
 *   Retry-After) or GUICHET_E_HTTP_STATUS;
 * - GUICHET_E_BAD_RESPONSE for a malformed, truncated or foreign answer: not one envelope with
 *   one Body element, invalid characters, or a wsa:RelatesTo, wsa:Action or payload namespace
 *   that is not this request's (absent RelatesTo and Action are tolerated);
 * - GUICHET_E_INVALID_ARGUMENT for an idempotency key that is not a UUID (wsa_message_id);
 * - and the host's transport errors as they are.
 * The MessageID is wsa_message_id(call.idempotency_key(), ...): a submission's retries carry the
 * same one.
 */
void call_soap_service(const Call& call, const SoapExchange& exchange, SoapResponse& response);

}  // namespace guichet::toolkit
