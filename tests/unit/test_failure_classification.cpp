// Every failure classified by what the caller must do (docs/status-codes.md, "Faults and HTTP
// statuses"): the table row by row, first on the toolkit's functions, then end to end through
// the template plugin's soap-echo/1, with faults from the sandbox and recorded CNAM answers
// injected as the real services send them (HTTP 500, siram:Erreur with code and severite).
#include "running_sandbox.hpp"

#include <guichet/common/abi_glue.hpp>
#include <guichet/contracts/cnam.hpp>
#include <guichet/toolkit/failure_classification.hpp>
#include <guichet/toolkit/soap.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <tuple>

using namespace guichet::test;
namespace tk = guichet::toolkit;
namespace cnam = guichet::contracts::cnam;
using guichet::common::ErrorDetail;

namespace {

// A fault as a real CNAM service writes it (recorded answers; schema_faultSOAP_V01_01).
std::string cnam_fault(const std::string& code, const std::string& subcode, const std::string& reason,
                       const std::string& detail_code, const std::string& severity, const std::string& explanation) {
    return R"(<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:siram="urn:siram">)"
           R"(<soap:Body><soap:Fault><soap:Code><soap:Value>)" +
           code + R"(</soap:Value><soap:Subcode><soap:Value>siram:)" + subcode +
           R"(</soap:Value></soap:Subcode></soap:Code><soap:Reason><soap:Text xml:lang="fr">)" + reason +
           R"(</soap:Text></soap:Reason><soap:Detail><siram:Erreur code=")" + detail_code + R"(" severite=")" +
           severity + R"(" messageID="uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427">)" + explanation +
           R"(</siram:Erreur></soap:Detail></soap:Fault></soap:Body></soap:Envelope>)";
}

std::string unknown_software_fault() {
    return cnam_fault("soap:Sender", "siram_100", "Accès refusé", "desir_550", "erreur",
                      cnam::reason::unknown_software);
}

tk::SoapFault parsed_fault(const std::string& xml) {
    tk::SoapResponse response;
    const auto problem = tk::parse_soap_response(xml, response);
    INFO(problem.value_or(""));
    REQUIRE(!problem);
    REQUIRE(response.fault);
    return *response.fault;
}

tk::SoapFault fault(const std::string& code, const std::string& subcode, const std::string& detail_code = {}) {
    return parsed_fault(cnam_fault(code, subcode, "texte", detail_code.empty() ? subcode : detail_code, "erreur", ""));
}

struct Detailed {
    guichet_status status;
    ErrorDetail error;
};

// The whole guichet_error, 1.2 members included, as an application reads it.
Detailed call_detailed(guichet_session* session, const std::string& service, const std::string& operation,
                       const std::string& request) {
    guichet_result* raw = nullptr;
    const guichet_status status =
        guichet_call(session, service.c_str(), operation.c_str(), request.data(), request.size(), 10'000, &raw);
    ResultPtr result(raw);
    REQUIRE(result != nullptr);
    Detailed out{status, {}};
    if (const guichet_error* e = guichet_result_error(result.get())) {
        CHECK(e->struct_size == sizeof(guichet_error));
        out.error = ErrorDetail::copy_of(*e);
    }
    return out;
}

struct SoapEchoSession {
    RunningSandbox s;
    RuntimePtr runtime;
    guichet_session* session = nullptr;
    SoapEchoSession() {
        runtime = make_runtime();
        REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);
        session = open_session(runtime.get(), s.sandbox->client_config().dump());
    }
    void inject(int status, const std::string& body) const {
        s.sandbox->inject("soap-echo/1", "", status, "application/soap+xml; charset=utf-8", body);
    }
    Detailed echo() const { return call_detailed(session, "soap-echo/1", "echo", R"({"message":"x"})"); }
};

}  // namespace

TEST_CASE("a real CNAM fault keeps both codes, the severity and the reason", "[classification]") {
    const tk::SoapFault f = parsed_fault(unknown_software_fault());
    CHECK(f.code == "soap:Sender");
    CHECK(f.subcode == "siram:siram_100");
    CHECK(f.detail_code == "desir_550");
    CHECK(f.severity == "erreur");
    CHECK(f.reason == "Accès refusé");
    CHECK(f.detail == cnam::reason::unknown_software);

    const tk::Error e = tk::fault_error(f, 500, 0);
    CHECK(e.status() == GUICHET_E_REMOTE_FAULT);
    CHECK(e.remote_code() == "siram_100");
    CHECK(e.remote_detail_code() == "desir_550");
    CHECK(e.remote_severity() == "erreur");
    CHECK(e.user_message() == "Accès refusé");
    CHECK(e.http_status() == 500);
    CHECK_FALSE(e.retryable());
    CHECK_THAT(std::string(e.what()), Catch::Contains("siram_100") && Catch::Contains("desir_550"));
}

