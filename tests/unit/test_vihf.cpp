// VIHF through the security plugin and the host's signing service: schema-valid (xmllint),
// signature valid (xmlsec1), three authentication modes, reuse within the validity window,
// the qualified-INS rule, and no patient data in the log.
#include "independent_checks.hpp"
#include "test_runtime.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstring>
#include <ctime>

using namespace guichet::test;
using nlohmann::json;

namespace {

json professional_session(const json& identity) {
    return {{"authentication_mode", "card"},
            {"professional",
             {{"national_id", "810100000011"},
              {"given_name", "ISABELLE"},
              {"family_name", "MEDECIN-TEST"},
              {"profession", {{"code", "10"}, {"code_system", "1.2.250.1.71.1.2.7"}, {"display_name", "Medecin"}}},
              {"specialty",
               {{"code", "SM26"},
                {"code_system", "1.2.250.1.71.4.2.5"},
                {"display_name", "Qualifie en Medecine Generale (SM)"}}}}},
            {"structure", {{"id", "10B0000001"}, {"activity_sector", "SA07^1.2.250.1.71.4.2.4"}}},
            {"identities", {{"signer", identity}}},
            {"signing_identity", "signer"}};
}

json file_identity(const std::string& name) {
    return {{"certificate", pki_dir() + "/" + name + ".pem"}, {"private_key", pki_dir() + "/" + name + ".key"}};
}

const json qualified_patient = {
    {"patient", {{"ins", "279035121518989"}, {"oid", "1.2.250.1.213.1.4.10"}, {"identity_status", "QUAL"}}}};

RuntimePtr runtime_with_security(guichet_runtime_config config = base_config()) {
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    return runtime;
}

std::string assertion_of(const CallOutcome& out) {
    INFO(out.message);
    REQUIRE(out.status == GUICHET_OK);
    return json::parse(out.json)["assertion"].get<std::string>();
}

}  // namespace

TEST_CASE("a VIHF validates against the SAML 2.0 and W3C XML-DSig schemas with xmllint and verifies with xmlsec1",
          "[vihf][xmllint][xmlsec1]") {
    auto runtime = runtime_with_security();
    guichet_session* session = open_session(runtime.get(), professional_session(file_identity("professional")).dump());
    const std::string assertion = assertion_of(call(session, "vihf/1", "build", qualified_patient.dump()));
    const ToolRun schema = xmllint_validate_vihf(assertion);
    INFO(schema.output);
    CHECK(schema.exit_code == 0);
    const ToolRun signature = xmlsec1_verify_assertion(assertion);
    INFO(signature.output);
    CHECK(signature.exit_code == 0);
    CHECK_THAT(assertion, Catch::Contains("<saml2:NameID>810100000011</saml2:NameID>"));
    CHECK_THAT(assertion, Catch::Contains("279035121518989^^^&amp;1.2.250.1.213.1.4.10&amp;ISO^NH"));
    CHECK_THAT(assertion, Catch::Contains(">DIRECTE<"));
    CHECK_THAT(assertion, Catch::Contains("code=\"SM26\""));
    CHECK_THAT(assertion, Catch::Contains("<saml2:AttributeValue>Guichet tests</saml2:AttributeValue>"));
}

TEST_CASE("structure and automated modes sign with the structure certificate", "[vihf][xmllint][xmlsec1]") {
    for (const std::string mode : {"structure", "automated"}) {
        INFO(mode);
        auto config = base_config();
        config.secret = [](void*, const char*, const char*, char* buffer, uint32_t) -> guichet_status {
            std::strcpy(buffer, "guichet-test");
            return GUICHET_OK;
        };
        auto runtime = runtime_with_security(config);
        json context = professional_session({{"pkcs12", pki_dir() + "/structure-insi-auto.p12"}});
        context["authentication_mode"] = mode;
        guichet_session* session = open_session(runtime.get(), context.dump());
        const std::string assertion = assertion_of(call(session, "vihf/1", "build", "{}"));
        CHECK(xmllint_validate_vihf(assertion).exit_code == 0);
        CHECK(xmlsec1_verify_assertion(assertion).exit_code == 0);
        CHECK_THAT(assertion, Catch::Contains(">INDIRECTE<"));
        CHECK_THAT(assertion, Catch::Contains("CN=INSI-AUTO"));
        if (mode == "automated") {
            CHECK_THAT(assertion, Catch::Contains("<saml2:NameID>10B0000001</saml2:NameID>"));
            CHECK_THAT(assertion, !Catch::Contains("subject:role"));
        }
    }
}

