#pragma once
// Helpers shared by the host's tests: runtimes, sessions and calls with automatic cleanup,
// and a log capture. Paths come from the build (see tests/CMakeLists.txt).
#include <guichet/runtime.h>
#include <guichet/services.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::test {

std::string plugin_dir();       ///< the shipped plugins (template)
std::string test_plugin_dir();  ///< lifecycle and friends
std::string broken_plugin_dir();
std::string pki_dir();  ///< throwaway certificates made by sdk/tools/make-test-certificates

struct RuntimeDeleter {
    void operator()(guichet_runtime* r) const { guichet_runtime_destroy(r); }
};
using RuntimePtr = std::unique_ptr<guichet_runtime, RuntimeDeleter>;

struct ResultDeleter {
    void operator()(guichet_result* r) const { guichet_result_free(r); }
};
using ResultPtr = std::unique_ptr<guichet_result, ResultDeleter>;

class LogCapture {
public:
    static void GUICHET_CALL sink(void* self, int32_t level, const char* category, const char* message);
    std::vector<std::string> lines() const;
    std::string all() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

/** A config with the test software identity; adjust fields before make_runtime. */
guichet_runtime_config base_config();
RuntimePtr make_runtime(const guichet_runtime_config& config);
RuntimePtr make_runtime();

/** Opens a session and returns it; REQUIREs success. */
guichet_session* open_session(guichet_runtime* runtime, const std::string& context = "{}");

struct CallOutcome {
    guichet_status status;
    std::string json;
    std::string message;
    std::string field;
    int32_t http_status = 0;
    bool retryable = false;
};

CallOutcome call(guichet_session* session, const std::string& service, const std::string& operation,
                 const std::string& request, uint32_t deadline_ms = 0);

/** The detail of guichet_last_error() as text, or "". */
std::string last_error_message();

std::string str(guichet_str s);

}  // namespace guichet::test
