#include "clock.hpp"

#include <guichet/services.h>

namespace guichet::host {

int64_t Clock::deadline_after_ms(uint32_t ms) const {
    if (ms == 0) return GUICHET_NO_DEADLINE;
    return monotonic_ns() + static_cast<int64_t>(ms) * 1'000'000;
}

}  // namespace guichet::host
