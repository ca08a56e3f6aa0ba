#include "notice_rules.hpp"

#include <guichet/contracts/aati.hpp>
#include <guichet/toolkit/soap.hpp>

namespace guichet::sandbox::aati_service {

namespace aati = guichet::contracts::aati;
namespace wire = guichet::contracts::aati::element;

std::string text_at(pugi::xml_node node, std::initializer_list<const char*> path) {
    for (const char* local : path) node = toolkit::child_by_local_name(node, local);
    return node.text().get();
}

namespace {

bool listed(const nlohmann::json& list, const std::string& code) {
    if (!list.is_array()) return false;
    for (const auto& entry : list)
        if (entry.is_object() && entry.value("code", "") == code) return true;
    return false;
}

// ISO dates compare as text (the schema made them xs:date).
std::optional<Refusal> dates_rule(pugi::xml_node notice) {
    const std::string start = text_at(notice, {wire::start_date}), end = text_at(notice, {wire::end_date});
    if (start > end) return Refusal{aati::refusal::dates_inconsistent, "La date de fin précède la date de début."};
    const pugi::xml_node part = toolkit::child_by_local_name(notice, wire::part_time);
    if (part && text_at(part, {wire::start_date}) > text_at(part, {wire::end_date}))
        return Refusal{aati::refusal::dates_inconsistent, "La fin du temps partiel thérapeutique précède son début."};
    return std::nullopt;
}

std::optional<Refusal> extension_rule(pugi::xml_node notice, const std::string& patient_ins, const NoticeBook& book,
                                      std::optional<Notice>& previous) {
    if (text_at(notice, {wire::nature}) != aati::nature::extension) return std::nullopt;
    previous = book.find(text_at(notice, {wire::previous_notice}));
    if (!previous || previous->patient_ins != patient_ins || previous->state == aati::state::cancelled)
        return Refusal{aati::refusal::extension_without_notice,
                       "La prolongation ne fait suite à aucun avis connu de ce patient."};
    return std::nullopt;
}

// A self-employed patient's therapeutic part time follows a full-time leave, unless it relates
// to an ALD (the CNAM's rule for independent workers).
std::optional<Refusal> self_employed_rule(pugi::xml_node request, pugi::xml_node notice,
                                          const std::optional<Notice>& previous) {
    if (text_at(request, {wire::patient, wire::category}) != aati::category::self_employed ||
        text_at(notice, {wire::work_time}) != aati::work_time::therapeutic_part_time ||
        text_at(notice, {wire::related_to_ald}) == "true" || text_at(notice, {wire::related_to_ald}) == "1")
        return std::nullopt;
    if (previous && previous->work_time == aati::work_time::full_time) return std::nullopt;
    return Refusal{aati::refusal::part_time_without_full_time,
                   "Pour un travailleur indépendant, le temps partiel thérapeutique doit suivre un arrêt à temps "
                   "complet, sauf s'il est en rapport avec une ALD."};
}

std::optional<Refusal> outings_rule(pugi::xml_node notice) {
    const pugi::xml_node outings = toolkit::child_by_local_name(notice, wire::outings);
    if (text_at(outings, {wire::outings_kind}) == aati::outings::free_hours &&
        text_at(outings, {wire::outings_medical_reason}).empty())
        return Refusal{aati::refusal::free_outings_without_reason,
                       "Les sorties libres doivent être justifiées par un motif médical."};
    return std::nullopt;
}

std::optional<Refusal> work_accident_rule(pugi::xml_node request, pugi::xml_node notice, const NoticeBook& book) {
    if (text_at(notice, {wire::risk}) != aati::risk::work_accident) return std::nullopt;
    const pugi::xml_node accident = toolkit::child_by_local_name(notice, wire::work_accident);
    const bool certificate_here = bool(toolkit::child_by_local_name(request, wire::certificate));
    const std::string earlier = text_at(accident, {wire::certificate_number});
    if (!accident || (!certificate_here && !book.find(earlier)))
        return Refusal{aati::refusal::work_accident_incomplete,
                       "Un arrêt pour accident du travail ou maladie professionnelle demande la date de l'accident et "
                       "le certificat médical."};
    return std::nullopt;
}

std::optional<Refusal> reason_rule(pugi::xml_node notice, const nlohmann::json& rules) {
    const std::string code = text_at(notice, {wire::reason, wire::reason_code});
    if (code.empty() || listed(rules.value("reason_codes", nlohmann::json::array()), code)) return std::nullopt;
    return Refusal{aati::refusal::unknown_reason_code,
                   "Le code motif " + code + " n'est pas dans la liste des motifs."};
}

}  // namespace

std::optional<Refusal> broken_rule(pugi::xml_node request, const nlohmann::json& rules, const NoticeBook& book) {
    const pugi::xml_node notice = toolkit::child_by_local_name(request, wire::notice);
    if (!notice) return std::nullopt;  // a certificate alone: its schema said it all
    const std::string patient_ins = text_at(request, {wire::patient, wire::ins, wire::ins_value});
    std::optional<Notice> previous;
    if (auto r = dates_rule(notice)) return r;
    if (auto r = extension_rule(notice, patient_ins, book, previous)) return r;
    if (auto r = self_employed_rule(request, notice, previous)) return r;
    if (auto r = outings_rule(notice)) return r;
    if (auto r = work_accident_rule(request, notice, book)) return r;
    return reason_rule(notice, rules);
}

bool scheme_not_connected(pugi::xml_node patient, const nlohmann::json& rules, const nlohmann::json& rights) {
    const pugi::xml_node affiliation = toolkit::child_by_local_name(patient, wire::affiliation);
    if (affiliation) {
        const std::string scheme = text_at(affiliation, {wire::scheme_code});
        const std::string fund = text_at(affiliation, {wire::fund_code});
        for (const auto& s : rules.value("unconnected_schemes", nlohmann::json::array()))
            if (s.is_object() && s.value("scheme_code", "") == scheme &&
                (!s.contains("fund_code") || s.value("fund_code", "") == fund))
                return true;
        return false;
    }
    const std::string nir = text_at(patient, {wire::ins, wire::ins_value}).substr(0, 13);
    for (const auto& b : rights.value("beneficiaries", nlohmann::json::array()))
        if (b.is_object() && b.value("nir", "") == nir && b.contains("scheme") && b["scheme"].is_object())
            return !b["scheme"].value("covered", true);
    return false;
}

}  // namespace guichet::sandbox::aati_service
