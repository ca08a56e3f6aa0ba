#include "test_runtime.hpp"

#include <catch2/catch.hpp>

namespace guichet::test {

std::string plugin_dir() { return GUICHET_TEST_SHIPPED_PLUGIN_DIR; }
std::string test_plugin_dir() { return GUICHET_TEST_PLUGIN_DIR; }
std::string broken_plugin_dir() { return std::string(GUICHET_TEST_PLUGIN_DIR) + "/broken"; }
std::string pki_dir() { return GUICHET_TEST_PKI_DIR; }

void GUICHET_CALL LogCapture::sink(void* self, int32_t, const char* category, const char* message) {
    auto* capture = static_cast<LogCapture*>(self);
    std::lock_guard lock(capture->mutex_);
    capture->lines_.push_back(std::string(category) + ": " + message);
}

std::vector<std::string> LogCapture::lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
}

std::string LogCapture::all() const {
    std::string out;
    for (const auto& l : lines()) out += l + "\n";
    return out;
}

guichet_runtime_config base_config() {
    guichet_runtime_config config{};
    config.struct_size = sizeof(config);
    config.software_name = "Guichet tests";
    config.software_version = "0.1.0";
    config.authorisation_number = "TEST-0001";
    config.worker_threads = 4;
    return config;
}

RuntimePtr make_runtime(const guichet_runtime_config& config) {
    guichet_runtime* runtime = nullptr;
    const guichet_status s = guichet_runtime_create(&config, &runtime);
    INFO(last_error_message());
    REQUIRE(s == GUICHET_OK);
    return RuntimePtr(runtime);
}

RuntimePtr make_runtime() { return make_runtime(base_config()); }

guichet_session* open_session(guichet_runtime* runtime, const std::string& context) {
    guichet_session* session = nullptr;
    const guichet_status s = guichet_session_open(runtime, context.data(), context.size(), &session);
    INFO(last_error_message());
    REQUIRE(s == GUICHET_OK);
    return session;
}

std::string str(guichet_str s) {
    return s.ptr == nullptr ? std::string() : std::string(s.ptr, static_cast<size_t>(s.len));
}

CallOutcome call(guichet_session* session, const std::string& service, const std::string& operation,
                 const std::string& request, uint32_t deadline_ms) {
    guichet_result* raw = nullptr;
    const guichet_status status =
        guichet_call(session, service.c_str(), operation.c_str(), request.data(), request.size(), deadline_ms, &raw);
    ResultPtr result(raw);
    CallOutcome out{status, {}, {}, {}};
    REQUIRE(result != nullptr);
    CHECK(guichet_result_status(result.get()) == status);
    out.json = guichet_result_json(result.get(), nullptr);
    if (const guichet_error* e = guichet_result_error(result.get())) {
        out.message = str(e->message);
        out.field = str(e->field);
        out.http_status = e->http_status;
        out.retryable = e->retryable != 0;
    }
    return out;
}

std::string last_error_message() {
    const guichet_error* e = guichet_last_error();
    return e == nullptr ? std::string() : str(e->message);
}

}  // namespace guichet::test
