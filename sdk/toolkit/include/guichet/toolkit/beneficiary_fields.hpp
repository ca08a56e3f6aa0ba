#pragma once
// Request fields that name an insured person or a beneficiary as the Vitale card does (NIR, key,
// birth date as printed, birth rank), read the same way by every plugin: an error names the
// field and says what a valid value looks like.
#include "card_beneficiary.hpp"
#include "request.hpp"

#include <string>

namespace guichet::toolkit {

/** A NIR of 13 characters without its key (Corsica keeps 2A/2B); "" when optional and absent. */
std::string read_nir(const Request& request, const std::string& pointer, bool required);

/** The 2-digit NIR key; "" when absent. */
std::string read_nir_key(const Request& request, const std::string& pointer);

/** YYYY-MM-DD as read from the card; lunar dates (day or month 00) are kept, never corrected,
 *  but a date that cannot be one (month 13, day 45, 30 February) is refused. */
std::string read_card_birth_date(const Request& request, const std::string& pointer);

/** A birth date as civil status has it: read_card_birth_date's rules (lunar dates allowed). */
std::string read_birth_date(const Request& request, const std::string& pointer);

/** A person's name (birth name, a first name): required, not blank (spaces only refused). */
std::string read_name(const Request& request, const std::string& pointer);

/** The birth rank (1 to 9) as text, the form the wire carries. */
std::string read_birth_rank(const Request& request, const std::string& pointer);

/** The beneficiary at `pointer`: "nir", "key", "insured_nir", "insured_key", "birth_date",
 *  "birth_rank". `insured_required`: the insured person's number is required; otherwise at least
 *  one of the two numbers is (the error names "<pointer>/nir"). */
CardBeneficiary read_card_beneficiary(const Request& request, const std::string& pointer, bool insured_required);

/** YYYY-MM-DD, a real calendar date (a care date, not a lunar birth date). */
std::string read_calendar_date(const Request& request, const std::string& pointer);

}  // namespace guichet::toolkit
