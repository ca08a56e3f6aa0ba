// The sandbox on the wire as the real CNAM services are (issue 10): ContexteLPS with its Version
// and checked against CTXLPS v01.00, faults valid against the public fault schema and answered
// HTTP 500, SAML assertions without Conditions, INSi's card and structure endpoints, client.json,
// TLS refusals journaled, request bodies bounded. White-box where only a broken client could
// produce the case (the SOAP pipeline called directly), through sockets where the server is
// what is tested.
#include "fault_plan.hpp"
#include "pem_signer.hpp"
#include "running_sandbox.hpp"
#include "sandbox_data.hpp"
#include "service_registry.hpp"
#include "soap_fault.hpp"
#include "soap_pipeline.hpp"

#include <guichet/common/session_document.hpp>
#include <guichet/contracts/cnam.hpp>
#include <guichet/contracts/insi.hpp>
#include <guichet/contracts/soap12.hpp>
#include <guichet/toolkit/cnam_headers.hpp>
#include <guichet/toolkit/utc_time.hpp>
#include <guichet/toolkit/vihf.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>

using namespace guichet::test;
using nlohmann::json;
namespace sb = guichet::sandbox;
namespace tk = guichet::toolkit;
namespace cnam = guichet::contracts::cnam;
namespace soap12 = guichet::contracts::soap12;

namespace {

constexpr const char* echo_action = "urn:guichet:test:echo";

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

std::string pki(const std::string& file) { return pki_dir() + "/" + file; }

// The shipped data, with the public schemas: what `guichet-sandbox --public-schemas` loads.
std::shared_ptr<const sb::SandboxData> data_with_public_schemas() {
    return sb::SandboxData::load(sb::default_data_dir(), GUICHET_TEST_SHARED_SPECS_DIR,
                                 sb::ServiceRegistry::built_in().definitions());
}

sb::SoapPipelineConfig pipeline_config() {
    const auto data = data_with_public_schemas();
    return sb::SoapPipelineConfig{data->authorisation_numbers, read_text(pki("trust.pem")), data->schemas, 3600};
}

std::string contexte_lps(const std::string& authorisation_number) {
    pugi::xml_document doc;
    pugi::xml_node header = doc.append_child("soap:Header");
    tk::contexte_lps({"ctx-1", "2026-11-23T10:00:00Z", "GUICHET-TEST", "1.0", "poste-1", authorisation_number})(header);
    return tk::standalone_xml(header.first_child());
}

// A CNAM-style request: addressing, ContexteLPS, the given WS-Security tokens, a small body.
sb::HttpRequestIn soap_request(const std::string& lps, const std::string& security = {}) {
    sb::HttpRequestIn request;
    request.method = "POST";
    request.target = "/soap-echo";
    request.headers = {{"Content-Type", "application/soap+xml; charset=utf-8"}};
    request.listener = sb::card_listener;
    request.body =
        std::string(R"(<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope")") +
        R"( xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap:Header>)" + "<wsa:Action>" + echo_action +
        "</wsa:Action><wsa:MessageID>uuid:1</wsa:MessageID>" + lps +
        (security.empty() ? ""
                          : R"(<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/)"
                            R"(oasis-200401-wss-wssecurity-secext-1.0.xsd">)" +
                                security + "</wsse:Security>") +
        R"(</soap:Header><soap:Body><e:echo xmlns:e="urn:guichet:test">x</e:echo></soap:Body></soap:Envelope>)";
    return request;
}

sb::SoapServiceRules echo_rules(bool vihf_required) {
    sb::SoapServiceRules rules;
    rules.actions = {{echo_action, "echo"}};
    rules.vihf_required = vihf_required;
    return rules;
}

sb::SoapServiceRules insi_rules() {
    sb::SoapServiceRules rules = echo_rules(true);
    rules.structure_certificate_replaces_vihf = true;
    rules.structure_common_names = {guichet::contracts::insi::structure_cn_auto,
                                    guichet::contracts::insi::structure_cn_manual};
    return rules;
}

sb::HttpAnswer refusal_of(const sb::HttpRequestIn& request, const sb::SoapServiceRules& rules,
                          const sb::SoapPipelineConfig& config, int64_t at = now()) {
    auto outcome = sb::accept_soap(request, rules, config, at);
    REQUIRE(std::holds_alternative<sb::HttpAnswer>(outcome));
    return std::get<sb::HttpAnswer>(outcome);
}

