// An INSi answer as the insi plugin reads it: the SOAP envelope (answer_reading.hpp), then the
// RESULTAT payload (plugins/insi/insi_contract.cpp, parse_search_result) and the JSON the search
// returns (search_by_traits.cpp, search_json), serialized as the toolkit hands it to the host.
#include "answer_reading.hpp"
#include "fuzz_support.hpp"
#include "insi_contract.hpp"
#include "search_by_traits.hpp"

#include <guichet/contracts/insi.hpp>
#include <guichet/contracts/soap12.hpp>

namespace tk = guichet::toolkit;
namespace insi = guichet::insi;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Both searches expect the same RESULTAT; the action tells them apart.
    const tk::ExpectedAnswer expected{guichet::fuzz::seeds_request_message_id,
                                      std::string(guichet::contracts::insi::search_by_traits_action) +
                                          guichet::contracts::wsa::response_action_suffix,
                                      insi::resultat_namespace};
    tk::SoapResponse response;
    try {
        insi::Search search;
        search.result = insi::parse_search_result(
            guichet::fuzz::read_answer(guichet::fuzz::text_of(data, size), expected, response));
        search.attempts = 1;
        search.first_name_used = "Zoé";
        const std::string answer = insi::search_json(search).dump();
        if (search.result.active) insi::ins_kind(search.result.active->oid);
    } catch (const tk::Error&) {
        // GUICHET_E_BAD_RESPONSE, or the fault's status: what the plugin returns.
    }
    return 0;
}
