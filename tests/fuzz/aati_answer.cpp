// An AATi answer as the aati plugin reads it: the SOAP envelope (answer_reading.hpp), then the
// AccuseReceptionAAT or HistoriqueAAT payload (plugins/aati/aati_contract.cpp) — each input read
// as the answer of a transmission and as that of a history request.
#include "aati_contract.hpp"
#include "answer_reading.hpp"
#include "fuzz_support.hpp"

#include <guichet/contracts/aati.hpp>
#include <guichet/contracts/soap12.hpp>

namespace tk = guichet::toolkit;
namespace aati = guichet::aati;
namespace contract = guichet::contracts::aati;

namespace {

template <typename Parse>
void read_as(std::string_view body, const char* action, Parse parse) {
    const tk::ExpectedAnswer expected{guichet::fuzz::seeds_request_message_id,
                                      std::string(action) + guichet::contracts::wsa::response_action_suffix,
                                      contract::answer_namespace};
    tk::SoapResponse response;
    try {
        parse(guichet::fuzz::read_answer(body, expected, response));
    } catch (const tk::Error&) {
        // GUICHET_E_BAD_RESPONSE, or the fault's status: what the plugin returns.
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body = guichet::fuzz::text_of(data, size);
    read_as(body, contract::transmit_action, [](pugi::xml_node payload) { aati::parse_acknowledgement(payload); });
    read_as(body, contract::history_action, [](pugi::xml_node payload) { aati::parse_history(payload); });
    return 0;
}
