#include "runner.hpp"

#include "expectations.hpp"
#include "step_references.hpp"

#include <guichet/common/abi_glue.hpp>
#include <guichet/common/runtime_ptr.hpp>
#include <guichet/outbox.h>
#include <guichet/runtime.h>
#include <guichet/sandbox/sandbox.hpp>
#include <guichet/sandbox/test_pki.hpp>
#include <guichet/toolkit/utc_time.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <regex>
#include <stdexcept>
#include <thread>

namespace guichet::conformance {

namespace {

std::string text(guichet_str s) { return std::string(common::to_view(s)); }

std::string last_error() {
    const guichet_error* e = guichet_last_error();
    return e == nullptr ? std::string("unknown") : text(e->message);
}

class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        path_ =
            std::filesystem::temp_directory_path() / ("guichet-conform-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

common::RuntimePtr runtime_for(const RunOptions& options, const std::string& authorisation_number) {
    guichet_runtime_config config{};
    config.struct_size = sizeof(config);
    config.software_name = "guichet-conform";
    config.software_version = "0.1.0";
    config.authorisation_number = authorisation_number.empty() ? "CONFORMANCE-0001" : authorisation_number.c_str();
    // An outbox in memory that the scenario delivers itself ("deliver" steps), retrying at once.
    config.outbox_manual_delivery = 1;
    config.outbox_retry_base_ms = 1;
    guichet_runtime* raw = nullptr;
    if (guichet_runtime_create(&config, &raw) != GUICHET_OK) throw std::runtime_error("runtime: " + last_error());
    common::RuntimePtr runtime(raw);
    std::string path = options.plugin;
    if (!std::filesystem::is_regular_file(path)) {
        path.clear();
        for (const auto& dir : options.plugin_dirs)
            if (std::filesystem::is_regular_file(std::filesystem::path(dir) / (options.plugin + ".so")))
                path = (std::filesystem::path(dir) / (options.plugin + ".so")).string();
        if (path.empty())
            throw std::runtime_error("no plugin file or plugin named '" + options.plugin +
                                     "' in the plugin directories");
    }
    if (guichet_runtime_load_plugin(runtime.get(), path.c_str()) != GUICHET_OK)
        throw std::runtime_error("plugin refused: " + last_error());
    return runtime;
}

bool provides(guichet_runtime* runtime, const std::string& service) {
    for (uint32_t i = 0; i < guichet_runtime_service_count(runtime); ++i) {
        guichet_service_info info{};
        info.struct_size = sizeof(info);
        if (guichet_runtime_service_at(runtime, i, &info) == GUICHET_OK && service == info.id) return true;
    }
    return false;
}

// "${now}" and "${now-N}" (N seconds ago) in a request: UTC "YYYY-MM-DDTHH:MM:SSZ" at the time
// the step runs, so scenarios about how old a choice or a reading is stay true on any day.
std::string with_current_times(const std::string& text) {
    static const std::regex placeholder(R"(\$\{now(?:-([0-9]+))?\})");
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end; ++it) {
        const auto& m = *it;
        out.append(last, m[0].first);
        const auto ago = m[1].matched ? std::chrono::seconds(std::stoll(m[1].str())) : std::chrono::seconds(0);
        out += toolkit::utc_timestamp(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() - ago));
        last = m[0].second;
    }
    out.append(last, text.cend());
    return out;
}

void observe_result(guichet_result* result, StepObservation& seen) {
    if (const guichet_error* e = guichet_result_error(result)) {
        seen.error_message = text(e->message);
        seen.error_field = text(e->field);
        seen.error_remote_code = text(e->remote_code);
        seen.error_http_status = e->http_status;
        seen.error_retryable = e->retryable != 0;
    } else if (result != nullptr) {
        seen.answer = nlohmann::json::parse(guichet_result_json(result, nullptr), nullptr, false);
    }
}

// A call, or a submission through the outbox ("via": "outbox"); its submission id, if any.
StepObservation observe_call(guichet_session* session, const std::string& service, const Step& step,
                             const nlohmann::json& request_json, std::string& submission_id) {
    StepObservation seen;
    const std::string request = with_current_times(request_json.dump());
    guichet_result* result = nullptr;
    if (step.via_outbox) {
        guichet_submit_options options{};
        options.struct_size = sizeof options;
        options.deadline_ms = step.deadline_ms;
        options.patient_reference = step.patient_reference.empty() ? nullptr : step.patient_reference.c_str();
        seen.status = guichet_submit(session, service.c_str(), step.operation.c_str(), request.data(), request.size(),
                                     &options, &result);
    } else {
        seen.status = guichet_call(session, service.c_str(), step.operation.c_str(), request.data(), request.size(),
                                   step.deadline_ms, &result);
    }
    if (const char* id = guichet_result_submission_id(result); id != nullptr && *id != '\0') submission_id = id;
    observe_result(result, seen);
    guichet_result_free(result);
    return seen;
}

nlohmann::json outbox_entry(guichet_runtime* runtime, const std::string& submission_id) {
    guichet_result* result = nullptr;
    if (submission_id.empty() || guichet_outbox_get(runtime, submission_id.c_str(), &result) != GUICHET_OK) {
        guichet_result_free(result);
        return nullptr;
    }
    nlohmann::json entry = nlohmann::json::parse(guichet_result_json(result, nullptr), nullptr, false);
    guichet_result_free(result);
    return entry;
}

// "deliver": what is due goes out, until the latest submission is settled (retries are due at
// once: outbox_retry_base_ms is 1), at most a few rounds.
StepObservation observe_delivery(guichet_runtime* runtime, const std::string& submission_id) {
    StepObservation seen;
    // A scenario does not wait out a backoff or a Retry-After: the submission is made due now,
    // as `guichet outbox retry` does (a settled one is left as it is).
    if (!submission_id.empty()) guichet_outbox_retry(runtime, submission_id.c_str());
    for (int round = 0; round < 20; ++round) {
        guichet_result* report = nullptr;
        seen.status = guichet_outbox_run(runtime, &report);
        guichet_result_free(report);
        const nlohmann::json entry = outbox_entry(runtime, submission_id);
        if (seen.status != GUICHET_OK || !entry.is_object() ||
            (entry.value("state", "") != "queued" && entry.value("state", "") != "sending"))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    seen.answer = outbox_entry(runtime, submission_id);
    return seen;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// Each scenario gets a runtime of its own (its software identity may differ), so no state
// (sessions, caches, connections) leaks from one scenario to the next.
ScenarioResult run_one(const Scenario& s, const RunOptions& options, sandbox::Sandbox& sandbox,
                       const std::string& pki_dir, const std::string& trusted_pem) {
    ScenarioResult r{s.id, s.title, s.file.string(), s.requirements, false, {}, 0};
    const auto owned_runtime = runtime_for(options, s.authorisation_number);
    guichet_runtime* runtime = owned_runtime.get();
    if (!provides(runtime, s.service)) {
        r.failures.push_back("the plugin does not provide " + s.service);
        return r;
    }
    sandbox.reset();
    try {
        for (const auto& rule : s.faults) sandbox.add_fault(rule);
        for (const auto& i : s.injections)
            sandbox.inject(i.value("service", s.service), i.value("operation", ""), i.value("status", 200),
                           i.value("content_type", "application/soap+xml; charset=utf-8"), i.value("body", ""));
    } catch (const std::exception& e) {
        r.failures.push_back(std::string("set-up: ") + e.what());
        return r;
    }
    nlohmann::json context = sandbox.client_config();
    context.merge_patch(nlohmann::json::parse(replace_all(s.session.dump(), "${pki}", pki_dir)));
    const std::string context_text = context.dump();
    guichet_session* session = nullptr;
    const uint64_t before_session = sandbox.journal_last_sequence();
    const guichet_status opened = guichet_session_open(runtime, context_text.data(), context_text.size(), &session);
    if (!s.session_expect.is_null()) {
        StepObservation seen;
        seen.status = opened;
        if (const guichet_error* e = opened == GUICHET_OK ? nullptr : guichet_last_error()) {
            seen.error_message = text(e->message);
            seen.error_field = text(e->field);
        }
        seen.exchanges = sandbox.journal_query(before_session, "");
        const WireReferences references{trusted_pem, sandbox.schemas()};
        try {
            for (const auto& f : check_step(s.session_expect, seen, references)) r.failures.push_back("session: " + f);
        } catch (const std::exception& e) {
            r.failures.push_back(std::string("session: bad expectation: ") + e.what());
        }
        if (session != nullptr) guichet_session_close(session);
        r.passed = r.failures.empty();
        return r;
    }
    if (opened != GUICHET_OK) {
        r.failures.push_back("session: " + last_error());
        return r;
    }
    std::vector<nlohmann::json> answers;  // per step, for "${stepN/pointer}"
    std::string submission_id;            // the scenario's latest submission
    for (size_t i = 0; i < s.steps.size(); ++i) {
        const Step& step = s.steps[i];
        const std::string label = "step " + std::to_string(i + 1) + " (" + step.name + "): ";
        nlohmann::json request, expect;
        try {
            request = resolve_step_references(step.request, answers);
            expect = resolve_step_references(step.expect, answers);
        } catch (const std::exception& e) {
            r.failures.push_back(label + e.what());
            answers.emplace_back(nullptr);
            continue;
        }
        const uint64_t before = sandbox.journal_last_sequence();
        StepObservation seen = step.deliver ? observe_delivery(runtime, submission_id)
                                            : observe_call(session, s.service, step, request, submission_id);
        seen.exchanges = sandbox.journal_query(before, "");
        seen.injected_pending = sandbox.injected_pending();
        seen.outbox = outbox_entry(runtime, submission_id);
        seen.submissions = sandbox.submissions();
        answers.push_back(seen.answer);
        try {
            const WireReferences references{trusted_pem, sandbox.schemas()};
            for (const auto& f : check_step(expect, seen, references)) r.failures.push_back(label + f);
        } catch (const std::exception& e) {
            r.failures.push_back(label + "bad expectation: " + e.what());
        }
    }
    guichet_session_close(session);
    r.passed = r.failures.empty();
    return r;
}

}  // namespace

std::vector<ScenarioResult> run_scenarios(const RunOptions& options,
                                          const std::function<void(const ScenarioResult&)>& report) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_regular_file(options.scenarios))
        files.push_back(options.scenarios);
    else if (std::filesystem::is_directory(options.scenarios))
        files = scenario_files(options.scenarios);
    else
        throw std::runtime_error("no scenarios at " + options.scenarios.string());

