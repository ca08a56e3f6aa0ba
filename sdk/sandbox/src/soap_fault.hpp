#pragma once
// SOAP 1.2 faults in the shape the CNAM services answer, valid against the public fault schema
// (schema_faultSOAP_V01_01.xsd): code, siram subcode, reason, and always a soap:Detail holding
// <siram:Erreur code="desir_550" severite="erreur" messageID="uuid:...">text</siram:Erreur>.
// Every fault goes out with HTTP 500, as the real services answer Sender faults too.
#include "http_server.hpp"

#include <string>

namespace guichet::sandbox {

struct CnamFault {
    std::string code;     ///< "soap:Sender", "soap:Receiver" or "soap:VersionMismatch"
    std::string subcode;  ///< "siram_100", or a qualified WS-Addressing one ("wsa:ActionNotSupported"); may be empty
    std::string reason;   ///< soap:Reason text
    std::string detail_code;  ///< siram:Erreur's `code` ("desir_550"); empty = the subcode's own code
    std::string severity;     ///< siram:Erreur's `severite`; empty = "erreur"
    std::string explanation;  ///< siram:Erreur's text; empty = the reason
};

/** A SOAP 1.2 fault answer: application/soap+xml, HTTP 500 (the real services' status for every
 *  fault, Sender ones included), a Detail on every fault. */
HttpAnswer soap_fault_answer(const CnamFault& fault);

/** Shorthand: `detail_code` is siram:Erreur's `code` ("desir_550", "adr_01"); empty = the subcode's. */
HttpAnswer soap_fault_answer(const std::string& code, const std::string& subcode, const std::string& reason,
                             const std::string& detail_code = {});

}  // namespace guichet::sandbox
