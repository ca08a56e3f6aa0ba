#include "retry_schedule.hpp"

#include <algorithm>

namespace guichet::host {

int64_t RetrySchedule::delay_ms(int64_t attempts, uint32_t retry_after_s, double unit_random) const {
    int64_t delay = std::max<int64_t>(base_ms, 1);
    for (int64_t i = 1; i < attempts && delay < cap_ms; ++i) delay *= 2;
    delay = std::min(delay, cap_ms);
    // ±25 %: between three quarters and five quarters of the nominal delay.
    const double jittered = static_cast<double>(delay) * (0.75 + 0.5 * std::clamp(unit_random, 0.0, 1.0));
    return std::max(static_cast<int64_t>(jittered), static_cast<int64_t>(retry_after_s) * 1000);
}

}  // namespace guichet::host
