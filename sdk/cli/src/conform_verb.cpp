// guichet conform --plugin <path-or-name> [--scenarios DIR|FILE] [--filter TEXT] [--report FILE]
#include "host_setup.hpp"
#include "json_output.hpp"
#include "runner.hpp"
#include "verbs.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>

namespace guichet::cli {

namespace {
constexpr const char* usage = R"(usage: guichet conform --plugin <file-or-name> [--scenarios DIR|FILE] [--filter TEXT]
                       [--report FILE] [--public-schemas DIR] [--plugins DIR]...

  Runs conformance scenarios (docs/conformance.md) against one plugin, in a sandbox of its own
  with a fresh test PKI. Prints one line per scenario and "N passed, N failed"; exits 1 if any
  failed or if none ran. --scenarios defaults to tests/conformance. --report writes the results
  as JSON.
  --public-schemas DIR: the public specs (e.g. ../shared/specs), to check request bodies.
)";

void write_report(const std::string& file, const std::string& plugin,
                  const std::vector<conformance::ScenarioResult>& results) {
    size_t passed = 0;
    nlohmann::json report = nlohmann::json::array();
    for (const auto& r : results) {
        passed += r.passed ? 1 : 0;
        nlohmann::json requirements = nlohmann::json::array();
        for (const auto& q : r.requirements) requirements.push_back({{"id", q.id}, {"statement", q.statement}});
        report.push_back({{"id", r.id},
                          {"title", r.title},
                          {"file", r.file},
                          {"requirements", requirements},
                          {"passed", r.passed},
                          {"failures", r.failures},
                          {"seconds", r.seconds}});
    }
    const nlohmann::json summary{
        {"plugin", plugin}, {"passed", passed}, {"failed", results.size() - passed}, {"scenarios", report}};
    std::ofstream(file) << json_text(summary) << "\n";
}
}  // namespace

int conform_verb(const std::vector<std::string>& args) {
    const Options options(args, {"help"});
    if (options.flag("help")) {
        std::cout << usage;
        return exit_ok;
    }
    if (!options.error().empty() || !options.value("plugin") || !options.positional().empty()) {
        std::cerr << usage;
        return exit_usage;
    }
    conformance::RunOptions run;
    run.plugin = *options.value("plugin");
    run.plugin_dirs = plugin_directories(options);
    run.scenarios = options.value("scenarios").value_or("tests/conformance");
    run.filter = options.value("filter").value_or("");
    run.public_schemas = options.value("public-schemas").value_or("");

    std::vector<conformance::ScenarioResult> results;
    try {
        results = conformance::run_scenarios(run, [](const conformance::ScenarioResult& r) {
            std::string requirements;
            for (const auto& q : r.requirements) requirements += (requirements.empty() ? "" : ",") + q.id;
            std::cout << (r.passed ? "PASS  " : "FAIL  ") << std::left << std::setw(14) << r.id << " [" << requirements
                      << "] " << r.title << "\n";
            for (const auto& f : r.failures) std::cout << "      " << f << "\n";
            std::cout << std::flush;
        });
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_plugin_refused;
    }
    size_t passed = 0;
    for (const auto& r : results) passed += r.passed ? 1 : 0;
    std::cout << passed << " passed, " << results.size() - passed << " failed\n";

    if (const auto file = options.value("report")) write_report(*file, run.plugin, results);
    if (results.empty()) {  // a run that checked nothing is not a pass
        std::cerr << "error: no scenario ran: "
                  << (run.filter.empty() ? "no scenario file in " + run.scenarios.string()
                                         : "none in " + run.scenarios.string() + " matches --filter " + run.filter)
                  << "\n";
        return exit_call_failed;
    }
    return passed != results.size() ? exit_call_failed : exit_ok;
}

}  // namespace guichet::cli
