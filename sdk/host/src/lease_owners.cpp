#include "lease_owners.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <set>

namespace guichet::host::lease_owners {

namespace {
std::mutex& registry_mutex() {
    static std::mutex m;
    return m;
}
std::set<std::string>& registry() {
    static std::set<std::string> live;
    return live;
}
}  // namespace

const std::string& this_host() {
    static const std::string name = [] {
        char buffer[256] = {};
        if (::gethostname(buffer, sizeof(buffer) - 1) != 0) return std::string("localhost");
        return std::string(buffer);
    }();
    return name;
}

void remember(const std::string& token) {
    std::lock_guard lock(registry_mutex());
    registry().insert(token);
}

void forget(const std::string& token) {
    std::lock_guard lock(registry_mutex());
    registry().erase(token);
}

bool is_stale(const std::string& host, int64_t pid, const std::string& owner, int64_t until_ms, int64_t now_ms) {
    if (until_ms <= now_ms) return true;
    if (host != this_host()) return false;  // another machine's process: only its expiry tells
    if (pid == static_cast<int64_t>(::getpid())) {
        std::lock_guard lock(registry_mutex());
        return registry().count(owner) == 0;
    }
    // kill(pid, 0) probes without signalling; EPERM means it exists (someone else's process).
    return pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH);
}

}  // namespace guichet::host::lease_owners
