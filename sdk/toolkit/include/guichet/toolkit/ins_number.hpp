#pragma once
// The INS (Identifiant National de Santé): a NIR or NIA of 13 characters, its 2-digit key and the
// OID saying which it is. Identity vigilance rests on it: an INS whose shape, key or OID is wrong
// must never be stored nor qualified, whether it comes from a request or from INSi's answer.
#include <optional>
#include <string>
#include <string_view>

namespace guichet::toolkit {

/** 13 characters: sex (1-8), year, month, department (2 digits, or 2A/2B for Corsica), commune,
 *  order — digits everywhere else. */
bool is_nir_shape(std::string_view nir);

/** The key of a NIR of valid shape: 97 - (NIR mod 97), Corsica's 2A/2B read as 19/18 (INSEE). */
std::string nir_key(std::string_view nir);

/** One of the INS OIDs (ANS referential): NIR, NIA, test NIR, demonstration NIR. */
bool is_ins_oid(std::string_view oid);

struct InsProblem {
    const char* part;    ///< "nir", "key" or "oid": which of the three is wrong
    std::string reason;  ///< never quoting the number
};

/** Why this INS is not valid, or nullopt. `key` may be empty where the key is not known. */
std::optional<InsProblem> ins_problem(std::string_view nir, std::string_view key, std::string_view oid);

}  // namespace guichet::toolkit
