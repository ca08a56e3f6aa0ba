#include "notice_answer.hpp"

#include "part3_verdict.hpp"
#include "rules.hpp"

namespace guichet::aati {

namespace tk = guichet::toolkit;
namespace contract = guichet::contracts::aati;

tk::Json outings_json(const Outings& o) {
    tk::Json j{{"kind", o.kind}, {"sentence", rules().outing_sentences.at(o.kind)}};
    if (o.kind != "forbidden") j["from"] = o.from;
    if (o.kind == "limited_hours") {
        j["presence_hours"] = tk::Json::array();
        for (const auto& [from, to] : rules().presence_hours)
            j["presence_hours"].push_back({{"from", from}, {"to", to}});
    }
    return j;
}

tk::Json notice_json(const Acknowledgement& ack) {
    tk::Json j{{"number", ack.notice_number},
               {"version", ack.version},
               {"state", state_name(ack.state)},
               {"received_at", ack.received_at}};
    if (!ack.correctable_until.empty()) j["correctable_until"] = ack.correctable_until;
    return j;
}

void add_leave_summary(tk::Json& answer, const NoticeRequest& q) {
    if (!q.notice) return;
    answer["outings"] = outings_json(q.notice->outings);
    const int days = days_counting_both_ends(q.notice->start_date, q.notice->end_date);
    answer["duration_days"] = days;
    const auto reason = rules().reasons.find(q.notice->reason_code);
    if (reason == rules().reasons.end() || !reason->second.indicative_days) return;
    const int advice = *reason->second.indicative_days;
    answer["indicative_duration"] = {
        {"days", advice},
        {"label", reason->second.label},
        {"advice", "Durée indicative de la fiche repère pour « " + reason->second.label +
                       " » : " + std::to_string(advice) + " jours. C'est un repère, pas une limite."}};
    if (days > advice && answer.contains("warnings"))
        answer["warnings"].push_back("La durée prescrite (" + std::to_string(days) +
                                     " jours) dépasse la durée indicative (" + std::to_string(advice) +
                                     " jours) : ce n'est qu'un repère.");
}

namespace {

std::string message_of(const NoticeRequest& q, const Acknowledgement& ack, bool transmitted) {
    if (!transmitted)
        return ack.label.empty() ? "Régime non raccordé : avis créé mais non transmis. Imprimez tous les volets sur "
                                   "le formulaire sécurisé."
                                 : ack.label;
    if (ack.state == contract::state::corrected) return "Avis corrigé et transmis.";
    return q.notice ? "Avis transmis à l'Assurance Maladie." : "Certificat médical transmis à l'Assurance Maladie.";
}

}  // namespace

tk::Json notice_answer(const NoticeRequest& q, const Acknowledgement& ack) {
    const bool transmitted = ack.code == contract::accepted;
    if (!transmitted && ack.code != contract::scheme_not_connected)
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "AATi answered an unknown result code " + ack.code);
    tk::Json answer{{"result", transmitted ? "transmitted" : "not_transmitted"},
                    {"part3", part3_verdict(q, transmitted)}};
    if (!ack.notice_number.empty()) answer["notice"] = notice_json(ack);
    if (!ack.certificate_number.empty()) answer["certificate"] = {{"number", ack.certificate_number}};
    add_leave_summary(answer, q);
    answer["message"] = message_of(q, ack, transmitted);
    return answer;
}

}  // namespace guichet::aati
