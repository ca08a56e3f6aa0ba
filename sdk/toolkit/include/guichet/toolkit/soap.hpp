#pragma once
// SOAP 1.2 as a generic envelope: WS-Addressing (Action, MessageID, To), a list of header
// writers, WS-Security tokens (the VIHF first), a document/literal body; and the answer side:
// the payload, or a fault with its code, subcode, reason and detail. Nothing here knows the CNAM
// headers (cnam_headers.hpp adds ContexteLPS/ContexteBAM); the DMP uses the envelope alone.
#include <guichet/contracts/soap12.hpp>

#include <pugixml.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace guichet::toolkit {

inline constexpr const char* soap12_namespace = contracts::soap12::envelope_namespace;
inline constexpr const char* wsa_namespace = contracts::wsa::namespace_uri;
inline constexpr const char* wsse_namespace = contracts::wsse::namespace_uri;

/** Writes one header element under soap:Header (declaring the namespaces it uses). */
using SoapHeaderWriter = std::function<void(pugi::xml_node header)>;

struct SoapEnvelope {
    std::string action;                     ///< wsa:Action
    std::string message_id;                 ///< wsa:MessageID ("uuid:..."), unique per message
    std::string to;                         ///< wsa:To (the endpoint), optional
    std::vector<SoapHeaderWriter> headers;  ///< service headers, written first, in this order
    std::vector<std::string> security;      ///< WS-Security tokens (XML), in this order; none = no wsse:Security
    std::string body;                       ///< the payload element (XML)
};

/** The envelope as text. Throws std::runtime_error when a token or the body is not well-formed XML. */
std::string build_soap_envelope(const SoapEnvelope& envelope);

/** A fault as the CNAM services write it: soap:Code/Value, soap:Subcode/Value, soap:Reason/Text
 *  and a Detail holding `<siram:Erreur code="desir_550" severite="erreur" messageID="uuid:...">
 *  text</siram:Erreur>` (schema_faultSOAP_V01_01). */
struct SoapFault {
    std::string code;         ///< "soap:Sender", "soap:Receiver"... (as written)
    std::string subcode;      ///< e.g. "siram:siram_100" (as written)
    std::string reason;       ///< soap:Reason's text, the service's words for the professional
    std::string detail_code;  ///< the Erreur's `code` attribute, e.g. "desir_550", or empty
    std::string severity;     ///< the Erreur's `severite`, prefix dropped ("erreur"), or empty
    std::string detail;       ///< the Detail's text (the Erreur's explanation)
};

struct SoapResponse {
    pugi::xml_document document;
    pugi::xml_node payload;  ///< the Body's only element (when no fault)
    std::optional<SoapFault> fault;
    std::string action;      ///< the answer's wsa:Action, or empty when it has none
    std::string relates_to;  ///< the answer's wsa:RelatesTo, or empty when it has none
};

/** Parses an answer. Returns a reason when it is not one SOAP 1.2 envelope (a single root) whose
 *  Body holds exactly one element. */
std::optional<std::string> parse_soap_response(const std::string& text, SoapResponse& response);

/** What the request lets us expect of its answer (empty members are not checked). */
struct ExpectedAnswer {
    std::string message_id;         ///< the request's wsa:MessageID: the answer's RelatesTo
    std::string action;             ///< the answer's wsa:Action (request action + "Response")
    std::string payload_namespace;  ///< the namespace of the Body's element (not of a fault)
};

/**
 * Says why a parsed answer is not the answer to this request, naming what mismatched. A missing
 * RelatesTo or Action is tolerated (recorded answers replayed by conformance scenarios often
 * have an empty soap:Header); a different one is not. A fault's Action is not checked (WS-A
 * gives faults their own), its RelatesTo is.
 */
std::optional<std::string> mismatch_with_request(const SoapResponse& response, const ExpectedAnswer& expected);

/** The first child element with this local name (namespace prefixes ignored), or empty. */
pugi::xml_node child_by_local_name(pugi::xml_node parent, const char* local);

}  // namespace guichet::toolkit
