// Kill -9 at random points of a submission (issue 12): a practice software process
// (tests/outbox/outbox_crash_driver.cpp) submits soap-echo/1 submit to the real sandbox through
// the outbox and is killed with SIGKILL after a random delay drawn from a fixed seed; half the
// time the delivery run that follows is killed too; a last run finishes the work. Then the
// sandbox's de-duplication ledger and the outbox must tell the same story: every stored
// submission was accepted exactly once, and nothing reached the service without being stored.
#include "running_sandbox.hpp"

#include <guichet/outbox.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

extern char** environ;

using namespace guichet::test;
using nlohmann::json;

namespace {

struct Driver {
    std::string outbox;
    std::string context_file;

    pid_t spawn(const std::vector<std::string>& args) const {
        std::vector<std::string> words{GUICHET_TEST_OUTBOX_DRIVER};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& w : words) argv.push_back(w.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);  // its reports are not needed
        pid_t pid = 0;
        const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        REQUIRE(rc == 0);
        return pid;
    }
    std::vector<std::string> submit_args(const std::string& message) const {
        return {"submit", outbox, plugin_dir(), context_file, message};
    }
    std::vector<std::string> run_args() const { return {"run", outbox, plugin_dir(), context_file}; }
};

/** Waits for `pid`, killing it with SIGKILL after `kill_after` unless it ended. True if killed. */
bool wait_or_kill(pid_t pid, std::chrono::microseconds kill_after) {
    const auto deadline = std::chrono::steady_clock::now() + kill_after;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid, &status, WNOHANG) == pid) return false;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status);
}

int wait_for(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

json outbox_rows(const std::string& path) {
    auto config = base_config();
    config.outbox_path = path.c_str();
    config.outbox_manual_delivery = 1;
    RuntimePtr runtime = make_runtime(config);
    guichet_result* raw = nullptr;
    const std::string filter = R"({"limit": 10000})";
    REQUIRE(guichet_outbox_list(runtime.get(), filter.data(), filter.size(), &raw) == GUICHET_OK);
    ResultPtr list(raw);
    return json::parse(guichet_result_json(raw, nullptr))["submissions"];
}

}  // namespace

TEST_CASE("kill -9 at random points of 50 submissions: each stored one accepted exactly once, none sent unstored",
          "[outbox][crash]") {
    RunningSandbox s;
    TempDir dir("outbox-crash");
    Driver driver{dir.path("outbox.sqlite").string(), dir.write("session.json", s.sandbox->client_config().dump())};
    ::setenv("GUICHET_PASSPHRASE",
             s.sandbox->client_config()["sandbox"]["pkcs12_passphrase"].get<std::string>().c_str(), 1);

    // How long one whole submission takes here: the kills are spread over it.
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(wait_for(driver.spawn(driver.submit_args("warm-up"))) == 0);
    const auto whole = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);

    std::mt19937_64 schedule(20261123);  // a failure replays with the same kill points
    std::uniform_int_distribution<int64_t> point(0, whole.count() * 5 / 4);
    int killed_submits = 0, killed_runs = 0;
    for (int run = 0; run < 50; ++run) {
        if (wait_or_kill(driver.spawn(driver.submit_args("crash-" + std::to_string(run))),
                         std::chrono::microseconds(point(schedule))))
            ++killed_submits;
        if (run % 2 == 0 && wait_or_kill(driver.spawn(driver.run_args()), std::chrono::microseconds(point(schedule))))
            ++killed_runs;
        REQUIRE(wait_for(driver.spawn(driver.run_args())) == 0);  // restart: deliver what is left
    }
    INFO("one submission took " << whole.count() << " us; killed " << killed_submits << " submits and " << killed_runs
                                << " delivery runs");
    CHECK(killed_submits > 10);  // the schedule did hit the submissions, not only their ends

    const json rows = outbox_rows(driver.outbox);
    const json ledger = json::parse(s.admin("GET", "/admin/submissions"));
    std::map<std::string, json> at_service;
    for (const auto& entry : ledger["submissions"]) at_service[entry["message_id"]] = entry;

    CHECK(ledger["refused"] == 0);
    CHECK(at_service.size() == rows.size());  // nothing reached the service without a row
    for (const auto& row : rows) {
        INFO("submission " << row["id"] << " after " << row["attempts"] << " attempt(s)");
        CHECK(row["state"] == "accepted");  // none lost
        const auto found = at_service.find("uuid:" + row["idempotency_key"].get<std::string>());
        REQUIRE(found != at_service.end());
        CHECK(found->second["accepted"] == 1);  // none duplicated
    }
    CHECK(rows.size() >= 1 + 50 - static_cast<size_t>(killed_submits));
}
