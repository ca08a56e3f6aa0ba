#pragma once
// When a submission is tried again: exponential backoff with jitter, never sooner than the
// service asked (Retry-After), never later than an hour. Jitter spreads the retries of many
// practices after an outage, so the service is not hit by all of them at the same second.
#include <cstdint>

namespace guichet::host {

struct RetrySchedule {
    int64_t base_ms = 5000;
    int64_t cap_ms = 3'600'000;

    /** Delay after attempt number `attempts` (1 = the first one failed). `unit_random` in [0, 1). */
    int64_t delay_ms(int64_t attempts, uint32_t retry_after_s, double unit_random) const;
};

}  // namespace guichet::host
