// adri/1 in the sandbox: acquerirLesDroits on the Guichet sandbox profile (docs/protocols/adri),
// answered from rights.json: rights open or closed on the date, exemptions, CSS/AME,
// third-party payment; 02 for a scheme ADRi does not reach; a fault for an unknown beneficiary.
#include "sandbox_data.hpp"
#include "service_registry.hpp"
#include "soap_fault.hpp"
#include "soap_service.hpp"

#include <guichet/contracts/adri.hpp>
#include <guichet/contracts/soap12.hpp>
#include <guichet/toolkit/soap.hpp>

#include <sstream>

namespace guichet::sandbox {

namespace tk = guichet::toolkit;
namespace adri = guichet::contracts::adri;
namespace wire = guichet::contracts::adri::element;

namespace {

constexpr const char* rights_file = "rights.json";

// The answer's elements, in the answer namespace (prefix r).
pugi::xml_node add(pugi::xml_node parent, const char* local) {
    return parent.append_child(("r:" + std::string(local)).c_str());
}

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
    const pugi::xml_node who = tk::child_by_local_name(request, wire::beneficiary);
    const std::string own = text(who, wire::certified_nir, wire::number);
    const std::string insured = text(who, wire::insured_nir, wire::number);
    const std::string birth_date = text(who, wire::birth_date);
    const std::string rank = text(who, wire::birth_rank);
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
    add(n, wire::code).text().set(value.value("code", "").c_str());
    add(n, wire::label).text().set(value.value("label", "").c_str());
}

void period(pugi::xml_node parent, const char* name, const nlohmann::json& p) {
    pugi::xml_node n = parent.append_child(name);
    add(n, wire::start).text().set(p.value("from", "").c_str());
    if (p.contains("to")) add(n, wire::end).text().set(p.value("to", "").c_str());
    if (p.contains("organisation")) add(n, wire::organisation).text().set(p.value("organisation", "").c_str());
}

std::string rights_payload(const nlohmann::json& b, const std::string& date) {
    pugi::xml_document doc;
    pugi::xml_node root = add(doc, wire::answer);
    root.append_attribute("xmlns:r") = adri::answer_namespace;
    pugi::xml_node cr = add(root, wire::report);
    const nlohmann::json& scheme = b["scheme"];
    const bool reachable = scheme.value("covered", true);
    add(cr, wire::report_code).text().set(reachable ? adri::rights_found : adri::scheme_not_covered);
    add(cr, wire::report_label)
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
    add(root, wire::management_centre).text().set(b.value("management_centre", "").c_str());
    add(root, wire::management_code).text().set(b.value("management_code", "").c_str());

    // Base rights: the period covering the date, else the last one (closed rights keep their end).
    static const nlohmann::json none = nlohmann::json::array();
    const nlohmann::json& periods = b.contains("rights") ? b["rights"] : none;  // `current` points into it
    const nlohmann::json* current = nullptr;
    for (const auto& p : periods)
        if (current == nullptr || covers(p, date) ||
            (!covers(*current, date) && p.value("from", "") > current->value("from", "")))
            current = &p;
    const bool open = current != nullptr && covers(*current, date);
    pugi::xml_node rights = add(root, wire::base_rights);
    add(rights, wire::open).text().set(open ? "true" : "false");
    if (current != nullptr) {
        add(rights, wire::start).text().set(current->value("from", "").c_str());
        if (current->contains("to")) add(rights, wire::end).text().set(current->value("to", "").c_str());
    }

    bool exempted = false;
    for (const auto& e : b.value("exemptions", nlohmann::json::array())) {
        if (!covers(e, date)) continue;
        exempted = true;
        pugi::xml_node n = add(root, wire::exemption);
        add(n, wire::nature).text().set(e.value("nature", "").c_str());
        add(n, wire::label).text().set(e.value("label", "").c_str());
        add(n, wire::start).text().set(e.value("from", "").c_str());
        if (e.contains("to")) add(n, wire::end).text().set(e.value("to", "").c_str());
        if (e.contains("reference")) add(n, wire::reference).text().set(e.value("reference", "").c_str());
    }
    const bool css = b.contains("css") && covers(b["css"], date);
    const bool ame = b.contains("ame") && covers(b["ame"], date);
    if (css) period(root, "r:CSS", b["css"]);
    if (ame) period(root, "r:AME", b["ame"]);
    // The public rules since 2017: third-party payment for exempted care, CSS and AME.
    pugi::xml_node third_party = add(root, wire::third_party);
    add(third_party, wire::third_party_amo).text().set(open && (css || ame || exempted) ? "true" : "false");
    add(third_party, wire::third_party_amc).text().set(open && (css || ame) ? "true" : "false");
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

class AdriService : public SoapService {
public:
    explicit AdriService(const ServiceContext& context) : SoapService(context, rules()) {}

private:
    static SoapServiceRules rules() {
        SoapServiceRules r;
        r.actions = {{adri::rights_action, "get_rights"}};
        r.context_bam_required = true;
        return r;
    }

    HttpAnswer answer(const SoapCall& call) override {
        const auto beneficiary = find_beneficiary(data()->array(rights_file, "beneficiaries"), call.payload);
        if (beneficiary == nullptr)
            return soap_fault_answer(contracts::soap12::fault_sender, adri::unknown_beneficiary_code,
                                     "Beneficiaire inconnu: NIR, date ou rang de naissance a verifier",
                                     adri::unknown_beneficiary_detail);
        return soap_answer(call.action, call.message_id,
                           rights_payload(*beneficiary, text(call.payload, wire::reference_date)));
    }
};

}  // namespace

void register_adri_service(ServiceRegistry& registry) {
    registry.add({"adri/1",
                  "/adri",
                  {rights_file},
                  {{adri::request_namespace, SchemaRoot::protocols, adri::request_schema},
                   {adri::answer_namespace, SchemaRoot::protocols, adri::answer_schema}},
                  [](const ServiceContext& context) { return std::make_unique<AdriService>(context); },
                  false});
}

}  // namespace guichet::sandbox
