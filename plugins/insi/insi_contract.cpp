#include "insi_contract.hpp"

#include <guichet/toolkit/ins_number.hpp>
#include <guichet/toolkit/single_child.hpp>
#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>

#include <sstream>

namespace guichet::insi {

namespace tk = guichet::toolkit;
namespace wire = guichet::contracts::insi::element;

namespace {

// Request elements, in the request's namespace (prefix rec).
pugi::xml_node add(pugi::xml_node parent, const char* local) {
    return parent.append_child(("rec:" + std::string(local)).c_str());
}

}  // namespace

std::string search_request_body(const Traits& traits, const std::vector<std::string>& first_names) {
    pugi::xml_document doc;
    pugi::xml_node root = add(doc, wire::search_by_traits);
    root.append_attribute("xmlns:rec") = recsans_namespace;
    add(root, wire::birth_name).text().set(traits.birth_name.c_str());
    for (const auto& first : first_names) add(root, wire::first_name).text().set(first.c_str());
    add(root, wire::sex).text().set(traits.sex.c_str());
    add(root, wire::birth_date).text().set(traits.birth_date.c_str());
    if (!traits.birth_place.empty()) add(root, wire::birth_place).text().set(traits.birth_place.c_str());
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

std::string vitale_request_body(const tk::CardBeneficiary& b, const std::string& birth_name) {
    pugi::xml_document doc;
    pugi::xml_node root = add(doc, wire::search_by_vitale);
    root.append_attribute("xmlns:rec") = recvitale_namespace;
    auto matricule = [&](const char* name, const std::string& nir, const std::string& key) {
        if (nir.empty()) return;
        pugi::xml_node m = add(root, name);
        add(m, wire::identifier_number).text().set(nir.c_str());
        if (!key.empty()) add(m, wire::identifier_key).text().set(key.c_str());
    };
    matricule(wire::beneficiary_number, b.nir, b.key);
    matricule(wire::insured_number, b.insured_nir, b.insured_key);
    if (!birth_name.empty()) add(root, wire::birth_name).text().set(birth_name.c_str());
    add(root, wire::birth_date).text().set(b.birth_date.c_str());
    add(root, wire::birth_rank).text().set(b.birth_rank.c_str());
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

namespace {

// Every element INSi's answer carries is single (RESULTAT XSD), INSHISTO aside.
std::string text_of(pugi::xml_node parent, const char* local) { return tk::single_child_text(parent, local); }

// An INS INSi sends must be one: a wrong key or an unknown OID would be stored, then qualified.
InsNumber ins_of(pugi::xml_node node, const char* which) {
    const pugi::xml_node id = tk::single_child(node, wire::individual_id);
    InsNumber ins{text_of(id, wire::identifier_number), text_of(id, wire::identifier_key), text_of(node, wire::oid),
                  text_of(node, wire::start_date), text_of(node, wire::end_date)};
    if (const auto problem = tk::ins_problem(ins.nir, ins.key, ins.oid))
        throw tk::Error(GUICHET_E_BAD_RESPONSE,
                        std::string("INSi sent an invalid INS in ") + which + ": " + problem->reason);
    return ins;
}

}  // namespace

std::string ins_kind(const std::string& oid) {
    if (oid == contracts::insi::oid_ins_nir) return "NIR";
    if (oid == contracts::insi::oid_ins_nia) return "NIA";
    if (oid == contracts::insi::oid_ins_nir_test) return "NIR-test";
    if (oid == contracts::insi::oid_ins_nir_demo) return "NIR-demo";
    return "unknown";
}

SearchResult parse_search_result(pugi::xml_node payload) {
    if (tk::local_name(payload.name()) != wire::result)
        throw tk::Error(GUICHET_E_BAD_RESPONSE,
                        std::string("INSi answered ") + payload.name() + " instead of RESULTAT");
    const pugi::xml_node cr = tk::single_child(payload, wire::report);
    SearchResult r;
    r.code = text_of(cr, wire::report_code);
    r.label = text_of(cr, wire::report_label);
    if (r.code.empty()) throw tk::Error(GUICHET_E_BAD_RESPONSE, "INSi answer without CR/CodeCR");
    if (r.code != "00") return r;
    const pugi::xml_node individual = tk::single_child(payload, wire::individual);
    const pugi::xml_node active = tk::single_child(individual, wire::active_ins);
    if (!active) throw tk::Error(GUICHET_E_BAD_RESPONSE, "INSi found an identity (00) but sent no INSACTIF");
    r.active = ins_of(active, wire::active_ins);
    for (pugi::xml_node c : individual.children())
        if (c.type() == pugi::node_element && tk::local_name(c.name()) == wire::former_ins)
            r.history.push_back(ins_of(c, wire::former_ins));
    const pugi::xml_node tiq = tk::single_child(individual, wire::reference_traits);
    std::vector<std::string> first_names;
    std::istringstream list(text_of(tiq, wire::first_names));
    for (std::string w; list >> w;) first_names.push_back(w);
    r.reference_traits = {{"birth_name", text_of(tiq, wire::birth_name)},
                          {"first_name", text_of(tiq, wire::first_name)},
                          {"first_names", first_names},
                          {"sex", text_of(tiq, wire::sex)},
                          {"birth_date", text_of(tiq, wire::birth_date)},
                          {"birth_place", text_of(tiq, wire::birth_place)}};
    return r;
}

}  // namespace guichet::insi