TEST_CASE("faults the service is to blame for are retryable SERVICE_UNAVAILABLE", "[classification]") {
    using Row = std::tuple<const char*, const char*, const char*>;
    for (const auto& [code, subcode, detail] :
         {Row{"soap:Receiver", "siram_40", "siram_40"}, Row{"soap:Receiver", "siram_100", "desir_550"},
          Row{"soap:Receiver", "siram_500", "siram_500"}, Row{"soap:Sender", "siram_500", "siram_500"},
          Row{"soap:Sender", "insi_101", "insi_101"}, Row{"soap:Sender", "siram_100", "insi_102"},
          Row{"env:Receiver", "siram_1", "x"}}) {
        INFO(code << " " << subcode << " " << detail);
        const tk::Classification c = tk::classify_fault(fault(code, subcode, detail));
        CHECK(c.status == GUICHET_E_SERVICE_UNAVAILABLE);
        CHECK(c.retryable);
    }
}

TEST_CASE("refusals of the request are REMOTE_FAULT, not retryable", "[classification]") {
    using Row = std::pair<const char*, const char*>;
    for (const auto& [subcode, detail] :
         {Row{"siram_100", "desir_550"}, Row{"siram_100", "desir_560"}, Row{"siram_40", "siram_40"},
          Row{"siram_41", "siram_41"}, Row{"siram_42", "siram_42"}, Row{"siram_43", "siram_43"},
          Row{"siram_10", "siram_10"}, Row{"siram_20", "siram_20"}, Row{"siram_50", "siram_50"}}) {
        INFO(subcode << " " << detail);
        const tk::Classification c = tk::classify_fault(fault("soap:Sender", subcode, detail));
        CHECK(c.status == GUICHET_E_REMOTE_FAULT);
        CHECK_FALSE(c.retryable);
    }
    CHECK(tk::classify_fault(fault("soap:VersionMismatch", "x")).status == GUICHET_E_REMOTE_FAULT);
}

TEST_CASE("HTTP statuses without a fault, row by row", "[classification]") {
    for (int unavailable : {429, 502, 503, 504}) {
        INFO(unavailable);
        CHECK(tk::classify_http_status(unavailable).status == GUICHET_E_SERVICE_UNAVAILABLE);
        CHECK(tk::classify_http_status(unavailable).retryable);
    }
    for (int other : {400, 404, 413, 500, 101, 302}) {
        INFO(other);
        CHECK(tk::classify_http_status(other).status == GUICHET_E_HTTP_STATUS);
        CHECK_FALSE(tk::classify_http_status(other).retryable);
    }
    const tk::Error e = tk::http_status_error(503, 120);
    CHECK(e.retry_after_s() == 120);
    CHECK(tk::http_status_error(413, 120).retry_after_s() == 0);  // not retryable: no delay
}

