// The outbox through libguichet's C API, with a submitting test plugin that needs no network
// (tests/plugins/submission_plugin.cpp): stored before sending, one idempotency key for every
// attempt, retried exactly when retrying can help, settled once, the application told.
#include "external_tool.hpp"
#include "test_runtime.hpp"

#include <guichet/outbox.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <thread>

using namespace guichet::test;
using nlohmann::json;

namespace {

const char* service = "submission-test/1";

struct Listener {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<json> settled;

    static void GUICHET_CALL on_settled(void* self, const char* text, uint64_t len) {
        auto* l = static_cast<Listener*>(self);
        {
            std::lock_guard lock(l->mutex);
            l->settled.push_back(json::parse(std::string(text, len)));
        }
        l->changed.notify_all();
    }
    /** The state the listener was told for `id`, waiting up to 10 s. */
    std::string wait_for(const std::string& id) {
        std::unique_lock lock(mutex);
        std::string state;
        changed.wait_for(lock, std::chrono::seconds(10), [&] {
            for (const auto& s : settled)
                if (s["id"] == id) state = s["state"];
            return !state.empty();
        });
        return state;
    }
};

struct Outcome {
    guichet_status status;
    json answer;
    std::string submission_id;
    std::string message;
};

struct OutboxRig {
    TempDir dir{"outbox"};
    std::string path = dir.path("outbox.sqlite").string();
    std::string data_dir = dir.path("data").string();  // the plugin's attempt counts survive a restart
    RuntimePtr runtime;
    guichet_session* session = nullptr;
    Listener listener;

    explicit OutboxRig(uint32_t max_attempts = 8, bool manual = false, const char* key = nullptr) {
        open(max_attempts, manual, key);
    }
    void open(uint32_t max_attempts = 8, bool manual = false, const char* key = nullptr) {
        auto config = base_config();
        config.outbox_path = path.c_str();
        config.data_dir = data_dir.c_str();
        config.outbox_key = key;
        config.outbox_retry_base_ms = 20;
        config.outbox_max_attempts = max_attempts;
        config.outbox_manual_delivery = manual ? 1 : 0;
        runtime = make_runtime(config);
        REQUIRE(guichet_outbox_set_listener(runtime.get(), Listener::on_settled, &listener) == GUICHET_OK);
        REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), (test_plugin_dir() + "/submission").c_str()) ==
                GUICHET_OK);
        session = open_session(runtime.get());
    }
    void close() {
        guichet_session_close(session);
        session = nullptr;
        runtime.reset();
    }
    Outcome submit(const json& request, uint32_t deadline_ms = 0, const char* patient_reference = nullptr) {
        guichet_submit_options options{sizeof(options), deadline_ms, patient_reference};
        const std::string text = request.dump();
        guichet_result* raw = nullptr;
        const guichet_status status =
            guichet_submit(session, service, "submit", text.data(), text.size(), &options, &raw);
        ResultPtr result(raw);
        Outcome out{status, json(), guichet_result_submission_id(raw), ""};
        if (const guichet_error* e = guichet_result_error(raw)) out.message = str(e->message);
        const std::string answer = guichet_result_json(raw, nullptr);
        if (!answer.empty()) out.answer = json::parse(answer);
        return out;
    }
    json get(const std::string& id) {
        guichet_result* raw = nullptr;
        INFO(last_error_message());
        REQUIRE(guichet_outbox_get(runtime.get(), id.c_str(), &raw) == GUICHET_OK);
        ResultPtr result(raw);
        return json::parse(guichet_result_json(raw, nullptr));
    }
    json list(const json& filter) {
        const std::string text = filter.dump();
        guichet_result* raw = nullptr;
        INFO(last_error_message());
        REQUIRE(guichet_outbox_list(runtime.get(), text.data(), text.size(), &raw) == GUICHET_OK);
        ResultPtr result(raw);
        return json::parse(guichet_result_json(raw, nullptr))["submissions"];
    }
    int64_t attempts_seen(const std::string& key) {
        const auto outcome = call(session, service, "attempts", json{{"key", key}}.dump());
        REQUIRE(outcome.status == GUICHET_OK);
        return json::parse(outcome.json)["count"].get<int64_t>();
    }
};

}  // namespace

