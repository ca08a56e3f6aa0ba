#pragma once
// A small cache that lives as long as a plugin instance, i.e. one session: for values that may
// be reused within their validity (a VIHF), never across professionals.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace guichet::toolkit {

class SessionCache {
public:
    /** The value stored under `key` if it is still valid at `now_ns` (monotonic). */
    std::optional<std::string> get(const std::string& key, int64_t now_ns) const {
        std::lock_guard lock(mutex_);
        const auto it = entries_.find(key);
        if (it == entries_.end() || now_ns >= it->second.expires_ns) return std::nullopt;
        return it->second.value;
    }
    void put(const std::string& key, std::string value, int64_t expires_ns) {
        std::lock_guard lock(mutex_);
        entries_[key] = {std::move(value), expires_ns};
    }

private:
    struct Entry {
        std::string value;
        int64_t expires_ns;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

}  // namespace guichet::toolkit
