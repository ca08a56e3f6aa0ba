#pragma once
// adri/1 get_rights: a beneficiary's AMO rights on a care date, in one exchange with ADRi.
#include <guichet/toolkit/plugin.hpp>

namespace guichet::adri {

/** {"beneficiary": {"nir"?, "key"?, "insured_nir"?, "insured_key"?, "birth_date", "birth_rank"}, "care_date"?}
 *  -> {"result": "rights"|"scheme_not_covered"|"unknown_beneficiary", ...}
 *  (docs/schemas/adri/get_rights.json) */
toolkit::Json get_rights(toolkit::Call& call);

}  // namespace guichet::adri
