#pragma once
// insi/1 verify and qualify: a stored INS checked against INSi, and the one-call answer doctors
// asked for — the INS, the comparison with local traits, and the resulting identity status
// (PROV, RECUP, VALI, QUAL) with its reason.
#include <guichet/toolkit/plugin.hpp>

namespace guichet::insi {

/** {"ins": {"nir", "key", "oid"}, "traits": {...}} -> {"result": "match"|"mismatch"|"not_found"|"several",
 *  "mismatches": [...], "comparison": {...}, "ins"?} */
toolkit::Json verify_ins(toolkit::Call& call);

/** {"traits": {...}, "identity_document_checked": bool, "stored_ins"?: {...}}
 *  -> {"identity_status", "qualified", "reason", "ins"?, "reference_traits"?, "comparison"?, "search"} */
toolkit::Json qualify_identity(toolkit::Call& call);

}  // namespace guichet::insi
