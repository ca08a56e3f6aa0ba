// Guichet's overhead on a teleservice call, against a baseline measured in the same run: the
// same POST to the same sandbox over the same mutual-TLS keep-alive connection, made with raw
// libcurl. Prints times and ratios; asserts nothing (machines are shared and noisy).
// Usage: guichet-bench-echo <plugin-dir> [calls]
#include <guichet/runtime.h>
#include <guichet/sandbox/sandbox.hpp>
#include <guichet/sandbox/test_pki.hpp>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

// The same request, posted with raw libcurl on one keep-alive handle: the baseline.
double raw_libcurl(const nlohmann::json& config, const std::string& service, const std::string& content_type,
                   const std::string& body, int calls) {
    CURL* h = curl_easy_init();
    const std::string url = config["endpoints"][service];
    const std::string ca = config["ca_bundle"];
    const std::string cert = config["identities"]["professional"]["certificate"];
    const std::string key = config["identities"]["professional"]["private_key"];
    curl_slist* headers = curl_slist_append(nullptr, ("Content-Type: " + content_type).c_str());
    headers = curl_slist_append(headers, "Expect:");  // as Guichet sends: no 100-continue round trip
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(h, CURLOPT_SSLCERT, cert.c_str());
    curl_easy_setopt(h, CURLOPT_SSLKEY, key.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    const auto start = Clock::now();
    for (int i = 0; i < calls; ++i)
        if (curl_easy_perform(h) != CURLE_OK) std::fprintf(stderr, "raw libcurl call %d failed\n", i);
    const double elapsed = ms_since(start);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    return elapsed;
}

struct Guichet {
    guichet_runtime* runtime = nullptr;
    guichet_session* session = nullptr;
    Guichet(const std::string& plugin_dir, const std::string& context, uint32_t workers) {
        guichet_runtime_config c{};
        c.struct_size = sizeof(c);
        c.software_name = "guichet-bench";
        c.software_version = "0.1.0";
        c.authorisation_number = "BENCH-0001";
        c.worker_threads = workers;
        guichet_runtime_create(&c, &runtime);
        guichet_runtime_add_plugin_dir(runtime, plugin_dir.c_str());
        guichet_session_open(runtime, context.data(), context.size(), &session);
    }
    ~Guichet() { guichet_runtime_destroy(runtime); }
};

double guichet_sync(Guichet& g, const std::string& body, int calls, const char* service = "echo/1",
                    const char* operation = "remote") {
    const auto start = Clock::now();
    for (int i = 0; i < calls; ++i) {
        guichet_result* r = nullptr;
        if (guichet_call(g.session, service, operation, body.data(), body.size(), 10'000, &r) != GUICHET_OK)
            std::fprintf(stderr, "guichet call %d failed\n", i);
        guichet_result_free(r);
    }
    return ms_since(start);
}

double guichet_async(Guichet& g, const std::string& body, int calls) {
    struct Counter {
        std::mutex m;
        std::condition_variable cv;
        int done = 0;
    } counter;
    const auto start = Clock::now();
    for (int i = 0; i < calls; ++i)
        if (guichet_call_async(
                g.session, "echo/1", "remote", body.data(), body.size(), 10'000,
                [](void* user, const guichet_result*) {
                    auto* c = static_cast<Counter*>(user);
                    std::lock_guard lock(c->m);
                    ++c->done;
                    c->cv.notify_all();
                },
                &counter, nullptr) != GUICHET_OK) {
            std::fprintf(stderr, "guichet_call_async %d did not start\n", i);
            std::lock_guard lock(counter.m);
            ++counter.done;
        }
    std::unique_lock lock(counter.m);
    counter.cv.wait(lock, [&] { return counter.done == calls; });
    return ms_since(start);
}

// A CNAM-style teleservice call through Guichet (VIHF reused within the session, envelope built,
// answer parsed) against raw libcurl re-posting the very envelope Guichet sent, taken off the
// journal: the server does the same work for both, so the ratio is Guichet's client-side cost.
void teleservice(guichet::sandbox::Sandbox& sandbox, const std::string& plugin_dir, const nlohmann::json& config,
                 const char* service, const char* operation, const std::string& request, int calls) {
    const auto first_start = Clock::now();
    Guichet g(plugin_dir, config.dump(), 4);  // cold start: runtime, plugins, session, TLS handshake, VIHF signature
    guichet_result* r = nullptr;
    if (guichet_call(g.session, service, operation, request.data(), request.size(), 10'000, &r) != GUICHET_OK)
        std::fprintf(stderr, "%s %s failed\n", service, operation);
    guichet_result_free(r);
    const double first = ms_since(first_start);
    const nlohmann::json sent = sandbox.journal_query(0, service).back();
    const std::string envelope = sent["request"];
    const std::string content_type = "application/soap+xml; charset=utf-8";
    raw_libcurl(config, service, content_type, envelope, 10);
    const double raw = raw_libcurl(config, service, content_type, envelope, calls);
    guichet_sync(g, request, 10, service, operation);
    const double through = guichet_sync(g, request, calls, service, operation);
    std::printf("  %-28s raw %7.1f us/call, guichet %7.1f us/call, ratio %.2f  (cold start to first answer: %.1f ms)\n",
                (std::string(service) + " " + operation).c_str(), 1000 * raw / calls, 1000 * through / calls,
                through / raw, first);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <plugin-dir> [calls]\n", argv[0]);
        return 2;
    }
    const std::string plugin_dir = argv[1];
    const int calls = argc > 2 ? std::atoi(argv[2]) : 500;
    std::random_device rd;
    const auto scratch = std::filesystem::temp_directory_path() / ("guichet-bench-" + std::to_string(rd()));
    guichet::sandbox::make_test_pki((scratch / "pki").string());
    guichet::sandbox::SandboxOptions options;
    options.pki_dir = (scratch / "pki").string();
    options.journal_patient_data = true;  // the teleservice baseline re-posts the recorded envelope
    guichet::sandbox::Sandbox sandbox(options);
    const nlohmann::json config = sandbox.client_config();
    const std::string body = R"({"message":"bonjour"})";
    curl_global_init(CURL_GLOBAL_DEFAULT);

    raw_libcurl(config, "echo/1", "application/json", body, 20);  // warm-up: TLS, page cache
    const double raw = raw_libcurl(config, "echo/1", "application/json", body, calls);
    Guichet sync(plugin_dir, config.dump(), 4);
    guichet_sync(sync, body, 20);
    const double through_plugin = guichet_sync(sync, body, calls);
    const double local = guichet_sync(sync, R"({"message":"bonjour"})", calls, "echo/1", "echo");
    Guichet batch(plugin_dir, config.dump(), 8);
    guichet_async(batch, body, 20);
    const int handshakes_before = sandbox.tls_handshakes();
    const double async = guichet_async(batch, body, calls);
    const int async_handshakes = sandbox.tls_handshakes() - handshakes_before;

    std::printf("%d calls of echo/1 over mutual TLS to the sandbox (keep-alive)\n", calls);
    std::printf("  raw libcurl, one handle (baseline)   %8.1f ms  %7.1f us/call\n", raw, 1000 * raw / calls);
    std::printf("  guichet_call -> template plugin      %8.1f ms  %7.1f us/call  ratio %.2f\n", through_plugin,
                1000 * through_plugin / calls, through_plugin / raw);
    std::printf("  guichet_call_async, 8 workers        %8.1f ms  %7.1f us/call  ratio %.2f  (%d TLS handshakes)\n",
                async, 1000 * async / calls, async / raw, async_handshakes);
    std::printf("  guichet_call, local echo (no network) %7.1f ms  %7.1f us/call  (the host + plugin path alone)\n",
                local, 1000 * local / calls);

    std::printf("%d calls per teleservice operation over mutual TLS (SOAP 1.2, ContexteLPS/BAM, signed VIHF)\n", calls);
    teleservice(sandbox, plugin_dir, config, "insi/1", "search_by_traits",
                R"({"birth_name":"ADRTROIS","first_names":["DOMINIQUE"],"sex":"F","birth_date":"1963-07-12"})", calls);
    teleservice(
        sandbox, plugin_dir, config, "insi/1", "qualify",
        R"({"traits":{"birth_name":"ADRTROIS","first_names":["DOMINIQUE"],"sex":"F","birth_date":"1963-07-12","birth_place":"75115"},"identity_document_checked":true})",
        calls);
    teleservice(
        sandbox, plugin_dir, config, "adri/1", "get_rights",
        R"({"beneficiary":{"nir":"2360663220836","key":"56","birth_date":"1936-06-21","birth_rank":1},"care_date":"2026-11-23"})",
        calls);
    sandbox.stop();
    curl_global_cleanup();
    std::filesystem::remove_all(scratch);
    return 0;
}
