#pragma once
// Masks patient data in free text before it reaches a log or a journal.
#include <string>
#include <string_view>

namespace guichet::common {

/** The mask written in place of patient data. */
inline constexpr std::string_view redacted_mark = "[redacted]";

/**
 * Replaces what looks like patient data: NIR/NIA/INS (13 or 15 characters, Corsican 2A/2B
 * included) and calendar dates (ISO and French forms, the shape of a birth date). Names cannot
 * be recognised in free text: they must travel as fields flagged as patient data.
 */
std::string redact_patient_data(std::string_view text);

}  // namespace guichet::common
