#include "cancel_and_history.hpp"

#include "aati_contract.hpp"
#include "aati_exchange.hpp"
#include "notice_answer.hpp"

namespace guichet::aati {

namespace tk = guichet::toolkit;
namespace contract = guichet::contracts::aati;

tk::Json cancel(tk::Call& call) {
    const tk::Request& r = call.request();
    tk::SoapResponse response;
    exchange_with_aati(call, contract::cancel_action, cancel_body(r.string("/notice_number"), r.string("/reason")),
                       nullptr, response);
    const Acknowledgement ack = parse_acknowledgement(response.payload);
    if (ack.state != contract::state::cancelled)
        throw tk::Error(GUICHET_E_BAD_RESPONSE, "AATi answered a cancellation with the state " + ack.state);
    return {{"result", "cancelled"}, {"notice", notice_json(ack)}, {"message", "Avis annulé."}};
}

namespace {

tk::Json entry_json(const HistoryEntry& e) {
    tk::Json j = notice_json(e.notice);
    const auto put = [&j](const char* name, const std::string& wire_value) {
        if (!wire_value.empty()) j[name] = json_name(wire_value);
    };
    put("kind", e.nature);
    put("risk", e.risk);
    put("work_time", e.work_time);
    if (!e.start_date.empty()) j["start_date"] = e.start_date;
    if (!e.end_date.empty()) j["end_date"] = e.end_date;
    put("certificate_kind", e.certificate_kind);
    if (!e.notice.certificate_number.empty()) j["certificate_number"] = e.notice.certificate_number;
    return j;
}

}  // namespace

tk::Json history(tk::Call& call) {
    const tk::Request& r = call.request();
    const Patient patient = read_patient(r, false);
    tk::SoapResponse response;
    exchange_with_aati(call, contract::history_action, history_body(patient, r.optional_string("/since").value_or("")),
                       nullptr, response);
    tk::Json notices = tk::Json::array();
    for (const HistoryEntry& e : parse_history(response.payload)) notices.push_back(entry_json(e));
    return {{"notices", notices},
            {"message", notices.empty() ? "Aucun avis émis par vous pour ce patient."
                                        : "Avis émis par vous pour ce patient, du plus récent au plus ancien. Ceux "
                                          "encore en attente d'envoi sont dans la boîte d'envoi."}};
}

}  // namespace guichet::aati
