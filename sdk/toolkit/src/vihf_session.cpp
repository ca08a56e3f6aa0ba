#include <guichet/toolkit/crypto.hpp>
#include <guichet/toolkit/vihf.hpp>
#include <guichet/toolkit/vihf_session.hpp>
#include <guichet/toolkit/xml_dsig.hpp>

#include <sstream>

namespace guichet::toolkit {

namespace {

constexpr int64_t reuse_margin_seconds = 60;  // never hand out an assertion about to expire
constexpr int64_t clock_skew_seconds = 60;    // NotBefore a little in the past for servers behind

// Reads the session context; a missing member is reported as a session field.
class SessionFields {
public:
    explicit SessionFields(const Json& session) : session_(session) {}
    template <typename Read>
    auto get(Read read) const -> decltype(read(std::declval<const Request&>())) {
        try {
            return read(session_);
        } catch (const Error& e) {
            throw Error(GUICHET_E_INVALID_ARGUMENT, std::string("session context: ") + e.what()).with_field(e.field());
        }
    }
    std::string text(const std::string& pointer) const {
        return get([&](const Request& r) { return r.string(pointer); });
    }
    std::optional<std::string> optional_text(const std::string& pointer) const {
        return get([&](const Request& r) { return r.optional_string(pointer); });
    }
    bool has(const std::string& pointer) const { return session_.has(pointer); }
    CodedValue coded(const std::string& pointer) const {
        return {text(pointer + "/code"), text(pointer + "/code_system"), text(pointer + "/display_name"), ""};
    }

private:
    Request session_;
};

VihfMode mode_of(const std::string& text) {
    if (text == "card") return VihfMode::card;
    if (text == "structure") return VihfMode::structure;
    if (text == "automated") return VihfMode::automated;
    throw Error(GUICHET_E_INVALID_ARGUMENT,
                "session context: /authentication_mode must be \"card\", \"structure\" or \"automated\"")
        .with_field("/authentication_mode");
}

CodedValue purpose_of(const std::string& text) {
    const std::string system = "1.2.250.1.213.1.1.4.248";
    const std::string name = "mode acces VIHF 1.0";
    if (text == "normal") return {"normal", system, "Acces normal", name};
    if (text == "break_glass") return {"bris_de_glace", system, "Acces en urgence (bris de glace)", name};
    if (text == "emergency_center") return {"centre_15", system, "Acces par le centre de regulation", name};
    throw invalid_field("/purpose", "must be \"normal\", \"break_glass\" or \"emergency_center\"");
}

}  // namespace

SessionVihf session_vihf(const Call& call, const VihfOptions& options) {
    const SessionFields session(call.config().session);
    const std::string mode_text = session.text("/authentication_mode");
    const VihfMode mode = mode_of(mode_text);

    std::optional<std::string> patient;
    if (options.patient) {
        // Only a qualified identity's INS may leave the practice (identity-vigilance rule).
        if (options.patient->identity_status != "QUAL")
            throw invalid_field(options.patient_pointer + "/identity_status",
                                "is " +
                                    (options.patient->identity_status.empty() ? std::string("missing")
                                                                              : options.patient->identity_status) +
                                    ": only a qualified (QUAL) identity's INS may be sent");
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
    content.structure_id = session.text("/structure/id");
    content.activity_sector = session.text("/structure/activity_sector");
    if (mode == VihfMode::automated) {
        content.subject_name_id = content.structure_id;
        content.subject_display = call.config().software_name;
    } else {
        content.subject_name_id = session.text("/professional/national_id");
        content.subject_display =
            session.text("/professional/given_name") + " " + session.text("/professional/family_name");
        content.roles.push_back(session.coded("/professional/profession"));
        if (session.has("/professional/specialty")) content.roles.push_back(session.coded("/professional/specialty"));
    }
    content.patient_resource_id = patient;
    content.resource_urn = options.resource_urn;
    content.purpose = purpose;
    content.software_id = call.config().software_instance_id;
    content.software_name = call.config().software_name;
    content.software_version = call.config().software_version;
    content.software_homologation =
        session.optional_text("/dmp_homologation").value_or(call.config().authorisation_number);
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
