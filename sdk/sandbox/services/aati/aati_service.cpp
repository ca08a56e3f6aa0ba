// aati/1 in the sandbox: the sick-leave notice (cerfa S3116) and the work-accident certificate
// (cerfa S6909) on the Guichet sandbox profile (docs/protocols/aati): transmitted once per
// MessageID, corrected or cancelled within the correction window, listed in a history; a scheme
// not connected gets a notice created but not transmitted; each broken rule a refusal (siram_60
// with its aat_xx code). Rules and seeds from aati.json, patients from identities.json and
// rights.json.
#include "notice_book.hpp"
#include "notice_rules.hpp"
#include "sandbox_data.hpp"
#include "service_registry.hpp"
#include "soap_fault.hpp"
#include "soap_service.hpp"

#include <guichet/contracts/aati.hpp>
#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/soap12.hpp>
#include <guichet/toolkit/soap.hpp>
#include <guichet/toolkit/utc_time.hpp>

#include <openssl/rand.h>
#include <pugixml.hpp>

#include <ctime>
#include <sstream>
#include <stdexcept>

namespace guichet::sandbox {

namespace aati = guichet::contracts::aati;
namespace wire = guichet::contracts::aati::element;
using aati_service::Notice;
using aati_service::Refusal;
using aati_service::text_at;

namespace {

constexpr const char* rules_file = "aati.json";
constexpr const char* identities_file = "identities.json";
constexpr const char* rights_file = "rights.json";

// "AAT-" or "CMA-" and 16 random hexadecimal digits: never the same twice.
std::string draw_number(const char* prefix) {
    unsigned char bytes[8];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for a notice number");
    static const char digits[] = "0123456789ABCDEF";
    std::string number = std::string(prefix) + "-";
    for (const unsigned char b : bytes) {
        number += digits[b >> 4];
        number += digits[b & 0xf];
    }
    return number;
}

pugi::xml_node add(pugi::xml_node parent, const char* local, const std::string& text = {}) {
    pugi::xml_node n = parent.append_child(("r:" + std::string(local)).c_str());
    if (!text.empty()) n.text().set(text.c_str());
    return n;
}

std::string saved(const pugi::xml_document& payload) {
    std::ostringstream out;
    payload.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

pugi::xml_node answer_root(pugi::xml_document& doc, const char* name, const char* code, const std::string& label) {
    pugi::xml_node root = add(doc, name);
    root.append_attribute("xmlns:r") = aati::answer_namespace;
    pugi::xml_node cr = add(root, wire::report);
    add(cr, wire::report_code, code);
    add(cr, wire::report_label, label);
    return root;
}

// AccuseReceptionAAT, in the XSD's order.
std::string acknowledgement(const Notice& n, const char* code, const std::string& label) {
    pugi::xml_document doc;
    pugi::xml_node root = answer_root(doc, wire::acknowledgement, code, label);
    if (!n.number.empty()) add(root, wire::notice_number, n.number);
    if (!n.certificate_number.empty()) add(root, wire::certificate_number, n.certificate_number);
    add(root, wire::state, n.state);
    add(root, wire::version, std::to_string(n.version));
    add(root, wire::received_at, toolkit::utc_timestamp(n.received_at));
    if (n.correctable_until != 0) add(root, wire::correctable_until, toolkit::utc_timestamp(n.correctable_until));
    return saved(doc);
}

SubmissionOutcome refused(const Refusal& r) {
    return {soap_fault_answer(CnamFault{contracts::soap12::fault_sender,
                                        aati::refused_code,
                                        r.reason,
                                        r.detail_code,
                                        contracts::cnam::severity::error,
                                        {}}),
            {}};
}

bool patient_known(const SandboxData& data, const std::string& nir) {
    for (const auto& i : data.array(identities_file, "identities"))
        if (i.is_object() && i.contains("ins") && i["ins"].is_object() && i["ins"].value("nir", "") == nir) return true;
    for (const auto& b : data.array(rights_file, "beneficiaries"))
        if (b.is_object() && b.value("nir", "") == nir) return true;
    return false;
}

// What the notice and certificate say, kept for corrections, extensions and the history.
Notice notice_from(pugi::xml_node request, const std::string& professional) {
    const pugi::xml_node avis = toolkit::child_by_local_name(request, wire::notice);
    Notice n;
    n.patient_ins = text_at(request, {wire::patient, wire::ins, wire::ins_value});
    n.professional = professional;
    n.nature = text_at(avis, {wire::nature});
    n.risk = text_at(avis, {wire::risk});
    n.work_time = text_at(avis, {wire::work_time});
    n.start_date = text_at(avis, {wire::start_date});
    n.end_date = text_at(avis, {wire::end_date});
    n.certificate_kind = text_at(request, {wire::certificate, wire::certificate_kind});
    return n;
}

class AatiService : public SoapService {
public:
    explicit AatiService(const ServiceContext& context) : SoapService(context, rules()), context_(context) {}

private:
    static SoapServiceRules rules() {
        SoapServiceRules r;
        r.actions = {{aati::transmit_action, "submit"},
                     {aati::correct_action, "correct"},
                     {aati::cancel_action, "cancel"},
                     {aati::history_action, "history"}};
        r.submitting_actions = {aati::transmit_action, aati::correct_action, aati::cancel_action};
        return r;
    }

    const nlohmann::json& aati_rules(const SandboxData& data) {
        const nlohmann::json& rules = data.file(rules_file);
        book_.synchronise(context_.submissions != nullptr ? context_.submissions->generation() : 0,
                          rules.value("notices", nlohmann::json::array()));
        return rules;
    }

    static std::string professional_of(const SoapCall& call) { return call.vihf ? call.vihf->name_id : ""; }

    SubmissionOutcome submit(const SoapCall& call) override {
        const auto data = this->data();
        const nlohmann::json& rules = aati_rules(*data);
        if (call.action == aati::transmit_action) return transmit(call, *data, rules);
        return change(call, rules, call.action == aati::cancel_action);
    }

    SubmissionOutcome transmit(const SoapCall& call, const SandboxData& data, const nlohmann::json& rules) {
        const pugi::xml_node patient = toolkit::child_by_local_name(call.payload, wire::patient);
        if (!patient_known(data, text_at(patient, {wire::ins, wire::ins_value}).substr(0, 13)))
            return refused(
                {aati::refusal::unknown_patient, "Assuré inconnu : vérifier l'INS et la date de naissance."});
        if (auto broken = aati_service::broken_rule(call.payload, rules, book_)) return refused(*broken);
        Notice n = notice_from(call.payload, professional_of(call));
        const bool has_notice = bool(toolkit::child_by_local_name(call.payload, wire::notice));
        if (has_notice) n.number = draw_number("AAT");
        if (toolkit::child_by_local_name(call.payload, wire::certificate)) n.certificate_number = draw_number("CMA");
        n.received_at = std::time(nullptr);
        const bool connected = !aati_service::scheme_not_connected(patient, rules, data.file(rights_file));
        n.state = connected ? aati::state::transmitted : aati::state::not_transmitted;
        if (connected && has_notice) n.correctable_until = n.received_at + 3600 * window_hours(rules);
        book_.add(n);
        const std::string answer =
            connected ? acknowledgement(n, aati::accepted, "Avis reçu et transmis à l'organisme de l'assuré")
                      : acknowledgement(n, aati::scheme_not_connected,
                                        "Régime de l'assuré non raccordé à AATi : avis créé mais non transmis. "
                                        "Imprimer tous les volets sur le formulaire sécurisé.");
        return {soap_answer(call.action, call.message_id, answer), n.number.empty() ? n.certificate_number : n.number};
    }

    static int64_t window_hours(const nlohmann::json& rules) { return rules.value("correction_window_hours", 48); }

    // A correction or a cancellation of a notice this professional sent, within its window.
    SubmissionOutcome change(const SoapCall& call, const nlohmann::json& rules, bool cancelling) {
        if (!cancelling)
            if (auto broken = aati_service::broken_rule(call.payload, rules, book_)) return refused(*broken);
        const std::string professional = professional_of(call);
        const std::string patient_ins = text_at(call.payload, {wire::patient, wire::ins, wire::ins_value});
        const Notice corrected = notice_from(call.payload, professional);
        const int64_t now = std::time(nullptr);
        std::optional<Refusal> refusal;
        Notice changed;
        const bool found = book_.update(text_at(call.payload, {wire::notice_number}), [&](Notice& n) {
            refusal = change_refusal(n, professional, now, cancelling ? n.patient_ins : patient_ins);
            if (refusal) return;
            if (!cancelling) {
                n.nature = corrected.nature;
                n.risk = corrected.risk;
                n.work_time = corrected.work_time;
                n.start_date = corrected.start_date;
                n.end_date = corrected.end_date;
            }
            n.state = cancelling ? aati::state::cancelled : aati::state::corrected;
            n.version += 1;
            n.received_at = now;
            if (cancelling) n.correctable_until = 0;
            changed = n;
        });
        if (!found) refusal = unknown_notice();
        if (refusal) return refused(*refusal);
        return {soap_answer(call.action, call.message_id,
                            acknowledgement(changed, aati::accepted, cancelling ? "Avis annulé" : "Avis corrigé")),
                changed.number + "/" + std::to_string(changed.version)};
    }

    static Refusal unknown_notice() {
        return {aati::refusal::unknown_notice, "Aucun avis de ce numéro n'a été émis par ce prescripteur."};
    }

    // Why this notice cannot be changed now by this professional, for this patient.
    static std::optional<Refusal> change_refusal(const Notice& n, const std::string& professional, int64_t now,
                                                 const std::string& patient_ins) {
        if (n.professional != professional) return unknown_notice();
        if (n.patient_ins != patient_ins)
            return Refusal{aati::refusal::unknown_notice, "Cet avis concerne un autre assuré."};
        if (n.state == aati::state::cancelled)
            return Refusal{aati::refusal::already_cancelled, "Cet avis a été annulé."};
        if (n.correctable_until == 0 || now > n.correctable_until)
            return Refusal{aati::refusal::correction_window_closed,
                           "Le délai de correction de cet avis est dépassé : établir un nouvel avis."};
        return std::nullopt;
    }

    HttpAnswer answer(const SoapCall& call) override {
        const auto data = this->data();
        aati_rules(*data);
        const std::string since = text_at(call.payload, {wire::since});
        pugi::xml_document doc;
        pugi::xml_node root = answer_root(doc, wire::history, aati::accepted, "Historique des avis");
        for (const Notice& n :
             book_.history(professional_of(call), text_at(call.payload, {wire::ins, wire::ins_value}))) {
            // A certificate sent alone is no notice: the history lists notices.
            if (n.number.empty()) continue;
            if (!since.empty() && toolkit::utc_timestamp(n.received_at).substr(0, 10) < since) continue;
            history_entry(root, n);
        }
        return soap_answer(call.action, call.message_id, saved(doc));
    }

    static void history_entry(pugi::xml_node root, const Notice& n) {
        const auto optional = [](pugi::xml_node parent, const char* local, const std::string& text) {
            if (!text.empty()) add(parent, local, text);
        };
        pugi::xml_node e = add(root, wire::history_entry);
        add(e, wire::notice_number, n.number);
        optional(e, wire::certificate_number, n.certificate_number);
        add(e, wire::state, n.state);
        add(e, wire::version, std::to_string(n.version));
        add(e, wire::received_at, toolkit::utc_timestamp(n.received_at));
        optional(e, wire::nature, n.nature);
        optional(e, wire::risk, n.risk);
        optional(e, wire::work_time, n.work_time);
        optional(e, wire::start_date, n.start_date);
        optional(e, wire::end_date, n.end_date);
        optional(e, wire::history_certificate_kind, n.certificate_kind);
        if (n.correctable_until != 0) add(e, wire::correctable_until, toolkit::utc_timestamp(n.correctable_until));
    }

    ServiceContext context_;
    aati_service::NoticeBook book_;
};

}  // namespace

void register_aati_service(ServiceRegistry& registry) {
    registry.add({"aati/1",
                  "/aati",
                  {rules_file, identities_file, rights_file},
                  {{aati::request_namespace, SchemaRoot::protocols, aati::request_schema},
                   {aati::answer_namespace, SchemaRoot::protocols, aati::answer_schema}},
                  [](const ServiceContext& context) { return std::make_unique<AatiService>(context); },
                  false});
}

}  // namespace guichet::sandbox
