// guichet outbox list|show|retry|cancel|run: the submissions the reference host keeps.
#include "host_setup.hpp"
#include "json_output.hpp"
#include "verbs.hpp"

#include <guichet/outbox.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace guichet::cli {

namespace {

constexpr const char* usage = R"(usage: guichet outbox list [--state S] [--service ID] [--patient-ref REF] [--limit N]
       guichet outbox show <submission-id>
       guichet outbox retry <submission-id>
       guichet outbox cancel <submission-id>
       guichet outbox run [--plugins DIR]... [--ca-bundle PEM] [--retry-base-ms MS]
common: [--outbox FILE | --data-dir DIR] [--verbose]

  The outbox keeps every submission (sick-leave notice, care protocol, DMP deposit) until the
  service has it (docs/outbox.md). `run` delivers what is due and exits: schedule it (cron,
  systemd timer) to drain the outbox. Passphrases come from $GUICHET_PASSPHRASE, the outbox's
  encryption key from $GUICHET_OUTBOX_KEY.
  --outbox FILE   the outbox (default: outbox.sqlite in --data-dir, $GUICHET_OUTBOX, or
                  $XDG_DATA_HOME/guichet/outbox.sqlite)

exit codes: 0 done, 1 refused (state does not allow it), 2 usage, 4 no such submission,
            5 the outbox cannot be read
)";

int exit_code_of_status(guichet_status status) {
    switch (status) {
        case GUICHET_OK:
            return exit_ok;
        case GUICHET_E_NOT_FOUND:
            return exit_not_found;
        case GUICHET_E_IO:
            return exit_io;
        case GUICHET_E_INVALID_ARGUMENT:
            return exit_usage;
        default:
            return exit_call_failed;
    }
}

// Prints a result's JSON (a list, a submission, a report) and frees it. Called with the status
// of a call made before it: never in the same expression (argument order is unspecified).
int print_result(guichet_status status, guichet_result* result, const std::string& what) {
    if (status != GUICHET_OK) {
        print_error(what, status, guichet_last_error());
        guichet_result_free(result);
        return exit_code_of_status(status);
    }
    if (result != nullptr) {
        const nlohmann::json parsed = nlohmann::json::parse(guichet_result_json(result, nullptr), nullptr, false);
        std::cout << json_text(parsed) << "\n";
    }
    guichet_result_free(result);
    return exit_ok;
}

std::string filter_of(const Options& options, bool& ok) {
    nlohmann::json filter = nlohmann::json::object();
    if (const auto v = options.value("state")) filter["state"] = *v;
    if (const auto v = options.value("service")) filter["service"] = *v;
    if (const auto v = options.value("patient-ref")) filter["patient_reference"] = *v;
    if (const auto v = options.value("limit")) {
        try {
            filter["limit"] = std::stoll(*v);
        } catch (const std::exception&) {
            ok = false;
        }
    }
    return filter.dump();
}

int run_command(guichet_runtime* runtime, const std::string& command, const Options& options) {
    const auto& words = options.positional();
    const std::string id = words.size() > 1 ? words[1] : std::string();
    guichet_result* result = nullptr;
    if (command == "list") {
        bool ok = true;
        const std::string filter = filter_of(options, ok);
        if (!ok) {
            std::cerr << "error: --limit needs a number\n";
            return exit_usage;
        }
        const guichet_status s = guichet_outbox_list(runtime, filter.data(), filter.size(), &result);
        return print_result(s, result, "outbox list");
    }
    if (command == "show") {
        const guichet_status s = guichet_outbox_get(runtime, id.c_str(), &result);
        return print_result(s, result, "outbox show");
    }
    if (command == "retry" || command == "cancel") {
        const guichet_status s =
            command == "retry" ? guichet_outbox_retry(runtime, id.c_str()) : guichet_outbox_cancel(runtime, id.c_str());
        if (s != GUICHET_OK) return print_result(s, nullptr, "outbox " + command);
        const guichet_status shown = guichet_outbox_get(runtime, id.c_str(), &result);
        return print_result(shown, result, "outbox " + command);
    }
    load_plugins(runtime, options);
    const guichet_status s = guichet_outbox_run(runtime, &result);
    return print_result(s, result, "outbox run");
}

}  // namespace

int outbox_verb(const std::vector<std::string>& args) {
    const Options options(args, {"verbose", "help"});
    if (options.flag("help")) {
        std::cout << usage;
        return exit_ok;
    }
    const auto& words = options.positional();
    const std::string command = words.empty() ? std::string() : words[0];
    const bool needs_id = command == "show" || command == "retry" || command == "cancel";
    const bool known = needs_id || command == "list" || command == "run";
    if (!options.error().empty() || !known || words.size() != (needs_id ? 2u : 1u)) {
        if (!options.error().empty()) std::cerr << "error: " << options.error() << "\n";
        std::cerr << usage;
        return exit_usage;
    }
    auto runtime = make_runtime(options);
    if (!runtime) return exit_io;
    return run_command(runtime.get(), command, options);
}

}  // namespace guichet::cli
