#include "aati_contract.hpp"

#include <guichet/toolkit/error.hpp>
#include <guichet/toolkit/single_child.hpp>
#include <guichet/toolkit/soap.hpp>

#include <array>
#include <sstream>
#include <string_view>
#include <utility>

namespace guichet::aati {

namespace tk = guichet::toolkit;
namespace aati = guichet::contracts::aati;
namespace wire = guichet::contracts::aati::element;

namespace {

// JSON value ↔ wire value, for every enumeration of the profile ("initial" is INITIAL for a
// notice's nature and a certificate's kind alike).
constexpr std::array<std::pair<const char*, const char*>, 23> names{{
    {"initial", aati::nature::initial},
    {"extension", aati::nature::extension},
    {"illness", aati::risk::illness},
    {"maternity", aati::risk::maternity},
    {"work_accident", aati::risk::work_accident},
    {"full_time", aati::work_time::full_time},
    {"therapeutic_part_time", aati::work_time::therapeutic_part_time},
    {"forbidden", aati::outings::forbidden},
    {"limited_hours", aati::outings::limited_hours},
    {"free", aati::outings::free_hours},
    {"final", aati::certificate::final_certificate},
    {"new_lesion", aati::certificate::new_lesion},
    {"relapse", aati::certificate::relapse},
    {"employee", aati::category::employee},
    {"civil_servant", aati::category::civil_servant},
    {"self_employed", aati::category::self_employed},
    {"farmer", aati::category::farmer},
    {"job_seeker", aati::category::job_seeker},
    {"other", aati::category::other},
    {"transmitted", aati::state::transmitted},
    {"not_transmitted", aati::state::not_transmitted},
    {"corrected", aati::state::corrected},
    {"cancelled", aati::state::cancelled},
}};
static_assert(std::string_view(aati::nature::initial) == aati::certificate::initial);

std::string wire_name(const std::string& json) {
    for (const auto& [j, w] : names)
        if (json == j) return w;
    throw tk::Error(GUICHET_E_INTERNAL, "aati: no wire value for " + json);
}

// Request elements, in the request's namespace (prefix aat).
pugi::xml_node add(pugi::xml_node parent, const char* local, const std::string& text = {}) {
    pugi::xml_node n = parent.append_child(("aat:" + std::string(local)).c_str());
    if (!text.empty()) n.text().set(text.c_str());
    return n;
}

void add_optional(pugi::xml_node parent, const char* local, const std::string& text) {
    if (!text.empty()) add(parent, local, text);
}

pugi::xml_node request_root(pugi::xml_document& doc, const char* name) {
    pugi::xml_node root = add(doc, name);
    root.append_attribute("xmlns:aat") = aati::request_namespace;
    return root;
}

std::string saved(const pugi::xml_document& doc) {
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

void add_ins(pugi::xml_node parent, const Patient& p) {
    pugi::xml_node ins = add(parent, wire::ins);
    add(ins, wire::ins_value, p.ins);
    add(ins, wire::ins_oid, p.oid);
    if (!p.identity_status.empty()) add(ins, wire::identity_status, p.identity_status);
}

void add_patient(pugi::xml_node parent, const Patient& p) {
    pugi::xml_node a = add(parent, wire::patient);
    add_ins(a, p);
    add(a, wire::birth_name, p.birth_name);
    add(a, wire::first_names, p.first_names);
    add(a, wire::birth_date, p.birth_date);
    add(a, wire::category, wire_name(p.category));
    if (!p.scheme_code.empty()) {
        pugi::xml_node affiliation = add(a, wire::affiliation);
        add(affiliation, wire::scheme_code, p.scheme_code);
        add(affiliation, wire::fund_code, p.fund_code);
    }
    if (!p.employer_name.empty()) {
        pugi::xml_node e = add(a, wire::employer);
        add(e, wire::employer_name, p.employer_name);
        add_optional(e, wire::employer_siret, p.employer_siret);
        add_optional(e, wire::employer_address, p.employer_address);
    }
}

void add_outings_and_accident(pugi::xml_node avis, const Notice& n) {
    pugi::xml_node outings = add(avis, wire::outings);  // sent even when forbidden: nothing implicit
    add(outings, wire::outings_kind, wire_name(n.outings.kind));
    if (n.outings.kind != "forbidden") add_optional(outings, wire::outings_from, n.outings.from);
    add_optional(outings, wire::outings_medical_reason, n.outings.medical_reason);
    if (!n.accident_date.empty()) {
        pugi::xml_node at = add(avis, wire::work_accident);
        add(at, wire::accident_date, n.accident_date);
        add_optional(at, wire::certificate_number, n.accident_certificate_number);
    }
}

void add_notice(pugi::xml_node parent, const Notice& n) {
    pugi::xml_node avis = add(parent, wire::notice);
    add(avis, wire::nature, wire_name(n.kind));
    add_optional(avis, wire::previous_notice, n.previous_notice);
    add(avis, wire::risk, wire_name(n.risk));
    add(avis, wire::work_time, wire_name(n.work_time));
    add(avis, wire::start_date, n.start_date);
    add(avis, wire::end_date, n.end_date);
    if (n.work_time == "therapeutic_part_time") {
        pugi::xml_node pt = add(avis, wire::part_time);
        add(pt, wire::start_date, n.part_time_start);
        add(pt, wire::end_date, n.part_time_end);
    }
    add(avis, wire::related_to_ald, n.related_to_ald ? "true" : "false");
    add(avis, wire::pathological_pregnancy, n.pathological_pregnancy ? "true" : "false");
    pugi::xml_node reason = add(avis, wire::reason);
    if (!n.reason_code.empty())
        add(reason, wire::reason_code, n.reason_code);
    else
        add(reason, wire::reason_text, n.reason_text);
    add_outings_and_accident(avis, n);
}

void add_certificate(pugi::xml_node parent, const Certificate& c) {
    pugi::xml_node cert = add(parent, wire::certificate);
    add(cert, wire::certificate_kind, wire_name(c.kind));
    add(cert, wire::accident_date, c.accident_date);
    add(cert, wire::findings, c.findings);
    add_optional(cert, wire::consolidation_date, c.consolidation_date);
    if (c.sequelae) add(cert, wire::sequelae, *c.sequelae ? "true" : "false");
}

}  // namespace

std::string transmit_body(const NoticeRequest& q) {
    pugi::xml_document doc;
    pugi::xml_node root = request_root(doc, wire::transmit_request);
    add_patient(root, q.patient);
    add(root, wire::prescribed_on, q.prescribed_on);
    if (q.notice) add_notice(root, *q.notice);
    if (q.certificate) add_certificate(root, *q.certificate);
    return saved(doc);
}

std::string correct_body(const std::string& notice_number, const NoticeRequest& q) {
    pugi::xml_document doc;
    pugi::xml_node root = request_root(doc, wire::correct_request);
    add(root, wire::notice_number, notice_number);
    add_patient(root, q.patient);
    add(root, wire::prescribed_on, q.prescribed_on);
    add_notice(root, *q.notice);
    return saved(doc);
}

std::string cancel_body(const std::string& notice_number, const std::string& reason) {
    pugi::xml_document doc;
    pugi::xml_node root = request_root(doc, wire::cancel_request);
    add(root, wire::notice_number, notice_number);
    add(root, wire::cancel_reason, reason);
    return saved(doc);
}

std::string history_body(const Patient& p, const std::string& since) {
    pugi::xml_document doc;
    pugi::xml_node root = request_root(doc, wire::history_request);
    pugi::xml_node ins = add(root, wire::ins);
    add(ins, wire::ins_value, p.ins);
    add(ins, wire::ins_oid, p.oid);
    add_optional(ins, wire::identity_status, p.identity_status);
    add(root, wire::birth_date, p.birth_date);
    add_optional(root, wire::since, since);
    return saved(doc);
}

namespace {

std::string text_of(pugi::xml_node parent, const char* local) { return tk::single_child_text(parent, local); }

Acknowledgement acknowledgement_of(pugi::xml_node node) {
    Acknowledgement a;
    a.notice_number = text_of(node, wire::notice_number);
    a.certificate_number = text_of(node, wire::certificate_number);
    a.state = text_of(node, wire::state);
    const std::string version = text_of(node, wire::version);
    a.version = version.empty() || version.find_first_not_of("0123456789") != std::string::npos || version.size() > 6
                    ? 0
                    : std::stoi(version);
    a.received_at = text_of(node, wire::received_at);
    a.correctable_until = text_of(node, wire::correctable_until);
    if (a.state.empty() || a.received_at.empty() || a.version < 1)
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "AATi answered without Etat, Version or DateReception");
    return a;
}

void expect_root(pugi::xml_node payload, const char* name) {
    if (tk::local_name(payload.name()) != name)
        throw tk::Error(GUICHET_E_BAD_RESPONSE, std::string("AATi answered ") + payload.name() + " instead of " + name);
}

}  // namespace

Acknowledgement parse_acknowledgement(pugi::xml_node payload) {
    expect_root(payload, wire::acknowledgement);
    const pugi::xml_node cr = tk::single_child(payload, wire::report);
    Acknowledgement a = acknowledgement_of(payload);
    a.code = text_of(cr, wire::report_code);
    a.label = text_of(cr, wire::report_label);
    if (a.code.empty()) throw tk::Error(GUICHET_E_BAD_RESPONSE, "AATi answer without CR/CodeCR");
    return a;
}

std::vector<HistoryEntry> parse_history(pugi::xml_node payload) {
    expect_root(payload, wire::history);
    std::vector<HistoryEntry> entries;
    for (pugi::xml_node e : payload.children()) {
        if (e.type() != pugi::node_element || tk::local_name(e.name()) != wire::history_entry) continue;
        entries.push_back({acknowledgement_of(e), text_of(e, wire::nature), text_of(e, wire::risk),
                           text_of(e, wire::work_time), text_of(e, wire::start_date), text_of(e, wire::end_date),
                           text_of(e, wire::history_certificate_kind)});
    }
    return entries;
}

std::string json_name(const std::string& wire_value) {
    for (const auto& [j, w] : names)
        if (wire_value == w) return j;
    return wire_value;  // a value this plugin does not know yet: kept as sent, never dropped
}

std::string state_name(const std::string& wire_state) { return json_name(wire_state); }

}  // namespace guichet::aati