TEST_CASE("a submission the service accepts at once answers OK, stored as accepted, with its key", "[outbox]") {
    OutboxRig rig;
    const auto out = rig.submit({{"behaviour", "accept"}});
    REQUIRE(out.status == GUICHET_OK);
    REQUIRE(!out.submission_id.empty());
    const json row = rig.get(out.submission_id);
    CHECK(row["state"] == "accepted");
    CHECK(row["attempts"] == 1);
    CHECK(row["service"] == service);
    CHECK(out.answer["key"] == row["idempotency_key"]);  // the plugin had the stored key
    CHECK(row["answer"] == out.answer);
    CHECK(row["request"]["behaviour"] == "accept");
}

TEST_CASE("an unavailable service: the call answers QUEUED, the outbox retries with the same key until accepted",
          "[outbox]") {
    OutboxRig rig;
    const auto out = rig.submit({{"behaviour", "unavailable"}, {"fail_times", 2}});
    REQUIRE(out.status == GUICHET_QUEUED);
    CHECK(out.answer["state"] == "queued");
    CHECK(out.answer["id"] == out.submission_id);
    CHECK(out.answer["last_error"]["status_name"] == "GUICHET_E_SERVICE_UNAVAILABLE");
    REQUIRE(rig.listener.wait_for(out.submission_id) == "accepted");
    const json row = rig.get(out.submission_id);
    CHECK(row["state"] == "accepted");
    CHECK(row["attempts"] == 3);
    CHECK(rig.attempts_seen(row["idempotency_key"]) == 3);  // three attempts, one key
    CHECK(row["answer"]["key"] == row["idempotency_key"]);
}

