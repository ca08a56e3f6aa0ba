// Calls through libguichet: synchronous and asynchronous, errors with their fields,
// cancellation before and after completion, deadlines, and shutdown with calls in flight.
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

using namespace guichet::test;

namespace {

RuntimePtr runtime_with_plugins(const guichet_runtime_config& config = base_config()) {
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    REQUIRE(guichet_runtime_load_plugin(runtime.get(), (test_plugin_dir() + "/lifecycle.so").c_str()) == GUICHET_OK);
    return runtime;
}

// Records every callback: how many times each call completed, and with what.
struct Completions {
    std::mutex mutex;
    std::condition_variable changed;
    std::map<int, int> fired;  // call tag -> callbacks
    std::map<int, guichet_status> status;
    std::map<int, std::string> json;
    std::atomic<bool> after_shutdown{false};
    std::atomic<int> late{0};

    struct Tag {
        Completions* owner;
        int id;
    };
    std::vector<std::unique_ptr<Tag>> tags;

    void* tag(int id) {
        tags.push_back(std::make_unique<Tag>(Tag{this, id}));
        return tags.back().get();
    }
    static void GUICHET_CALL done(void* user, const guichet_result* result) {
        auto* t = static_cast<Tag*>(user);
        Completions& c = *t->owner;
        if (c.after_shutdown) c.late++;
        {
            std::lock_guard lock(c.mutex);
            c.fired[t->id]++;
            c.status[t->id] = guichet_result_status(result);
            c.json[t->id] = guichet_result_json(result, nullptr);
        }
        c.changed.notify_all();
    }
    bool wait_for(size_t count, std::chrono::seconds limit = std::chrono::seconds(30)) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [&] { return fired.size() >= count; });
    }
    int fired_count(int id) {
        std::lock_guard lock(mutex);
        return fired.count(id) ? fired[id] : 0;
    }
    guichet_status status_of(int id) {
        std::lock_guard lock(mutex);
        return status.at(id);
    }
};

guichet_pending_call* start(guichet_session* session, const char* service, const char* op, const std::string& request,
                            uint32_t deadline_ms, Completions& completions, int id) {
    guichet_pending_call* pending = nullptr;
    const guichet_status s = guichet_call_async(session, service, op, request.data(), request.size(), deadline_ms,
                                                Completions::done, completions.tag(id), &pending);
    INFO(last_error_message());
    REQUIRE(s == GUICHET_OK);
    return pending;
}

}  // namespace

TEST_CASE("a synchronous call returns the plugin's answer", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());
    const auto out = call(session, "echo/1", "echo", R"({"message":"Bonjour, docteur"})");
    REQUIRE(out.status == GUICHET_OK);
    CHECK(nlohmann::json::parse(out.json)["message"] == "Bonjour, docteur");
}

TEST_CASE("bad calls get specific statuses, messages and the faulty field", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());

    auto out = call(session, "nothing/1", "echo", "{}");
    CHECK(out.status == GUICHET_E_NOT_FOUND);
    CHECK_THAT(out.message, Catch::Contains("nothing/1"));

    out = call(session, "echo/1", "shout", "{}");
    CHECK(out.status == GUICHET_E_NOT_FOUND);
    CHECK_THAT(out.message, Catch::Contains("no operation 'shout'") && Catch::Contains("echo, remote"));

    out = call(session, "echo/1", "echo", R"({"message": )");
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK_THAT(out.message, Catch::Contains("not valid JSON"));

    out = call(session, "echo/1", "echo", R"({"text":"hello"})");
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/message");
    CHECK_THAT(out.message, Catch::Contains("/message") && Catch::Contains("required"));

    out = call(session, "echo/1", "echo", R"({"message": 42})");
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/message");
    CHECK_THAT(out.message, Catch::Contains("must be a string"));

    out = call(session, "clock/1", "wait", R"({"milliseconds": -5})");
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/milliseconds");

    // A number beyond a double is refused by the host before any plugin runs, field named.
    out = call(session, "echo/1", "echo", R"({"message": "x", "repeat": 1e999})");
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/repeat");
    CHECK_THAT(out.message, Catch::Contains("out of range"));

    out = call(session, "clock/1", "wait", R"({"milliseconds": "five"})");
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/milliseconds");
}

TEST_CASE("a plugin that misbehaves yields an internal error, not a crash or a hang", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());
    auto out = call(session, "lifecycle/1", "forget", "{}");
    CHECK(out.status == GUICHET_E_INTERNAL);
    CHECK_THAT(out.message, Catch::Contains("returned without completing"));
    out = call(session, "lifecycle/1", "bad_json", "{}");
    CHECK(out.status == GUICHET_E_INTERNAL);
    CHECK_THAT(out.message, Catch::Contains("invalid JSON"));
}

