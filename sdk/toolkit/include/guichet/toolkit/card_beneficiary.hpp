#pragma once
// A beneficiary as the Vitale card names them, the way every CNAM service receives them: in the
// body (INSi RECVITALE, ADRi DemandeDroits) and in the ContexteBAM header.
#include <string>

namespace guichet::toolkit {

struct CardBeneficiary {
    std::string nir;          ///< the beneficiary's own number (13 characters, no key), when known
    std::string key;          ///< its 2-digit key, optional
    std::string insured_nir;  ///< the insured person (ouvrant droit) the rights come from
    std::string insured_key;
    std::string birth_date;  ///< as on the card: YYYY-MM-DD, lunar dates kept
    std::string birth_rank;  ///< rank among same-day births of the same insured person, "1".."9"
};

}  // namespace guichet::toolkit
