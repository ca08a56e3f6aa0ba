#pragma once
// A conformance scenario: the requirements it checks, the sandbox set-up, and steps (calls)
// with expectations on the answer, on the exchanges seen on the wire, and on side effects.
// Format: docs/conformance.md.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace guichet::conformance {

struct Requirement {
    std::string id;
    std::string statement;
};

struct Step {
    std::string name;
    std::string operation;  ///< empty for a "deliver" step
    nlohmann::json request;
    uint32_t deadline_ms = 10'000;
    /** "via": "outbox": guichet_submit instead of guichet_call, with this patient reference. */
    bool via_outbox = false;
    std::string patient_reference;
    /** "deliver": true — no call: the outbox delivers what is due (guichet_outbox_run), and the
     *  expectations apply to the scenario's latest submission. */
    bool deliver = false;
    nlohmann::json expect;  ///< checked by the runner (expectations.hpp); "${stepN/pointer}" resolved first
};

struct Scenario {
    std::filesystem::path file;
    std::string id;
    std::string title;
    std::string service;
    std::vector<Requirement> requirements;
    nlohmann::json session;  ///< merged over the sandbox's client configuration; "${pki}" = the run's test PKI
    std::string authorisation_number;  ///< the software's, when the scenario needs another one
    nlohmann::json faults = nlohmann::json::array();
    nlohmann::json injections = nlohmann::json::array();  ///< bodies resolved (body_file read)
    /** When set, the session itself must be refused like this (e.g. an expired card
     *  certificate): same shape as a step's "expect"; the steps are then not run. */
    nlohmann::json session_expect;
    std::vector<Step> steps;
};

/** Loads and checks one scenario file. Throws std::runtime_error("<file>: <pointer>: <problem>"). */
Scenario load_scenario(const std::filesystem::path& file);

/** Every *.json under `dir`, recursively, sorted by path. */
std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& dir);

}  // namespace guichet::conformance
