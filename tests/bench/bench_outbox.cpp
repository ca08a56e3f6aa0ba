// The outbox's cost on a submission (issue 12), against baselines measured in the same run: raw
// libcurl re-posting the envelopes Guichet sent (taken off the sandbox journal) on one mutual-TLS
// keep-alive handle, soap-echo/1 `echo` through guichet_call (the same exchange without the
// durable write), then soap-echo/1 `submit` through guichet_submit with the outbox in memory,
// in a file (synchronous=FULL) and in an encrypted file (SQLCipher). fsync and fdatasync are
// wrapped in this executable to count them and time them. Prints times and ratios; asserts
// nothing (machines are shared and noisy). docs/benchmarks.md.
// Usage: guichet-bench-outbox <plugin-dir> [calls] [outbox-dir]
#include <guichet/contracts/soap_echo.hpp>
#include <guichet/outbox.h>
#include <guichet/runtime.h>
#include <guichet/sandbox/sandbox.hpp>
#include <guichet/sandbox/test_pki.hpp>

#include <curl/curl.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <nlohmann/json.hpp>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<uint64_t> fsync_calls{0};
std::atomic<uint64_t> fsync_ns{0};

using sync_fn = int (*)(int);

sync_fn next_definition(const char* name) { return reinterpret_cast<sync_fn>(dlsym(RTLD_NEXT, name)); }

// Calls the C library's function behind the wrapper, timing it.
int timed_sync(sync_fn real, int fd) {
    const auto start = Clock::now();
    const int rc = real(fd);
    fsync_ns +=
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
    ++fsync_calls;
    return rc;
}

}  // namespace

// SQLite (in libsqlcipher, loaded by libguichet) binds to these: the executable exports them
// (tests/bench/CMakeLists.txt; default visibility, as the build hides everything else). The
// in-process sandbox writes no file (no state directory).
extern "C" __attribute__((visibility("default"))) int fsync(int fd) {
    static const sync_fn real = next_definition("fsync");
    return timed_sync(real, fd);
}
extern "C" __attribute__((visibility("default"))) int fdatasync(int fd) {
    static const sync_fn real = next_definition("fdatasync");
    return timed_sync(real, fd);
}

namespace {

namespace echo = guichet::contracts::soap_echo;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

// One envelope re-posted with raw libcurl on one keep-alive mutual-TLS handle: the baseline.
class RawPoster {
public:
    RawPoster(const nlohmann::json& config, std::string body) : body_(std::move(body)) {
        url_ = config["endpoints"]["soap-echo/1"];
        ca_ = config["ca_bundle"];
        cert_ = config["identities"]["professional"]["certificate"];
        key_ = config["identities"]["professional"]["private_key"];
        headers_ = curl_slist_append(nullptr, "Content-Type: application/soap+xml; charset=utf-8");
        headers_ = curl_slist_append(headers_, "Expect:");  // as Guichet sends: no 100-continue round trip
        curl_easy_setopt(h_, CURLOPT_URL, url_.c_str());
        curl_easy_setopt(h_, CURLOPT_CAINFO, ca_.c_str());
        curl_easy_setopt(h_, CURLOPT_SSLCERT, cert_.c_str());
        curl_easy_setopt(h_, CURLOPT_SSLKEY, key_.c_str());
        curl_easy_setopt(h_, CURLOPT_HTTPHEADER, headers_);
        curl_easy_setopt(h_, CURLOPT_POSTFIELDS, body_.c_str());
        curl_easy_setopt(h_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_.size()));
        curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(h_, CURLOPT_PROXY, "");
    }
    ~RawPoster() {
        curl_slist_free_all(headers_);
        curl_easy_cleanup(h_);
    }
    RawPoster(const RawPoster&) = delete;
    RawPoster& operator=(const RawPoster&) = delete;

    bool post() {
        long status = 0;
        if (curl_easy_perform(h_) != CURLE_OK) return false;
        curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &status);
        return status == 200;
    }

private:
    CURL* h_ = curl_easy_init();
    curl_slist* headers_ = nullptr;
    std::string body_, url_, ca_, cert_, key_;
};

