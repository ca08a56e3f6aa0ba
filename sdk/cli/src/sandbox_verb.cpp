// guichet sandbox start|stop|status|reset|fault|inject|journal|submissions: runs guichet-sandbox in the
// background and drives it through its admin API. State (pid, client.json, journal, PKI) lives
// in --state DIR, default $GUICHET_SANDBOX_STATE or ./guichet-sandbox-state.
#include "admin_client.hpp"
#include "host_setup.hpp"
#include "json_output.hpp"
#include "verbs.hpp"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace guichet::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* usage =
    R"(usage: guichet sandbox start [--port N] [--card-port N] [--admin-port N] [--seed N] [--pki DIR]
                             [--data DIR] [--public-schemas DIR] [--journal-patient-data]
       guichet sandbox status | stop | reset
       guichet sandbox fault add --kind K [--service S] [--operation O] [--count N] [--probability P]
                                 [--delay-ms N] [--jitter-ms N]
       guichet sandbox fault list | clear
       guichet sandbox inject --service S [--operation O] [--status N] [--content-type T] <answer-file>
       guichet sandbox journal [--service S] [--since N] [--kind exchange|tls_refusal|all] [--json]
       guichet sandbox submissions
  every command takes [--state DIR] (default $GUICHET_SANDBOX_STATE, else ./guichet-sandbox-state)

  start    runs guichet-sandbox in the background; its client configuration, a ready session
           context, is written to <state>/client.json (use it with --session);
           --public-schemas DIR (e.g. ../shared/specs) makes it validate bodies and CNAM headers
  fault    kinds: latency, http_500, http_503, soap_fault, close, truncate, trickle, drop_answer;
           http_500, http_503, soap_fault, close: the service is down, it never sees the request;
           the others hit the answer after the service made it (a submission is recorded first);
           reproducible: the same --seed gives the same faults
  inject   the next call of the service (and operation) gets <answer-file> verbatim, byte for byte
           (any encoding: it travels as base64)
  journal  every exchange; patient data redacted unless started with --journal-patient-data;
           --kind tls_refusal: the TLS handshakes refused, and why
  submissions  what the submission services recorded, per MessageID: accepted or refused once,
           replays counted (docs/protocols/submission-echo.md)
)";

fs::path state_dir(const Options& options) {
    if (const auto s = options.value("state")) return *s;
    if (const char* env = std::getenv("GUICHET_SANDBOX_STATE"); env != nullptr && *env != '\0') return env;
    return "guichet-sandbox-state";
}

// Where the running sandbox's admin API is, and the token it wants (both in the state directory,
// readable by its owner only).
struct AdminAccess {
    std::string url;
    std::string token;
};

std::optional<AdminAccess> admin_access(const fs::path& state) {
    std::ifstream in(state / "client.json");
    if (!in) return std::nullopt;
    const auto config = nlohmann::json::parse(in, nullptr, false);
    if (config.is_discarded() || !config.contains("sandbox")) return std::nullopt;
    AdminAccess access{config["sandbox"]["admin"].get<std::string>(), {}};
    std::ifstream(state / "admin-token") >> access.token;
    return access;
}

std::optional<AdminReply> admin_send(const AdminAccess& access, const std::string& method, const std::string& path,
                                     const std::string& body = {}) {
    return admin_request(method, access.url + path, access.token, body);
}

std::optional<nlohmann::json> status_of(const fs::path& state) {
    const auto access = admin_access(state);
    if (!access) return std::nullopt;
    const auto reply = admin_send(*access, "GET", "/admin/status");
    if (!reply || reply->status != 200) return std::nullopt;
    return nlohmann::json::parse(reply->body, nullptr, false);
}

fs::path sandbox_binary() {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path("guichet-sandbox") : self.parent_path() / "guichet-sandbox";
}

// This command's environment without the secrets meant for it alone: a background sandbox lives
// for hours, and any process of the user can read its environment (/proc/PID/environ). It needs
// no passphrase: it makes and reads its own test PKI.
std::vector<std::string> environment_for_sandbox() {
    std::vector<std::string> kept;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string variable = *e;
        if (variable.rfind("GUICHET_PASSPHRASE=", 0) != 0) kept.push_back(variable);
    }
    return kept;
}

// Starts guichet-sandbox in its own session (it outlives this command and its terminal), its
// output appended to <state>/sandbox.log. -1 when fork fails.
pid_t spawn_sandbox(std::vector<std::string> args, const fs::path& state) {
    std::vector<std::string> environment = environment_for_sandbox();
    std::vector<char*> argv, envp;  // built before fork: the child only calls exec-safe functions
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string log_path = (state / "sandbox.log").string();
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    ::setsid();
    const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log >= 0) {
        ::fchmod(log, 0600);  // a log left by an older version may be wider
        ::dup2(log, STDOUT_FILENO);
        ::dup2(log, STDERR_FILENO);
    }
    ::execve(argv[0], argv.data(), envp.data());
    _exit(127);
}

