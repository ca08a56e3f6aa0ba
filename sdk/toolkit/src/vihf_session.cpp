#include <guichet/toolkit/crypto.hpp>
#include <guichet/toolkit/ins_number.hpp>
#include <guichet/toolkit/vihf.hpp>
#include <guichet/toolkit/vihf_session.hpp>
#include <guichet/toolkit/xml_dsig.hpp>

#include <sstream>

namespace guichet::toolkit {

namespace {

constexpr int64_t reuse_margin_seconds = 60;  // never hand out an assertion about to expire
constexpr int64_t clock_skew_seconds = 60;    // NotBefore a little in the past for servers behind

// A session member the VIHF needs. Its type was checked when the instance was created
// (common::read_session_document); here only its absence is left to report, naming it.
std::string required(const std::optional<std::string>& member, const std::string& pointer) {
    if (!member)
        throw Error(GUICHET_E_INVALID_ARGUMENT, "session context: " + pointer + " is required").with_field(pointer);
    return *member;
}

CodedValue coded(const std::optional<common::SessionCode>& member, const std::string& pointer) {
    const common::SessionCode code = member.value_or(common::SessionCode{});
    return {required(code.code, pointer + "/code"), required(code.code_system, pointer + "/code_system"),
            required(code.display_name, pointer + "/display_name"), ""};
}

VihfMode mode_of(const std::optional<common::AuthenticationMode>& mode) {
    if (!mode)
        throw Error(GUICHET_E_INVALID_ARGUMENT, "session context: /authentication_mode is required")
            .with_field("/authentication_mode");
    switch (*mode) {
        case common::AuthenticationMode::card:
            return VihfMode::card;
        case common::AuthenticationMode::structure:
            return VihfMode::structure;
        case common::AuthenticationMode::automated:
            return VihfMode::automated;
    }
    return VihfMode::card;
}

CodedValue purpose_of(const std::string& text) {
    const std::string system = "1.2.250.1.213.1.1.4.248";
    const std::string name = "mode acces VIHF 1.0";
    if (text == "normal") return {"normal", system, "Acces normal", name};
    if (text == "break_glass") return {"bris_de_glace", system, "Acces en urgence (bris de glace)", name};
    if (text == "emergency_center") return {"centre_15", system, "Acces par le centre de regulation", name};
    throw invalid_field("/purpose", "must be \"normal\", \"break_glass\" or \"emergency_center\"");
}

// The INS is the NIR (13 characters) and its key (2): one that is malformed, has a wrong key or
// an unknown OID would name another patient, or nobody, in a signed assertion.
void check_ins(const VihfPatient& patient, const std::string& pointer) {
    const std::string_view ins = patient.ins;
    const auto problem =
        ins.size() != 15 ? std::optional<InsProblem>(InsProblem{"nir", "must be the NIR and its key (15 characters)"})
                         : ins_problem(ins.substr(0, 13), ins.substr(13), patient.oid);
    if (problem)
        throw invalid_field(pointer + (std::string_view(problem->part) == "oid" ? "/oid" : "/ins"), problem->reason);
}

}  // namespace

SessionVihf session_vihf(const Call& call, const VihfOptions& options) {
    const common::SessionDocument& session = call.config().session;
    const VihfMode mode = mode_of(session.authentication_mode);
    const std::string mode_text(common::authentication_mode_name(*session.authentication_mode));

    std::optional<std::string> patient;
    if (options.patient) {
        // Only a qualified identity's INS may leave the practice (identity-vigilance rule).
        if (options.patient->identity_status != "QUAL")
            throw invalid_field(options.patient_pointer + "/identity_status",
                                "is " +
                                    (options.patient->identity_status.empty() ? std::string("missing")
                                                                              : options.patient->identity_status) +
                                    ": only a qualified (QUAL) identity's INS may be sent");
        check_ins(*options.patient, options.patient_pointer);
        patient = options.patient->ins + "^^^&" + options.patient->oid + "&ISO^NH";
    }
    if (options.validity_seconds < 120 || options.validity_seconds > 86400)
        throw invalid_field("/validity_seconds", "must be between 120 and 86400");
    const CodedValue purpose = purpose_of(options.purpose);

    const Clock clock = call.host().clock();
    const std::string cache_key =
        "vihf|" + mode_text + "|" + patient.value_or("") + "|" + options.purpose + "|" + options.resource_urn;
    if (auto cached = call.session_cache().get(cache_key, clock.monotonic_ns())) {
        const Json j = Json::parse(*cached);
        return {j["assertion"], j["id"], j["not_on_or_after"], true};
    }

    const auto chain = call.host().signer().certificate_chain();
    VihfContent content;
    content.mode = mode;
    content.assertion_id = "_" + call.host().random().uuid();
    content.issuer_subject = certificate_subject(chain.front());
    content.structure_id = required(session.structure.id, "/structure/id");
    content.activity_sector = required(session.structure.activity_sector, "/structure/activity_sector");
    if (mode == VihfMode::automated) {
        content.subject_name_id = content.structure_id;
        content.subject_display = call.config().software_name;
    } else {
        content.subject_name_id = required(session.professional.national_id, "/professional/national_id");
        content.subject_display = required(session.professional.given_name, "/professional/given_name") + " " +
                                  required(session.professional.family_name, "/professional/family_name");
        content.roles.push_back(coded(session.professional.profession, "/professional/profession"));
        if (session.professional.specialty)
            content.roles.push_back(coded(session.professional.specialty, "/professional/specialty"));
    }
    content.patient_resource_id = patient;
    content.resource_urn = options.resource_urn;
    content.purpose = purpose;
    content.software_id = call.config().software_instance_id;
    content.software_name = call.config().software_name;
    content.software_version = call.config().software_version;
    content.software_homologation = session.dmp_homologation.value_or(call.config().authorisation_number);
    const int64_t now = clock.wall_ns() / 1'000'000'000;
    content.issue_instant_unix = now;
    content.not_before_unix = now - clock_skew_seconds;
    content.not_on_or_after_unix = now + options.validity_seconds;

    pugi::xml_document document;
    build_vihf(document, content);
    SignRequest sign;
    sign.element = document.document_element();
    sign.insert_after = sign.element.child("saml2:Issuer");
    sign.certificates = chain;
    const Signer signer = call.host().signer();
    sign_enveloped(sign,
                   [&signer](const std::string& data) { return signer.sign(GUICHET_SIGN_RSA_PKCS1_SHA256, data); });
    std::ostringstream xml;
    document.save(xml, "", pugi::format_raw | pugi::format_no_declaration);

    SessionVihf result{xml.str(), content.assertion_id, utc_timestamp(content.not_on_or_after_unix), false};
    call.session_cache().put(
        cache_key,
        Json{{"assertion", result.assertion}, {"id", result.id}, {"not_on_or_after", result.not_on_or_after}}.dump(),
        clock.monotonic_ns() + (options.validity_seconds - reuse_margin_seconds) * 1'000'000'000);
    call.host().log().info("VIHF built", {{"mode", mode_text, false}, {"patient", patient.value_or("none"), true}});
    return result;
}

}  // namespace guichet::toolkit