struct Guichet {
    guichet_runtime* runtime = nullptr;
    guichet_session* session = nullptr;
    // outbox_path empty: the outbox in memory (no data_dir), which the echo calls never touch.
    Guichet(const std::string& plugin_dir, const std::string& context, const std::string& outbox_path,
            const std::string& outbox_key) {
        guichet_runtime_config c{};
        c.struct_size = sizeof(c);
        c.software_name = "guichet-bench";
        c.software_version = "0.1.0";
        c.authorisation_number = "BENCH-0001";
        c.outbox_path = outbox_path.c_str();
        c.outbox_key = outbox_key.c_str();
        c.outbox_manual_delivery = 1;  // every submission is settled by its own call: no delivery thread
        if (guichet_runtime_create(&c, &runtime) != GUICHET_OK ||
            guichet_runtime_add_plugin_dir(runtime, plugin_dir.c_str()) != GUICHET_OK ||
            guichet_session_open(runtime, context.data(), context.size(), &session) != GUICHET_OK) {
            std::fprintf(stderr, "guichet runtime or session (outbox '%s') could not start\n", outbox_path.c_str());
            std::exit(1);
        }
    }
    ~Guichet() { guichet_runtime_destroy(runtime); }
    Guichet(const Guichet&) = delete;
    Guichet& operator=(const Guichet&) = delete;

