#pragma once
// What an attempt's outcome means for a submission. The failure classification (toolkit,
// docs/status-codes.md) already says what is retryable; here it becomes a state:
//   accepted  the service took it;
//   retry     nothing final happened (unreachable, unavailable, timeout, deadline, shutdown);
//   refused   the service (or the request's own validation) said no: final, never retried;
//   failed    the outcome needs a person (a local identity problem, an unreadable answer...).
#include "call_result.hpp"

namespace guichet::host {

enum class SubmissionVerdict { accepted, retry, refused, failed };

SubmissionVerdict verdict_of(const guichet_result& result);

}  // namespace guichet::host
