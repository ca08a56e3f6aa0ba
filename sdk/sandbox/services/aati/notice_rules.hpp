#pragma once
// The business rules AATi applies to a notice before accepting it (Guichet sandbox profile,
// docs/protocols/aati/README.md): each broken rule is a refusal with its aat_xx detail code.
#include "notice_book.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <optional>
#include <string>

namespace guichet::sandbox::aati_service {

struct Refusal {
    std::string detail_code;  ///< contracts::aati::refusal
    std::string reason;       ///< French, for the doctor
};

/** The first rule the notice and certificate of a transmission or correction break, or
 *  nullopt. `request` is DemandeTransmissionAAT or DemandeCorrectionAAT; `rules` is aati.json. */
std::optional<Refusal> broken_rule(pugi::xml_node request, const nlohmann::json& rules, const NoticeBook& book);

/** The patient's scheme is not connected to AATi: the request's Affiliation in aati.json's
 *  unconnected_schemes, or, without one, a patient whose rights.json scheme ADRi does not reach
 *  either (MGEN, CAMIEG: not connected). */
bool scheme_not_connected(pugi::xml_node patient, const nlohmann::json& rules, const nlohmann::json& rights);

/** The text of the element at this path of local names, or "". */
std::string text_at(pugi::xml_node node, std::initializer_list<const char*> path);

}  // namespace guichet::sandbox::aati_service
