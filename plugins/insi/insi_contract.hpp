#pragma once
// The INSi wire contract (CNAM WSDL v1.5.0): actions, namespaces, and the two messages of a
// search by traits. Requests are built exactly as the shipped XSDs say; answers are read
// tolerantly (unknown elements ignored) but a missing compte-rendu is an error.
#include <guichet/contracts/insi.hpp>
#include <guichet/toolkit/card_beneficiary.hpp>
#include <guichet/toolkit/plugin.hpp>

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <vector>

namespace guichet::insi {

// The wire names, shared with the sandbox's handler (sdk/contracts).
using contracts::insi::recsans_namespace;
using contracts::insi::recvitale_namespace;
using contracts::insi::resultat_namespace;
using contracts::insi::search_by_traits_action;
using contracts::insi::search_by_vitale_action;

struct Traits {
    std::string birth_name;
    std::vector<std::string> first_names;  ///< as sent: one per attempt
    std::string sex;                       ///< "M" or "F"
    std::string birth_date;                ///< YYYY-MM-DD (lunar dates with 00 allowed)
    std::string birth_place;               ///< INSEE code (COG), 5 characters, "2A"/"2B" kept; optional
};

/** The RECSANSVITALE payload for `traits` with the given first names. */
std::string search_request_body(const Traits& traits, const std::vector<std::string>& first_names);

/** The RECVITALE payload: MatriculeIndividu (the beneficiary's own number, when the card has
 *  it), MatriculeOD (the insured person), NomNaissance when given, DateNaissance, RangNaissance. */
std::string vitale_request_body(const toolkit::CardBeneficiary& beneficiary, const std::string& birth_name);

struct InsNumber {
    std::string nir;  ///< 13 characters
    std::string key;  ///< 2 digits
    std::string oid;
    std::string start_date;
    std::string end_date;
};

struct SearchResult {
    std::string code;   ///< "00" found, "01" none, "02" several
    std::string label;  ///< LibelleCR
    std::optional<InsNumber> active;
    std::vector<InsNumber> history;
    toolkit::Json reference_traits;  ///< TIQ, when found
};

/** Reads a RESULTAT payload. Throws toolkit::Error(GUICHET_E_BAD_RESPONSE) when CR/CodeCR is
 *  missing or a found identity lacks its INS. */
SearchResult parse_search_result(pugi::xml_node payload);

/** "NIR", "NIA", "NIR-test" or "NIR-demo" from the OID (1.2.250.1.213.1.4.8 / .9 / .10 / .11). */
std::string ins_kind(const std::string& oid);

}  // namespace guichet::insi
