#include "adri_contract.hpp"

#include <guichet/toolkit/single_child.hpp>
#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>

#include <sstream>

namespace guichet::adri {

namespace tk = guichet::toolkit;
namespace wire = guichet::contracts::adri::element;

namespace {

// Request elements, in the request's namespace (prefix adr).
pugi::xml_node add(pugi::xml_node parent, const char* local) {
    return parent.append_child(("adr:" + std::string(local)).c_str());
}

}  // namespace

std::string rights_request_body(const tk::CardBeneficiary& b, const std::string& care_date) {
    pugi::xml_document doc;
    pugi::xml_node root = add(doc, wire::request);
    root.append_attribute("xmlns:adr") = request_namespace;
    add(root, wire::reference_date).text().set(care_date.c_str());
    pugi::xml_node who = add(root, wire::beneficiary);
    auto nir = [&](const char* name, const std::string& num, const std::string& key) {
        if (num.empty()) return;
        pugi::xml_node n = add(who, name);
        add(n, wire::number).text().set(num.c_str());
        if (!key.empty()) add(n, wire::key).text().set(key.c_str());
    };
    nir(wire::certified_nir, b.nir, b.key);
    nir(wire::insured_nir, b.insured_nir, b.insured_key);
    add(who, wire::birth_date).text().set(b.birth_date.c_str());
    add(who, wire::birth_rank).text().set(b.birth_rank.c_str());
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

namespace {

// Every element of the Droits profile is single, Exoneration aside (docs/protocols/adri).
std::string text_of(pugi::xml_node parent, const char* local) { return tk::single_child_text(parent, local); }

CodeLabel code_label(pugi::xml_node node) { return {text_of(node, wire::code), text_of(node, wire::label)}; }

Period period_of(pugi::xml_node node) {
    return {text_of(node, wire::start), text_of(node, wire::end), text_of(node, wire::organisation)};
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
    if (tk::local_name(payload.name()) != wire::answer)
        throw tk::Error(GUICHET_E_BAD_RESPONSE, std::string("ADRi answered ") + payload.name() + " instead of Droits");
    Rights r;
    const pugi::xml_node cr = tk::single_child(payload, wire::report);
    r.code = text_of(cr, wire::report_code);
    r.label = text_of(cr, wire::report_label);
    if (r.code.empty()) throw tk::Error(GUICHET_E_BAD_RESPONSE, "ADRi answer without CR/CodeCR");
    r.scheme = code_label(tk::single_child(payload, wire::scheme));
    r.fund = code_label(tk::single_child(payload, wire::fund));
    if (r.code != "00") return r;
    if (r.scheme.code.empty() || r.fund.code.empty())
        throw tk::Error(GUICHET_E_BAD_RESPONSE,
                        "ADRi sent rights (00) without the scheme (Regime) or the fund (Caisse)");
    r.management_centre = text_of(payload, wire::management_centre);
    r.management_code = text_of(payload, wire::management_code);
    const pugi::xml_node base = tk::single_child(payload, wire::base_rights);
    if (!base) throw tk::Error(GUICHET_E_BAD_RESPONSE, "ADRi sent rights (00) without DroitsAmo");
    r.open = boolean_of(base, wire::open, wire::base_rights);
    if (tk::single_child(base, wire::start)) r.rights_period = period_of(base);
    for (pugi::xml_node c : payload.children())
        if (c.type() == pugi::node_element && tk::local_name(c.name()) == wire::exemption)
            r.exemptions.push_back(
                {text_of(c, wire::nature), text_of(c, wire::label), period_of(c), text_of(c, wire::reference)});
    if (const pugi::xml_node css = tk::single_child(payload, wire::css)) r.css = period_of(css);
    if (const pugi::xml_node ame = tk::single_child(payload, wire::ame)) r.ame = period_of(ame);
    if (const pugi::xml_node tp = tk::single_child(payload, wire::third_party)) {
        r.third_party_amo = boolean_of(tp, wire::third_party_amo, wire::third_party);
        r.third_party_amc = boolean_of(tp, wire::third_party_amc, wire::third_party);
    }
    return r;
}

}  // namespace guichet::adri
