#include <guichet/common/redaction.hpp>

#include <regex>

namespace guichet::common {

namespace {
const std::regex& patient_data_pattern() {
    // NIR: sex digit (1-4, 7, 8 for NIA), year, month, department (digits or 2A/2B), commune,
    // order, optional key, optionally spaced as printed on cards. Dates: YYYY-MM-DD, DD/MM/YYYY.
    static const std::regex pattern(R"((\b[1-478] ?\d{2} ?\d{2} ?(\d{2}|2[AaBb]) ?\d{3} ?\d{3}( ?\d{2})?\b))"
                                    R"(|(\b\d{4}-\d{2}-\d{2}\b)|(\b\d{2}/\d{2}/\d{4}\b))",
                                    std::regex::optimize);
    return pattern;
}
}  // namespace

std::string redact_patient_data(std::string_view text) {
    std::string input(text);
    return std::regex_replace(input, patient_data_pattern(), std::string(redacted_mark));
}

}  // namespace guichet::common