TEST_CASE("Retry-After is read in seconds or as an HTTP date", "[classification]") {
    const int64_t now = 1'445'412'480;  // Wed, 21 Oct 2015 07:28:00 GMT
    CHECK(tk::retry_after_seconds("120", now) == 120u);
    CHECK(tk::retry_after_seconds(" 0 ", now) == 0u);
    CHECK(tk::retry_after_seconds("Wed, 21 Oct 2015 07:30:00 GMT", now) == 120u);
    CHECK(tk::retry_after_seconds("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0u);  // already past
    CHECK(tk::retry_after_seconds("99999999999999999999999", now) == 86'400u);   // capped at a day
    CHECK_FALSE(tk::retry_after_seconds("soon", now));
    CHECK_FALSE(tk::retry_after_seconds("-5", now));
    CHECK_FALSE(tk::retry_after_seconds("", now));
}

TEST_CASE("an injected Receiver fault is SERVICE_UNAVAILABLE with the service's words", "[classification]") {
    SoapEchoSession e;
    e.inject(500, cnam_fault("soap:Receiver", "siram_40", cnam::reason::temporarily_unavailable, "siram_40", "fatale",
                             "indisponible"));
    const Detailed out = e.echo();
    CHECK(out.status == GUICHET_E_SERVICE_UNAVAILABLE);
    CHECK(out.error.retryable);
    CHECK(out.error.remote_code == "siram_40");
    CHECK(out.error.remote_detail_code == "siram_40");
    CHECK(out.error.remote_severity == "fatale");
    CHECK(out.error.http_status == 500);
    CHECK(out.error.user_message == cnam::reason::temporarily_unavailable);
}

TEST_CASE("an injected siram_100/desir_550 is refused with both codes and the reason", "[classification]") {
    SoapEchoSession e;
    e.inject(500, unknown_software_fault());
    const Detailed out = e.echo();
    CHECK(out.status == GUICHET_E_REMOTE_FAULT);
    CHECK_FALSE(out.error.retryable);
    CHECK(out.error.remote_code == "siram_100");
    CHECK(out.error.remote_detail_code == "desir_550");
    CHECK(out.error.remote_severity == "erreur");
    CHECK(out.error.user_message == "Accès refusé");
    CHECK_THAT(out.error.message, Catch::Contains("desir_550"));
}

TEST_CASE("injected siram_500 and insi_101 at HTTP 500 are retryable", "[classification]") {
    SoapEchoSession e;
    e.inject(500, cnam_fault("soap:Receiver", "siram_500", "Erreur interne", "siram_500", "fatale", ""));
    CHECK(e.echo().status == GUICHET_E_SERVICE_UNAVAILABLE);
    e.inject(500, cnam_fault("soap:Sender", "insi_101", "Service INSi indisponible", "insi_101", "erreur", ""));
    const Detailed out = e.echo();
    CHECK(out.status == GUICHET_E_SERVICE_UNAVAILABLE);
    CHECK(out.error.retryable);
}

TEST_CASE("the sandbox's faults on a SOAP service are classified as the table says", "[classification]") {
    SoapEchoSession e;
    const std::vector<std::tuple<std::string, guichet_status, bool>> rows = {
        {"http_503", GUICHET_E_SERVICE_UNAVAILABLE, true},
        {"soap_fault", GUICHET_E_SERVICE_UNAVAILABLE, true},  // soap:Receiver siram_500
        {"http_500", GUICHET_E_HTTP_STATUS, false},           // 500 without a fault
    };
    for (const auto& [kind, status, retryable] : rows) {
        INFO(kind);
        e.s.admin("POST", "/admin/faults", R"({"kind":")" + kind + R"(","service":"soap-echo/1","count":1})");
        const Detailed out = e.echo();
        INFO(out.error.message);
        CHECK(out.status == status);
        CHECK(out.error.retryable == retryable);
        CHECK_FALSE(out.error.user_message.empty());
        CHECK(e.echo().status == GUICHET_OK);
    }
}

TEST_CASE("an injected 413 is not retryable and a 504 is", "[classification]") {
    SoapEchoSession e;
    e.inject(413, "request too large");
    const Detailed too_large = e.echo();
    CHECK(too_large.status == GUICHET_E_HTTP_STATUS);
    CHECK(too_large.error.http_status == 413);
    CHECK_FALSE(too_large.error.retryable);
    e.inject(504, "<html>gateway timeout</html>");
    const Detailed gateway = e.echo();
    CHECK(gateway.status == GUICHET_E_SERVICE_UNAVAILABLE);
    CHECK(gateway.error.retryable);
    CHECK(gateway.error.user_message == "Le service est momentanément indisponible, réessayez plus tard.");
}

TEST_CASE("answers carrying characters XML forbids are BAD_RESPONSE, not INTERNAL", "[classification]") {
    // Bytes that are not UTF-8 cannot go through the sandbox's journal: test_failure_http.cpp
    // serves those raw.
    SoapEchoSession e;
    const std::string envelope_start =
        R"(<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">)"
        R"(<soap:Body><e:EchoResponse xmlns:e="urn:guichet:sandbox:echo:1.0"><e:Message>)";
    const std::string envelope_end = "</e:Message></e:EchoResponse></soap:Body></soap:Envelope>";
    for (const std::string& bad : {std::string("a\x01z"), std::string("&#1;"), std::string("&#xFFFE;")}) {
        INFO(bad);
        e.inject(200, envelope_start + bad + envelope_end);
        const Detailed out = e.echo();
        INFO(out.error.message);
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
        CHECK(out.error.user_message == "La réponse du service est illisible.");
    }
    e.inject(200, envelope_start + "café ✓ 𝄞" + envelope_end);
    CHECK(e.echo().status == GUICHET_OK);
}
