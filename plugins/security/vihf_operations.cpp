#include "vihf_operations.hpp"

#include <guichet/toolkit/vihf_session.hpp>

namespace guichet::security {

namespace tk = guichet::toolkit;

tk::Json build_vihf(tk::Call& call) {
    const tk::Request& request = call.request();
    tk::VihfOptions options;
    if (request.has("/patient")) {
        tk::VihfPatient patient;
        patient.identity_status = request.optional_string("/patient/identity_status").value_or("");
        patient.ins = request.string("/patient/ins");
        if (auto oid = request.optional_string("/patient/oid")) patient.oid = *oid;
        options.patient = patient;
    }
    options.purpose = request.optional_string("/purpose").value_or("normal");
    options.resource_urn = request.optional_string("/resource_urn").value_or("urn:dmp");
    options.validity_seconds = request.optional_integer("/validity_seconds").value_or(3600);
    const tk::SessionVihf vihf = tk::session_vihf(call, options);
    return {{"assertion", vihf.assertion},
            {"id", vihf.id},
            {"not_on_or_after", vihf.not_on_or_after},
            {"reused", vihf.reused}};
}

}  // namespace guichet::security
