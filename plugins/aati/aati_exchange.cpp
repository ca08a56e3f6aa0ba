#include "aati_exchange.hpp"

#include "aati_contract.hpp"

#include <guichet/toolkit/cnam_soap_client.hpp>
#include <guichet/toolkit/vihf_session.hpp>

namespace guichet::aati {

namespace tk = guichet::toolkit;

void exchange_with_aati(tk::Call& call, const char* action, std::string body, const Patient* patient,
                        tk::SoapResponse& response) {
    tk::VihfOptions vihf;
    // Only a qualified INS may be sent in the VIHF (identity vigilance).
    if (patient != nullptr && patient->identity_status == "QUAL")
        vihf.patient = tk::VihfPatient{patient->ins, patient->oid, patient->identity_status};
    tk::CnamExchange exchange;
    exchange.action = action;
    exchange.body = std::move(body);
    exchange.payload_namespace = answer_namespace;  // an answer of another service is refused
    exchange.vihf = tk::session_vihf(call, vihf).assertion;
    tk::call_cnam_service(call, exchange, response);
}

}  // namespace guichet::aati
