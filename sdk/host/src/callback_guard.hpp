#pragma once
// Marks the current thread as running an application callback, so that an attempt to close
// a session or destroy the runtime from inside one is refused instead of deadlocking.
namespace guichet::host {

class CallbackGuard {
public:
    CallbackGuard() { depth()++; }
    ~CallbackGuard() { depth()--; }
    CallbackGuard(const CallbackGuard&) = delete;
    CallbackGuard& operator=(const CallbackGuard&) = delete;
    static bool active() { return depth() > 0; }

private:
    static int& depth() {
        thread_local int value = 0;
        return value;
    }
};

}  // namespace guichet::host
