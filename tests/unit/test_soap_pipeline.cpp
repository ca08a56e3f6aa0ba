// The sandbox's SOAP pipeline, in the order the CNAM services check: envelope, WS-Addressing,
// ContexteLPS authorisation number, VIHF (signature, trust, window), body schema. Through the
// template plugin's soap-echo/1 where a plugin can produce the case, with raw requests (curl,
// with the test professional's certificate) where only a broken client could.
#include "running_sandbox.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <regex>

using namespace guichet::test;
using guichet::sandbox::Sandbox;
using guichet::sandbox::SandboxOptions;
using nlohmann::json;

namespace {

// The SOAP tests replay recorded requests: the journal keeps them in clear.
struct SoapSandbox : RunningSandbox {
    SoapSandbox() : RunningSandbox(1, true) {}
    // INSi's structure mode has its own endpoint (mutual TLS required), as the real service.
    std::string url(const char* service = "soap-echo/1", const std::string& identity = "professional") const {
        const nlohmann::json config = sandbox->client_config();
        const bool structure = identity.rfind("structure-", 0) == 0 && config["structure_endpoints"].contains(service);
        return config[structure ? "structure_endpoints" : "endpoints"][service];
    }
    // POSTs a raw body with the professional's certificate; the output ends with the HTTP status.
    ToolRun post(const std::string& body, const std::string& content_type = "application/soap+xml; charset=utf-8",
                 const char* service = "soap-echo/1", const std::string& identity = "professional") const {
        const std::string file = state.write("raw.xml", body);
        return run_tool("curl -s -w '\\n%{http_code}' --cacert '" + pki_dir() + "/root-ca.pem' --cert '" + pki_dir() +
                        "/" + identity + ".pem' --key '" + pki_dir() + "/" + identity + ".key' -H 'Content-Type: " +
                        content_type + "' --data-binary @'" + file + "' '" + url(service, identity) + "'");
    }
};

struct Clock {
    int64_t offset_seconds = 0;
    static int64_t GUICHET_CALL wall(void* self) {
        return (static_cast<int64_t>(std::time(nullptr)) + static_cast<Clock*>(self)->offset_seconds) * 1'000'000'000;
    }
};

RuntimePtr runtime_with(const char* authorisation_number, Clock* clock = nullptr) {
    auto config = base_config();
    config.authorisation_number = authorisation_number;
    if (clock != nullptr) {
        config.wall_clock_ns = Clock::wall;
        config.clock_user_data = clock;
    }
    auto runtime = make_runtime(config);
    REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);
    return runtime;
}

CallOutcome soap_echo(guichet_session* session, const std::string& message = "bonjour") {
    return call(session, "soap-echo/1", "echo", json{{"message", message}}.dump(), 10'000);
}

// A request as the plugin sends it, recorded from the journal, for raw variations.
std::string recorded_request(SoapSandbox& s) {
    auto runtime = runtime_with("TEST-0001");
    guichet_session* session = open_session(runtime.get(), s.sandbox->client_config().dump());
    REQUIRE(soap_echo(session).status == GUICHET_OK);
    return s.sandbox->journal_query(0, "soap-echo/1").back()["request"].get<std::string>();
}

int http_status_of(const ToolRun& run) { return std::stoi(run.output.substr(run.output.rfind('\n') + 1)); }

}  // namespace

TEST_CASE("a CNAM-style exchange with a signed VIHF passes the whole pipeline", "[soap]") {
    SoapSandbox s;
    auto runtime = runtime_with("TEST-0001");
    guichet_session* session = open_session(runtime.get(), s.sandbox->client_config().dump());
    const auto out = soap_echo(session, "Bonjour, docteur");
    INFO(out.message);
    REQUIRE(out.status == GUICHET_OK);
    const json answer = json::parse(out.json);
    CHECK(answer["message"] == "Bonjour, docteur");
    CHECK(answer["professional"] == "810100000011");  // read by the sandbox from the verified VIHF
    CHECK(answer["authentication_mode"] == "DIRECTE");
    CHECK(answer["authorisation_number"] == "TEST-0001");
}

TEST_CASE("an unknown authorisation number is refused with siram_100 and desir_550", "[soap]") {
    SoapSandbox s;
    auto runtime = runtime_with("NOT-AUTHORISED-42");
    guichet_session* session = open_session(runtime.get(), s.sandbox->client_config().dump());
    const auto out = soap_echo(session);
    CHECK(out.status == GUICHET_E_REMOTE_FAULT);
    CHECK(out.http_status == 500);  // the real services answer every fault with 500
    CHECK_THAT(out.message,
               Catch::Contains("Numéro d'autorisation du logiciel inconnu") && Catch::Contains("desir_550"));
    const auto e = call(session, "soap-echo/1", "echo", R"({"message":"x"})");
    CHECK(e.status == GUICHET_E_REMOTE_FAULT);
}

