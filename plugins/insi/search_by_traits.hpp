#pragma once
// insi/1 search_by_traits: rechercherInsAvecTraitsIdentite, with one retry per first name.
#include "insi_contract.hpp"

#include <guichet/toolkit/plugin.hpp>

namespace guichet::insi {

/** Most first names a search accepts: each one may cost a search (French civil status rarely
 *  gives more than five). */
inline constexpr size_t max_first_names = 10;

/** Reads the five traits at `pointer` ("" = the request root); errors name the field: a blank
 *  name, more than max_first_names, a birth date that cannot be one (lunar 00 allowed). */
Traits read_traits(const toolkit::Request& request, const std::string& pointer);

struct Search {
    SearchResult result;
    size_t attempts = 0;
    std::string first_name_used;
};

/** The search with one retry per first name; technical errors propagate as toolkit::Error. */
Search search(const toolkit::Call& call, const Traits& traits);

/** The JSON answer of a search (as search_by_traits returns it). */
toolkit::Json search_json(const Search& search);

/** {"birth_name", "first_names": [...], "sex": "M"|"F", "birth_date": "YYYY-MM-DD", "birth_place"?}
 *  -> {"result": "found"|"none"|"several", "code", "label", "ins"?, "history"?, "traits"?,
 *      "qualifiable"?, "attempts", "first_name_used"}  (docs/schemas/insi/search_by_traits.json) */
toolkit::Json search_by_traits(toolkit::Call& call);

}  // namespace guichet::insi
