// insi/1 in the sandbox: rechercherInsAvecTraitsIdentite and rechercherInsAvecCarteVitale on the
// CNAM contract, answered from identities.json (00 found, 01 none, 02 several). Two endpoints, as
// the real service: card mode (the signed VIHF authenticates) and structure mode (mutual TLS, an
// INSI-AUTO / INSI-MANU organisation certificate instead of the VIHF; any other CN: desir_560).
#include "sandbox_data.hpp"
#include "service_registry.hpp"
#include "soap_service.hpp"

#include <guichet/contracts/insi.hpp>
#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/xml_c14n.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace guichet::sandbox {

namespace tk = guichet::toolkit;
namespace insi = guichet::contracts::insi;
namespace wire = guichet::contracts::insi::element;

namespace {

constexpr const char* identities_file = "identities.json";

// The answer's elements, in the RESULTAT namespace (prefix r).
pugi::xml_node add(pugi::xml_node parent, const char* local) {
    return parent.append_child(("r:" + std::string(local)).c_str());
}

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
    return tk::child_by_local_name(tk::child_by_local_name(payload, matricule), wire::identifier_number).text().get();
}

// The card names a beneficiary by their own number when they have one, otherwise by the insured
// person's number, the birth date as written on the card (lunar dates included) and the rank.
bool matches_card(const nlohmann::json& identity, pugi::xml_node payload) {
    if (!identity.contains("vitale") || !identity.contains("ins")) return false;
    const nlohmann::json& card = identity["vitale"];
    const std::string own = num_of(payload, wire::beneficiary_number);
    const std::string card_date = card.value("birth_date", identity.value("birth_date", ""));
    const std::string sent_date = tk::child_by_local_name(payload, wire::birth_date).text().get();
    if (sent_date != card_date) return false;
    if (!own.empty()) return own == card.value("nir", "");
    return num_of(payload, wire::insured_number) == card.value("insured_nir", "") &&
           std::string(tk::child_by_local_name(payload, wire::birth_rank).text().get()) == card.value("rank", "1");
}

void ins_element(pugi::xml_node parent, const char* name, const nlohmann::json& ins) {
    pugi::xml_node n = add(parent, name);
    pugi::xml_node id = add(n, wire::individual_id);
    add(id, wire::identifier_number).text().set(ins["nir"].get<std::string>().c_str());
    add(id, wire::identifier_key).text().set(ins["key"].get<std::string>().c_str());
    add(n, wire::oid).text().set(ins["oid"].get<std::string>().c_str());
    if (ins.contains("until")) add(n, wire::end_date).text().set(ins["until"].get<std::string>().c_str());
}

std::string result_payload(const std::vector<const nlohmann::json*>& found) {
    pugi::xml_document doc;
    pugi::xml_node root = add(doc, wire::result);
    root.append_attribute("xmlns:r") = insi::resultat_namespace;
    pugi::xml_node cr = add(root, wire::report);
    const char* code = found.empty() ? insi::none_found : found.size() == 1 ? insi::found : insi::several_found;
    add(cr, wire::report_code).text().set(code);
    add(cr, wire::report_label)
        .text()
        .set(found.empty()       ? "Aucune identite trouvee"
             : found.size() == 1 ? "OK"
                                 : "Plusieurs identites trouvees");
    if (found.size() == 1) {
        const nlohmann::json& identity = *found.front();
        pugi::xml_node individual = add(root, wire::individual);
        ins_element(individual, wire::active_ins, identity["ins"]);
        for (const auto& h : identity.value("history", nlohmann::json::array()))
            ins_element(individual, wire::former_ins, h);
        pugi::xml_node tiq = add(individual, wire::reference_traits);
        add(tiq, wire::birth_name).text().set(identity["birth_name"].get<std::string>().c_str());
        add(tiq, wire::first_name).text().set(identity["first_names"][0].get<std::string>().c_str());
        std::string list;
        for (const auto& f : identity["first_names"]) list += (list.empty() ? "" : " ") + f.get<std::string>();
        add(tiq, wire::first_names).text().set(list.c_str());
        add(tiq, wire::sex).text().set(identity["sex"].get<std::string>().c_str());
        add(tiq, wire::birth_date).text().set(identity["birth_date"].get<std::string>().c_str());
        add(tiq, wire::birth_place).text().set(identity["birth_place"].get<std::string>().c_str());
    }
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

class InsiService : public SoapService {
public:
    explicit InsiService(const ServiceContext& context) : SoapService(context, rules()) {}

private:
    static SoapServiceRules rules() {
        SoapServiceRules r;
        r.actions = {{insi::search_by_traits_action, "search_by_traits"},
                     {insi::search_by_vitale_action, "search_by_vitale"}};
        r.context_bam_required = true;
        r.structure_certificate_replaces_vihf = true;
        r.structure_common_names = {insi::structure_cn_auto, insi::structure_cn_manual};
        return r;
    }

    HttpAnswer answer(const SoapCall& call) override {
        const nlohmann::json& identities = data()->array(identities_file, "identities");
        std::vector<const nlohmann::json*> found;
        if (call.operation == "search_by_vitale") {
            for (const auto& identity : identities)
                if (matches_card(identity, call.payload)) found.push_back(&identity);
            return soap_answer(call.action, call.message_id, result_payload(found));
        }
        std::vector<std::string> first_names;
        for (pugi::xml_node c : call.payload.children())
            if (c.type() == pugi::node_element && tk::local_name(c.name()) == wire::first_name)
                first_names.push_back(c.text().get());
        auto text = [&](const char* name) {
            return std::string(tk::child_by_local_name(call.payload, name).text().get());
        };
        for (const auto& identity : identities)
            if (matches(identity, text(wire::birth_name), first_names, text(wire::sex), text(wire::birth_date),
                        text(wire::birth_place)))
                found.push_back(&identity);
        return soap_answer(call.action, call.message_id, result_payload(found));
    }
};

}  // namespace

void register_insi_service(ServiceRegistry& registry) {
    const std::string xsd = "insi/xsd/ServiceIdentiteCertifiee/";
    registry.add({"insi/1",
                  "/insi",
                  {identities_file},
                  {{insi::recsans_namespace, SchemaRoot::public_specs, xsd + "INSi_RECSANS_INS.xsd"},
                   {insi::recvitale_namespace, SchemaRoot::public_specs, xsd + "INSi_RECVITALE_INS.xsd"},
                   {insi::resultat_namespace, SchemaRoot::public_specs, xsd + "INSi_RESULTAT_INS.xsd"}},
                  [](const ServiceContext& context) { return std::make_unique<InsiService>(context); },
                  true});
}

}  // namespace guichet::sandbox
