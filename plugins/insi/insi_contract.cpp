#include "insi_contract.hpp"

#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>

#include <sstream>

namespace guichet::insi {

namespace tk = guichet::toolkit;

std::string search_request_body(const Traits& traits, const std::vector<std::string>& first_names) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("rec:RECSANSVITALE");
    root.append_attribute("xmlns:rec") = recsans_namespace;
    root.append_child("rec:NomNaissance").text().set(traits.birth_name.c_str());
    for (const auto& first : first_names) root.append_child("rec:Prenom").text().set(first.c_str());
    root.append_child("rec:Sexe").text().set(traits.sex.c_str());
    root.append_child("rec:DateNaissance").text().set(traits.birth_date.c_str());
    if (!traits.birth_place.empty()) root.append_child("rec:LieuNaissance").text().set(traits.birth_place.c_str());
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

std::string vitale_request_body(const tk::CardBeneficiary& b, const std::string& birth_name) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("rec:RECVITALE");
    root.append_attribute("xmlns:rec") = recvitale_namespace;
    auto matricule = [&](const char* name, const std::string& nir, const std::string& key) {
        if (nir.empty()) return;
        pugi::xml_node m = root.append_child(name);
        m.append_child("rec:NumIdentifiant").text().set(nir.c_str());
        if (!key.empty()) m.append_child("rec:Cle").text().set(key.c_str());
    };
    matricule("rec:MatriculeIndividu", b.nir, b.key);
    matricule("rec:MatriculeOD", b.insured_nir, b.insured_key);
    if (!birth_name.empty()) root.append_child("rec:NomNaissance").text().set(birth_name.c_str());
    root.append_child("rec:DateNaissance").text().set(b.birth_date.c_str());
    root.append_child("rec:RangNaissance").text().set(b.birth_rank.c_str());
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

namespace {

std::string text_of(pugi::xml_node parent, const char* local) {
    return tk::child_by_local_name(parent, local).text().get();
}

InsNumber ins_of(pugi::xml_node node) {
    const pugi::xml_node id = tk::child_by_local_name(node, "IdIndividu");
    return {text_of(id, "NumIdentifiant"), text_of(id, "Cle"), text_of(node, "OID"), text_of(node, "DateDeb"),
            text_of(node, "DateFin")};
}

}  // namespace

std::string ins_kind(const std::string& oid) {
    if (oid == "1.2.250.1.213.1.4.8") return "NIR";
    if (oid == "1.2.250.1.213.1.4.9") return "NIA";
    if (oid == "1.2.250.1.213.1.4.10") return "NIR-test";
    if (oid == "1.2.250.1.213.1.4.11") return "NIR-demo";
    return "unknown";
}

SearchResult parse_search_result(pugi::xml_node payload) {
    if (tk::local_name(payload.name()) != "RESULTAT")
        throw tk::Error(GUICHET_E_BAD_RESPONSE,
                        std::string("INSi answered ") + payload.name() + " instead of RESULTAT");
    const pugi::xml_node cr = tk::child_by_local_name(payload, "CR");
    SearchResult r;
    r.code = text_of(cr, "CodeCR");
    r.label = text_of(cr, "LibelleCR");
    if (r.code.empty()) throw tk::Error(GUICHET_E_BAD_RESPONSE, "INSi answer without CR/CodeCR");
    if (r.code != "00") return r;
    const pugi::xml_node individual = tk::child_by_local_name(payload, "INDIVIDU");
    const pugi::xml_node active = tk::child_by_local_name(individual, "INSACTIF");
    if (!active) throw tk::Error(GUICHET_E_BAD_RESPONSE, "INSi found an identity (00) but sent no INSACTIF");
    r.active = ins_of(active);
    if (r.active->nir.size() != 13 || r.active->oid.empty())
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "INSi sent an INS without a 13-character NIR and its OID");
    for (pugi::xml_node c : individual.children())
        if (c.type() == pugi::node_element && tk::local_name(c.name()) == "INSHISTO") r.history.push_back(ins_of(c));
    const pugi::xml_node tiq = tk::child_by_local_name(individual, "TIQ");
    std::vector<std::string> first_names;
    std::istringstream list(text_of(tiq, "ListePrenom"));
    for (std::string w; list >> w;) first_names.push_back(w);
    r.reference_traits = {{"birth_name", text_of(tiq, "NomNaissance")},
                          {"first_name", text_of(tiq, "Prenom")},
                          {"first_names", first_names},
                          {"sex", text_of(tiq, "Sexe")},
                          {"birth_date", text_of(tiq, "DateNaissance")},
                          {"birth_place", text_of(tiq, "LieuNaissance")}};
    return r;
}

}  // namespace guichet::insi
