// Exactly-once at the sandbox (issue 12): soap-echo/1's submit is de-duplicated on the
// WS-Addressing MessageID. A request the template plugin signed is recorded from the journal and
// posted again as a retry would be (the host's outbox keeps the MessageID): the same answer byte
// for byte, one acceptance and counted replays, a reused MessageID with another body refused,
// the record kept across a restart on the same state directory and cleared by a reset, a business
// refusal final and replayed too, and the fault kinds before and after the record.
// docs/protocols/submission-echo.md.
#include "running_sandbox.hpp"
#include "submission_ledger.hpp"

#include <guichet/common/abi_glue.hpp>
#include <guichet/contracts/soap_echo.hpp>
#include <guichet/toolkit/utc_time.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>
#include <vector>

using namespace guichet::test;
using guichet::common::ErrorDetail;
using nlohmann::json;
namespace echo = guichet::contracts::soap_echo;

namespace {

struct Posted {
    int status = 0;  ///< 0: no HTTP answer (connection closed)
    std::string body;
};

struct Submitted {
    guichet_status status = GUICHET_OK;
    json answer;
    ErrorDetail error;
};

struct SubmissionSandbox : RunningSandbox {
    RuntimePtr runtime;
    guichet_session* session = nullptr;

    SubmissionSandbox() : RunningSandbox(1, true) { open(); }  // the journal keeps requests in clear

    void open() {
        // These tests look at the wire: the outbox sends nothing behind their back.
        auto config = base_config();
        config.outbox_manual_delivery = 1;
        runtime = make_runtime(config);
        REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);
        session = open_session(runtime.get(), sandbox->client_config().dump());
    }

    // Stops the sandbox and starts another on the same state directory (new ports).
    void restart() {
        sandbox.reset();
        guichet::sandbox::SandboxOptions options;
        options.pki_dir = pki_dir();
        options.state_dir = state.path("state").string();
        options.seed = 1;
        options.journal_patient_data = true;
        sandbox = std::make_unique<guichet::sandbox::Sandbox>(options);
    }