namespace {
struct Clocks {
    std::atomic<int64_t> seconds{static_cast<int64_t>(std::time(nullptr))};  // the test certificates are fresh
    static int64_t GUICHET_CALL wall(void* self) { return static_cast<Clocks*>(self)->seconds * 1'000'000'000; }
    static int64_t GUICHET_CALL monotonic(void* self) { return static_cast<Clocks*>(self)->seconds * 1'000'000'000; }
};
}  // namespace

TEST_CASE("a VIHF is reused within its validity window and renewed after it", "[vihf]") {
    Clocks clocks;
    auto config = base_config();
    config.wall_clock_ns = Clocks::wall;
    config.monotonic_clock_ns = Clocks::monotonic;
    config.clock_user_data = &clocks;
    auto runtime = runtime_with_security(config);
    guichet_session* session = open_session(runtime.get(), professional_session(file_identity("professional")).dump());
    const json request = {{"validity_seconds", 600}};

    const json first = json::parse(call(session, "vihf/1", "build", request.dump()).json);
    CHECK_FALSE(first["reused"].get<bool>());
    clocks.seconds += 300;
    const json second = json::parse(call(session, "vihf/1", "build", request.dump()).json);
    CHECK(second["reused"].get<bool>());
    CHECK(second["id"] == first["id"]);
    const json other_patient = json::parse(call(session, "vihf/1", "build", qualified_patient.dump()).json);
    CHECK_FALSE(other_patient["reused"].get<bool>());  // another patient, another assertion
    clocks.seconds += 300;                             // within the last minute of validity: renewed
    const json third = json::parse(call(session, "vihf/1", "build", request.dump()).json);
    CHECK_FALSE(third["reused"].get<bool>());
    CHECK(third["id"] != first["id"]);
}

TEST_CASE("an INS of an identity that is not qualified is never put in a VIHF", "[vihf]") {
    auto runtime = runtime_with_security();
    guichet_session* session = open_session(runtime.get(), professional_session(file_identity("professional")).dump());
    json request = qualified_patient;
    request["patient"]["identity_status"] = "RECUP";
    const auto out = call(session, "vihf/1", "build", request.dump());
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/patient/identity_status");
    CHECK_THAT(out.message, Catch::Contains("only a qualified (QUAL)"));
}

TEST_CASE("a malformed INS, a wrong key or an unknown OID is never put in a VIHF", "[vihf]") {
    auto runtime = runtime_with_security();
    guichet_session* session = open_session(runtime.get(), professional_session(file_identity("professional")).dump());
    const std::vector<std::tuple<std::string, std::string, std::string>> rows = {
        {"27903512151898\xEF\xBF\xBD", "1.2.250.1.213.1.4.10", "/patient/ins"},  // a replacement character
        {"279035121518988", "1.2.250.1.213.1.4.10", "/patient/ins"},             // wrong key
        {"27903512151898", "1.2.250.1.213.1.4.10", "/patient/ins"},              // key missing
        {"279035121518989", "1.2.3.4", "/patient/oid"}};                         // not an INS OID
    for (const auto& [ins, oid, field] : rows) {
        json request = qualified_patient;
        request["patient"]["ins"] = ins;
        request["patient"]["oid"] = oid;
        const auto out = call(session, "vihf/1", "build", request.dump());
        INFO(out.message);
        CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
        CHECK(out.field == field);
    }
    CHECK(call(session, "vihf/1", "build", qualified_patient.dump()).status == GUICHET_OK);
}

TEST_CASE("a missing session member is named by its JSON pointer", "[vihf]") {
    auto runtime = runtime_with_security();
    json context = professional_session(file_identity("professional"));
    context["professional"].erase("national_id");
    guichet_session* session = open_session(runtime.get(), context.dump());
    const auto out = call(session, "vihf/1", "build", "{}");
    CHECK(out.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(out.field == "/professional/national_id");
    CHECK_THAT(out.message, Catch::StartsWith("session context:"));
}

TEST_CASE("building a VIHF logs no patient identifier", "[vihf][redaction]") {
    LogCapture capture;
    auto config = base_config();
    config.log = LogCapture::sink;
    config.log_user_data = &capture;
    config.log_level = GUICHET_LOG_INFO;
    auto runtime = runtime_with_security(config);
    guichet_session* session = open_session(runtime.get(), professional_session(file_identity("professional")).dump());
    REQUIRE(call(session, "vihf/1", "build", qualified_patient.dump()).status == GUICHET_OK);
    runtime.reset();
    CHECK_THAT(capture.all(), Catch::Contains("VIHF built"));
    CHECK_THAT(capture.all(), !Catch::Contains("279035121518989"));
}