TEST_CASE("VIHF problems get their own faults", "[soap]") {
    SoapSandbox s;
    SECTION("signed by a certificate from an unknown CA") {
        auto runtime = runtime_with("TEST-0001");
        json context = s.sandbox->client_config();
        context["identities"]["stranger"] = {{"certificate", pki_dir() + "/professional-wrong-ca.pem"},
                                             {"private_key", pki_dir() + "/professional-wrong-ca.key"}};
        context["signing_identity"] = "stranger";
        guichet_session* session = open_session(runtime.get(), context.dump());
        const auto out = soap_echo(session);
        CHECK(out.status == GUICHET_E_REMOTE_FAULT);
        CHECK_THAT(out.message, Catch::Contains("Signataire du VIHF non reconnu"));
    }
    SECTION("outside its validity window (the workstation's clock is two hours behind)") {
        Clock behind{-7200};
        auto runtime = runtime_with("TEST-0001", &behind);
        guichet_session* session = open_session(runtime.get(), s.sandbox->client_config().dump());
        const auto out = soap_echo(session);
        CHECK(out.status == GUICHET_E_REMOTE_FAULT);
        CHECK_THAT(out.message, Catch::Contains("VIHF expire"));
    }
    SECTION("one character of the signed assertion changed") {
        std::string request = recorded_request(s);
        const auto at = request.find("<saml2:NameID>810100000011");
        REQUIRE(at != std::string::npos);
        request[at + std::string("<saml2:NameID>81010000001").size()] = '2';
        const ToolRun run = s.post(request);
        CHECK(http_status_of(run) == 500);
        CHECK_THAT(run.output, Catch::Contains("siram:siram_41") && Catch::Contains("Signature du VIHF invalide"));
    }
    SECTION("missing") {
        const std::string request =
            std::regex_replace(recorded_request(s), std::regex("<wsse:Security[^]*</wsse:Security>"), "");
        const ToolRun run = s.post(request);
        CHECK_THAT(run.output, Catch::Contains("siram:siram_40") && Catch::Contains("Assertion VIHF absente"));
    }
}

TEST_CASE("malformed SOAP, wrong action and missing addressing are refused with SOAP faults", "[soap]") {
    SoapSandbox s;
    const std::string good = recorded_request(s);
    SECTION("not XML") {
        const ToolRun run = s.post("<soap:Envelope>");
        CHECK(http_status_of(run) == 500);
        CHECK_THAT(run.output, Catch::Contains("siram:siram_10") && Catch::Contains("mal forme"));
    }
    SECTION("SOAP 1.1 envelope") {
        const ToolRun run = s.post(std::regex_replace(good, std::regex("http://www.w3.org/2003/05/soap-envelope"),
                                                      "http://schemas.xmlsoap.org/soap/envelope/"));
        CHECK_THAT(run.output, Catch::Contains("VersionMismatch"));
        CHECK(http_status_of(run) == 500);
    }
    SECTION("wrong content type") {
        CHECK_THAT(s.post(good, "text/xml").output, Catch::Contains("application/soap+xml"));
    }
    SECTION("an action the service does not offer") {
        const ToolRun run = s.post(std::regex_replace(good, std::regex("urn:guichet:sandbox:echo:1.0:echo"),
                                                      "urn:guichet:sandbox:echo:1.0:erase"));
        CHECK_THAT(run.output, Catch::Contains("wsa:ActionNotSupported") && Catch::Contains(":erase"));
    }
    SECTION("no MessageID") {
        const ToolRun run = s.post(std::regex_replace(good, std::regex("<wsa:MessageID>[^<]*</wsa:MessageID>"), ""));
        CHECK_THAT(run.output, Catch::Contains("wsa:MessageAddressingHeaderRequired"));
    }
    SECTION("a body that does not follow its schema") {
        const ToolRun run = s.post(std::regex_replace(good, std::regex("<e:Message>"), "<e:Unexpected/><e:Message>"));
        CHECK_THAT(run.output, Catch::Contains("siram:siram_20") && Catch::Contains("Unexpected"));
    }
    CHECK(s.sandbox->journal_query(0, "soap-echo/1").size() >= 2);  // refusals are journaled too
}

