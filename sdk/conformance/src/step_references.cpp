#include "step_references.hpp"

#include <regex>
#include <stdexcept>

namespace guichet::conformance {

namespace {

const std::regex& reference_pattern() {
    static const std::regex pattern(R"(\$\{step([0-9]{1,3})(/[^}]*)\})");
    return pattern;
}

const nlohmann::json& referenced(const std::smatch& m, const std::vector<nlohmann::json>& answers) {
    const size_t step = std::stoul(m[1].str());
    if (step == 0 || step > answers.size() || answers[step - 1].is_null())
        throw std::invalid_argument(m[0].str() + ": step " + m[1].str() + " has no answer before this step");
    const nlohmann::json::json_pointer pointer(m[2].str());  // starts with '/': a valid pointer or throws
    if (!answers[step - 1].contains(pointer))
        throw std::invalid_argument(m[0].str() + " is not in step " + m[1].str() + "'s answer");
    return answers[step - 1].at(pointer);
}

nlohmann::json resolved_string(const std::string& text, const std::vector<nlohmann::json>& answers) {
    if (text.find("${step") == std::string::npos) return text;  // most strings: no regex over them
    std::smatch whole;
    if (std::regex_match(text, whole, reference_pattern())) return referenced(whole, answers);
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), reference_pattern()), end; it != end; ++it) {
        out.append(last, (*it)[0].first);
        const nlohmann::json& value = referenced(*it, answers);
        out += value.is_string() ? value.get<std::string>() : value.dump();
        last = (*it)[0].second;
    }
    out.append(last, text.cend());
    return out;
}

}  // namespace

nlohmann::json resolve_step_references(const nlohmann::json& value, const std::vector<nlohmann::json>& answers) {
    if (value.is_string()) return resolved_string(value.get<std::string>(), answers);
    if (!value.is_structured()) return value;
    nlohmann::json out = value;
    for (auto it = out.begin(); it != out.end(); ++it) *it = resolve_step_references(*it, answers);
    return out;
}

}  // namespace guichet::conformance
