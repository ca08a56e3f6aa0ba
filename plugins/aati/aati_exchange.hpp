#pragma once
// One exchange with AATi: the CNAM headers, the VIHF (carrying the patient's INS only when the
// identity is qualified), the answer payload in AATi's answer namespace.
#include "notice_request.hpp"

#include <guichet/toolkit/plugin.hpp>
#include <guichet/toolkit/soap_client.hpp>

#include <optional>
#include <string>

namespace guichet::aati {

/** Sends `body` with `action`; the service's refusals and failures throw as the toolkit
 *  classifies them (a refusal: GUICHET_E_REMOTE_FAULT, siram_60, its aat_xx code in the message). */
void exchange_with_aati(toolkit::Call& call, const char* action, std::string body, const Patient* patient,
                        toolkit::SoapResponse& response);

}  // namespace guichet::aati
