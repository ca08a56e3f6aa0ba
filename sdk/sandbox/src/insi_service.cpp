#include "insi_service.hpp"

#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <sstream>

namespace guichet::sandbox {

namespace tk = guichet::toolkit;

namespace {

constexpr const char* search_action = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite";
constexpr const char* vitale_action = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecCarteVitale";

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

bool matches(const nlohmann::json& identity, const std::string& birth_name, const std::vector<std::string>& first_names,
             const std::string& sex, const std::string& birth_date, const std::string& birth_place) {
    if (upper(identity.value("birth_name", "")) != upper(birth_name)) return false;
    if (identity.value("sex", "") != sex || identity.value("birth_date", "") != birth_date) return false;
    if (!birth_place.empty() && identity.value("birth_place", "") != birth_place) return false;
    if (!identity.contains("ins")) return false;
    // A first name sent must be one of the identity's first names.
    for (const auto& wanted : first_names)
        for (const auto& known : identity.value("first_names", nlohmann::json::array()))
            if (upper(known.get<std::string>()) == upper(wanted)) return true;
    return false;
}

std::string num_of(pugi::xml_node payload, const char* matricule) {
    return tk::child_by_local_name(tk::child_by_local_name(payload, matricule), "NumIdentifiant").text().get();
}

// The card names a beneficiary by their own number when they have one, otherwise by the insured
// person's number, the birth date as written on the card (lunar dates included) and the rank.
bool matches_card(const nlohmann::json& identity, pugi::xml_node payload) {
    if (!identity.contains("vitale") || !identity.contains("ins")) return false;
    const nlohmann::json& card = identity["vitale"];
    const std::string own = num_of(payload, "MatriculeIndividu");
    const std::string card_date = card.value("birth_date", identity.value("birth_date", ""));
    const std::string sent_date = tk::child_by_local_name(payload, "DateNaissance").text().get();
    if (sent_date != card_date) return false;
    if (!own.empty()) return own == card.value("nir", "");
    return num_of(payload, "MatriculeOD") == card.value("insured_nir", "") &&
           std::string(tk::child_by_local_name(payload, "RangNaissance").text().get()) == card.value("rank", "1");
}

void ins_element(pugi::xml_node parent, const char* name, const nlohmann::json& ins) {
    pugi::xml_node n = parent.append_child(name);
    pugi::xml_node id = n.append_child("r:IdIndividu");
    id.append_child("r:NumIdentifiant").text().set(ins["nir"].get<std::string>().c_str());
    id.append_child("r:Cle").text().set(ins["key"].get<std::string>().c_str());
    n.append_child("r:OID").text().set(ins["oid"].get<std::string>().c_str());
    if (ins.contains("until")) n.append_child("r:DateFin").text().set(ins["until"].get<std::string>().c_str());
}

std::string result_payload(const std::vector<const nlohmann::json*>& found) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("r:RESULTAT");
    root.append_attribute("xmlns:r") = "http://www.cnamts.fr/INSiResultat";
    pugi::xml_node cr = root.append_child("r:CR");
    const char* code = found.empty() ? "01" : found.size() == 1 ? "00" : "02";
    cr.append_child("r:CodeCR").text().set(code);
    cr.append_child("r:LibelleCR")
        .text()
        .set(found.empty()       ? "Aucune identite trouvee"
             : found.size() == 1 ? "OK"
                                 : "Plusieurs identites trouvees");
    if (found.size() == 1) {
        const nlohmann::json& identity = *found.front();
        pugi::xml_node individual = root.append_child("r:INDIVIDU");
        ins_element(individual, "r:INSACTIF", identity["ins"]);
        for (const auto& h : identity.value("history", nlohmann::json::array()))
            ins_element(individual, "r:INSHISTO", h);
        pugi::xml_node tiq = individual.append_child("r:TIQ");
        tiq.append_child("r:NomNaissance").text().set(identity["birth_name"].get<std::string>().c_str());
        tiq.append_child("r:Prenom").text().set(identity["first_names"][0].get<std::string>().c_str());
        std::string list;
        for (const auto& f : identity["first_names"]) list += (list.empty() ? "" : " ") + f.get<std::string>();
        tiq.append_child("r:ListePrenom").text().set(list.c_str());
        tiq.append_child("r:Sexe").text().set(identity["sex"].get<std::string>().c_str());
        tiq.append_child("r:DateNaissance").text().set(identity["birth_date"].get<std::string>().c_str());
        tiq.append_child("r:LieuNaissance").text().set(identity["birth_place"].get<std::string>().c_str());
    }
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

}  // namespace

std::string InsiService::operation(const HttpRequestIn& request) const {
    if (request.body.find(vitale_action) != std::string::npos) return "search_by_vitale";
    return request.body.find(search_action) != std::string::npos ? "search_by_traits" : "unknown";
}

HttpAnswer InsiService::handle(const HttpRequestIn& request) {
    SoapServiceRules rules;
    rules.actions = {{search_action, "search_by_traits"}, {vitale_action, "search_by_vitale"}};
    rules.context_bam_required = true;
    auto accepted = accept_soap(request, rules, pipeline_(), static_cast<int64_t>(std::time(nullptr)));
    if (auto* fault = std::get_if<HttpAnswer>(&accepted)) return *fault;
    const SoapCall& call = std::get<SoapCall>(accepted);

    const auto data = data_();
    std::vector<const nlohmann::json*> found;
    if (call.operation == "search_by_vitale") {
        for (const auto& identity : data->identities)
            if (matches_card(identity, call.payload)) found.push_back(&identity);
        return soap_answer(call.action, call.message_id, result_payload(found));
    }
    std::vector<std::string> first_names;
    for (pugi::xml_node c : call.payload.children())
        if (c.type() == pugi::node_element && tk::local_name(c.name()) == "Prenom")
            first_names.push_back(c.text().get());
    auto text = [&](const char* name) { return std::string(tk::child_by_local_name(call.payload, name).text().get()); };
    for (const auto& identity : data->identities)
        if (matches(identity, text("NomNaissance"), first_names, text("Sexe"), text("DateNaissance"),
                    text("LieuNaissance")))
            found.push_back(&identity);
    return soap_answer(call.action, call.message_id, result_payload(found));
}

}  // namespace guichet::sandbox
