#include "insi_exchange.hpp"

#include <guichet/toolkit/cnam_soap_client.hpp>
#include <guichet/toolkit/vihf_session.hpp>

namespace guichet::insi {

namespace tk = guichet::toolkit;

SearchResult exchange_with_insi(const tk::Call& call, const InsiExchange& e) {
    tk::CnamExchange exchange;
    exchange.action = e.action;
    exchange.body = e.body;
    exchange.payload_namespace = resultat_namespace;  // an answer of another service is refused
    // The WSDL binds ContexteBAM as a header of both operations; the sandbox requires it too.
    exchange.coverage = e.coverage;
    exchange.extra_security = e.extra_security;
    // A card session signs a VIHF; a structure or automated one authenticates by its certificate
    // alone. No mode given reads as card, the common case of a professional at the desk.
    if (call.config().session.authentication_mode.value_or(tk::AuthenticationMode::card) ==
        tk::AuthenticationMode::card)
        exchange.vihf = tk::session_vihf(call, {}).assertion;
    tk::SoapResponse response;
    tk::call_cnam_service(call, exchange, response);
    return parse_search_result(response.payload);
}

}  // namespace guichet::insi
