#include <guichet/common/redaction.hpp>

#include <regex>

namespace guichet::common {

namespace {

// std::regex (ECMAScript) has no look-behind: the character before a match is captured in
// group 1 and written back. `\b` is not used as a boundary because `_` and letters are word
// characters: "1984-12-03T10:00" and "184127512345678_" escaped it. A digit on either side
// still stops a match (a longer number is not a NIR).
const std::regex& patient_number_or_date() {
    // NIR: sex digit (1-4, 7, 8 for NIA), year, month, department (digits or 2A/2B), commune,
    // order, optional key, optionally spaced as printed on cards. Dates: YYYY-MM-DD (with its
    // time part when it has one), DD/MM/YYYY.
    static const std::regex pattern(
        R"((^|[^0-9]))"
        R"(([1-478] ?\d{2} ?\d{2} ?(\d{2}|2[AaBb]) ?\d{3} ?\d{3}( ?\d{2})?)"
        R"(|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d{2}/\d{2}/\d{4})(?![0-9]))",
        std::regex::optimize);
    return pattern;
}

// Names cannot be recognised in prose, but they can where they travel: the elements of the
// INSi/ADRi messages and the keys of our JSON requests and answers.
constexpr const char* name_xml_elements = "NomNaissance|NomUsage|NomUtilise|Prenom|ListePrenom|PrenomUtilise";
constexpr const char* name_json_keys = "birth_name|used_name|first_name_used|first_names|first_name|last_name";

// An element's text: group 1 is the opening tag, group 2 the start of the closing one.
const std::regex& name_in_xml() {
    static const std::regex pattern(
        std::string(R"re((<(?:[A-Za-z0-9_.-]+:)?(?:)re") + name_xml_elements + R"re()(?:\s[^>]*)?>)[^<]*(</))re",
        std::regex::optimize);
    return pattern;
}

// A key's string value, or array of strings: group 1 is the key and its colon.
const std::regex& name_in_json() {
    static const std::regex pattern(std::string(R"re(("(?:)re") + name_json_keys +
                                        R"re()"\s*:\s*)("(?:[^"\\]|\\.)*"|\[(?:\s*"(?:[^"\\]|\\.)*"\s*,?)*\s*\]))re",
                                    std::regex::optimize);
    return pattern;
}

}  // namespace

std::string redact_patient_data(std::string_view text) {
    const std::string mark(redacted_mark);
    std::string out = std::regex_replace(std::string(text), name_in_xml(), "$1" + mark + "$2");
    out = std::regex_replace(out, name_in_json(), "$1\"" + mark + "\"");
    return std::regex_replace(out, patient_number_or_date(), "$1" + mark);
}

}  // namespace guichet::common
