#include "rules.hpp"

#include <guichet_data/aati_rules.hpp>  // generated from plugins/aati/rules
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace guichet::aati {

namespace {

nlohmann::json parsed(std::string_view text, const char* name) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) throw std::logic_error(std::string("plugins/aati/rules/") + name + " is not a JSON object");
    return j;
}

Rules load() {
    // Each document held in a variable: a range-for over a member of a temporary would dangle.
    const nlohmann::json reasons = parsed(data::aati_rules::reasons, "reasons.json");
    const nlohmann::json schemes = parsed(data::aati_rules::unconnected_schemes, "unconnected_schemes.json");
    const nlohmann::json outings = parsed(data::aati_rules::outings, "outings.json");
    Rules r;
    for (const auto& entry : reasons.at("reasons")) {
        Reason reason{entry.at("label").get<std::string>(), entry.value("group", ""), std::nullopt};
        if (entry.contains("indicative_days")) reason.indicative_days = entry.at("indicative_days").get<int>();
        r.reasons.emplace(entry.at("code").get<std::string>(), std::move(reason));
    }
    for (const auto& s : schemes.at("schemes"))
        r.unconnected_schemes.push_back(
            {s.at("scheme_code").get<std::string>(), s.value("fund_code", ""), s.value("label", "")});
    for (const auto& [kind, sentence] : outings.at("sentences").items())
        r.outing_sentences[kind] = sentence.get<std::string>();
    for (const auto& hours : outings.at("limited_hours_presence"))
        r.presence_hours.emplace_back(hours.at("from").get<std::string>(), hours.at("to").get<std::string>());
    for (const char* kind : {"forbidden", "limited_hours", "free"})
        if (r.outing_sentences.count(kind) == 0)
            throw std::logic_error(std::string("plugins/aati/rules/outings.json has no sentence for ") + kind);
    return r;
}

}  // namespace

const Rules& rules() {
    static const Rules loaded = load();
    return loaded;
}

std::optional<std::string> unconnected_scheme(const std::string& scheme_code, const std::string& fund_code) {
    for (const auto& s : rules().unconnected_schemes)
        if (s.scheme_code == scheme_code && (s.fund_code.empty() || s.fund_code == fund_code)) return s.label;
    return std::nullopt;
}

}  // namespace guichet::aati