// What a fault answer says, read back from its XML.
struct FaultSeen {
    std::string code, subcode, reason, erreur_code, severity, message_id, erreur_text;
    std::optional<std::string> schema_problem;  ///< the soap:Fault against the public schemas
};

FaultSeen read_fault(const sb::HttpAnswer& answer, const sb::SchemaSet& schemas) {
    pugi::xml_document doc;
    REQUIRE_FALSE(tk::load_xml(doc, answer.body));
    const pugi::xml_node fault =
        tk::child_by_local_name(tk::child_by_local_name(tk::document_element(doc), "Body"), "Fault");
    REQUIRE(fault);
    const pugi::xml_node code = tk::child_by_local_name(fault, "Code");
    const pugi::xml_node erreur = tk::child_by_local_name(tk::child_by_local_name(fault, "Detail"), "Erreur");
    return {tk::child_by_local_name(code, "Value").text().get(),
            tk::child_by_local_name(tk::child_by_local_name(code, "Subcode"), "Value").text().get(),
            tk::child_by_local_name(tk::child_by_local_name(fault, "Reason"), "Text").text().get(),
            erreur.attribute("code").value(),
            erreur.attribute("severite").value(),
            erreur.attribute("messageID").value(),
            erreur.text().get(),
            schemas.validate(soap12::envelope_namespace, tk::standalone_xml(fault))};
}

struct AssertionShape {
    bool conditions = true;
    bool issuer_format = true;
    std::string name_qualifier;  ///< on the Subject's NameID; empty = none
    int64_t issued_at = now();
};

