#pragma once
// What happens to part 3 (the employer/patient copy) and why: deposited in the patient's DMP,
// or to be printed. Every answer of check, submit, correct and print carries it.
#include "notice_request.hpp"

#include <guichet/toolkit/plugin.hpp>

namespace guichet::aati {

/** {"destination": "dmp"|"print", "reason": ..., "message": French}. The deposit needs, in this
 *  order: a transmitted notice, no objection from the patient, a qualified INS, the prescriber's
 *  attestation that the traits match, the signature image, and dmp/1 (not installed yet: print). */
toolkit::Json part3_verdict(const NoticeRequest& request, bool transmitted);

}  // namespace guichet::aati
