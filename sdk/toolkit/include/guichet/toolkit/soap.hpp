#pragma once
// SOAP 1.2 as the CNAM services speak it: WS-Addressing (Action, MessageID), the ContexteLPS
// header (software identity and authorisation number), WS-Security carrying the VIHF, a
// document/literal body; and the answer side: the payload, or a fault with its siram codes.
#include "card_beneficiary.hpp"

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <vector>

namespace guichet::toolkit {

inline constexpr const char* soap12_namespace = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr const char* wsa_namespace = "http://www.w3.org/2005/08/addressing";
inline constexpr const char* wsse_namespace =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
inline constexpr const char* ctxlps_namespace = "urn:siram:lps:ctxlps";
inline constexpr const char* ctxbam_namespace = "urn:siram:bam:ctxbam";

struct SoapRequest {
    std::string action;      ///< wsa:Action, e.g. "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite"
    std::string message_id;  ///< wsa:MessageID ("uuid:..."), unique per message
    std::string to;          ///< wsa:To (the endpoint), optional
    std::string context_id;  ///< ContexteLPS Id (a UUID)
    std::string timestamp;   ///< ContexteLPS Temps, "YYYY-MM-DDTHH:MM:SSZ"
    std::string software_name;                ///< LPS/Nom
    std::string software_version;             ///< LPS/Version
    std::string software_instance;            ///< LPS/Instance
    std::string authorisation_number;         ///< LPS/IDAM
    std::string vihf;                         ///< signed SAML assertion (XML), or empty
    std::vector<std::string> extra_security;  ///< further WS-Security tokens after the VIHF (e.g. a Vitale assertion)
    std::optional<CardBeneficiary> coverage;  ///< a ContexteBAM header (same Id and Temps as ContexteLPS);
                                              ///< empty fields are left out, an empty one gives an empty COUVERTURE
    std::string body;                         ///< the payload element (XML)
};

/** The envelope as text. Throws std::runtime_error when `vihf` or `body` is not well-formed XML. */
std::string build_soap_request(const SoapRequest& request);

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
