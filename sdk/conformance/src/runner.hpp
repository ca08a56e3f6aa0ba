#pragma once
// Runs conformance scenarios against one plugin: its own sandbox (fresh test PKI, journal kept
// in clear in memory for the wire checks, never printed), a runtime, one session per scenario.
#include "scenario.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace guichet::conformance {

struct RunOptions {
    std::string plugin;  ///< a plugin file, or a plugin name found in plugin_dirs
    std::vector<std::string> plugin_dirs;
    std::filesystem::path scenarios;  ///< a directory (recursive) or one file
    std::string filter;               ///< only scenarios whose id or file contains it
    std::string public_schemas;       ///< the public specs, for request bodies' schema checks
};

struct ScenarioResult {
    std::string id;
    std::string title;
    std::string file;
    std::vector<Requirement> requirements;
    bool passed = false;
    std::vector<std::string> failures;  ///< "step N (name): ..."
    double seconds = 0;
};

/** Runs every selected scenario, reporting each result as soon as it is known.
 *  Throws std::runtime_error when the run cannot start (plugin not loadable, no scenarios). */
std::vector<ScenarioResult> run_scenarios(const RunOptions& options,
                                          const std::function<void(const ScenarioResult&)>& report);

}  // namespace guichet::conformance
