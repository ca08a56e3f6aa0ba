#pragma once
// aati/1 cancel (submitting) and history: what follows a notice once it is sent.
#include <guichet/toolkit/plugin.hpp>

namespace guichet::aati {

/** {"notice_number", "reason"} -> {"result": "cancelled", "notice": {...}, "message"}. */
toolkit::Json cancel(toolkit::Call& call);
/** {"patient": {"ins", "oid"?, "birth_date"}, "since"?} -> {"notices": [...newest first], "message"}. */
toolkit::Json history(toolkit::Call& call);

}  // namespace guichet::aati