TEST_CASE("session contexts that are not JSON objects are refused with the field", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = nullptr;
    const std::string not_json = "{professional";
    CHECK(guichet_session_open(runtime.get(), not_json.data(), not_json.size(), &session) ==
          GUICHET_E_INVALID_ARGUMENT);
    const std::string bad_endpoint = R"({"endpoints": {"echo/1": 12}})";
    CHECK(guichet_session_open(runtime.get(), bad_endpoint.data(), bad_endpoint.size(), &session) ==
          GUICHET_E_INVALID_ARGUMENT);
    REQUIRE(guichet_last_error() != nullptr);
    CHECK(str(guichet_last_error()->field) == "/endpoints/echo~11");
    const std::string unknown_identity = R"({"tls_identity": "card"})";
    CHECK(guichet_session_open(runtime.get(), unknown_identity.data(), unknown_identity.size(), &session) ==
          GUICHET_E_INVALID_ARGUMENT);
    CHECK(str(guichet_last_error()->field) == "/tls_identity");
}

TEST_CASE("asynchronous calls complete exactly once each, through a callback and a wait", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());
    Completions completions;
    std::vector<guichet_pending_call*> pending;
    constexpr int calls = 100;
    for (int i = 0; i < calls; ++i) {
        const bool through_plugin_thread = i % 2 == 0;
        pending.push_back(start(session, through_plugin_thread ? "lifecycle/1" : "echo/1",
                                through_plugin_thread ? "async_sleep" : "echo",
                                through_plugin_thread ? R"({"ms": 1})" : R"({"message":"m)" + std::to_string(i) + "\"}",
                                0, completions, i));
    }
    REQUIRE(completions.wait_for(calls));
    for (int i = 0; i < calls; ++i) {
        guichet_result* raw = nullptr;
        REQUIRE(guichet_pending_call_wait(pending[i], 0, &raw) == GUICHET_OK);
        ResultPtr result(raw);
        CHECK(guichet_result_status(result.get()) == GUICHET_OK);
        CHECK(completions.fired_count(i) == 1);
        if (i % 2 == 1)
            CHECK(nlohmann::json::parse(guichet_result_json(result.get(), nullptr))["message"] ==
                  "m" + std::to_string(i));
        guichet_pending_call_free(pending[i]);
    }
}

TEST_CASE("cancelling a running call completes it once with CANCELLED and stops the plugin", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());
    Completions completions;
    guichet_pending_call* sync_style = start(session, "lifecycle/1", "sleep", R"({"ms": 60000})", 0, completions, 1);
    guichet_pending_call* async_style =
        start(session, "lifecycle/1", "async_sleep", R"({"ms": 60000})", 0, completions, 2);
    guichet_pending_call_cancel(sync_style);
    guichet_pending_call_cancel(async_style);
    REQUIRE(completions.wait_for(2));
    CHECK(completions.status_of(1) == GUICHET_E_CANCELLED);
    CHECK(completions.status_of(2) == GUICHET_E_CANCELLED);
    guichet_pending_call_cancel(sync_style);  // again: harmless
    // Closing waits for the plugin to notice the cancellation: a minute-long sleep that was
    // not interrupted would hold this test for a minute.
    guichet_session_close(session);
    CHECK(completions.fired_count(1) == 1);
    CHECK(completions.fired_count(2) == 1);
    guichet_pending_call_free(sync_style);
    guichet_pending_call_free(async_style);
}

TEST_CASE("cancelling after completion changes nothing", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());
    Completions completions;
    guichet_pending_call* pending = start(session, "echo/1", "echo", R"({"message":"done"})", 0, completions, 7);
    REQUIRE(completions.wait_for(1));
    guichet_pending_call_cancel(pending);
    guichet_result* raw = nullptr;
    REQUIRE(guichet_pending_call_wait(pending, 1000, &raw) == GUICHET_OK);
    ResultPtr result(raw);
    CHECK(guichet_result_status(result.get()) == GUICHET_OK);
    CHECK(completions.fired_count(7) == 1);
    guichet_pending_call_free(pending);
}

TEST_CASE("a deadline stops a synchronous call that cooperates", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());
    const auto out = call(session, "clock/1", "wait", R"({"milliseconds": 60000})", 50);
    CHECK(out.status == GUICHET_E_DEADLINE_EXCEEDED);
    CHECK(out.retryable);
}

TEST_CASE("a deadline completes an asynchronous call even while the plugin still runs", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());
    Completions completions;
    guichet_pending_call* pending =
        start(session, "lifecycle/1", "async_sleep", R"({"ms": 60000})", 50, completions, 3);
    REQUIRE(completions.wait_for(1));
    CHECK(completions.status_of(3) == GUICHET_E_DEADLINE_EXCEEDED);
    guichet_result* raw = nullptr;
    REQUIRE(guichet_pending_call_wait(pending, 1000, &raw) == GUICHET_OK);
    ResultPtr result(raw);
    // The host stopped it, not the plugin: still worth retrying, as any deadline (ECHO-005).
    CHECK(guichet_result_error(result.get())->retryable == 1);
    guichet_pending_call_free(pending);
}

