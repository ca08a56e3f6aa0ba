#pragma once
// insi/1 search_by_vitale: rechercherInsAvecCarteVitale, for the beneficiary chosen on a Vitale
// card. The plugin refuses to search when the card in the reader is no longer the one the
// beneficiary was chosen from, or when the choice is too old (CNDA cases "card swapped between
// beneficiary choice and search" and "delay after choosing the beneficiary").
#include <guichet/toolkit/plugin.hpp>

namespace guichet::insi {

/** Default longest time between choosing the beneficiary and the search (session
 *  "vitale_choice_max_age_s" overrides it). */
inline constexpr int64_t default_vitale_choice_max_age_s = 300;

/** {"beneficiary": {"nir"?, "key"?, "insured_nir", "insured_key"?, "birth_name"?, "birth_date", "birth_rank"},
 *   "card": {"serial_number", "serial_number_now", "beneficiary_chosen_at", "kind"?, "assertion"?}}
 *  -> as search_by_traits without attempts (docs/schemas/insi/search_by_vitale.json) */
toolkit::Json search_by_vitale(toolkit::Call& call);

}  // namespace guichet::insi
