#pragma once
// Wall and monotonic time, from the system or from the application's override.
#include <guichet/runtime.h>

#include <chrono>
#include <cstdint>

namespace guichet::host {

class Clock {
public:
    Clock(guichet_time_fn wall, guichet_time_fn monotonic, void* user_data)
        : wall_(wall), monotonic_(monotonic), user_data_(user_data) {}

    int64_t wall_ns() const {
        if (wall_ != nullptr) return wall_(user_data_);
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    int64_t monotonic_ns() const {
        if (monotonic_ != nullptr) return monotonic_(user_data_);
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    bool is_faked() const { return monotonic_ != nullptr; }

    /** Absolute monotonic deadline `ms` from now; 0 means none. */
    int64_t deadline_after_ms(uint32_t ms) const;

private:
    guichet_time_fn wall_;
    guichet_time_fn monotonic_;
    void* user_data_;
};

}  // namespace guichet::host
