#pragma once
// The JSON answer of a transmitted, corrected or not-connected notice, with its durations and
// what happens to part 3.
#include "aati_contract.hpp"

#include <guichet/toolkit/plugin.hpp>

namespace guichet::aati {

/** {"number", "version", "state", "received_at", "correctable_until"?}. */
toolkit::Json notice_json(const Acknowledgement& ack);
/** {"kind", "sentence", "from"?, "presence_hours"?}: the outing rule as the doctor reads it. */
toolkit::Json outings_json(const Outings& outings);
/** Adds "outings", "duration_days" and, for a listed reason with one, "indicative_duration" (advice). */
void add_leave_summary(toolkit::Json& answer, const NoticeRequest& request);
/** The answer of submit and correct. Throws GUICHET_E_BAD_RESPONSE for a CodeCR it does not know. */
toolkit::Json notice_answer(const NoticeRequest& request, const Acknowledgement& ack);

}  // namespace guichet::aati