int start(const Options& options, const fs::path& state) {
    if (const auto running = status_of(state)) {
        std::cout << "sandbox already running: admin " << (*running)["admin"].get<std::string>() << ", client config "
                  << (state / "client.json").string() << "\n";
        return exit_ok;
    }
    if (fs::create_directories(state)) fs::permissions(state, fs::perms::owner_all, fs::perm_options::replace);
    fs::remove(state / "client.json");
    std::vector<std::string> args{sandbox_binary().string(), "--state", state.string(), "--pki",
                                  options.value("pki").value_or((state / "pki").string())};
    for (const char* name : {"port", "card-port", "admin-port", "seed"})
        if (const auto v = options.value(name)) {
            args.push_back(std::string("--") + name);
            args.push_back(*v);
        }
    for (const char* name : {"data", "public-schemas"})
        if (const auto dir = options.value(name)) {
            if (!fs::is_directory(*dir)) {
                std::cerr << "error: --" << name << " " << *dir << " is not a directory\n";
                return exit_usage;
            }
            args.push_back(std::string("--") + name);
            args.push_back(fs::absolute(*dir).string());
        }
    if (options.flag("journal-patient-data")) args.push_back("--journal-patient-data");

    const pid_t pid = spawn_sandbox(args, state);
    if (pid < 0) {
        std::cerr << "error: cannot start the sandbox (fork failed)\n";
        return exit_io;
    }
    std::ofstream(state / "sandbox.pid") << pid << "\n";
    for (int i = 0; i < 600; ++i) {  // up to a minute: the first start makes the test PKI
        if (const auto running = status_of(state)) {
            std::cout << "sandbox running: services " << (*running)["services"][0]["url"].get<std::string>()
                      << ", admin " << (*running)["admin"].get<std::string>()
                      << "\nclient config (use with --session): " << fs::absolute(state / "client.json").string()
                      << "\n";
            return exit_ok;
        }
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) break;  // it died
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::cerr << "error: the sandbox did not start; see " << (state / "sandbox.log").string() << "\n";
    return exit_io;
}