// A VIHF signed by the test professional, shaped as real cards' assertions may be.
std::string signed_assertion(const AssertionShape& shape) {
    tk::VihfContent content;
    content.assertion_id = "_wire-test";
    content.issuer_subject = "CN=810100000011";
    content.subject_name_id = "810100000011";
    content.subject_display = "ISABELLE MEDECIN-TEST";
    content.issue_instant_unix = shape.issued_at;
    content.not_before_unix = shape.issued_at;
    content.not_on_or_after_unix = shape.issued_at + 3600;
    pugi::xml_document doc;
    tk::build_vihf(doc, content);
    pugi::xml_node assertion = doc.document_element();
    if (!shape.conditions) assertion.remove_child("saml2:Conditions");
    if (!shape.issuer_format) assertion.child("saml2:Issuer").remove_attribute("Format");
    if (!shape.name_qualifier.empty())
        assertion.child("saml2:Subject").child("saml2:NameID").append_attribute("NameQualifier") =
            shape.name_qualifier.c_str();
    tk::SignRequest request;
    request.element = assertion;
    request.insert_after = assertion.child("saml2:Issuer");
    request.certificates = {leaf_der(pki("professional.pem"))};
    tk::sign_enveloped(request, signer_from(pki("professional.key")));
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

// curl against a sandbox endpoint; the output ends with the HTTP status (000: no HTTP answer).
ToolRun curl_post(const std::string& url, const std::string& identity, const std::string& body_file) {
    const std::string certificate =
        identity.empty() ? "" : " --cert '" + pki(identity + ".pem") + "' --key '" + pki(identity + ".key") + "'";
    return run_tool("curl -s -w '\\n%{http_code}' --cacert '" + pki("root-ca.pem") + "'" + certificate +
                    " -H 'Content-Type: application/soap+xml; charset=utf-8' --data-binary @'" + body_file + "' '" +
                    url + "'");
}

std::string last_line(const std::string& text) { return text.substr(text.rfind('\n') + 1); }

// The server journals a refusal once its handshake has failed, which the client may see first.
json refusals_after(const sb::Sandbox& sandbox, size_t expected) {
    for (int i = 0; i < 200 && sandbox.tls_refusals().size() < expected; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return sandbox.tls_refusals();
}

}  // namespace

TEST_CASE("ContexteLPS carries the Version its public schema requires", "[sandbox][wire]") {
    const std::string lps = contexte_lps("TEST-0001");
    pugi::xml_document doc;
    REQUIRE_FALSE(tk::load_xml(doc, lps));
    CHECK(std::string(doc.document_element().attribute("Version").value()) == cnam::ctxlps_version);
    const auto data = data_with_public_schemas();
    REQUIRE(data->schemas->covers(cnam::ctxlps_namespace));
    CHECK(data->schemas->validate(cnam::ctxlps_namespace, lps) == std::nullopt);
}

TEST_CASE("with the public schemas the sandbox refuses a ContexteLPS its schema refuses", "[sandbox][wire]") {
    const auto config = pipeline_config();
    std::string lps = contexte_lps("TEST-0001");
    const std::string version = std::string(R"( Version=")") + cnam::ctxlps_version + R"(")";
    REQUIRE(lps.find(version) != std::string::npos);
    lps.erase(lps.find(version), version.size());
    const auto fault = read_fault(refusal_of(soap_request(lps), echo_rules(false), config), *config.schemas);
    CHECK(fault.subcode == std::string("siram:") + cnam::malformed_request);
    CHECK_THAT(fault.reason, Catch::Contains("ContexteLPS non conforme"));
    CHECK_THAT(fault.erreur_text, Catch::Contains("Version"));
    CHECK(fault.schema_problem == std::nullopt);
    // The same request with the Version goes through.
    CHECK(std::holds_alternative<sb::SoapCall>(
        sb::accept_soap(soap_request(contexte_lps("TEST-0001")), echo_rules(false), config, now())));
}

TEST_CASE("sandbox faults are answered as the real services answer them", "[sandbox][wire]") {
    const auto config = pipeline_config();
    SECTION("unknown software: HTTP 500, siram_100, Erreur code desir_550, the real text") {
        const sb::HttpAnswer answer = refusal_of(soap_request(contexte_lps("UNKNOWN-9")), echo_rules(false), config);
        CHECK(answer.status == 500);
        CHECK_THAT(answer.content_type, Catch::Contains("application/soap+xml"));
        const auto fault = read_fault(answer, *config.schemas);
        CHECK(fault.code == soap12::fault_sender);
        CHECK(fault.subcode == "siram:siram_100");
        CHECK(fault.reason == cnam::reason::unknown_software);
        CHECK(fault.erreur_code == cnam::unknown_software_detail);
        CHECK(fault.severity == cnam::severity::error);
        CHECK_THAT(fault.message_id, Catch::StartsWith("uuid:"));
        CHECK(fault.schema_problem == std::nullopt);
    }
    SECTION("the soap_fault fault kind: a Receiver fault, siram_40, temporarily unavailable") {
        sb::HttpAnswer answer{200, "application/soap+xml", {}, "<ok/>"};
        sb::FaultPlan::apply(sb::FaultDecision{sb::FaultKind::soap_fault, 0, "soap_fault"}, answer);
        CHECK(answer.status == 500);
        const auto fault = read_fault(answer, *config.schemas);
        CHECK(fault.code == soap12::fault_receiver);
        CHECK(fault.subcode == std::string("siram:") + cnam::temporarily_unavailable);
        CHECK(fault.reason == cnam::reason::temporarily_unavailable);
        CHECK(fault.schema_problem == std::nullopt);
    }
    SECTION("every fault has a Detail, WS-Addressing and version faults included") {
        auto request = soap_request(contexte_lps("TEST-0001"));
        request.body.replace(request.body.find(echo_action), std::string(echo_action).size(), "urn:unknown");
        const auto fault = read_fault(refusal_of(request, echo_rules(false), config), *config.schemas);
        CHECK(fault.subcode == "wsa:ActionNotSupported");
        CHECK(fault.erreur_code == "ActionNotSupported");
        CHECK(fault.schema_problem == std::nullopt);
        const auto version =
            read_fault(sb::soap_fault_answer(soap12::fault_version_mismatch, "", "SOAP 1.2 attendu"), *config.schemas);
        CHECK(version.erreur_code == "VersionMismatch");
        CHECK(version.schema_problem == std::nullopt);
    }
    SECTION("the public schema does catch a fault without its code") {
        auto answer = sb::soap_fault_answer(soap12::fault_sender, cnam::access_refused, "x", "desir_550");
        answer.body.replace(answer.body.find(R"(code="desir_550")"), 16, "");
        CHECK(read_fault(answer, *config.schemas).schema_problem.has_value());
    }
}

TEST_CASE("SAML assertions as real cards sign them are accepted", "[sandbox][wire][saml]") {
    const auto config = pipeline_config();
    const auto accepted = [&](const AssertionShape& shape, int64_t at = now()) {
        return sb::accept_soap(soap_request(contexte_lps("TEST-0001"), signed_assertion(shape)), echo_rules(true),
                               config, at);
    };
    SECTION("without Conditions (minOccurs=0): valid from IssueInstant for the configured lifetime") {
        AssertionShape shape;
        shape.conditions = false;
        const auto outcome = accepted(shape);
        INFO((std::holds_alternative<sb::HttpAnswer>(outcome) ? std::get<sb::HttpAnswer>(outcome).body : ""));
        REQUIRE(std::holds_alternative<sb::SoapCall>(outcome));
        CHECK(std::get<sb::SoapCall>(outcome).vihf->name_id == "810100000011");
    }
    SECTION("without Conditions and issued longer ago than the lifetime: siram_42") {
        AssertionShape shape;
        shape.conditions = false;
        shape.issued_at = now() - 7200;
        const auto outcome = accepted(shape);
        REQUIRE(std::holds_alternative<sb::HttpAnswer>(outcome));
        const auto fault = read_fault(std::get<sb::HttpAnswer>(outcome), *config.schemas);
        CHECK(fault.subcode == std::string("siram:") + cnam::assertion_out_of_window);
        CHECK_THAT(fault.erreur_text, Catch::Contains("IssueInstant"));
    }
    SECTION("an Issuer without Format, and each NameQualifier real cards carry") {
        for (const char* qualifier : {"CPS", "CPF", "CDE-CPE", "CPA", "CPX", "VITALE"}) {
            INFO(qualifier);
            AssertionShape shape;
            shape.issuer_format = false;
            shape.name_qualifier = qualifier;
            CHECK(std::holds_alternative<sb::SoapCall>(accepted(shape)));
        }
    }
}

TEST_CASE("INSi's structure endpoint wants exactly INSI-AUTO or INSI-MANU, its card endpoint a VIHF",
          "[sandbox][wire]") {
    const auto config = pipeline_config();
    auto request = soap_request(contexte_lps("TEST-0001"));
    request.listener = sb::mutual_tls_listener;
    SECTION("INSI-AUTO and INSI-MANU, no VIHF: accepted on the structure endpoint") {
        for (const char* cn : {"INSI-AUTO", "INSI-MANU"}) {
            request.client_subject = std::string("CN=") + cn + ",OU=10B0000001,O=CENTRE DE SANTE TEST GUICHET,C=FR";
            CHECK(std::holds_alternative<sb::SoapCall>(sb::accept_soap(request, insi_rules(), config, now())));
        }
    }
    SECTION("a CN that merely contains INSI-AUTO, or a professional: siram_100 / desir_560") {
        for (const char* subject : {"CN=INSI-AUTOMATE,O=X,C=FR", "CN=XINSI-AUTO,C=FR", "O=CN=INSI-AUTO,CN=OTHER",
                                    "CN=810100000011,O=CABINET,C=FR"}) {
            INFO(subject);
            request.client_subject = subject;
            const auto fault = read_fault(refusal_of(request, insi_rules(), config), *config.schemas);
            CHECK(fault.subcode == std::string("siram:") + cnam::access_refused);
            CHECK(fault.erreur_code == cnam::insufficient_rights_detail);
            CHECK(fault.schema_problem == std::nullopt);
        }
    }
    SECTION("a structure certificate on the card endpoint does not replace the VIHF: siram_40") {
        request.listener = sb::card_listener;
        request.client_subject = "CN=INSI-AUTO,O=X,C=FR";
        const auto fault = read_fault(refusal_of(request, insi_rules(), config), *config.schemas);
        CHECK(fault.subcode == std::string("siram:") + cnam::assertion_missing);
    }
}

TEST_CASE("client.json lists INSi's two endpoints, the accepted software and the professional's PKCS#12",
          "[sandbox][wire]") {
    RunningSandbox s;
    const json config = json::parse(read_text(s.state.path("state/client.json")));
    const std::string card = config["endpoints"]["insi/1"];
    const std::string structure = config["structure_endpoints"]["insi/1"];
    CHECK(card == s.sandbox->card_url() + "/insi");
    CHECK(structure == s.sandbox->services_url() + "/insi");
    CHECK(config["endpoints"]["adri/1"] == s.sandbox->services_url() + "/adri");
    CHECK_FALSE(config["structure_endpoints"].contains("adri/1"));

    const auto data = sb::SandboxData::load(sb::default_data_dir(), "", {});
    REQUIRE(config.contains("software"));
    CHECK(data->authorisation_numbers.count(config["software"]["authorisation_number"].get<std::string>()) == 1);
    CHECK_FALSE(config["software"]["name"].get<std::string>().empty());
    CHECK_FALSE(config["software"]["version"].get<std::string>().empty());

    const std::string p12_file = config["sandbox"]["professional_pkcs12"];
    FILE* f = std::fopen(p12_file.c_str(), "rb");
    REQUIRE(f != nullptr);
    PKCS12* p12 = d2i_PKCS12_fp(f, nullptr);
    std::fclose(f);
    REQUIRE(p12 != nullptr);
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    const std::string passphrase = config["sandbox"]["pkcs12_passphrase"];
    CHECK(PKCS12_parse(p12, passphrase.c_str(), &key, &cert, nullptr) == 1);
    REQUIRE(cert != nullptr);
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
    CHECK_THAT(std::string(subject), Catch::Contains("CN=810100000011"));
    X509_free(cert);
    EVP_PKEY_free(key);
    PKCS12_free(p12);
}

TEST_CASE("over TLS: the card endpoint asks for no certificate, the mutual one refuses and journals why",
          "[sandbox][wire]") {
    RunningSandbox s(1, true);
    const json config = s.sandbox->client_config();
    const std::string body = s.state.write("request.xml", soap_request(contexte_lps("TEST-0001")).body);
    SECTION("INSi's card endpoint without a client certificate: TLS passes, the missing VIHF is refused") {
        const ToolRun run = curl_post(config["endpoints"]["insi/1"], "", body);
        CHECK(last_line(run.output) == "500");
        CHECK_THAT(run.output, Catch::Contains("soap:Fault"));  // INSi itself refused, not TLS
        CHECK(s.sandbox->tls_refusals().empty());
    }
    SECTION("the mutual-TLS endpoint without a client certificate: refused in TLS, journaled with the reason") {
        const ToolRun run = curl_post(config["structure_endpoints"]["insi/1"], "", body);
        CHECK(last_line(run.output) == "000");
        const json refusals = refusals_after(*s.sandbox, 1);
        REQUIRE(refusals.size() == 1);
        CHECK(refusals[0]["kind"] == "tls_refusal");
        CHECK(refusals[0]["listener"] == sb::mutual_tls_listener);
        CHECK_THAT(refusals[0]["reason"].get<std::string>(), Catch::Contains("certificate"));
        CHECK(s.sandbox->journal_query(0).empty());  // exchanges only, by default
        CHECK_THAT(s.admin("GET", "/admin/journal?kind=tls_refusal"), Catch::Contains("tls_refusal"));
    }
    SECTION("a certificate from an unknown CA on the card endpoint is refused too, and journaled") {
        CHECK(last_line(curl_post(config["endpoints"]["insi/1"], "professional-wrong-ca", body).output) == "000");
        const json refusals = refusals_after(*s.sandbox, 1);
        REQUIRE(refusals.size() == 1);
        CHECK(refusals[0]["listener"] == sb::card_listener);
    }
}

TEST_CASE("a request body over the bound is answered 413", "[sandbox][wire]") {
    sb::HttpServer::Options options;
    options.max_request_body = 1024;
    sb::HttpServer server(options, [](const sb::HttpRequestIn&) {
        return sb::HttpAnswer{200, "text/plain", {}, "ok"};
    });
    TempDir dir("body");
    const std::string small = dir.write("small.txt", std::string(1000, 'a'));
    const std::string large = dir.write("large.txt", std::string(5000, 'a'));
    const auto status_for = [&](const std::string& file) {
        return last_line(
            run_tool("curl -s -w '\\n%{http_code}' --data-binary @'" + file + "' '" + server.base_url() + "/'").output);
    };
    CHECK(status_for(small) == "200");
    CHECK(status_for(large) == "413");
    CHECK(sb::SandboxOptions{}.max_request_body == 20 * 1024 * 1024);  // the documented default
}

TEST_CASE("a structure-mode session reaches the structure endpoint, a card-mode one the common endpoint",
          "[sandbox][wire][session]") {
    RunningSandbox s;
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);
    json context = s.sandbox->client_config();
    // echo/1 given a dead common endpoint and a live structure one: only a structure-mode session answers.
    context["endpoints"]["echo/1"] = "https://127.0.0.1:1/echo";
    context["structure_endpoints"]["echo/1"] = s.sandbox->services_url() + "/echo";
    context["authentication_mode"] = "structure";
    guichet_session* structure = open_session(runtime.get(), context.dump());
    const auto answered = call(structure, "echo/1", "remote", R"({"message":"x"})", 10'000);
    INFO(answered.message);
    CHECK(answered.status == GUICHET_OK);
    context["authentication_mode"] = "card";
    guichet_session* card = open_session(runtime.get(), context.dump());
    CHECK(call(card, "echo/1", "remote", R"({"message":"x"})", 10'000).status != GUICHET_OK);
}

TEST_CASE("structure_endpoints of the wrong type is named by its JSON pointer", "[session]") {
    using guichet::common::read_session_document;
    guichet::common::SessionDocument out;
    const auto not_object = read_session_document(R"({"structure_endpoints": "https://x"})", out);
    CHECK(not_object.status == GUICHET_E_INVALID_ARGUMENT);
    CHECK(not_object.field == "/structure_endpoints");
    const auto not_url = read_session_document(R"({"structure_endpoints": {"insi/1": 3}})", out);
    CHECK(not_url.field == "/structure_endpoints/insi~11");
    REQUIRE(read_session_document(R"({"structure_endpoints": {"insi/1": "https://h/insi"}})", out));
    CHECK(out.structure_endpoints.at("insi/1") == "https://h/insi");
}

namespace {

struct Latency {
    double median_ms;
    double max_ms;
};

// curl (libcurl, as the host) on new mutual TLS 1.3 connections: milliseconds from the
// connection being established to the first byte of the answer (time_starttransfer - time_appconnect).
Latency first_answer_latency(bool tcp_nodelay) {
    sb::HttpServer::Options options;
    options.tls = true;
    options.certificate_chain = pki("server.pem");
    options.private_key = pki("server.key");
    options.client_ca = pki("client-cas.pem");
    options.require_client_certificate = true;
    options.tcp_nodelay = tcp_nodelay;
    sb::HttpServer server(options, [](const sb::HttpRequestIn&) {
        return sb::HttpAnswer{200, "application/json", {}, R"({"message":")" + std::string(1500, 'x') + R"("})"};
    });
    std::vector<double> samples;
    for (int i = 0; i < 9; ++i) {
        const ToolRun run = run_tool(
            "curl -s -o /dev/null --tlsv1.3 -w '%{time_appconnect} %{time_starttransfer}'"
            " --cacert '" +
            pki("root-ca.pem") + "' --cert '" + pki("professional.pem") + "' --key '" + pki("professional.key") +
            "' -d '{\"message\":\"x\"}' '" + server.base_url() + "/echo'");
        REQUIRE(run.exit_code == 0);
        double connected = 0;
        double first_byte = 0;
        REQUIRE(std::sscanf(run.output.c_str(), "%lf %lf", &connected, &first_byte) == 2);
        samples.push_back((first_byte - connected) * 1000.0);
    }
    std::sort(samples.begin(), samples.end());
    return {samples[samples.size() / 2], samples.back()};
}

// TCP_NODELAY on the server's side of a connection to `port`: the server runs in this process,
// so its accepted socket is one of our descriptors. Waits (up to 10 s) for the accept; -1 if none.
int accepted_socket_nodelay(uint16_t port) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
        for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
            const int fd = std::stoi(entry.path().filename().string());
            sockaddr_in local{};
            socklen_t size = sizeof local;
            if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0 || local.sin_family != AF_INET ||
                ntohs(local.sin_port) != port)
                continue;
            int listening = 0, nodelay = 0;
            socklen_t int_size = sizeof listening;
            if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &int_size) != 0 || listening) continue;
            // The server sets the option just after accept(): let it, or we may read the socket in
            // between (CI saw 0 under load).
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            int_size = sizeof nodelay;
            if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &int_size) == 0) return nodelay != 0 ? 1 : 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

int nodelay_of_a_connection(bool tcp_nodelay) {
    sb::HttpServer::Options options;
    options.tcp_nodelay = tcp_nodelay;
    sb::HttpServer server(options, [](const sb::HttpRequestIn&) { return sb::HttpAnswer{}; });
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket client(io);
    client.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    return accepted_socket_nodelay(server.port());
}

}  // namespace

TEST_CASE("the sandbox's accepted sockets carry TCP_NODELAY, so Nagle's algorithm holds back no answer",
          "[sandbox][wire][latency]") {
    // Checked on the socket itself (a timing threshold would fail on a loaded machine); the
    // server without the option shows the check can fail.
    CHECK(nodelay_of_a_connection(true) == 1);
    CHECK(nodelay_of_a_connection(false) == 0);
    // Shown in the test log, never asserted: the measurement docs/sandbox.md quotes.
    const Latency without = first_answer_latency(false);
    const Latency with = first_answer_latency(true);
    std::printf(
        "first answer on a new mutual TLS 1.3 connection (curl, 9 connections): without TCP_NODELAY median "
        "%.1f ms, max %.1f ms; with TCP_NODELAY median %.1f ms, max %.1f ms\n",
        without.median_ms, without.max_ms, with.median_ms, with.max_ms);
}
