// guichet call <service> <operation> [--in FILE|-] [--session FILE]
#include "host_setup.hpp"
#include "json_output.hpp"
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

// The plugin's answer as JSON; its text as a JSON string when it does not parse (not valid
// UTF-8, say), so that it is still shown rather than aborting the CLI.
nlohmann::json answer_of(const std::string& text) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

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
    std::string session_context;
    if (!read_session(options, session_context)) return exit_io;
    uint32_t deadline_ms = 30'000;
    if (const auto d = options.value("deadline")) {
        try {
            deadline_ms = static_cast<uint32_t>(std::stoul(*d));
        } catch (const std::exception&) {
            std::cerr << "error: --deadline needs a number of milliseconds\n";
            return exit_usage;
        }
    }

    const auto outcome = call_once(options, service, operation, request, session_context, deadline_ms);
    if (!outcome) return exit_call_failed;
    if (options.flag("json")) {
        nlohmann::json out{{"status", guichet_status_name(outcome->status)}, {"code", outcome->status}};
        if (!outcome->failed())
            out["result"] = answer_of(outcome->json);
        else
            out["error"] = {{"message", outcome->message},
                            {"field", outcome->field},
                            {"remote_code", outcome->remote_code},
                            {"http_status", outcome->http_status},
                            {"retryable", outcome->retryable}};
        std::cout << json_text(out) << "\n";
    } else if (!outcome->failed()) {
        std::cout << json_text(answer_of(outcome->json)) << "\n";
    } else {
        print_error(service + " " + operation, *outcome);
    }
    return exit_code_of(*outcome);
}

}  // namespace guichet::cli
