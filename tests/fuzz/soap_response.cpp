// A SOAP 1.2 answer or fault (toolkit::parse_soap_response, mismatch_with_request, the fault's
// classification and the error a plugin returns for it), whatever service it claims to come from.
#include "answer_reading.hpp"
#include "fuzz_support.hpp"

#include <guichet/contracts/insi.hpp>
#include <guichet/contracts/soap12.hpp>

namespace tk = guichet::toolkit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body = guichet::fuzz::text_of(data, size);
    // As INSi's search by traits expects its answer, then with nothing expected (no check).
    const tk::ExpectedAnswer expectations[] = {
        {guichet::fuzz::seeds_request_message_id,
         std::string(guichet::contracts::insi::search_by_traits_action) +
             guichet::contracts::wsa::response_action_suffix,
         guichet::contracts::insi::resultat_namespace},
        {},
    };
    for (const tk::ExpectedAnswer& expected : expectations) {
        tk::SoapResponse response;
        try {
            const pugi::xml_node payload = guichet::fuzz::read_answer(body, expected, response);
            tk::child_by_local_name(payload, "CR");
        } catch (const tk::Error& e) {
            // The refusal a plugin returns: a fault is classified, its codes kept for the caller.
            if (response.fault) {
                tk::classify_fault(*response.fault);
                tk::unprefixed(response.fault->subcode);
            }
        }
    }
    return 0;
}
