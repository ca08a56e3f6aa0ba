#pragma once
// Command-line arguments: positional words and --options, nothing more clever.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace guichet::cli {

/** Exit codes, documented in docs/cli.md. Permanent: scripts depend on them. */
enum ExitCode : int {
    exit_ok = 0,
    exit_call_failed = 1,     ///< The call ran and returned an error status.
    exit_usage = 2,           ///< Bad command line.
    exit_plugin_refused = 3,  ///< A plugin was refused or failed its check.
    exit_not_found = 4,       ///< Unknown service or operation.
    exit_io = 5,              ///< A file could not be read.
};

class Options {
public:
    /** Parses `args`; `flags` are options without a value, `repeatable` may appear several times. */
    Options(const std::vector<std::string>& args, const std::vector<std::string>& flags);

    const std::vector<std::string>& positional() const { return positional_; }
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;
    const std::string& error() const { return error_; }

private:
    std::vector<std::string> positional_;
    std::map<std::string, int> flags_;
    std::multimap<std::string, std::string> values_;
    std::string error_;
};

}  // namespace guichet::cli
