// The outbox against the real sandbox (issue 12): a submission made while the service is down is
// queued at once and accepted exactly once when it is back; a siram_40 fault is retried with
// backoff; a business refusal is never retried; an answer lost after the service recorded the
// submission is recovered by a retry the service recognises (same MessageID).
#include "running_sandbox.hpp"

#include <guichet/outbox.h>

#include <chrono>
#include <condition_variable>
#include <thread>

using namespace guichet::test;
using nlohmann::json;

namespace {

struct SettledListener {
    std::mutex mutex;
    std::condition_variable changed;
    std::map<std::string, std::string> states;
    static void GUICHET_CALL on_settled(void* self, const char* text, uint64_t len) {
        auto* l = static_cast<SettledListener*>(self);
        const json s = json::parse(std::string(text, len));
        {
            std::lock_guard lock(l->mutex);
            l->states[s["id"]] = s["state"];
        }
        l->changed.notify_all();
    }
    std::string wait_for(const std::string& id, int seconds = 20) {
        std::unique_lock lock(mutex);
        changed.wait_for(lock, std::chrono::seconds(seconds), [&] { return states.count(id) > 0; });
        return states.count(id) > 0 ? states[id] : std::string();
    }
};

struct SubmittingHost {
    TempDir dir{"outbox-sandbox"};
    std::string outbox = dir.path("outbox.sqlite").string();
    RuntimePtr runtime;
    guichet_session* session = nullptr;
    SettledListener listener;

    SubmittingHost(const json& context, uint32_t retry_base_ms) {
        auto config = base_config();
        config.outbox_path = outbox.c_str();
        config.outbox_retry_base_ms = retry_base_ms;
        runtime = make_runtime(config);
        REQUIRE(guichet_outbox_set_listener(runtime.get(), SettledListener::on_settled, &listener) == GUICHET_OK);
        REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);
        session = open_session(runtime.get(), context.dump());
    }
    std::pair<guichet_status, std::string> submit(const std::string& message) {
        const std::string request = json{{"message", message}}.dump();
        guichet_submit_options options{sizeof(options), 10'000, nullptr};
        guichet_result* raw = nullptr;
        const guichet_status status =
            guichet_submit(session, "soap-echo/1", "submit", request.data(), request.size(), &options, &raw);
        ResultPtr result(raw);
        return {status, guichet_result_submission_id(raw)};
    }
    json row(const std::string& id) {
        guichet_result* raw = nullptr;
        REQUIRE(guichet_outbox_get(runtime.get(), id.c_str(), &raw) == GUICHET_OK);
        ResultPtr result(raw);
        return json::parse(guichet_result_json(raw, nullptr));
    }
};

json ledger_entry(const RunningSandbox& s, const std::string& key) {
    const json ledger = json::parse(s.admin("GET", "/admin/submissions"));
    for (const auto& entry : ledger["submissions"])
        if (entry["message_id"] == "uuid:" + key) return entry;
    return json();
}

uint16_t port_of(const std::string& url) {
    const auto colon = url.rfind(':');
    return static_cast<uint16_t>(std::stoi(url.substr(colon + 1, url.find('/', colon) - colon - 1)));
}

}  // namespace

TEST_CASE("a submission made while the sandbox is down: QUEUED at once, accepted exactly once when it is back",
          "[outbox][sandbox]") {
    RunningSandbox s;
    const json context = s.sandbox->client_config();
    const uint16_t port = port_of(context["endpoints"]["soap-echo/1"]);
    SubmittingHost host(context, 100);
    s.sandbox.reset();  // the service is down

    const auto start = std::chrono::steady_clock::now();
    const auto [status, id] = host.submit("pendant la panne");
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(status == GUICHET_QUEUED);
    INFO("answered QUEUED after " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    CHECK(host.row(id)["last_error"]["status_name"] == "GUICHET_E_NETWORK");

    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a few retries fail meanwhile
    guichet::sandbox::SandboxOptions options;
    options.pki_dir = pki_dir();
    options.state_dir = s.state.path("state").string();
    options.port = port;  // the endpoint the stored session names
    s.sandbox = std::make_unique<guichet::sandbox::Sandbox>(options);

    REQUIRE(host.listener.wait_for(id) == "accepted");
    const json row = host.row(id);
    CHECK(row["attempts"].get<int>() >= 2);
    const json entry = ledger_entry(s, row["idempotency_key"]);
    CHECK(entry["accepted"] == 1);
    CHECK(entry["replays"] == 0);
    CHECK(row["answer"]["receipt"] == entry["receipt"]);
}

TEST_CASE("a siram_40 fault is retried with backoff, then accepted once", "[outbox][sandbox]") {
    RunningSandbox s;
    SubmittingHost host(s.sandbox->client_config(), 50);
    const std::string siram_40 =
        R"(<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:siram="urn:siram">)"
        R"(<soap:Body><soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value><soap:Subcode>)"
        R"(<soap:Value>siram:siram_40</soap:Value></soap:Subcode></soap:Code><soap:Reason>)"
        R"(<soap:Text xml:lang="fr">Le service est temporairement inaccessible.</soap:Text></soap:Reason>)"
        R"(<soap:Detail><siram:Erreur code="siram_40" severite="fatale">indisponible</siram:Erreur>)"
        R"(</soap:Detail></soap:Fault></soap:Body></soap:Envelope>)";
    for (int i = 0; i < 2; ++i)
        s.sandbox->inject("soap-echo/1", "", 500, "application/soap+xml; charset=utf-8", siram_40);

    const auto [status, id] = host.submit("siram_40 deux fois");
    REQUIRE(status == GUICHET_QUEUED);
    REQUIRE(host.listener.wait_for(id) == "accepted");
    const json row = host.row(id);
    CHECK(row["attempts"] == 3);
    CHECK(ledger_entry(s, row["idempotency_key"])["accepted"] == 1);
}

TEST_CASE("a refusal by the service is final; an answer lost after the record is recovered by a replay",
          "[outbox][sandbox]") {
    RunningSandbox s;
    SubmittingHost host(s.sandbox->client_config(), 50);

    const auto [refused, refused_id] = host.submit("REFUSE: dossier incomplet");
    CHECK(refused == GUICHET_E_REMOTE_FAULT);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));  // many backoff periods
    const json refused_row = host.row(refused_id);
    CHECK(refused_row["state"] == "refused");
    CHECK(refused_row["attempts"] == 1);
    CHECK(ledger_entry(s, refused_row["idempotency_key"])["replays"] == 0);

    s.admin("POST", "/admin/faults", R"({"kind":"drop_answer","service":"soap-echo/1","count":1})");
    const auto [status, id] = host.submit("réponse perdue");
    // On a reused connection libcurl itself sends the request again once when the connection
    // closes before any byte of answer: the same bytes, so the same MessageID, and the call
    // answers OK at once. On a fresh connection the outbox retries: QUEUED, then accepted.
    REQUIRE((status == GUICHET_OK || status == GUICHET_QUEUED));
    if (status == GUICHET_QUEUED) REQUIRE(host.listener.wait_for(id) == "accepted");
    const json row = host.row(id);
    const json entry = ledger_entry(s, row["idempotency_key"]);
    CHECK(entry["accepted"] == 1);
    CHECK(entry["replays"] == 1);  // the service recognised the retry
    CHECK(row["answer"]["receipt"] == entry["receipt"]);
}
