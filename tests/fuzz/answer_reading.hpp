#pragma once
// An answer read as toolkit::call_soap_service reads it (sdk/toolkit/src/soap_client.cpp,
// read_answer), without the HTTP exchange: parsed, related to its request, a fault classified.
// The fuzzed bytes are the answer's body; the outcomes a plugin may give are the payload or a
// toolkit::Error: anything else escaping is a finding (it would surface as GUICHET_E_INTERNAL).
#include <guichet/toolkit/error.hpp>
#include <guichet/toolkit/failure_classification.hpp>
#include <guichet/toolkit/soap.hpp>

#include <string>
#include <string_view>

namespace guichet::fuzz {

/** The wsa:MessageID the seeds' answers relate to (their RelatesTo was set to it). */
inline constexpr const char* seeds_request_message_id = "uuid:0f0f0f0f-0000-4000-8000-00000000f022";

/** The payload of `body`, or throws toolkit::Error as the toolkit does. A fault is answered with
 *  HTTP 500 by the CNAM services; the service's Retry-After is left out (its own target). */
inline pugi::xml_node read_answer(std::string_view body, const toolkit::ExpectedAnswer& expected,
                                  toolkit::SoapResponse& response) {
    if (const auto problem = toolkit::parse_soap_response(std::string(body), response))
        throw toolkit::Error(GUICHET_E_BAD_RESPONSE, "unreadable answer from the service: " + *problem);
    if (const auto mismatch = toolkit::mismatch_with_request(response, expected))
        throw toolkit::Error(GUICHET_E_BAD_RESPONSE, "unreadable answer from the service: " + *mismatch);
    if (response.fault) throw toolkit::fault_error(*response.fault, 500, 0);
    return response.payload;
}

}  // namespace guichet::fuzz
