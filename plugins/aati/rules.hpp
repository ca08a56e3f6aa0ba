#pragma once
// AATi's business rules as the data files of plugins/aati/rules say them (embedded at build
// time): reason codes with their indicative durations, schemes not connected, outing sentences.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace guichet::aati {

struct Reason {
    std::string label;
    std::string group;
    std::optional<int> indicative_days;  ///< reference sheets; advice only
};

struct UnconnectedScheme {
    std::string scheme_code;
    std::string fund_code;  ///< empty: the whole scheme
    std::string label;
};

struct Rules {
    std::map<std::string, Reason> reasons;  ///< by code
    std::vector<UnconnectedScheme> unconnected_schemes;
    std::map<std::string, std::string> outing_sentences;  ///< by outing kind
    /** Limited hours: when the patient must be at home, {"from": "09:00", "to": "11:00"}... */
    std::vector<std::pair<std::string, std::string>> presence_hours;
};

/** Read once from the embedded files; a malformed file is a build mistake (std::logic_error). */
const Rules& rules();

/** The scheme's label when it is not connected to AATi. */
std::optional<std::string> unconnected_scheme(const std::string& scheme_code, const std::string& fund_code);

}  // namespace guichet::aati
