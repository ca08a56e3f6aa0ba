#pragma once
// insi/1 search_by_traits: rechercherInsAvecTraitsIdentite, with one retry per first name.
#include <guichet/toolkit/plugin.hpp>

namespace guichet::insi {

/** {"birth_name", "first_names": [...], "sex": "M"|"F", "birth_date": "YYYY-MM-DD", "birth_place"?}
 *  -> {"result": "found"|"none"|"several", "code", "label", "ins"?, "history"?, "traits"?,
 *      "qualifiable"?, "attempts", "first_name_used"}  (docs/schemas/insi/search_by_traits.json) */
toolkit::Json search_by_traits(toolkit::Call& call);

}  // namespace guichet::insi
