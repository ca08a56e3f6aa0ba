#include "get_rights.hpp"

#include "adri_contract.hpp"

#include <guichet/toolkit/beneficiary_fields.hpp>
#include <guichet/toolkit/cnam_soap_client.hpp>
#include <guichet/toolkit/vihf_session.hpp>

namespace guichet::adri {

namespace tk = guichet::toolkit;

namespace {

tk::Json period_json(const Period& p) {
    tk::Json j{{"start", p.start}};
    if (!p.end.empty()) j["end"] = p.end;
    if (!p.organisation.empty()) j["organisation"] = p.organisation;
    return j;
}

std::string exemption_kind(const std::string& nature) {
    if (nature == "ALD") return "ALD";
    if (nature == "MATERNITE") return "maternity";
    if (nature == "AT_MP") return "work_accident";
    return "other";  // a nature this plugin does not know yet: kept with its code, never dropped
}

tk::Json rights_json(const Rights& r, const std::string& care_date) {
    tk::Json answer{{"result", "rights"},
                    {"code", r.code},
                    {"label", r.label},
                    {"care_date", care_date},
                    {"rights_open", r.open},
                    {"scheme", {{"code", r.scheme.code}, {"label", r.scheme.label}}},
                    {"fund", {{"code", r.fund.code}, {"label", r.fund.label}}},
                    {"management_centre", r.management_centre},
                    {"management_code", r.management_code},
                    {"exemptions", tk::Json::array()},
                    {"third_party_payment", {{"amo", r.third_party_amo}, {"amc", r.third_party_amc}}}};
    if (r.rights_period) answer["rights_period"] = period_json(*r.rights_period);
    for (const auto& e : r.exemptions) {
        tk::Json j{{"kind", exemption_kind(e.nature)}, {"code", e.nature}, {"label", e.label}};
        j.update(period_json(e.period));
        if (!e.reference.empty()) j["reference"] = e.reference;
        answer["exemptions"].push_back(j);
    }
    if (r.css) answer["css"] = period_json(*r.css);
    if (r.ame) answer["ame"] = period_json(*r.ame);
    if (!r.open)
        answer["message"] =
            "No open AMO rights on " + care_date + ": the patient pays, or check the rights on the Vitale card";
    return answer;
}

}  // namespace

tk::Json get_rights(tk::Call& call) {
    const tk::Request& r = call.request();
    const tk::CardBeneficiary beneficiary = tk::read_card_beneficiary(r, "/beneficiary", false);
    const std::string care_date =
        r.has("/care_date") ? tk::read_calendar_date(r, "/care_date") : call.host().clock().utc_iso8601().substr(0, 10);

    tk::CnamExchange exchange;
    exchange.action = rights_action;
    exchange.body = rights_request_body(beneficiary, care_date);
    exchange.payload_namespace = answer_namespace;  // an answer of another service is refused
    exchange.coverage = beneficiary;
    exchange.vihf = tk::session_vihf(call, {}).assertion;
    tk::SoapResponse response;
    try {
        tk::call_cnam_service(call, exchange, response);
    } catch (const tk::Error& e) {
        // Not knowing the beneficiary is an answer the doctor acts on, not a failure.
        if (e.status() != GUICHET_E_REMOTE_FAULT || e.remote_code() != unknown_beneficiary_code) throw;
        call.host().log().info("ADRi: unknown beneficiary", {{"care_date", care_date, false}});
        return {{"result", "unknown_beneficiary"},
                {"code", e.remote_code()},
                {"care_date", care_date},
                {"message",
                 "ADRi does not know this beneficiary: check the NIR, the birth date and the birth rank read from the "
                 "Vitale card"}};
    }
    const Rights rights = parse_rights(response.payload);
    call.host().log().info("ADRi rights",
                           {{"code", rights.code, false},
                            {"nir", beneficiary.nir.empty() ? beneficiary.insured_nir : beneficiary.nir, true}});
    if (rights.code == "02")
        return {{"result", "scheme_not_covered"},
                {"code", rights.code},
                {"label", rights.label},
                {"care_date", care_date},
                {"scheme", {{"code", rights.scheme.code}, {"label", rights.scheme.label}}},
                {"fund", {{"code", rights.fund.code}, {"label", rights.fund.label}}},
                {"message", "ADRi does not reach this patient's scheme (" +
                                (rights.fund.label.empty() ? rights.scheme.label : rights.fund.label) +
                                "): read the rights from the Vitale card or ask the fund"}};
    if (rights.code != "00")
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "ADRi answered an unknown result code " + rights.code);
    return rights_json(rights, care_date);
}

}  // namespace guichet::adri
