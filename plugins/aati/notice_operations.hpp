#pragma once
// aati/1 check, submit, correct: the notice and/or its work-accident certificate
// (docs/schemas/aati, docs/aati.md).
#include <guichet/toolkit/plugin.hpp>

namespace guichet::aati {

/** Every rule, no network: {"result": "valid", "duration_days", "transmission", "indicative_duration"?,
 *  "part3", "warnings"}. */
toolkit::Json check(toolkit::Call& call);
/** Transmits (submitting: through the outbox): {"result": "transmitted"|"not_transmitted", "notice"?,
 *  "certificate"?, "duration_days"?, "indicative_duration"?, "part3", "message"}. */
toolkit::Json submit(toolkit::Call& call);
/** Replaces a notice within its correction window: the same answer, state "corrected". */
toolkit::Json correct(toolkit::Call& call);

}  // namespace guichet::aati
