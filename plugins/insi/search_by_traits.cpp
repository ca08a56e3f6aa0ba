#include "search_by_traits.hpp"

#include "insi_contract.hpp"
#include "insi_exchange.hpp"

#include <guichet/toolkit/beneficiary_fields.hpp>

#include <regex>

namespace guichet::insi {

namespace tk = guichet::toolkit;

Traits read_traits(const tk::Request& r, const std::string& at) {
    Traits t;
    t.birth_name = tk::read_name(r, at + "/birth_name");
    t.first_names = r.strings(at + "/first_names");
    if (t.first_names.empty()) throw tk::invalid_field(at + "/first_names", "needs at least one first name");
    // One search per first name until found: 500 names made 500 sequential requests.
    if (t.first_names.size() > max_first_names)
        throw tk::invalid_field(at + "/first_names", "holds more than " + std::to_string(max_first_names) +
                                                         " first names (one search each)");
    for (size_t i = 0; i < t.first_names.size(); ++i) tk::read_name(r, at + "/first_names/" + std::to_string(i));
    t.sex = r.string(at + "/sex");
    if (t.sex != "M" && t.sex != "F") throw tk::invalid_field(at + "/sex", "must be \"M\" or \"F\"");
    t.birth_date = tk::read_birth_date(r, at + "/birth_date");  // lunar dates (day or month 00) allowed
    t.birth_place = r.optional_string(at + "/birth_place").value_or("");
    static const std::regex cog("[0-9][0-9AB][0-9]{3}");  // department 2A/2B kept as letters
    if (!t.birth_place.empty() && !std::regex_match(t.birth_place, cog))
        throw tk::invalid_field(at + "/birth_place", "must be an INSEE code of 5 characters (Corsica: 2A/2B)");
    return t;
}

namespace {

SearchResult search_once(const tk::Call& call, const Traits& traits, const std::vector<std::string>& first_names) {
    InsiExchange exchange;
    exchange.action = search_by_traits_action;
    exchange.body = search_request_body(traits, first_names);
    return exchange_with_insi(call, exchange);
}

tk::Json ins_json(const InsNumber& n) {
    tk::Json j{{"nir", n.nir}, {"key", n.key}, {"oid", n.oid}, {"kind", ins_kind(n.oid)}};
    if (!n.start_date.empty()) j["start_date"] = n.start_date;
    if (!n.end_date.empty()) j["end_date"] = n.end_date;
    return j;
}

}  // namespace

Search search(const tk::Call& call, const Traits& traits) {
    // First the first first-name; then one retry per other first name, stopping at the first
    // answer that is not "none" (a technical error stops too: it propagates).
    std::vector<std::vector<std::string>> attempts{{traits.first_names.front()}};
    for (size_t i = 1; i < traits.first_names.size(); ++i) attempts.push_back({traits.first_names[i]});
    Search s;
    for (const auto& first_names : attempts) {
        call.check_cancelled();
        s.result = search_once(call, traits, first_names);
        ++s.attempts;
        s.first_name_used = first_names.front();
        if (s.result.code != "01") break;
    }
    if (s.result.code != "00" && s.result.code != "01" && s.result.code != "02")
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "INSi answered an unknown result code " + s.result.code);
    call.host().log().info("INSi search by traits",
                           {{"code", s.result.code, false}, {"birth_name", traits.birth_name, true}});
    return s;
}

tk::Json search_json(const Search& s) {
    const SearchResult& result = s.result;
    tk::Json answer{{"code", result.code},
                    {"label", result.label},
                    {"attempts", s.attempts},
                    {"first_name_used", s.first_name_used}};
    if (result.code == "00") {
        answer["result"] = "found";
        answer["ins"] = ins_json(*result.active);
        answer["history"] = tk::Json::array();
        for (const auto& h : result.history) answer["history"].push_back(ins_json(h));
        answer["traits"] = result.reference_traits;
        answer["qualifiable"] = result.active->oid != contracts::insi::oid_ins_nia;  // an NIA never is
    } else {
        answer["result"] = result.code == "01" ? "none" : "several";
    }
    return answer;
}

tk::Json search_by_traits(tk::Call& call) { return search_json(search(call, read_traits(call.request(), ""))); }

}  // namespace guichet::insi
