#pragma once
// SOAP 1.2 faults in the shape the CNAM services answer (code, siram subcode, reason, detail).
#include "http_server.hpp"

#include <string>

namespace guichet::sandbox {

/** A SOAP 1.2 fault answer (application/soap+xml; HTTP 400 for soap:Sender, else 500). `code` is "soap:Sender" or
 *  "soap:Receiver"; `subcode` a siram code ("siram_100") or a qualified WS-Addressing one
 *  ("wsa:ActionNotSupported"); `detail` an optional detail code ("desir_550"). */
HttpAnswer soap_fault_answer(const std::string& code, const std::string& subcode, const std::string& reason,
                             const std::string& detail = {});

}  // namespace guichet::sandbox