    Submitted submit(const std::string& message) const {
        const std::string request = json{{"message", message}}.dump();
        guichet_result* raw = nullptr;
        Submitted out;
        out.status = guichet_call(session, "soap-echo/1", "submit", request.data(), request.size(), 10'000, &raw);
        ResultPtr result(raw);
        REQUIRE(result != nullptr);
        if (const guichet_error* e = guichet_result_error(result.get())) out.error = ErrorDetail::copy_of(*e);
        if (out.status == GUICHET_OK) {
            uint64_t length = 0;
            const char* text = guichet_result_json(result.get(), &length);
            out.answer = json::parse(std::string(text, length));
        }
        return out;
    }

    // The last exchange of soap-echo/1, as the journal holds it (in clear).
    json last_exchange() const { return sandbox->journal_query(0, "soap-echo/1").back(); }

    // A raw POST to soap-echo/1 with the professional's certificate, as a retry is sent.
    Posted post(const std::string& body) const { return post_file(state.write("submission.xml", body)); }
    Posted post_file(const std::string& file) const {
        const ToolRun run =
            run_tool("curl -s -w '\\n%{http_code}' --cacert '" + pki_dir() + "/root-ca.pem' --cert '" + pki_dir() +
                     "/professional.pem' --key '" + pki_dir() +
                     "/professional.key' -H 'Content-Type: application/soap+xml; charset=utf-8' --data-binary @'" +
                     file + "' '" + sandbox->client_config()["endpoints"]["soap-echo/1"].get<std::string>() + "'");
        const auto newline = run.output.rfind('\n');
        return {std::stoi(run.output.substr(newline + 1)), run.output.substr(0, newline)};
    }

    json counts() const { return json::parse(admin("GET", "/admin/submissions")); }

    // A submission signed by the plugin, as the journal recorded it, and the answer it had.
    std::pair<std::string, std::string> recorded(const std::string& message) const {
        const Submitted first = submit(message);
        INFO(first.error.message);
        REQUIRE(first.status == GUICHET_OK);
        const json exchange = last_exchange();
        return {exchange["request"].get<std::string>(), exchange["response"].get<std::string>()};
    }
};

std::string message_id_of(const std::string& envelope) {
    std::smatch m;
    REQUIRE(std::regex_search(envelope, m, std::regex("MessageID>([^<]*)<")));
    return m[1];
}

std::string with_message_id(const std::string& envelope, const std::string& id) {
    const std::string out = std::regex_replace(envelope, std::regex("MessageID>[^<]*<"), "MessageID>" + id + "<");
    REQUIRE(out != envelope);
    return out;
}

std::string with_message(const std::string& envelope, const std::string& message) {
    const std::string out = std::regex_replace(envelope, std::regex("<e:Message>[^<]*</e:Message>"),
                                               "<e:Message>" + message + "</e:Message>");
    REQUIRE(out != envelope);
    return out;
}

const json* entry_for(const json& counts, const std::string& message_id) {
    for (const auto& e : counts["submissions"])
        if (e["message_id"] == message_id) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("submit through libguichet: a receipt, and without an idempotency key a new MessageID per call",
          "[sandbox][submission]") {
    SubmissionSandbox s;
    const Submitted first = s.submit("arrêt de travail n°1");
    INFO(first.error.message);
    REQUIRE(first.status == GUICHET_OK);
    CHECK(first.answer["message"] == "arrêt de travail n°1");
    CHECK_THAT(first.answer["receipt"].get<std::string>(), Catch::StartsWith("ECHO-"));
    CHECK(guichet::toolkit::parse_utc_timestamp(first.answer["received_at"].get<std::string>()).has_value());
    const std::string first_id = message_id_of(s.last_exchange()["request"]);
    CHECK_THAT(first_id, Catch::StartsWith("uuid:"));

    const Submitted second = s.submit("arrêt de travail n°1");
    REQUIRE(second.status == GUICHET_OK);
    CHECK(second.answer["receipt"] != first.answer["receipt"]);  // two submissions, not a retry
    CHECK(message_id_of(s.last_exchange()["request"]) != first_id);
    const json counts = s.counts();
    CHECK(counts["accepted"] == 2);
    CHECK(counts["replays"] == 0);
    REQUIRE(entry_for(counts, first_id) != nullptr);
    CHECK(*entry_for(counts, first_id) == json{{"message_id", first_id},
                                               {"service", "soap-echo/1"},
                                               {"action", echo::submit_action},
                                               {"outcome", "accepted"},
                                               {"accepted", 1},
                                               {"refused", 0},
                                               {"replays", 0},
                                               {"receipt", first.answer["receipt"]},
                                               {"status", 200},
                                               {"recorded_at", (*entry_for(counts, first_id))["recorded_at"]}});
}

TEST_CASE("the same submission posted again is answered byte for byte and counted as a replay",
          "[sandbox][submission]") {
    SubmissionSandbox s;
    const auto [request, answer] = s.recorded("bonjour");
    const std::string id = message_id_of(request);

    for (int retry = 1; retry <= 2; ++retry) {
        const Posted again = s.post(request);
        CHECK(again.status == 200);
        CHECK(again.body == answer);  // RelatesTo included: the same MessageID
    }
    json counts = s.counts();
    CHECK(counts["accepted"] == 1);
    CHECK(counts["replays"] == 2);
    CHECK((*entry_for(counts, id))["replays"] == 2);
    CHECK(s.sandbox->submissions() == counts);

    SECTION("the same MessageID with another body is refused, a client's bug; nothing is recorded") {
        const Posted other = s.post(with_message(request, "autre chose"));
        CHECK(other.status == 500);
        CHECK_THAT(other.body, Catch::Contains("wsa:InvalidAddressingHeader") &&
                                   Catch::Contains("sandbox_message_id_reused") && Catch::Contains(id));
        CHECK(s.counts() == counts);
    }
    SECTION("the record survives a restart on the same state directory") {
        const std::string file = s.state.path("state/submissions.jsonl").string();
        struct stat st {};
        REQUIRE(::stat(file.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        s.restart();
        CHECK(s.sandbox->submissions() == counts);  // read back from the file
        const Posted after = s.post(request);
        CHECK(after.status == 200);
        CHECK(after.body == answer);
        counts = s.counts();
        CHECK(counts["accepted"] == 1);
        CHECK(counts["replays"] == 3);
    }
    SECTION("a reset forgets it: the same request is then a new submission, with a new receipt") {
        CHECK(json::parse(s.admin("POST", "/admin/reset"))["reset"] == true);
        CHECK(s.counts()["submissions"].empty());
        CHECK(std::filesystem::file_size(s.state.path("state/submissions.jsonl")) == 0);
        const Posted fresh = s.post(request);
        CHECK(fresh.status == 200);
        CHECK(fresh.body != answer);  // another receipt
        counts = s.counts();
        CHECK(counts["accepted"] == 1);
        CHECK(counts["replays"] == 0);
    }
}

TEST_CASE("attempts of one submission racing each other: one acceptance, the others replays of it",
          "[sandbox][submission]") {
    SubmissionSandbox s;
    const auto [request, answer] = s.recorded("premier");
    const std::string id = "uuid:22222222-0000-4000-8000-000000000001";
    const std::string file = s.state.write("racing.xml", with_message_id(request, id));
    std::vector<Posted> posted(6);
    std::vector<std::thread> threads;
    for (auto& p : posted) threads.emplace_back([&s, &p, &file] { p = s.post_file(file); });
    for (auto& t : threads) t.join();
    for (const auto& p : posted) {
        CHECK(p.status == 200);
        CHECK(p.body == posted[0].body);
    }
    const json counts = s.counts();
    CHECK((*entry_for(counts, id))["accepted"] == 1);
    CHECK((*entry_for(counts, id))["replays"] == 5);
}

TEST_CASE("a message starting with REFUSE is a final business refusal, replayed as such", "[sandbox][submission]") {
    SubmissionSandbox s;
    const Submitted refused = s.submit("REFUSE ce message");
    CHECK(refused.status == GUICHET_E_REMOTE_FAULT);
    CHECK_FALSE(refused.error.retryable);
    CHECK(refused.error.remote_code == echo::refused_code);
    CHECK(refused.error.remote_detail_code == echo::refused_code);
    CHECK(refused.error.user_message == echo::refused_reason);
    CHECK(refused.error.http_status == 500);

    const json exchange = s.last_exchange();
    const Posted again = s.post(exchange["request"].get<std::string>());
    CHECK(again.status == 500);
    CHECK(again.body == exchange["response"].get<std::string>());  // its siram:Erreur messageID too
    const json counts = s.counts();
    CHECK(counts["accepted"] == 0);
    CHECK(counts["refused"] == 1);
    const json& entry = counts["submissions"][0];
    CHECK(entry["outcome"] == "refused");
    CHECK(entry["receipt"] == "");
    CHECK(entry["replays"] == 1);
}

TEST_CASE("faults: a service that is down records nothing, an answer lost on its way back was recorded",
          "[sandbox][submission]") {
    SubmissionSandbox s;
    const auto [request, answer] = s.recorded("premier");
    const std::string recorded_id = message_id_of(request);

    int n = 0;
    for (const char* kind : {"http_500", "http_503", "soap_fault", "close"}) {
        INFO(kind);
        const std::string id = "uuid:00000000-0000-4000-8000-00000000000" + std::to_string(++n);
        s.admin("POST", "/admin/faults", json{{"kind", kind}, {"service", "soap-echo/1"}, {"count", 1}}.dump());
        const Posted down = s.post(with_message_id(request, id));
        CHECK(down.status == (std::string(kind) == "close" ? 0 : std::string(kind) == "http_503" ? 503 : 500));
        CHECK(entry_for(s.counts(), id) == nullptr);
        // Once the service is back, the retry is the first the service sees: processed.
        const Posted back = s.post(with_message_id(request, id));
        CHECK(back.status == 200);
        CHECK((*entry_for(s.counts(), id))["replays"] == 0);
    }
    for (const char* kind : {"drop_answer", "truncate"}) {
        INFO(kind);
        const std::string id =
            std::string("uuid:11111111-0000-4000-8000-0000000000") + (std::string(kind) == "truncate" ? "01" : "02");
        s.admin("POST", "/admin/faults", json{{"kind", kind}, {"service", "soap-echo/1"}, {"count", 1}}.dump());
        const Posted lost = s.post(with_message_id(request, id));
        CHECK_FALSE(lost.body.find("</soap:Envelope>") != std::string::npos);  // no whole answer
        const json counts = s.counts();
        const json* entry = entry_for(counts, id);
        REQUIRE(entry != nullptr);  // recorded before the answer was lost
        CHECK((*entry)["accepted"] == 1);
        const Posted retry = s.post(with_message_id(request, id));
        CHECK(retry.status == 200);
        CHECK_THAT(retry.body, Catch::Contains((*entry)["receipt"].get<std::string>()));
        CHECK((*entry_for(s.counts(), id))["replays"] == 1);
    }
    CHECK((*entry_for(s.counts(), recorded_id))["replays"] == 0);
}

TEST_CASE("through libguichet: an answer dropped after the record, then the retry gets the same receipt",
          "[sandbox][submission]") {
    SubmissionSandbox s;
    s.admin("POST", "/admin/faults", R"({"kind":"drop_answer","service":"soap-echo/1","count":1})");
    // A new connection: libcurl does not resend; the outbox keeps the submission for a retry.
    const Submitted lost = s.submit("perdu en route");
    CHECK(lost.status == GUICHET_QUEUED);
    const json counts = s.counts();
    REQUIRE(counts["submissions"].size() == 1);
    CHECK(counts["accepted"] == 1);
    // What the outbox does, at the wire: the same envelope again.
    const Posted retry = s.post(s.last_exchange()["request"].get<std::string>());
    CHECK(retry.status == 200);
    CHECK_THAT(retry.body, Catch::Contains(counts["submissions"][0]["receipt"].get<std::string>()));
    CHECK(s.counts()["accepted"] == 1);
    CHECK(s.counts()["replays"] == 1);
}

TEST_CASE("GET /admin/submissions is behind the admin gate", "[sandbox][submission]") {
    SubmissionSandbox s;
    const ToolRun anonymous =
        run_tool("curl -s -w '\\n%{http_code}' '" + s.sandbox->admin_url() + "/admin/submissions'");
    CHECK(anonymous.output.substr(anonymous.output.rfind('\n') + 1) == "401");
    const ToolRun from_page = run_tool(
        "curl -s -w '\\n%{http_code}' -H 'Origin: http://evil.example' -H "
        "'Authorization: Bearer " +
        s.sandbox->admin_token() + "' '" + s.sandbox->admin_url() + "/admin/submissions'");
    CHECK(from_page.output.substr(from_page.output.rfind('\n') + 1) == "403");
    CHECK(s.counts() == json{{"submissions", json::array()}, {"accepted", 0}, {"refused", 0}, {"replays", 0}});
}

TEST_CASE("a record line cut short by a crash is dropped, the file cut back to its last whole line",
          "[sandbox][submission]") {
    TempDir dir("ledger");
    const std::string file = dir.path("submissions.jsonl").string();
    namespace sb = guichet::sandbox;
    const sb::SubmissionKey key{"uuid:1", "soap-echo/1", echo::submit_action, "digest"};
    int processed = 0;
    const auto process = [&processed] {
        ++processed;
        return sb::SubmissionOutcome{sb::HttpAnswer{200, "application/soap+xml", {}, "<answer/>"}, "R-1"};
    };
    {
        sb::SubmissionLedger ledger(file);
        CHECK(ledger.submit(key, process).body == "<answer/>");
    }
    const auto whole = std::filesystem::file_size(file);
    {
        std::ofstream torn(file, std::ios::app);
        torn << R"({"kind":"submission","message_id":"uuid:2","serv)";  // the crash
    }
    sb::SubmissionLedger ledger(file);
    CHECK(std::filesystem::file_size(file) == whole);
    CHECK(ledger.summary()["accepted"] == 1);
    CHECK(ledger.submit(key, process).body == "<answer/>");  // a replay: not processed again
    CHECK(processed == 1);
    sb::SubmissionKey other = key;
    other.body_digest = "another";
    CHECK(ledger.submit(other, process).status == 500);
    CHECK(processed == 1);
    const nlohmann::json summary = ledger.summary();
    CHECK(summary["replays"] == 1);
    ledger.clear();
    CHECK(std::filesystem::file_size(file) == 0);
    CHECK(ledger.summary()["submissions"].empty());
}
