#include "injection_queue.hpp"

namespace guichet::sandbox {

void InjectionQueue::push(const std::string& service, const std::string& operation, HttpAnswer answer) {
    std::lock_guard lock(mutex_);
    queues_[{service, operation}].push_back(std::move(answer));
}

std::optional<HttpAnswer> InjectionQueue::take(const std::string& service, const std::string& operation) {
    std::lock_guard lock(mutex_);
    for (const auto& key : {std::pair{service, operation}, std::pair{service, std::string()}}) {
        const auto queue = queues_.find(key);
        if (queue == queues_.end() || queue->second.empty()) continue;
        HttpAnswer answer = std::move(queue->second.front());
        queue->second.pop_front();
        return answer;
    }
    return std::nullopt;
}

size_t InjectionQueue::pending() const {
    std::lock_guard lock(mutex_);
    size_t count = 0;
    for (const auto& [key, queue] : queues_) count += queue.size();
    return count;
}

void InjectionQueue::clear() {
    std::lock_guard lock(mutex_);
    queues_.clear();
}

}  // namespace guichet::sandbox
