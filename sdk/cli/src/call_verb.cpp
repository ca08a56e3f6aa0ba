// guichet call <service> <operation> [--in FILE|-] [--session FILE]
#include "host_setup.hpp"
#include "verbs.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace guichet::cli {

namespace {

constexpr const char* usage = R"(usage: guichet call <service-id> <operation> [--in FILE|-] [--session FILE]
                    [--deadline MS] [--plugins DIR]... [--ca-bundle PEM] [--json] [--verbose]

  Calls one operation through the reference host and prints its JSON answer.
  --in FILE       request document (JSON); "-" reads standard input; default {}
  --session FILE  session context (professional, identities, endpoints; see docs/sessions.md)
  --deadline MS   give up after MS milliseconds (default 30000; 0 = no deadline)
  --json          print {"status": ..., "result" | "error": ...} on stdout, also on failure
  --verbose       runtime log on stderr (patient data redacted)

exit codes: 0 answered, 1 the call failed (status printed), 2 usage, 3 plugin refused,
            4 unknown service or operation, 5 unreadable file
)";

std::string text(guichet_str s) { return s.ptr == nullptr ? std::string() : std::string(s.ptr, static_cast<size_t>(s.len)); }

}  // namespace

int call_verb(const std::vector<std::string>& args) {
    const Options options(args, {"json", "verbose", "help"});
    if (options.flag("help")) {
        std::cout << usage;
        return exit_ok;
    }
    if (!options.error().empty() || options.positional().size() != 2) {
        if (!options.error().empty()) std::cerr << "error: " << options.error() << "\n";
        std::cerr << usage;
        return exit_usage;
    }
    const std::string service = options.positional()[0];
    const std::string operation = options.positional()[1];

    std::string request = "{}";
    if (const auto in = options.value("in"); in && !read_input(*in, request)) {
        std::cerr << "error: cannot read request file '" << *in << "'\n";
        return exit_io;
    }
    std::string session_context = "{}";
    if (const auto file = options.value("session"); file && !read_input(*file, session_context)) {
        std::cerr << "error: cannot read session file '" << *file << "'\n";
        return exit_io;
    }
    uint32_t deadline_ms = 30'000;
    if (const auto d = options.value("deadline")) {
        try {
            deadline_ms = static_cast<uint32_t>(std::stoul(*d));
        } catch (const std::exception&) {
            std::cerr << "error: --deadline needs a number of milliseconds\n";
            return exit_usage;
        }
    }

    auto runtime = make_runtime(options);
    if (!runtime) return exit_io;
    load_plugins(runtime.get(), options);

    guichet_session* session = nullptr;
    if (const guichet_status s = guichet_session_open(runtime.get(), session_context.data(), session_context.size(), &session);
        s != GUICHET_OK) {
        print_error("cannot open the session", s, guichet_last_error());
        return exit_call_failed;
    }
    guichet_result* result = nullptr;
    const guichet_status status = guichet_call(session, service.c_str(), operation.c_str(), request.data(),
                                               request.size(), deadline_ms, &result);
    const guichet_error* error = guichet_result_error(result);
    int code = exit_ok;
    if (options.flag("json")) {
        nlohmann::json out{{"status", guichet_status_name(status)}, {"code", status}};
        if (error == nullptr) {
            out["result"] = nlohmann::json::parse(guichet_result_json(result, nullptr));
        } else {
            out["error"] = {{"message", text(error->message)}, {"field", text(error->field)},
                            {"remote_code", text(error->remote_code)}, {"http_status", error->http_status},
                            {"retryable", error->retryable != 0}};
        }
        std::cout << out.dump(2) << "\n";
    } else if (error == nullptr) {
        std::cout << nlohmann::json::parse(guichet_result_json(result, nullptr)).dump(2) << "\n";
    } else {
        print_error(service + " " + operation, status, error);
    }
    if (status != GUICHET_OK && status != GUICHET_QUEUED) code = status == GUICHET_E_NOT_FOUND ? exit_not_found : exit_call_failed;
    guichet_result_free(result);
    guichet_session_close(session);
    return code;
}

}  // namespace guichet::cli
