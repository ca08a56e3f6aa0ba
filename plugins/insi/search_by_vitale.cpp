#include "search_by_vitale.hpp"

#include "insi_exchange.hpp"
#include "search_by_traits.hpp"

#include <guichet/toolkit/beneficiary_fields.hpp>
#include <guichet/toolkit/utc_time.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_load.hpp>

namespace guichet::insi {

namespace tk = guichet::toolkit;

namespace {

// The card checks happen before anything leaves the practice: a swapped card or a stale choice
// would search (and later bill) the wrong person.
void check_card(const tk::Call& call, const tk::Request& r) {
    const std::string chosen_from = r.string("/card/serial_number");
    if (chosen_from.empty())
        throw tk::invalid_field("/card/serial_number", "must name the card the beneficiary was chosen from");
    const std::string now_in_reader = r.string("/card/serial_number_now");
    if (now_in_reader.empty())
        throw tk::invalid_field("/card/serial_number_now",
                                "no Vitale card in the reader: insert the card and choose the beneficiary again");
    if (now_in_reader != chosen_from)
        throw tk::invalid_field("/card/serial_number_now",
                                "the Vitale card in the reader is not the one the beneficiary was chosen from: "
                                "read the card again and choose the beneficiary");
    const std::string chosen_text = r.string("/card/beneficiary_chosen_at");
    const auto chosen_at = tk::parse_utc_timestamp(chosen_text);
    if (!chosen_at) throw tk::invalid_field("/card/beneficiary_chosen_at", "must be a UTC time, YYYY-MM-DDTHH:MM:SSZ");
    const int64_t now = call.host().clock().wall_ns() / 1'000'000'000;
    const int64_t max_age = call.config().session.vitale_choice_max_age_s.value_or(default_vitale_choice_max_age_s);
    if (*chosen_at > now + 60)
        throw tk::invalid_field("/card/beneficiary_chosen_at", "is in the future: check the computer's clock");
    if (now - *chosen_at > max_age)
        throw tk::invalid_field("/card/beneficiary_chosen_at",
                                "the beneficiary was chosen " + std::to_string((now - *chosen_at) / 60) +
                                    " min ago (limit " + std::to_string(max_age) +
                                    " s): read the card again and choose the beneficiary");
}

// An application carte Vitale (ApCV) proves the card with an assertion of its own, carried in
// WS-Security after the VIHF; a physical card needs none.
std::vector<std::string> card_tokens(const tk::Request& r) {
    const std::string kind = r.optional_string("/card/kind").value_or("physical");
    if (kind != "physical" && kind != "apcv") throw tk::invalid_field("/card/kind", "must be \"physical\" or \"apcv\"");
    const auto assertion = r.optional_string("/card/assertion");
    if (kind == "physical") {
        if (assertion)
            throw tk::invalid_field("/card/assertion",
                                    "only an application carte Vitale (kind \"apcv\") has an assertion");
        return {};
    }
    if (!assertion || assertion->empty())
        throw tk::invalid_field("/card/assertion", "an application carte Vitale needs its assertion");
    pugi::xml_document doc;
    if (const auto problem = tk::load_xml(doc, *assertion))
        throw tk::invalid_field("/card/assertion", "is not well-formed XML: " + *problem);
    if (tk::local_name(tk::document_element(doc).name()) != "Assertion")
        throw tk::invalid_field("/card/assertion", "must be the SAML Assertion the ApCV issued");
    return {*assertion};
}

}  // namespace

tk::Json search_by_vitale(tk::Call& call) {
    const tk::Request& r = call.request();
    const tk::CardBeneficiary beneficiary = tk::read_card_beneficiary(r, "/beneficiary", true);
    const std::string birth_name = r.optional_string("/beneficiary/birth_name").value_or("");
    const std::vector<std::string> tokens = card_tokens(r);
    check_card(call, r);

    InsiExchange exchange;
    exchange.action = search_by_vitale_action;
    exchange.body = vitale_request_body(beneficiary, birth_name);
    exchange.coverage = beneficiary;
    exchange.extra_security = tokens;
    Search s;
    s.result = exchange_with_insi(call, exchange);
    s.attempts = 1;
    if (s.result.code != "00" && s.result.code != "01" && s.result.code != "02")
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "INSi answered an unknown result code " + s.result.code);
    call.host().log().info("INSi search by Vitale card",
                           {{"code", s.result.code, false}, {"insured_nir", beneficiary.insured_nir, true}});
    tk::Json answer = search_json(s);
    answer.erase("attempts");
    answer.erase("first_name_used");
    return answer;
}

}  // namespace guichet::insi
