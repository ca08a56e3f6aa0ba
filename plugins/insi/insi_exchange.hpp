#pragma once
// One exchange with INSi, whichever the search: ContexteLPS and ContexteBAM headers, the VIHF in
// card mode (none in structure mode: mutual TLS authenticates), the answer read as RESULTAT.
#include "insi_contract.hpp"

#include <guichet/toolkit/soap.hpp>

#include <string>
#include <vector>

namespace guichet::insi {

struct InsiExchange {
    const char* action = search_by_traits_action;
    std::string body;
    toolkit::CardBeneficiary coverage;        ///< ContexteBAM/COUVERTURE; empty for a search by traits
    std::vector<std::string> extra_security;  ///< e.g. the Vitale (ApCV) assertion
};

/** Sends the exchange; technical errors and faults propagate as toolkit::Error. */
SearchResult exchange_with_insi(const toolkit::Call& call, const InsiExchange& exchange);

}  // namespace guichet::insi