    runtime_for(options, "");  // fails early, before any scenario, when the plugin cannot load
    ScratchDir scratch;
    sandbox::make_test_pki((scratch.path() / "pki").string());
    sandbox::SandboxOptions sandbox_options;
    sandbox_options.pki_dir = (scratch.path() / "pki").string();
    sandbox_options.journal_patient_data = true;
    sandbox_options.public_schemas_dir = options.public_schemas;  // in memory only, for wire checks; never printed
    sandbox::Sandbox sandbox(sandbox_options);
    std::ifstream trust(scratch.path() / "pki" / "trust.pem");
    const std::string trusted_pem((std::istreambuf_iterator<char>(trust)), {});

    std::vector<ScenarioResult> results;
    for (const auto& file : files) {
        ScenarioResult r;
        const auto started = std::chrono::steady_clock::now();
        try {
            const Scenario s = load_scenario(file);
            if (!options.filter.empty() && s.id.find(options.filter) == std::string::npos &&
                file.string().find(options.filter) == std::string::npos)
                continue;
            r = run_one(s, options, sandbox, (scratch.path() / "pki").string(), trusted_pem);
        } catch (const std::exception& e) {
            r = ScenarioResult{
                file.stem().string(), "", file.string(), {}, false, {std::string("invalid scenario: ") + e.what()}, 0};
        }
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        report(r);
        results.push_back(std::move(r));
    }
    return results;
}

}  // namespace guichet::conformance