namespace {
struct FakeTime {
    std::atomic<int64_t> now_ns{1'000'000'000};
    static int64_t GUICHET_CALL monotonic(void* self) { return static_cast<FakeTime*>(self)->now_ns; }
    static int64_t GUICHET_CALL wall(void*) { return int64_t{1'790'000'000} * 1'000'000'000; }
};
}  // namespace

TEST_CASE("deadlines follow the host's clock, which an application may fake", "[calls]") {
    FakeTime time;
    auto config = base_config();
    config.monotonic_clock_ns = FakeTime::monotonic;
    config.wall_clock_ns = FakeTime::wall;
    config.clock_user_data = &time;
    auto runtime = runtime_with_plugins(config);
    guichet_session* session = open_session(runtime.get());

    const auto now = call(session, "clock/1", "now", "{}");
    REQUIRE(now.status == GUICHET_OK);
    CHECK(nlohmann::json::parse(now.json)["utc"] == "2026-09-21T14:13:20Z");

    Completions completions;
    guichet_pending_call* pending = start(session, "clock/1", "wait", R"({"milliseconds": 1000})", 500, completions, 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(completions.fired_count(4) == 0);  // frozen time: the deadline cannot pass
    time.now_ns += 600'000'000;
    REQUIRE(completions.wait_for(1));
    CHECK(completions.status_of(4) == GUICHET_E_DEADLINE_EXCEEDED);
    guichet_pending_call_free(pending);
}

TEST_CASE("destroying the runtime with calls in flight fires every callback first, none afterwards", "[calls]") {
    Completions completions;
    std::vector<guichet_pending_call*> pending;
    {
        auto runtime = runtime_with_plugins();
        guichet_session* session = open_session(runtime.get());
        for (int i = 0; i < 12; ++i)
            pending.push_back(
                start(session, "lifecycle/1", i % 2 ? "sleep" : "async_sleep", R"({"ms": 60000})", 0, completions, i));
        runtime.reset();  // guichet_runtime_destroy
        completions.after_shutdown = true;
    }
    CHECK(completions.late == 0);
    for (int i = 0; i < 12; ++i) {
        CHECK(completions.fired_count(i) == 1);
        CHECK(completions.status_of(i) == GUICHET_E_CANCELLED);
        // The handle outlives the runtime and still tells the outcome.
        guichet_result* raw = nullptr;
        CHECK(guichet_pending_call_wait(pending[i], 1, &raw) == GUICHET_OK);
        ResultPtr result(raw);
        CHECK(guichet_result_status(result.get()) == GUICHET_E_CANCELLED);
        guichet_pending_call_free(pending[i]);
    }
}

namespace {
struct CloseFromCallback {
    guichet_session* session = nullptr;
    std::atomic<guichet_status> close_status{GUICHET_OK};
    std::atomic<bool> done{false};
    static void GUICHET_CALL done_fn(void* user, const guichet_result*) {
        auto* self = static_cast<CloseFromCallback*>(user);
        guichet_session_close(self->session);
        const guichet_error* e = guichet_last_error();
        self->close_status = e == nullptr ? GUICHET_OK : e->status;
        self->done = true;
    }
};
}  // namespace

TEST_CASE("closing a session from inside its own callback is refused instead of deadlocking", "[calls]") {
    auto runtime = runtime_with_plugins();
    CloseFromCallback probe;
    probe.session = open_session(runtime.get());
    const std::string request = R"({"message":"x"})";
    REQUIRE(guichet_call_async(probe.session, "echo/1", "echo", request.data(), request.size(), 0,
                               CloseFromCallback::done_fn, &probe, nullptr) == GUICHET_OK);
    for (int i = 0; i < 3000 && !probe.done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(probe.done);
    CHECK(probe.close_status == GUICHET_E_INVALID_STATE);
}

TEST_CASE("calls on one session run concurrently from many threads", "[calls]") {
    auto runtime = runtime_with_plugins();
    guichet_session* session = open_session(runtime.get());
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                const std::string request = R"({"message":"t)" + std::to_string(t) + "-" + std::to_string(i) + "\"}";
                guichet_result* raw = nullptr;
                const guichet_status s =
                    guichet_call(session, "echo/1", "echo", request.data(), request.size(), 0, &raw);
                ResultPtr result(raw);
                if (s == GUICHET_OK && nlohmann::json::parse(guichet_result_json(result.get(), nullptr))["message"] ==
                                           "t" + std::to_string(t) + "-" + std::to_string(i))
                    ok++;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(ok == 400);
}

TEST_CASE("the plugin store keeps a plugin's values across runtimes in the data directory", "[calls]") {
    const auto dir = std::filesystem::temp_directory_path() / ("guichet-store-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    const std::string dir_text = dir.string();
    auto config = base_config();
    config.data_dir = dir_text.c_str();
    for (int expected = 1; expected <= 2; ++expected) {
        auto runtime = runtime_with_plugins(config);
        guichet_session* session = open_session(runtime.get());
        const auto out = call(session, "clock/1", "tick", "{}");
        REQUIRE(out.status == GUICHET_OK);
        CHECK(nlohmann::json::parse(out.json)["ticks"] == expected);
    }
    CHECK(std::filesystem::exists(dir / "plugin-store.sqlite"));
    std::filesystem::remove_all(dir);
}
