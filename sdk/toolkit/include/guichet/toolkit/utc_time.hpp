#pragma once
// UTC timestamps as SOAP, SAML and the JSON requests write them: "YYYY-MM-DDTHH:MM:SSZ".
#include <cstdint>
#include <optional>
#include <string>

namespace guichet::toolkit {

/** Unix seconds as "YYYY-MM-DDTHH:MM:SSZ". */
std::string utc_timestamp(int64_t unix_seconds);

/** "YYYY-MM-DDTHH:MM:SS[.fraction]Z" as Unix seconds (fraction dropped); nullopt for any other
 *  form, a time-zone offset included (SAML times are UTC). */
std::optional<int64_t> parse_utc_timestamp(const std::string& text);

}  // namespace guichet::toolkit