TEST_CASE("a business refusal is final: never retried", "[outbox]") {
    OutboxRig rig;
    const auto out = rig.submit({{"behaviour", "refuse"}});
    REQUIRE(out.status == GUICHET_E_REMOTE_FAULT);
    REQUIRE(!out.submission_id.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // far beyond the 20 ms backoff
    const json row = rig.get(out.submission_id);
    CHECK(row["state"] == "refused");
    CHECK(row["attempts"] == 1);
    CHECK(row["last_error"]["remote_code"] == "test_refusal");
    CHECK(rig.attempts_seen(row["idempotency_key"]) == 1);
}

TEST_CASE("an answer that cannot be read needs a person: failed, not retried, not refused", "[outbox]") {
    OutboxRig rig;
    const auto out = rig.submit({{"behaviour", "unreadable"}});
    REQUIRE(out.status == GUICHET_E_BAD_RESPONSE);
    CHECK(rig.get(out.submission_id)["state"] == "failed");
}

TEST_CASE("after the retry budget a submission is failed, the application is told; retry and cancel", "[outbox]") {
    OutboxRig rig(3);
    const auto out = rig.submit({{"behaviour", "unavailable"}});
    REQUIRE(out.status == GUICHET_QUEUED);
    REQUIRE(rig.listener.wait_for(out.submission_id) == "failed");
    json row = rig.get(out.submission_id);
    CHECK(row["attempts"] == 3);
    CHECK(rig.list({{"state", "failed"}}).size() == 1);

    rig.listener.settled.clear();
    REQUIRE(guichet_outbox_retry(rig.runtime.get(), out.submission_id.c_str()) == GUICHET_OK);
    REQUIRE(rig.listener.wait_for(out.submission_id) == "failed");  // a fresh budget, spent again
    CHECK(rig.get(out.submission_id)["attempts"] == 6);

    REQUIRE(guichet_outbox_cancel(rig.runtime.get(), out.submission_id.c_str()) == GUICHET_OK);
    CHECK(rig.get(out.submission_id)["state"] == "cancelled");
    CHECK(guichet_outbox_retry(rig.runtime.get(), out.submission_id.c_str()) == GUICHET_E_INVALID_STATE);
    CHECK(guichet_outbox_cancel(rig.runtime.get(), "no-such-id") == GUICHET_E_NOT_FOUND);
}

TEST_CASE("past the call's deadline the caller gets QUEUED at once, the attempt settles later", "[outbox]") {
    OutboxRig rig;
    const auto start = std::chrono::steady_clock::now();
    const auto out = rig.submit({{"behaviour", "slow"}, {"ms", 400}}, 50);
    const auto waited = std::chrono::steady_clock::now() - start;
    REQUIRE(out.status == GUICHET_QUEUED);
    INFO("waited " << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count() << " ms");
    REQUIRE(rig.listener.wait_for(out.submission_id) == "accepted");
}

TEST_CASE("a submission queued before a restart is delivered after it, with the same key", "[outbox]") {
    OutboxRig rig(8, true);
    const auto out = rig.submit({{"behaviour", "unavailable"}, {"fail_times", 1}});
    REQUIRE(out.status == GUICHET_QUEUED);
    const std::string key = rig.get(out.submission_id)["idempotency_key"];
    rig.close();

    rig.open(8, true);
    std::this_thread::sleep_for(std::chrono::milliseconds(60));  // the 20 ms backoff (+25 %) is over
    guichet_result* raw = nullptr;
    REQUIRE(guichet_outbox_run(rig.runtime.get(), &raw) == GUICHET_OK);
    ResultPtr report(raw);
    const json counts = json::parse(guichet_result_json(raw, nullptr));
    CHECK(counts["attempted"] == 1);
    CHECK(counts["accepted"] == 1);
    const json row = rig.get(out.submission_id);
    CHECK(row["state"] == "accepted");
    CHECK(row["answer"]["key"] == key);
}

TEST_CASE("the outbox file is owner-only and unreadable without its key when encrypted", "[outbox]") {
    TempDir dir("outbox-key");
    {
        OutboxRig rig(8, false, "correct horse battery staple");
        REQUIRE(rig.submit({{"behaviour", "accept"}}).status == GUICHET_OK);
        struct stat st {};
        REQUIRE(::stat(rig.path.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        const std::string head = read_text(rig.path).substr(0, 16);
        CHECK(head != std::string("SQLite format 3\0", 16));  // not a plain SQLite file
        rig.close();

        auto config = base_config();
        config.outbox_path = rig.path.c_str();
        config.outbox_key = "wrong";
        guichet_runtime* runtime = nullptr;
        CHECK(guichet_runtime_create(&config, &runtime) == GUICHET_E_IO);
        CHECK(last_error_message().find("outbox") != std::string::npos);
        config.outbox_key = "correct horse battery staple";
        REQUIRE(guichet_runtime_create(&config, &runtime) == GUICHET_OK);
        RuntimePtr reopened(runtime);
        guichet_result* raw = nullptr;
        REQUIRE(guichet_outbox_list(runtime, nullptr, 0, &raw) == GUICHET_OK);
        ResultPtr list(raw);
        CHECK(json::parse(guichet_result_json(raw, nullptr))["submissions"].size() == 1);
    }
}

TEST_CASE("a corrupted outbox file is a clear GUICHET_E_IO, never a crash", "[outbox]") {
    TempDir dir("outbox-corrupt");
    const std::string path = dir.write("outbox.sqlite", std::string(8192, 'x'));
    auto config = base_config();
    config.outbox_path = path.c_str();
    guichet_runtime* runtime = nullptr;
    CHECK(guichet_runtime_create(&config, &runtime) == GUICHET_E_IO);
    CHECK(runtime == nullptr);
    CHECK(last_error_message().find("outbox") != std::string::npos);
}

TEST_CASE("a locked outbox file is a clear GUICHET_E_IO and nothing is sent", "[outbox]") {
    OutboxRig rig;
    // Another process (python3's own SQLite) holds the write lock longer than the busy timeout.
    const std::string hold =
        "python3 -c \"import sqlite3,time,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None);"
        " c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(8)\" " +
        rig.path + " &";
    std::FILE* locker = ::popen(hold.c_str(), "r");
    REQUIRE(locker != nullptr);
    char line[16] = {};
    REQUIRE(std::fgets(line, sizeof(line), locker) != nullptr);
    const auto out = rig.submit({{"behaviour", "accept"}});
    ::pclose(locker);
    CHECK(out.status == GUICHET_E_IO);
    CHECK(out.message.find("locked") != std::string::npos);
    CHECK(out.submission_id.empty());
}

TEST_CASE("patient references: listed by, never a NIR", "[outbox]") {
    OutboxRig rig;
    REQUIRE(rig.submit({{"behaviour", "accept"}}, 0, "dossier-4711").status == GUICHET_OK);
    REQUIRE(rig.submit({{"behaviour", "refuse"}}, 0, "dossier-0815").status == GUICHET_E_REMOTE_FAULT);
    const json mine = rig.list({{"patient_reference", "dossier-4711"}});
    REQUIRE(mine.size() == 1);
    CHECK(mine[0]["state"] == "accepted");
    CHECK(rig.list({{"state", "refused"}}).size() == 1);
    CHECK(rig.list(json::object()).size() == 2);

    const auto nir = rig.submit({{"behaviour", "accept"}}, 0, "1 80 12 75 115 025 38");
    CHECK(nir.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(rig.list(json::object()).size() == 2);  // nothing stored

    guichet_result* raw = nullptr;
    const std::string bad = R"({"stat": "queued"})";
    CHECK(guichet_outbox_list(rig.runtime.get(), bad.data(), bad.size(), &raw) == GUICHET_E_INVALID_ARGUMENT);
    CHECK(str(guichet_last_error()->field) == "/stat");
}

TEST_CASE("guichet_call of a submitting operation goes through the outbox; other operations get no key", "[outbox]") {
    OutboxRig rig;
    guichet_result* raw = nullptr;
    const std::string request = R"({"behaviour": "accept"})";
    REQUIRE(guichet_call(rig.session, service, "submit", request.data(), request.size(), 0, &raw) == GUICHET_OK);
    ResultPtr result(raw);
    const std::string id = guichet_result_submission_id(raw);
    REQUIRE(!id.empty());
    CHECK(rig.get(id)["state"] == "accepted");

    const auto plain = call(rig.session, service, "plain", "{}");
    REQUIRE(plain.status == GUICHET_OK);
    CHECK(json::parse(plain.json)["key"] == "");
    guichet_result* refused = nullptr;
    CHECK(guichet_submit(rig.session, service, "plain", "{}", 2, nullptr, &refused) == GUICHET_E_UNSUPPORTED);
    guichet_result_free(refused);
}

TEST_CASE("after the retention a settled submission's request and answer are purged, its history kept", "[outbox]") {
    TempDir dir("outbox-retention");
    const std::string path = dir.path("outbox.sqlite").string();
    std::atomic<int64_t> wall_ns{
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count()};
    auto config = base_config();
    config.outbox_path = path.c_str();
    config.outbox_retention_days = 30;
    config.outbox_manual_delivery = 1;
    config.wall_clock_ns = [](void* clock) { return static_cast<std::atomic<int64_t>*>(clock)->load(); };
    config.clock_user_data = &wall_ns;
    const auto open = [&] {
        RuntimePtr runtime = make_runtime(config);
        REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), (test_plugin_dir() + "/submission").c_str()) ==
                GUICHET_OK);
        return runtime;
    };
    const auto get = [](guichet_runtime* runtime, const std::string& id) {
        guichet_result* raw = nullptr;
        REQUIRE(guichet_outbox_get(runtime, id.c_str(), &raw) == GUICHET_OK);
        ResultPtr result(raw);
        return json::parse(guichet_result_json(raw, nullptr));
    };
    std::string accepted, queued;
    {
        RuntimePtr runtime = open();
        guichet_session* session = open_session(runtime.get());
        guichet_result* raw = nullptr;
        const std::string ok = R"({"behaviour": "accept"})", down = R"({"behaviour": "unavailable"})";
        REQUIRE(guichet_submit(session, service, "submit", ok.data(), ok.size(), nullptr, &raw) == GUICHET_OK);
        accepted = guichet_result_submission_id(raw);
        guichet_result_free(raw);
        REQUIRE(guichet_submit(session, service, "submit", down.data(), down.size(), nullptr, &raw) == GUICHET_QUEUED);
        queued = guichet_result_submission_id(raw);
        guichet_result_free(raw);
        CHECK(get(runtime.get(), accepted)["payload_purged"] == false);
    }
    wall_ns += int64_t{29} * 86'400'000'000'000;
    CHECK(get(open().get(), accepted)["payload_purged"] == false);  // 29 days: still kept
    wall_ns += int64_t{2} * 86'400'000'000'000;
    RuntimePtr later = open();  // 31 days: the runtime purges when it opens the outbox
    const json row = get(later.get(), accepted);
    CHECK(row["payload_purged"] == true);
    CHECK(row["request"].is_null());
    CHECK(row["answer"].is_null());
    CHECK(row["state"] == "accepted");                           // the history stays
    CHECK(get(later.get(), queued)["payload_purged"] == false);  // not settled: never purged
}

TEST_CASE("destroying the runtime cancels the attempt in progress: the submission stays queued", "[outbox]") {
    OutboxRig rig;
    const auto out = rig.submit({{"behaviour", "slow"}, {"ms", 5000}}, 20);
    REQUIRE(out.status == GUICHET_QUEUED);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the background attempt is under way
    rig.close();  // had it waited for the 5 s attempt, the submission would be accepted below
    rig.open(8, true);
    const json row = rig.get(out.submission_id);
    CHECK(row["state"] == "queued");
    CHECK(row["attempts"] == 2);
    CHECK(row["last_error"]["status_name"] == "GUICHET_E_CANCELLED");
}

TEST_CASE("two runtimes on one outbox never send the same submission at the same time", "[outbox]") {
    OutboxRig first(8, true);
    OutboxRig second(8, true);
    second.close();
    second.path = first.path;  // the same outbox file, and the same plugin store for the counts
    second.data_dir = first.data_dir;
    second.open(8, true);

    // The first attempt stops at its deadline; the next one lasts 500 ms.
    const auto out = first.submit({{"behaviour", "slow"}, {"ms", 500}}, 20);
    REQUIRE(out.status == GUICHET_QUEUED);
    std::this_thread::sleep_for(std::chrono::milliseconds(60));  // due
    json reports[2];
    const auto run = [&](OutboxRig& rig, json& report) {
        guichet_result* raw = nullptr;
        REQUIRE(guichet_outbox_run(rig.runtime.get(), &raw) == GUICHET_OK);
        report = json::parse(guichet_result_json(raw, nullptr));
        guichet_result_free(raw);
    };
    std::thread a([&] { run(first, reports[0]); });
    std::thread b([&] { run(second, reports[1]); });
    a.join();
    b.join();
    CHECK(reports[0]["attempted"].get<int>() + reports[1]["attempted"].get<int>() == 1);
    const json row = first.get(out.submission_id);
    CHECK(row["state"] == "accepted");
    CHECK(row["attempts"] == 2);
    CHECK(first.attempts_seen(row["idempotency_key"]) == 2);
}
