#pragma once
// vihf/1: builds and signs the session's VIHF, and reuses it within its validity window.
#include <guichet/toolkit/plugin.hpp>

namespace guichet::security {

/** {"patient"?: {"ins", "oid"?, "identity_status"}, "purpose"?: "normal"|"break_glass"|"emergency_center",
 *   "resource_urn"?: "urn:dmp", "validity_seconds"?: 60..86400}
 *  -> {"assertion": signed xml, "id", "not_on_or_after", "reused"} */
toolkit::Json build_vihf(toolkit::Call& call);

}  // namespace guichet::security
