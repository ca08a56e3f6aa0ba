#pragma once
// aati/1 print: part 3 as a PDF, with no network — what the doctor prints and hands over when
// it is not deposited.
#include <guichet/toolkit/plugin.hpp>

namespace guichet::aati {

/** The submit request, plus "transmission"?: {"notice_number", "received_at", "state"} ->
 *  {"media_type": "application/pdf", "pdf_base64", "part3"}. */
toolkit::Json print(toolkit::Call& call);

}  // namespace guichet::aati
