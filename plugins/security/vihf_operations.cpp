#include "vihf_operations.hpp"

#include "dsig_operations.hpp"

#include <guichet/toolkit/crypto.hpp>
#include <guichet/toolkit/vihf.hpp>
#include <guichet/toolkit/xml_dsig.hpp>

#include <sstream>

namespace guichet::security {

namespace tk = guichet::toolkit;

namespace {

constexpr int64_t reuse_margin_seconds = 60;  // never hand out an assertion about to expire
constexpr int64_t clock_skew_seconds = 60;    // NotBefore a little in the past for servers behind

// Reads the session context; a missing member is reported as a session field.
class SessionFields {
public:
    explicit SessionFields(const tk::Json& session) : session_(session) {}
    template <typename Read>
    auto get(Read read) const -> decltype(read(std::declval<const tk::Request&>())) {
        try {
            return read(session_);
        } catch (const tk::Error& e) {
            throw tk::Error(GUICHET_E_INVALID_ARGUMENT, std::string("session context: ") + e.what()).with_field(e.field());
        }
    }
    std::string text(const std::string& pointer) const {
        return get([&](const tk::Request& r) { return r.string(pointer); });
    }
    std::optional<std::string> optional_text(const std::string& pointer) const {
        return get([&](const tk::Request& r) { return r.optional_string(pointer); });
    }
    tk::CodedValue coded(const std::string& pointer) const {
        return {text(pointer + "/code"), text(pointer + "/code_system"), text(pointer + "/display_name"), ""};
    }

private:
    tk::Request session_;
};

tk::VihfMode mode_of(const std::string& text) {
    if (text == "card") return tk::VihfMode::card;
    if (text == "structure") return tk::VihfMode::structure;
    if (text == "automated") return tk::VihfMode::automated;
    throw tk::Error(GUICHET_E_INVALID_ARGUMENT,
                    "session context: /authentication_mode must be \"card\", \"structure\" or \"automated\"")
        .with_field("/authentication_mode");
}

tk::CodedValue purpose_of(const std::string& text) {
    const std::string system = "1.2.250.1.213.1.1.4.248";
    const std::string name = "mode acces VIHF 1.0";
    if (text == "normal") return {"normal", system, "Acces normal", name};
    if (text == "break_glass") return {"bris_de_glace", system, "Acces en urgence (bris de glace)", name};
    if (text == "emergency_center") return {"centre_15", system, "Acces par le centre de regulation", name};
    throw tk::invalid_field("/purpose", "must be \"normal\", \"break_glass\" or \"emergency_center\"");
}

}  // namespace

tk::Json build_vihf(tk::Call& call) {
    const tk::Request& request = call.request();
    const SessionFields session(call.config().session);
    const tk::VihfMode mode = mode_of(session.text("/authentication_mode"));

    std::optional<std::string> patient;
    if (request.has("/patient")) {
        // Only a qualified identity's INS may leave the practice (identity-vigilance rule).
        const std::string status = request.string("/patient/identity_status");
        if (status != "QUAL")
            throw tk::invalid_field("/patient/identity_status",
                                    "is " + status + ": only a qualified (QUAL) identity's INS may be sent");
        const std::string ins = request.string("/patient/ins");
        const std::string oid = request.optional_string("/patient/oid").value_or("1.2.250.1.213.1.4.8");
        patient = ins + "^^^&" + oid + "&ISO^NH";
    }
    const std::string purpose_text = request.optional_string("/purpose").value_or("normal");
    const std::string resource_urn = request.optional_string("/resource_urn").value_or("urn:dmp");
    const int64_t validity = request.optional_integer("/validity_seconds").value_or(3600);
    if (validity < 120 || validity > 86400) throw tk::invalid_field("/validity_seconds", "must be between 120 and 86400");

    const tk::Clock clock = call.host().clock();
    const std::string cache_key = session.text("/authentication_mode") + "|" + patient.value_or("") + "|" + purpose_text +
                                  "|" + resource_urn;
    if (auto cached = call.session_cache().get(cache_key, clock.monotonic_ns())) {
        tk::Json answer = tk::Json::parse(*cached);
        answer["reused"] = true;
        return answer;
    }

    const auto chain = call.host().signer().certificate_chain();
    tk::VihfContent content;
    content.mode = mode;
    content.assertion_id = "_" + call.host().random().uuid();
    content.issuer_subject = tk::certificate_subject(chain.front());
    content.structure_id = session.text("/structure/id");
    content.activity_sector = session.text("/structure/activity_sector");
    if (mode == tk::VihfMode::automated) {
        content.subject_name_id = content.structure_id;
        content.subject_display = call.config().software_name;
    } else {
        content.subject_name_id = session.text("/professional/national_id");
        content.subject_display = session.text("/professional/given_name") + " " + session.text("/professional/family_name");
        content.roles.push_back(session.coded("/professional/profession"));
        if (call.config().session.contains("professional") && call.config().session["professional"].contains("specialty"))
            content.roles.push_back(session.coded("/professional/specialty"));
    }
    content.patient_resource_id = patient;
    content.resource_urn = resource_urn;
    content.purpose = purpose_of(purpose_text);
    content.software_id = call.config().software_instance_id;
    content.software_name = call.config().software_name;
    content.software_version = call.config().software_version;
    content.software_homologation = session.optional_text("/dmp_homologation").value_or(call.config().authorisation_number);
    const int64_t now = clock.wall_ns() / 1'000'000'000;
    content.issue_instant_unix = now;
    content.not_before_unix = now - clock_skew_seconds;
    content.not_on_or_after_unix = now + validity;

    pugi::xml_document document;
    tk::build_vihf(document, content);
    tk::SignRequest sign;
    sign.element = document.document_element();
    sign.insert_after = sign.element.child("saml2:Issuer");
    sign.certificates = chain;
    tk::sign_enveloped(sign, host_signer(call));
    std::ostringstream xml;
    document.save(xml, "", pugi::format_raw | pugi::format_no_declaration);

    tk::Json answer{{"assertion", xml.str()},
                    {"id", content.assertion_id},
                    {"not_on_or_after", tk::utc_timestamp(content.not_on_or_after_unix)},
                    {"reused", false}};
    call.session_cache().put(cache_key, answer.dump(),
                             clock.monotonic_ns() + (validity - reuse_margin_seconds) * 1'000'000'000);
    call.host().log().info("VIHF built", {{"mode", session.text("/authentication_mode"), false},
                                          {"patient", patient.value_or("none"), true}});
    return answer;
}

}  // namespace guichet::security
