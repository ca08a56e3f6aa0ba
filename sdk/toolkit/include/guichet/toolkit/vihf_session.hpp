#pragma once
// The VIHF of the current session, as any plugin attaches it to a request: built from the
// session context, signed through the host (guichet.sign/1), reused within its validity window.
#include "plugin.hpp"

#include <optional>
#include <string>

namespace guichet::toolkit {

struct VihfPatient {
    std::string ins;
    std::string oid = "1.2.250.1.213.1.4.8";  ///< INS-NIR; .10 test, .11 demo; never .9 (NIA) in practice
    std::string identity_status;              ///< must be "QUAL" for the INS to be sent
};

struct VihfOptions {
    std::optional<VihfPatient> patient;
    std::string patient_pointer = "/patient";  ///< where the request holds the patient, for error fields
    std::string purpose = "normal";            ///< "normal", "break_glass", "emergency_center"
    std::string resource_urn = "urn:dmp";
    int64_t validity_seconds = 3600;  ///< 120..86400
};

struct SessionVihf {
    std::string assertion;  ///< signed SAML assertion (XML)
    std::string id;
    std::string not_on_or_after;
    bool reused = false;
};

/**
 * The session's VIHF for these options. Throws Error(GUICHET_E_INVALID_ARGUMENT) naming the
 * faulty field: a request field for the patient or purpose, a session field ("session context:
 * /professional/national_id ...") otherwise; signing failures keep the host's status.
 */
SessionVihf session_vihf(const Call& call, const VihfOptions& options);

}  // namespace guichet::toolkit
