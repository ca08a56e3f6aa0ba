#include "scenario.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace guichet::conformance {

namespace {

[[noreturn]] void bad(const std::filesystem::path& file, const std::string& pointer, const std::string& problem) {
    throw std::runtime_error(file.string() + ": " + pointer + ": " + problem);
}

std::string text_member(const nlohmann::json& j, const char* name, const std::filesystem::path& file,
                        const std::string& pointer, bool required = true) {
    const auto it = j.find(name);
    if (it == j.end()) {
        if (required) bad(file, pointer + "/" + name, "is required");
        return {};
    }
    if (!it->is_string()) bad(file, pointer + "/" + name, "must be a string");
    return it->get<std::string>();
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) bad(file, "", "cannot be read");
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) bad(file, "", "is not a JSON object");

    Scenario s;
    s.file = file;
    s.id = text_member(j, "id", file, "");
    s.title = text_member(j, "title", file, "");
    s.service = text_member(j, "service", file, "");
    const auto& requirements = j.value("requirements", nlohmann::json::array());
    if (!requirements.is_array() || requirements.empty())
        bad(file, "/requirements", "must name at least one requirement");
    for (size_t i = 0; i < requirements.size(); ++i) {
        const std::string p = "/requirements/" + std::to_string(i);
        s.requirements.push_back(
            {text_member(requirements[i], "id", file, p), text_member(requirements[i], "statement", file, p)});
    }
    s.session = j.value("session", nlohmann::json::object());
    if (!s.session.is_object()) bad(file, "/session", "must be an object");
    s.authorisation_number =
        text_member(j.value("software", nlohmann::json::object()), "authorisation_number", file, "/software", false);

    const auto setup = j.value("setup", nlohmann::json::object());
    s.faults = setup.value("faults", nlohmann::json::array());
    if (!s.faults.is_array()) bad(file, "/setup/faults", "must be an array of fault rules");
    for (auto injection : setup.value("inject", nlohmann::json::array())) {
        if (injection.contains("body_file")) {
            const auto answer = file.parent_path() / injection["body_file"].get<std::string>();
            std::ifstream body(answer, std::ios::binary);
            if (!body) bad(file, "/setup/inject", "cannot read " + answer.string());
            injection["body"] = std::string(std::istreambuf_iterator<char>(body), {});
            injection.erase("body_file");
        }
        if (!injection.contains("service")) injection["service"] = s.service;
        s.injections.push_back(injection);
    }

    s.session_expect = j.value("session_expect", nlohmann::json());
    if (!s.session_expect.is_null() && !(s.session_expect.is_object() && s.session_expect.contains("status")))
        bad(file, "/session_expect", "must be an object with a status");
    const auto& steps = j.value("steps", nlohmann::json::array());
    if (!steps.is_array() || (steps.empty() && s.session_expect.is_null()))
        bad(file, "/steps", "must hold at least one step");
    for (size_t i = 0; i < steps.size(); ++i) {
        const std::string p = "/steps/" + std::to_string(i);
        Step step;
        step.deliver = steps[i].value("deliver", false);
        step.operation = text_member(steps[i], "operation", file, p, !step.deliver);
        step.name = text_member(steps[i], "name", file, p, false);
        if (step.name.empty()) step.name = step.deliver ? "deliver" : step.operation;
        const std::string via = text_member(steps[i], "via", file, p, false);
        if (!via.empty() && via != "outbox") bad(file, p + "/via", "must be \"outbox\" when present");
        step.via_outbox = via == "outbox";
        step.patient_reference = text_member(steps[i], "patient_reference", file, p, false);
        step.request = steps[i].value("request", nlohmann::json::object());
        step.deadline_ms = steps[i].value("deadline_ms", 10'000u);
        step.expect = steps[i].value("expect", nlohmann::json::object());
        if (!step.expect.contains("status")) bad(file, p + "/expect/status", "is required");
        s.steps.push_back(std::move(step));
    }
    return s;
}

std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".json" &&
            entry.path().parent_path().filename() != "answers")  // recorded answers live in answers/
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace guichet::conformance
