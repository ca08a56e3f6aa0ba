#include "adri_contract.hpp"

#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>

#include <sstream>

namespace guichet::adri {

namespace tk = guichet::toolkit;

std::string rights_request_body(const tk::CardBeneficiary& b, const std::string& care_date) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("adr:DemandeDroits");
    root.append_attribute("xmlns:adr") = request_namespace;
    root.append_child("adr:DateReference").text().set(care_date.c_str());
    pugi::xml_node who = root.append_child("adr:Beneficiaire");
    auto nir = [&](const char* name, const std::string& num, const std::string& key) {
        if (num.empty()) return;
        pugi::xml_node n = who.append_child(name);
        n.append_child("adr:Num").text().set(num.c_str());
        if (!key.empty()) n.append_child("adr:Cle").text().set(key.c_str());
    };
    nir("adr:NirCertifie", b.nir, b.key);
    nir("adr:NirOuvrantDroit", b.insured_nir, b.insured_key);
    who.append_child("adr:DateNaissance").text().set(b.birth_date.c_str());
    who.append_child("adr:RangNaissance").text().set(b.birth_rank.c_str());
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

namespace {

std::string text_of(pugi::xml_node parent, const char* local) {
    return tk::child_by_local_name(parent, local).text().get();
}

CodeLabel code_label(pugi::xml_node node) { return {text_of(node, "Code"), text_of(node, "Libelle")}; }

Period period_of(pugi::xml_node node) {
    return {text_of(node, "Debut"), text_of(node, "Fin"), text_of(node, "Organisme")};
}

// xs:boolean: "true"/"1" or "false"/"0"; anything else is a broken answer.
bool boolean_of(pugi::xml_node parent, const char* local, const char* where) {
    const std::string v = text_of(parent, local);
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    throw tk::Error(GUICHET_E_BAD_RESPONSE,
                    std::string("ADRi answered ") + where + "/" + local + " = \"" + v + "\", not a boolean");
}

}  // namespace

Rights parse_rights(pugi::xml_node payload) {
    if (tk::local_name(payload.name()) != "Droits")
        throw tk::Error(GUICHET_E_BAD_RESPONSE, std::string("ADRi answered ") + payload.name() + " instead of Droits");
    Rights r;
    const pugi::xml_node cr = tk::child_by_local_name(payload, "CR");
    r.code = text_of(cr, "CodeCR");
    r.label = text_of(cr, "LibelleCR");
    if (r.code.empty()) throw tk::Error(GUICHET_E_BAD_RESPONSE, "ADRi answer without CR/CodeCR");
    r.scheme = code_label(tk::child_by_local_name(payload, "Regime"));
    r.fund = code_label(tk::child_by_local_name(payload, "Caisse"));
    if (r.code != "00") return r;
    if (r.scheme.code.empty() || r.fund.code.empty())
        throw tk::Error(GUICHET_E_BAD_RESPONSE,
                        "ADRi sent rights (00) without the scheme (Regime) or the fund (Caisse)");
    r.management_centre = text_of(payload, "CentreGestionnaire");
    r.management_code = text_of(payload, "CodeGestion");
    const pugi::xml_node base = tk::child_by_local_name(payload, "DroitsAmo");
    if (!base) throw tk::Error(GUICHET_E_BAD_RESPONSE, "ADRi sent rights (00) without DroitsAmo");
    r.open = boolean_of(base, "Ouverts", "DroitsAmo");
    if (tk::child_by_local_name(base, "Debut")) r.rights_period = period_of(base);
    for (pugi::xml_node c : payload.children())
        if (c.type() == pugi::node_element && tk::local_name(c.name()) == "Exoneration")
            r.exemptions.push_back(
                {text_of(c, "Nature"), text_of(c, "Libelle"), period_of(c), text_of(c, "Reference")});
    if (const pugi::xml_node css = tk::child_by_local_name(payload, "CSS")) r.css = period_of(css);
    if (const pugi::xml_node ame = tk::child_by_local_name(payload, "AME")) r.ame = period_of(ame);
    if (const pugi::xml_node tp = tk::child_by_local_name(payload, "TiersPayant")) {
        r.third_party_amo = boolean_of(tp, "Amo", "TiersPayant");
        r.third_party_amc = boolean_of(tp, "Amc", "TiersPayant");
    }
    return r;
}

}  // namespace guichet::adri