int stop(const fs::path& state) {
    const auto access = admin_access(state);
    if (!access || !admin_send(*access, "POST", "/admin/shutdown")) {
        std::cout << "sandbox not running\n";
        return exit_ok;
    }
    pid_t pid = 0;
    std::ifstream(state / "sandbox.pid") >> pid;
    for (int i = 0; pid > 0 && i < 100 && ::kill(pid, 0) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (pid > 0 && ::kill(pid, 0) == 0) ::kill(pid, SIGTERM);
    fs::remove(state / "sandbox.pid");
    fs::remove(state / "client.json");
    fs::remove(state / "admin-token");
    std::cout << "sandbox stopped\n";
    return exit_ok;
}

// Sends one admin request and prints its JSON answer; exit code from the HTTP status.
int admin_call(const fs::path& state, const std::string& method, const std::string& path,
               const std::string& body = {}) {
    const auto access = admin_access(state);
    if (!access) {
        std::cerr << "error: no sandbox running for state " << state.string() << " (guichet sandbox start)\n";
        return exit_io;
    }
    const auto reply = admin_send(*access, method, path, body);
    if (!reply) {
        std::cerr << "error: the sandbox does not answer at " << access->url << "\n";
        return exit_io;
    }
    const auto parsed = nlohmann::json::parse(reply->body, nullptr, false);
    if (reply->status >= 400) {
        std::cerr << "error: "
                  << (parsed.is_object() && parsed.contains("error") ? parsed["error"].get<std::string>() : reply->body)
                  << "\n";
        return exit_usage;
    }
    std::cout << (parsed.is_discarded() ? reply->body : json_text(parsed)) << "\n";
    return exit_ok;
}

int fault(const Options& options, const fs::path& state) {
    const auto& words = options.positional();
    const std::string sub = words.size() > 1 ? words[1] : "";
    if (sub == "list") return admin_call(state, "GET", "/admin/status");
    if (sub == "clear") return admin_call(state, "DELETE", "/admin/faults");
    if (sub != "add" || !options.value("kind")) {
        std::cerr << usage;
        return exit_usage;
    }
    nlohmann::json rule{{"kind", *options.value("kind")}};
    for (const char* name : {"service", "operation"})
        if (const auto v = options.value(name)) rule[name] = *v;
    try {
        if (const auto v = options.value("count")) rule["count"] = std::stoi(*v);
        if (const auto v = options.value("probability")) rule["probability"] = std::stod(*v);
        if (const auto v = options.value("delay-ms")) rule["delay_ms"] = std::stoi(*v);
        if (const auto v = options.value("jitter-ms")) rule["jitter_ms"] = std::stoi(*v);
    } catch (const std::exception&) {
        std::cerr << "error: --count, --probability, --delay-ms and --jitter-ms take numbers\n";
        return exit_usage;
    }
    return admin_call(state, "POST", "/admin/faults", json_text(rule, -1));
}

std::string base64(const std::string& bytes) {
    std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    text.resize(static_cast<size_t>(n));
    return text;
}

int inject(const Options& options, const fs::path& state) {
    const auto& words = options.positional();
    if (words.size() != 2 || !options.value("service")) {
        std::cerr << usage;
        return exit_usage;
    }
    std::string answer;
    if (!read_input(words[1], answer)) {
        std::cerr << "error: cannot read '" << words[1] << "'\n";
        return exit_io;
    }
    // As bytes: a recorded answer may be Latin-1, which a JSON string cannot hold.
    nlohmann::json request{
        {"service", *options.value("service")},
        {"body_base64", base64(answer)},
        {"content_type", options.value("content-type").value_or("application/soap+xml; charset=utf-8")}};
    if (const auto op = options.value("operation")) request["operation"] = *op;
    try {
        if (const auto s = options.value("status")) request["status"] = std::stoi(*s);
    } catch (const std::exception&) {
        std::cerr << "error: --status takes an HTTP status number\n";
        return exit_usage;
    }
    return admin_call(state, "POST", "/admin/inject", json_text(request, -1));
}

int journal(const Options& options, const fs::path& state) {
    const auto access = admin_access(state);
    if (!access) {
        std::cerr << "error: no sandbox running for state " << state.string() << "\n";
        return exit_io;
    }
    std::string path = "/admin/journal?since=" + options.value("since").value_or("0");
    if (const auto service = options.value("service")) path += "&service=" + *service;
    if (const auto kind = options.value("kind")) path += "&kind=" + *kind;
    const auto reply = admin_send(*access, "GET", path);
    if (!reply || reply->status != 200) {
        std::cerr << "error: the sandbox does not answer at " << access->url << "\n";
        return exit_io;
    }
    const auto entries = nlohmann::json::parse(reply->body);
    if (options.flag("json")) {
        std::cout << json_text(entries) << "\n";
        return exit_ok;
    }
    for (const auto& e : entries) {
        if (e.value("kind", "exchange") == "tls_refusal") {
            std::cout << json_text(e["seq"], -1) << "  " << e["time"].get<std::string>() << "  TLS refused on "
                      << e["listener"].get<std::string>() << ": " << e["reason"].get<std::string>() << "\n";
            continue;
        }
        std::cout << json_text(e["seq"], -1) << "  " << e["time"].get<std::string>() << "  "
                  << e["service"].get<std::string>() << " " << e["operation"].get<std::string>() << "  "
                  << json_text(e["status"], -1) << "  " << json_text(e["duration_ms"], -1) << " ms"
                  << (e["fault"].get<std::string>().empty() ? "" : "  fault=" + e["fault"].get<std::string>())
                  << (e["injected"].get<bool>() ? "  injected" : "") << "  client=" << e["client"].get<std::string>()
                  << "\n";
    }
    return exit_ok;
}

}  // namespace

int sandbox_verb(const std::vector<std::string>& args) {
    const Options options(args, {"help", "json", "journal-patient-data"});
    if (options.flag("help")) {
        std::cout << usage;
        return exit_ok;
    }
    if (!options.error().empty() || options.positional().empty()) {
        std::cerr << usage;
        return exit_usage;
    }
    const fs::path state = state_dir(options);
    const std::string& sub = options.positional()[0];
    if (sub == "start") return start(options, state);
    if (sub == "stop") return stop(state);
    if (sub == "status") {
        const auto s = status_of(state);
        if (!s) {
            std::cout << "sandbox not running (state " << state.string() << ")\n";
            return exit_call_failed;
        }
        std::cout << json_text(*s) << "\n";
        return exit_ok;
    }
    if (sub == "reset") return admin_call(state, "POST", "/admin/reset");
    if (sub == "fault") return fault(options, state);
    if (sub == "inject") return inject(options, state);
    if (sub == "journal") return journal(options, state);
    if (sub == "submissions") return admin_call(state, "GET", "/admin/submissions");
    std::cerr << "error: unknown sandbox command '" << sub << "'\n" << usage;
    return exit_usage;
}

}  // namespace guichet::cli
