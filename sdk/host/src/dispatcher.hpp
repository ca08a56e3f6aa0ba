#pragma once
// One runtime thread that delivers completions that must not run on the caller's thread
// (cancellations) or that a deadline decides, so callbacks never fire re-entrantly.
#include "clock.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace guichet::host {

class Dispatcher {
public:
    explicit Dispatcher(const Clock& clock);
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    /** Runs `job` soon on the dispatcher thread. */
    void post(std::function<void()> job);
    /** Runs `job` on the dispatcher thread once the monotonic clock reaches `at_ns`. */
    void at(int64_t at_ns, std::function<void()> job);
    /** Runs what is queued (not future timers), then joins. Idempotent. */
    void stop();
    bool on_dispatcher_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

private:
    void run();

    const Clock& clock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    std::multimap<int64_t, std::function<void()>> timers_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace guichet::host
