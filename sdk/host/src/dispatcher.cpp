#include "dispatcher.hpp"

#include <chrono>

namespace guichet::host {

Dispatcher::Dispatcher(const Clock& clock) : clock_(clock), thread_([this] { run(); }) {}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void Dispatcher::at(int64_t at_ns, std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        timers_.emplace(at_ns, std::move(job));
    }
    wake_.notify_one();
}

void Dispatcher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Dispatcher::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (!jobs_.empty()) {
            auto job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            job();
            lock.lock();
            continue;
        }
        if (stopping_) return;
        if (!timers_.empty()) {
            const int64_t now = clock_.monotonic_ns();
            const auto first = timers_.begin();
            if (first->first <= now) {
                auto job = std::move(first->second);
                timers_.erase(first);
                lock.unlock();
                job();
                lock.lock();
                continue;
            }
            // A faked clock does not advance with real time: look again often.
            const int64_t wait_ns = clock_.is_faked() ? 5'000'000 : first->first - now;
            wake_.wait_for(lock, std::chrono::nanoseconds(wait_ns));
        } else {
            wake_.wait(lock);
        }
    }
}

}  // namespace guichet::host
