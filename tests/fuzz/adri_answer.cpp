// An ADRi answer as the adri plugin reads it: the SOAP envelope (answer_reading.hpp), then the
// Droits payload (plugins/adri/adri_contract.cpp, parse_rights).
#include "adri_contract.hpp"
#include "answer_reading.hpp"
#include "fuzz_support.hpp"

#include <guichet/contracts/adri.hpp>
#include <guichet/contracts/soap12.hpp>

namespace tk = guichet::toolkit;
namespace adri = guichet::adri;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const tk::ExpectedAnswer expected{
        guichet::fuzz::seeds_request_message_id,
        std::string(adri::rights_action) + guichet::contracts::wsa::response_action_suffix, adri::answer_namespace};
    tk::SoapResponse response;
    try {
        adri::parse_rights(guichet::fuzz::read_answer(guichet::fuzz::text_of(data, size), expected, response));
    } catch (const tk::Error&) {
        // GUICHET_E_BAD_RESPONSE, or the fault's status: what the plugin returns.
    }
    return 0;
}