    bool echo(const std::string& request) const {
        guichet_result* r = nullptr;
        const guichet_status status =
            guichet_call(session, "soap-echo/1", "echo", request.data(), request.size(), 10'000, &r);
        guichet_result_free(r);
        return status == GUICHET_OK;
    }
    bool submit(const std::string& request) const {
        const guichet_submit_options options{sizeof(options), 10'000, nullptr};
        guichet_result* r = nullptr;
        const guichet_status status =
            guichet_submit(session, "soap-echo/1", "submit", request.data(), request.size(), &options, &r);
        guichet_result_free(r);
        return status == GUICHET_OK;  // GUICHET_QUEUED would mean the exchange failed
    }
};

struct Phase {
    std::string label;
    std::function<bool()> call;
    int calls = 0;
    int failures = 0;
    double ms = 0;
    uint64_t fsyncs = 0;
    double fsync_ms = 0;

    void run(int n) {
        const uint64_t syncs_before = fsync_calls, sync_ns_before = fsync_ns;
        const auto start = Clock::now();
        for (int i = 0; i < n; ++i)
            if (!call()) ++failures;
        ms += ms_since(start);
        calls += n;
        fsyncs += fsync_calls - syncs_before;
        fsync_ms += static_cast<double>(fsync_ns - sync_ns_before) / 1e6;
    }
    double us_per_call() const { return 1000 * ms / calls; }
};

// The last envelope of that action the journal holds (in clear: journal_patient_data).
std::string envelope_of(const guichet::sandbox::Sandbox& sandbox, const char* action) {
    const nlohmann::json exchanges = sandbox.journal_query(0, "soap-echo/1");
    for (auto it = exchanges.rbegin(); it != exchanges.rend(); ++it) {
        const std::string request = (*it)["request"];
        if ((*it)["status"] == 200 && request.find(action) != std::string::npos) return request;
    }
    std::fprintf(stderr, "no answered %s exchange in the sandbox journal\n", action);
    std::exit(1);
}

std::string filesystem_of(const std::filesystem::path& dir) {
    struct statfs fs {};
    if (statfs(dir.c_str(), &fs) != 0) return "unknown filesystem";
    switch (fs.f_type) {
        case EXT4_SUPER_MAGIC:
            return "ext4";  // also ext2 and ext3: one magic number
        case XFS_SUPER_MAGIC:
            return "xfs";
        case BTRFS_SUPER_MAGIC:
            return "btrfs";
        case OVERLAYFS_SUPER_MAGIC:
            return "overlayfs";
        case TMPFS_MAGIC:
            return "tmpfs: in memory, fsync costs nothing here; give a directory on disk";
        default:
            return "filesystem 0x" + [&] {
                char hex[17];
                std::snprintf(hex, sizeof(hex), "%lx", static_cast<unsigned long>(fs.f_type));
                return std::string(hex);
            }();
    }
}

struct SyncReference {
    double median_us = 0;
    double mean_us = 0;
};

// What one fsync costs on this disk: 4 KiB written (rewritten in place, or appended as a WAL
// frame is until the first checkpoint) then fsync'd, `n` times.
SyncReference fsync_reference(const std::filesystem::path& dir, int n, bool append) {
    const auto file = dir / "fsync-reference";
    const int fd = ::open(file.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0) return {};
    const std::string page(4096, 'x');
    std::vector<double> us;
    for (int i = 0; i < n; ++i) {
        const auto start = Clock::now();
        const off_t at = append ? static_cast<off_t>(i) * 4096 : 0;
        if (::pwrite(fd, page.data(), page.size(), at) != static_cast<ssize_t>(page.size()) || fsync(fd) != 0) break;
        us.push_back(1000 * ms_since(start));
    }
    ::close(fd);
    std::filesystem::remove(file);
    if (us.empty()) return {};
    std::sort(us.begin(), us.end());
    double sum = 0;
    for (const double u : us) sum += u;
    return {us[us.size() / 2], sum / static_cast<double>(us.size())};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <plugin-dir> [calls] [outbox-dir]\n", argv[0]);
        return 2;
    }
    const std::string plugin_dir = argv[1];
    const int rounds = 4;  // the phases interleaved: each sees the same spread of a noisy machine
    const int per_round = std::max(1, (argc > 2 ? std::atoi(argv[2]) : 200) / rounds);
    std::random_device rd;
    const auto scratch = (argc > 3 ? std::filesystem::path(argv[3]) : std::filesystem::temp_directory_path()) /
                         ("guichet-bench-" + std::to_string(rd()));
    guichet::sandbox::make_test_pki((scratch / "pki").string());
    guichet::sandbox::SandboxOptions options;
    options.pki_dir = (scratch / "pki").string();
    options.journal_patient_data = true;  // the baselines re-post the recorded envelopes
    // No state directory: the sandbox keeps its submission record in memory and fsyncs nothing,
    // so every fsync counted below is the outbox's.
    guichet::sandbox::Sandbox sandbox(options);
    const nlohmann::json config = sandbox.client_config();
    const std::string context = config.dump();
    curl_global_init(CURL_GLOBAL_DEFAULT);

    auto plain_runtime =
        std::make_unique<Guichet>(plugin_dir, context, (scratch / "plain" / "outbox.sqlite").string(), "");
    auto encrypted_runtime = std::make_unique<Guichet>(
        plugin_dir, context, (scratch / "encrypted" / "outbox.sqlite").string(), "bench passphrase");
    auto in_memory_runtime = std::make_unique<Guichet>(plugin_dir, context, "", "");
    const Guichet& plain = *plain_runtime;
    const Guichet& encrypted = *encrypted_runtime;
    const Guichet& in_memory = *in_memory_runtime;
    const std::string request = R"({"message":"avis d'arrêt de travail"})";
    int warm_up_submissions = 0;
    for (int i = 0; i < 20; ++i) {  // TLS handshakes, VIHF signatures, schemas, page cache
        plain.echo(request);
        warm_up_submissions += plain.submit(request) + encrypted.submit(request) + in_memory.submit(request);
    }
    RawPoster raw_submit(config, envelope_of(sandbox, echo::submit_action));
    RawPoster raw_echo(config, envelope_of(sandbox, echo::echo_action));
    for (int i = 0; i < 20; ++i) {
        raw_submit.post();
        raw_echo.post();
    }
    const nlohmann::json ledger_before = sandbox.submissions();

    std::vector<Phase> phases;
    phases.push_back({"raw libcurl, submit envelope replayed (*)", [&] { return raw_submit.post(); }});
    phases.push_back({"raw libcurl, echo envelope", [&] { return raw_echo.post(); }});
    phases.push_back({"guichet_call echo (no outbox)", [&] { return plain.echo(request); }});
    phases.push_back({"guichet_submit, outbox in memory", [&] { return in_memory.submit(request); }});
    phases.push_back({"guichet_submit, outbox file", [&] { return plain.submit(request); }});
    phases.push_back({"guichet_submit, outbox file, SQLCipher", [&] { return encrypted.submit(request); }});
    for (int round = 0; round < rounds; ++round)
        for (auto& phase : phases) phase.run(per_round);
    const SyncReference in_place = fsync_reference(scratch / "plain", 50, false);
    const SyncReference appended = fsync_reference(scratch / "plain", 50, true);
    const nlohmann::json ledger_after = sandbox.submissions();

    const Phase& raw_sub = phases[0];
    const Phase& raw_ech = phases[1];
    const Phase& echo_call = phases[2];
    const int calls = raw_sub.calls;
    std::printf(
        "%d calls per line in %d interleaved rounds, soap-echo/1 over mutual TLS to the in-process sandbox "
        "(keep-alive); outbox files in %s (%s)\n",
        calls, rounds, scratch.c_str(), filesystem_of(scratch).c_str());
    std::printf("  %-42s %8s %8s %8s %7s %9s | %-9s %-9s %s\n", "", "us/call", "calls/s", "fsync/c", "fsync",
                "failures", "x raw", "x raw", "x guichet");
    std::printf("  %-42s %8s %8s %8s %7s %9s | %-9s %-9s %s\n", "", "", "", "", "us/call", "", "submit", "echo",
                "echo");
    for (const Phase& p : phases) {
        std::printf("  %-42s %8.1f %8.0f %8.2f %7.1f %9d |", p.label.c_str(), p.us_per_call(), 1000.0 * p.calls / p.ms,
                    static_cast<double>(p.fsyncs) / p.calls, 1000 * p.fsync_ms / p.calls, p.failures);
        if (&p == &raw_sub) {
            std::printf(" %-9s %-9.2f\n", "1.00", p.ms / raw_ech.ms);
        } else if (&p == &raw_ech) {
            std::printf(" %-9.2f %-9s\n", p.ms / raw_sub.ms, "1.00");
        } else {
            std::printf(" %-9.2f %-9.2f %.2f\n", p.ms / raw_sub.ms, p.ms / raw_ech.ms, p.ms / echo_call.ms);
        }
    }
    std::printf(
        "  (*) the sandbox de-duplicates submissions on the wsa:MessageID: every replay of the one\n"
        "      envelope is answered from its record (CNAM pipeline and body hash, not the service)\n");
    const double memory_us = phases[3].us_per_call(), file_us = phases[4].us_per_call();
    const double cipher_us = phases[5].us_per_call(), echo_us = echo_call.us_per_call();
    std::printf("The durable write, per submission:\n");
    std::printf("  outbox file - echo            %7.1f us  (the whole cost of submitting through the outbox)\n",
                file_us - echo_us);
    std::printf("  outbox in memory - echo       %7.1f us  (SQL, ids, settling; the sandbox's record)\n",
                memory_us - echo_us);
    std::printf("  outbox file - outbox in memory %6.1f us  (the disk: %.2f fsyncs taking %.1f us, %.1f us each)\n",
                file_us - memory_us, static_cast<double>(phases[4].fsyncs) / calls, 1000 * phases[4].fsync_ms / calls,
                1000 * phases[4].fsync_ms / static_cast<double>(std::max<uint64_t>(1, phases[4].fsyncs)));
    std::printf("  SQLCipher - outbox file       %7.1f us  (encryption at rest)\n", cipher_us - file_us);
    std::printf(
        "One 4 KiB write + fsync in the outbox's directory, 50 times: in place %.1f us median, %.1f us mean;"
        " appended %.1f us median, %.1f us mean\n",
        in_place.median_us, in_place.mean_us, appended.median_us, appended.mean_us);
    const int submitted = phases[3].calls + phases[4].calls + phases[5].calls;
    std::printf("Sandbox record: %d accepted (expected %d), %d replays (expected %d)\n",
                ledger_after["accepted"].get<int>() - ledger_before["accepted"].get<int>(), submitted,
                ledger_after["replays"].get<int>() - ledger_before["replays"].get<int>(), raw_sub.calls);
    std::printf("  (before the measure: %d submissions, %d of them through guichet_submit in the warm-up)\n",
                ledger_before["accepted"].get<int>(), warm_up_submissions);

    plain_runtime.reset();
    encrypted_runtime.reset();
    in_memory_runtime.reset();
    sandbox.stop();
    curl_global_cleanup();
    std::filesystem::remove_all(scratch);
    return 0;
}
