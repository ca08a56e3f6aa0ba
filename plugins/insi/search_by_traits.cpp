#include "search_by_traits.hpp"

#include "insi_contract.hpp"

#include <guichet/toolkit/soap_client.hpp>
#include <guichet/toolkit/vihf_session.hpp>

#include <regex>

namespace guichet::insi {

namespace tk = guichet::toolkit;

namespace {

Traits read_traits(const tk::Request& r) {
    Traits t;
    t.birth_name = r.string("/birth_name");
    if (t.birth_name.empty()) throw tk::invalid_field("/birth_name", "must not be empty");
    t.first_names = r.strings("/first_names");
    if (t.first_names.empty()) throw tk::invalid_field("/first_names", "needs at least one first name");
    for (size_t i = 0; i < t.first_names.size(); ++i)
        if (t.first_names[i].empty()) throw tk::invalid_field("/first_names/" + std::to_string(i), "must not be empty");
    t.sex = r.string("/sex");
    if (t.sex != "M" && t.sex != "F") throw tk::invalid_field("/sex", "must be \"M\" or \"F\"");
    t.birth_date = r.string("/birth_date");
    static const std::regex date("\\d{4}-\\d{2}-\\d{2}");  // lunar dates (day or month 00) allowed
    if (!std::regex_match(t.birth_date, date)) throw tk::invalid_field("/birth_date", "must be YYYY-MM-DD");
    t.birth_place = r.optional_string("/birth_place").value_or("");
    static const std::regex cog("[0-9][0-9AB][0-9]{3}");  // department 2A/2B kept as letters
    if (!t.birth_place.empty() && !std::regex_match(t.birth_place, cog))
        throw tk::invalid_field("/birth_place", "must be an INSEE code of 5 characters (Corsica: 2A/2B)");
    return t;
}

// One exchange with INSi; the VIHF only in card mode (structure mode authenticates by TLS).
SearchResult search_once(const tk::Call& call, const Traits& traits, const std::vector<std::string>& first_names) {
    tk::SoapExchange exchange;
    exchange.action = search_by_traits_action;
    exchange.body = search_request_body(traits, first_names);
    if (call.config().session.value("authentication_mode", "card") == "card") exchange.vihf = tk::session_vihf(call, {}).assertion;
    tk::SoapResponse response;
    tk::call_soap_service(call, exchange, response);
    return parse_search_result(response.payload);
}

tk::Json ins_json(const InsNumber& n) {
    tk::Json j{{"nir", n.nir}, {"key", n.key}, {"oid", n.oid}, {"kind", ins_kind(n.oid)}};
    if (!n.start_date.empty()) j["start_date"] = n.start_date;
    if (!n.end_date.empty()) j["end_date"] = n.end_date;
    return j;
}

}  // namespace

tk::Json search_by_traits(tk::Call& call) {
    const Traits traits = read_traits(call.request());
    // First the first first-name; then one retry per other first name, stopping at the first
    // answer that is not "none" (a technical error stops too: it propagates).
    std::vector<std::vector<std::string>> attempts{{traits.first_names.front()}};
    for (size_t i = 1; i < traits.first_names.size(); ++i) attempts.push_back({traits.first_names[i]});
    SearchResult result;
    size_t made = 0;
    for (const auto& first_names : attempts) {
        call.check_cancelled();
        result = search_once(call, traits, first_names);
        ++made;
        if (result.code != "01") break;
    }
    tk::Json answer{{"code", result.code}, {"label", result.label}, {"attempts", made},
                    {"first_name_used", attempts[made - 1].front()}};
    if (result.code == "00") {
        answer["result"] = "found";
        answer["ins"] = ins_json(*result.active);
        answer["history"] = tk::Json::array();
        for (const auto& h : result.history) answer["history"].push_back(ins_json(h));
        answer["traits"] = result.reference_traits;
        answer["qualifiable"] = result.active->oid != "1.2.250.1.213.1.4.9";  // an NIA never is
    } else if (result.code == "01") {
        answer["result"] = "none";
    } else if (result.code == "02") {
        answer["result"] = "several";
    } else {
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "INSi answered an unknown result code " + result.code);
    }
    call.host().log().info("INSi search by traits", {{"code", result.code, false}, {"birth_name", traits.birth_name, true}});
    return answer;
}

}  // namespace guichet::insi
