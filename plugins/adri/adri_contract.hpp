#pragma once
// The ADRi wire contract, Guichet sandbox profile 1.1.0 (docs/protocols/adri): the action, the
// namespaces, the DemandeDroits request and the Droits answer. The real contract is not public;
// when a vendor has it, this file and its .cpp are what changes.
#include <guichet/contracts/adri.hpp>
#include <guichet/toolkit/card_beneficiary.hpp>
#include <guichet/toolkit/plugin.hpp>

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <vector>

namespace guichet::adri {

// The wire names, shared with the sandbox's handler (sdk/contracts).
using contracts::adri::answer_namespace;
using contracts::adri::request_namespace;
using contracts::adri::rights_action;
using contracts::adri::unknown_beneficiary_code;

/** The DemandeDroits payload for the beneficiary on `care_date` (YYYY-MM-DD). */
std::string rights_request_body(const toolkit::CardBeneficiary& beneficiary, const std::string& care_date);

struct CodeLabel {
    std::string code;
    std::string label;
};

struct Period {
    std::string start;
    std::string end;           ///< empty: open-ended
    std::string organisation;  ///< CSS: who manages it
};

struct Exemption {
    std::string nature;  ///< as sent: ALD, MATERNITE, AT_MP, or another code
    std::string label;
    Period period;
    std::string reference;  ///< e.g. the work-accident reference
};

struct Rights {
    std::string code;  ///< "00" rights, "02" scheme not reachable through ADRi
    std::string label;
    CodeLabel scheme;
    CodeLabel fund;
    std::string management_centre;
    std::string management_code;
    bool open = false;
    std::optional<Period> rights_period;
    std::vector<Exemption> exemptions;
    std::optional<Period> css;
    std::optional<Period> ame;
    bool third_party_amo = false;
    bool third_party_amc = false;
};

/** Reads a Droits payload. Throws toolkit::Error(GUICHET_E_BAD_RESPONSE) when CR/CodeCR is
 *  missing, or when rights (00) come without their scheme, fund or DroitsAmo/Ouverts. */
Rights parse_rights(pugi::xml_node payload);

}  // namespace guichet::adri
