#include "adri_service.hpp"

#include "soap_fault.hpp"

#include <guichet/toolkit/soap.hpp>

#include <ctime>
#include <sstream>

namespace guichet::sandbox {

namespace tk = guichet::toolkit;

namespace {

constexpr const char* rights_action = "urn:adr:1.1.0:acquerirLesDroits";
constexpr const char* answer_namespace = "urn:ir:se_rep_adr";

std::string text(pugi::xml_node parent, const char* a, const char* b = nullptr) {
    pugi::xml_node n = tk::child_by_local_name(parent, a);
    if (b != nullptr) n = tk::child_by_local_name(n, b);
    return n.text().get();
}

// ISO dates compare as text.
bool covers(const nlohmann::json& period, const std::string& date) {
    return period.value("from", "") <= date && (!period.contains("to") || date <= period.value("to", ""));
}

const nlohmann::json* find_beneficiary(const nlohmann::json& beneficiaries, pugi::xml_node request) {
    const pugi::xml_node who = tk::child_by_local_name(request, "Beneficiaire");
    const std::string own = text(who, "NirCertifie", "Num");
    const std::string insured = text(who, "NirOuvrantDroit", "Num");
    const std::string birth_date = text(who, "DateNaissance");
    const std::string rank = text(who, "RangNaissance");
    for (const auto& b : beneficiaries) {
        if (b.value("birth_date", "") != birth_date) continue;
        if (!own.empty()) {
            if (b.value("nir", "") == own) return &b;
        } else if (b.value("insured_nir", "") == insured && std::to_string(b.value("birth_rank", 1)) == rank) {
            return &b;
        }
    }
    return nullptr;
}

void code_label(pugi::xml_node parent, const char* name, const nlohmann::json& value) {
    pugi::xml_node n = parent.append_child(name);
    n.append_child("r:Code").text().set(value.value("code", "").c_str());
    n.append_child("r:Libelle").text().set(value.value("label", "").c_str());
}

void period(pugi::xml_node parent, const char* name, const nlohmann::json& p) {
    pugi::xml_node n = parent.append_child(name);
    n.append_child("r:Debut").text().set(p.value("from", "").c_str());
    if (p.contains("to")) n.append_child("r:Fin").text().set(p.value("to", "").c_str());
    if (p.contains("organisation")) n.append_child("r:Organisme").text().set(p.value("organisation", "").c_str());
}

std::string rights_payload(const nlohmann::json& b, const std::string& date) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("r:Droits");
    root.append_attribute("xmlns:r") = answer_namespace;
    pugi::xml_node cr = root.append_child("r:CR");
    const nlohmann::json& scheme = b["scheme"];
    const bool reachable = scheme.value("covered", true);
    cr.append_child("r:CodeCR").text().set(reachable ? "00" : "02");
    cr.append_child("r:LibelleCR")
        .text()
        .set(reachable ? "Droits du beneficiaire"
                       : ("Regime non couvert par ADRi: " + scheme.value("label", "")).c_str());
    code_label(root, "r:Regime", scheme);
    code_label(root, "r:Caisse", b["fund"]);
    if (!reachable) {
        std::ostringstream out;
        doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
        return out.str();
    }
    root.append_child("r:CentreGestionnaire").text().set(b.value("management_centre", "").c_str());
    root.append_child("r:CodeGestion").text().set(b.value("management_code", "").c_str());

    // Base rights: the period covering the date, else the last one (closed rights keep their end).
    static const nlohmann::json none = nlohmann::json::array();
    const nlohmann::json& periods = b.contains("rights") ? b["rights"] : none;  // `current` points into it
    const nlohmann::json* current = nullptr;
    for (const auto& p : periods)
        if (current == nullptr || covers(p, date) ||
            (!covers(*current, date) && p.value("from", "") > current->value("from", "")))
            current = &p;
    const bool open = current != nullptr && covers(*current, date);
    pugi::xml_node rights = root.append_child("r:DroitsAmo");
    rights.append_child("r:Ouverts").text().set(open ? "true" : "false");
    if (current != nullptr) {
        rights.append_child("r:Debut").text().set(current->value("from", "").c_str());
        if (current->contains("to")) rights.append_child("r:Fin").text().set(current->value("to", "").c_str());
    }

    bool exempted = false;
    for (const auto& e : b.value("exemptions", nlohmann::json::array())) {
        if (!covers(e, date)) continue;
        exempted = true;
        pugi::xml_node n = root.append_child("r:Exoneration");
        n.append_child("r:Nature").text().set(e.value("nature", "").c_str());
        n.append_child("r:Libelle").text().set(e.value("label", "").c_str());
        n.append_child("r:Debut").text().set(e.value("from", "").c_str());
        if (e.contains("to")) n.append_child("r:Fin").text().set(e.value("to", "").c_str());
        if (e.contains("reference")) n.append_child("r:Reference").text().set(e.value("reference", "").c_str());
    }
    const bool css = b.contains("css") && covers(b["css"], date);
    const bool ame = b.contains("ame") && covers(b["ame"], date);
    if (css) period(root, "r:CSS", b["css"]);
    if (ame) period(root, "r:AME", b["ame"]);
    // The public rules since 2017: third-party payment for exempted care, CSS and AME.
    pugi::xml_node third_party = root.append_child("r:TiersPayant");
    third_party.append_child("r:Amo").text().set(open && (css || ame || exempted) ? "true" : "false");
    third_party.append_child("r:Amc").text().set(open && (css || ame) ? "true" : "false");
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

}  // namespace

std::string AdriService::operation(const HttpRequestIn& request) const {
    return request.body.find(rights_action) != std::string::npos ? "get_rights" : "unknown";
}

HttpAnswer AdriService::handle(const HttpRequestIn& request) {
    SoapServiceRules rules;
    rules.actions = {{rights_action, "get_rights"}};
    rules.context_bam_required = true;
    rules.structure_certificate_replaces_vihf = false;  // INSi's structure mode is INSi's only
    auto accepted = accept_soap(request, rules, pipeline_(), static_cast<int64_t>(std::time(nullptr)));
    if (auto* fault = std::get_if<HttpAnswer>(&accepted)) return *fault;
    const SoapCall& call = std::get<SoapCall>(accepted);

    const auto data = data_();
    const nlohmann::json* beneficiary = find_beneficiary(data->beneficiaries, call.payload);
    if (beneficiary == nullptr)
        return soap_fault_answer("soap:Sender", "siram_50",
                                 "Beneficiaire inconnu: NIR, date ou rang de naissance a verifier", "adr_01");
    return soap_answer(call.action, call.message_id, rights_payload(*beneficiary, text(call.payload, "DateReference")));
}

}  // namespace guichet::sandbox
