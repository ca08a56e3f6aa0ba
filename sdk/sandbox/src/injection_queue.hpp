#pragma once
// Recorded answers waiting to be replayed verbatim: per (service, operation), first in first out;
// an injection with an empty operation answers the service's next call, whatever its operation.
#include "http_server.hpp"

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace guichet::sandbox {

class InjectionQueue {
public:
    void push(const std::string& service, const std::string& operation, HttpAnswer answer);
    /** The answer queued for this call, if any (an operation's own queue first). */
    std::optional<HttpAnswer> take(const std::string& service, const std::string& operation);
    size_t pending() const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::deque<HttpAnswer>> queues_;
};

}  // namespace guichet::sandbox
