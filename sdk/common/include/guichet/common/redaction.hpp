#pragma once
// Masks patient data in free text before it reaches a log or a journal.
#include <string>
#include <string_view>

namespace guichet::common {

/** The mask written in place of patient data. */
inline constexpr std::string_view redacted_mark = "[redacted]";

/**
 * Replaces what looks like patient data: NIR/NIA/INS (13 or 15 characters, Corsican 2A/2B
 * included, also next to `_` or a letter), calendar dates (ISO with or without a time part,
 * French form), and names where they travel: the text of INSi/ADRi name elements
 * (`NomNaissance`, `Prenom`, `ListePrenom`...) and the values of our JSON name keys
 * (`birth_name`, `first_names`...). Names in free prose cannot be recognised: they must travel
 * as fields flagged as patient data. The one redaction of the runtime's log and the sandbox's
 * journal.
 */
std::string redact_patient_data(std::string_view text);

}  // namespace guichet::common
