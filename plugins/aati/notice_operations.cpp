#include "notice_operations.hpp"

#include "aati_contract.hpp"
#include "aati_exchange.hpp"
#include "notice_answer.hpp"
#include "part3_verdict.hpp"
#include "rules.hpp"

namespace guichet::aati {

namespace tk = guichet::toolkit;
namespace contract = guichet::contracts::aati;

tk::Json check(tk::Call& call) {
    const NoticeRequest q = read_notice_request(call);
    const auto unconnected = unconnected_scheme(q.patient.scheme_code, q.patient.fund_code);
    tk::Json answer{{"result", "valid"},
                    {"transmission", unconnected ? "not_connected" : "expected"},
                    {"part3", part3_verdict(q, !unconnected)},
                    {"warnings", tk::Json::array()}};
    add_leave_summary(answer, q);
    if (unconnected)
        answer["warnings"].push_back("Le régime du patient (" + *unconnected +
                                     ") n'est pas raccordé à AATi : l'avis sera créé mais non transmis, imprimez "
                                     "tous les volets sur le formulaire sécurisé.");
    return answer;
}

tk::Json submit(tk::Call& call) {
    const NoticeRequest q = read_notice_request(call);
    tk::SoapResponse response;
    exchange_with_aati(call, contract::transmit_action, transmit_body(q), &q.patient, response);
    const Acknowledgement ack = parse_acknowledgement(response.payload);
    call.host().log().info("AATi notice answered", {{"code", ack.code, false}, {"state", ack.state, false}});
    return notice_answer(q, ack);
}

tk::Json correct(tk::Call& call) {
    const NoticeRequest q = read_notice_request(call);
    if (!q.notice)
        throw tk::invalid_field("/notice", "a correction gives the whole notice again")
            .with_user_message("Une correction reprend l'avis complet.");
    tk::SoapResponse response;
    exchange_with_aati(call, contract::correct_action, correct_body(call.request().string("/notice_number"), q),
                       &q.patient, response);
    const Acknowledgement ack = parse_acknowledgement(response.payload);
    call.host().log().info("AATi correction answered", {{"version", std::to_string(ack.version), false}});
    return notice_answer(q, ack);
}

}  // namespace guichet::aati