namespace {

constexpr const char* insi_action = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite";
constexpr const char* insi_body =
    "<r:RECSANSVITALE xmlns:r=\"http://www.cnamts.fr/INSiRecSans\"><r:NomNaissance>X</r:NomNaissance>"
    "<r:Prenom>Y</r:Prenom><r:Sexe>F</r:Sexe><r:DateNaissance>1963-07-12</r:DateNaissance></r:RECSANSVITALE>";
constexpr const char* adri_action = "urn:adr:1.1.0:acquerirLesDroits";
constexpr const char* adri_body =
    "<a:DemandeDroits xmlns:a=\"urn:ir:se_req_adr\"><a:DateReference>2026-11-23</a:DateReference>"
    "<a:Beneficiaire><a:NirCertifie><a:Num>2630775115034</a:Num></a:NirCertifie>"
    "<a:DateNaissance>1963-07-12</a:DateNaissance><a:RangNaissance>1</a:RangNaissance></a:Beneficiaire>"
    "</a:DemandeDroits>";
constexpr const char* soap12 = "application/soap+xml; charset=utf-8";

// A recorded, valid soap-echo exchange re-aimed at another service: action and body replaced,
// optionally with a ContexteBAM header added and the VIHF taken out.
std::string reaimed(const std::string& recorded, const char* action, const char* body, bool with_bam, bool with_vihf) {
    std::string r = std::regex_replace(recorded, std::regex("urn:guichet:sandbox:echo:1.0:echo"), action);
    r = std::regex_replace(r, std::regex("<soap:Body>.*</soap:Body>"),
                           std::string("<soap:Body>") + body + "</soap:Body>");
    if (!with_vihf) r = std::regex_replace(r, std::regex("<wsse:Security.*</wsse:Security>"), "");
    if (with_bam)
        r = std::regex_replace(
            r, std::regex("<soap:Header>"),
            "<soap:Header><b:ContexteBAM xmlns:b=\"urn:siram:bam:ctxbam\" Version=\"01_02\"><b:Id>1</b:Id>"
            "<b:Temps>2026-11-23T08:00:00Z</b:Temps><b:COUVERTURE/></b:ContexteBAM>");
    return r;
}

}  // namespace

TEST_CASE("INSi and ADRi refuse a request without the ContexteBAM header their contracts bind", "[soap]") {
    SoapSandbox s;
    const std::string good = recorded_request(s);
    SECTION("INSi") {
        const ToolRun run = s.post(reaimed(good, insi_action, insi_body, false, true), soap12, "insi/1");
        CHECK(http_status_of(run) == 500);
        CHECK_THAT(run.output, Catch::Contains("siram:siram_10") && Catch::Contains("ContexteBAM"));
    }
    SECTION("ADRi") {
        const ToolRun run = s.post(reaimed(good, adri_action, adri_body, false, true), soap12, "adri/1");
        CHECK(http_status_of(run) == 500);
        CHECK_THAT(run.output, Catch::Contains("siram:siram_10") && Catch::Contains("ContexteBAM"));
    }
    SECTION("with the header, both answer") {
        CHECK(http_status_of(s.post(reaimed(good, insi_action, insi_body, true, true), soap12, "insi/1")) == 200);
        CHECK(http_status_of(s.post(reaimed(good, adri_action, adri_body, true, true), soap12, "adri/1")) == 200);
    }
}

TEST_CASE("a structure certificate replaces the VIHF for INSi only, not for ADRi", "[soap]") {
    SoapSandbox s;
    const std::string good = recorded_request(s);
    SECTION("INSi over mutual TLS with INSI-AUTO, no VIHF: answered") {
        const ToolRun run =
            s.post(reaimed(good, insi_action, insi_body, true, false), soap12, "insi/1", "structure-insi-auto");
        CHECK(http_status_of(run) == 200);
        CHECK_THAT(run.output, Catch::Contains("CodeCR"));
    }
    SECTION("ADRi with the same certificate and no VIHF: siram_40") {
        const ToolRun run =
            s.post(reaimed(good, adri_action, adri_body, true, false), soap12, "adri/1", "structure-insi-auto");
        CHECK(http_status_of(run) == 500);
        CHECK_THAT(run.output, Catch::Contains("siram:siram_40"));
    }
    SECTION("INSi with the professional's certificate and no VIHF: siram_40") {
        CHECK_THAT(s.post(reaimed(good, insi_action, insi_body, true, false), soap12, "insi/1").output,
                   Catch::Contains("siram:siram_40"));
    }
}

TEST_CASE("the test data can be edited and reloaded without restarting", "[soap]") {
    TempDir data("sandbox-data");
    std::filesystem::copy(GUICHET_TEST_SANDBOX_DATA_DIR, data.path("d"), std::filesystem::copy_options::recursive);
    SandboxOptions options;
    options.pki_dir = pki_dir();
    options.data_dir = data.path("d").string();
    Sandbox own(options);
    auto runtime = runtime_with("LATE-AUTHORISATION-1");
    guichet_session* session = open_session(runtime.get(), own.client_config().dump());
    CHECK(soap_echo(session).status == GUICHET_E_REMOTE_FAULT);
    json software = json::parse(read_text(data.path("d/software.json")));
    software["authorisation_numbers"].push_back("LATE-AUTHORISATION-1");
    data.write("d/software.json", software.dump());
    own.reload_data();
    CHECK(soap_echo(session).status == GUICHET_OK);
    CHECK(own.data_summary()["identities.json"].get<int>() >= 10);
}
