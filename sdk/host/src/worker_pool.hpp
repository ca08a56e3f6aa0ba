#pragma once
// A fixed set of threads running queued jobs in order of submission.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace guichet::host {

class WorkerPool {
public:
    explicit WorkerPool(unsigned threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /** Queues a job. Returns false once the pool is stopping (the job is not run). */
    bool post(std::function<void()> job);

    /** Runs every queued job, then joins the threads. Idempotent. */
    void stop();

    /** True on one of this pool's threads. */
    bool on_worker_thread() const;

private:
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace guichet::host
