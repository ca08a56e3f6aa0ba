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

struct SoapFault {
    std::string code;     ///< "soap:Sender", "soap:Receiver"...
    std::string subcode;  ///< e.g. "siram:siram_100" (as written)
    std::string reason;
    std::string detail;  ///< text of the Detail element, e.g. "desir_550"
};

struct SoapResponse {
    pugi::xml_document document;
    pugi::xml_node payload;  ///< first element of the Body (when no fault)
    std::optional<SoapFault> fault;
};

/** Parses an answer. Returns a reason when it is not a SOAP 1.2 envelope with a Body. */
std::optional<std::string> parse_soap_response(const std::string& text, SoapResponse& response);

/** The first child element with this local name (namespace prefixes ignored), or empty. */
pugi::xml_node child_by_local_name(pugi::xml_node parent, const char* local);

}  // namespace guichet::toolkit
