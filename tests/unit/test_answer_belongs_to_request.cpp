// An answer belongs to its request (issue 10): its wsa:RelatesTo is the request's MessageID, its
// wsa:Action the request's action + "Response", its payload in the namespace the plugin expects,
// one envelope with one Body element. A genuine INSi answer is recorded from the sandbox, then
// altered and injected back.
#include "running_sandbox.hpp"

#include <guichet/contracts/adri.hpp>
#include <guichet/contracts/insi.hpp>
#include <guichet/toolkit/soap.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

using namespace guichet::test;
namespace tk = guichet::toolkit;
using nlohmann::json;

namespace {

const std::string search =
    json{{"birth_name", "ADRTROIS"}, {"first_names", {"DOMINIQUE"}}, {"sex", "F"}, {"birth_date", "1963-07-12"}}.dump();

struct InsiSession {
    RunningSandbox s{1, true};  // the journal keeps the answers in clear, to replay them
    RuntimePtr runtime;
    guichet_session* session = nullptr;
    InsiSession() {
        runtime = make_runtime();
        REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
        session = open_session(runtime.get(), s.sandbox->client_config().dump());
    }
    CallOutcome search_by_traits() const { return call(session, "insi/1", "search_by_traits", search, 10'000); }
    std::string genuine_answer() const {
        const auto out = search_by_traits();
        INFO(out.message);
        REQUIRE(out.status == GUICHET_OK);
        return s.sandbox->journal_query(0, "insi/1").back()["response"].get<std::string>();
    }
    CallOutcome replayed(const std::string& answer) const {
        s.sandbox->inject("insi/1", "", 200, "application/soap+xml; charset=utf-8", answer);
        return search_by_traits();
    }
};

std::string replaced(const std::string& text, const std::string& pattern, const std::string& by) {
    const std::string out = std::regex_replace(text, std::regex(pattern), by);
    REQUIRE(out != text);
    return out;
}

const std::string relates_to = "<wsa:RelatesTo>[^<]*</wsa:RelatesTo>";
const std::string action = "<wsa:Action>[^<]*</wsa:Action>";

}  // namespace

TEST_CASE("an INSi answer with ADRi's action and a foreign RelatesTo is refused", "[answer]") {
    InsiSession i;
    const std::string answer = i.genuine_answer();
    const std::string adri_action = std::string(guichet::contracts::adri::rights_action) + "Response";
    const std::string forged = replaced(replaced(answer, relates_to, "<wsa:RelatesTo>uuid:foreign</wsa:RelatesTo>"),
                                        action, "<wsa:Action>" + adri_action + "</wsa:Action>");
    const auto out = i.replayed(forged);
    CHECK(out.status == GUICHET_E_BAD_RESPONSE);
    CHECK_THAT(out.message, Catch::Contains("RelatesTo") && Catch::Contains("uuid:foreign"));
}

TEST_CASE("each part of the answer's link to its request is checked", "[answer]") {
    InsiSession i;
    const std::string answer = i.genuine_answer();
    SECTION("the same answer replayed to the next request relates to the previous one") {
        const auto out = i.replayed(answer);
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
        CHECK_THAT(out.message, Catch::Contains("RelatesTo"));
    }
    SECTION("another action") {
        const auto out = i.replayed(replaced(replaced(answer, relates_to, ""), action,
                                             "<wsa:Action>urn:adr:1.1.0:acquerirLesDroitsResponse</wsa:Action>"));
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
        CHECK_THAT(out.message, Catch::Contains("wsa:Action") && Catch::Contains("acquerirLesDroits"));
    }
    SECTION("a payload in another namespace") {
        const auto out =
            i.replayed(replaced(replaced(answer, relates_to, ""), guichet::contracts::insi::resultat_namespace,
                                guichet::contracts::adri::answer_namespace));
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
        CHECK_THAT(out.message, Catch::Contains("namespace") && Catch::Contains("urn:ir:se_rep_adr"));
    }
    SECTION("without RelatesTo nor Action (recorded answers often have an empty header) it is accepted") {
        const auto out = i.replayed(replaced(replaced(answer, relates_to, ""), action, ""));
        INFO(out.message);
        CHECK(out.status == GUICHET_OK);
    }
    SECTION("a second element in the Body") {
        const auto out = i.replayed(
            replaced(replaced(answer, relates_to, ""), "</soap:Body>", "<x:Extra xmlns:x=\"urn:x\"/></soap:Body>"));
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
        CHECK_THAT(out.message, Catch::Contains("Body holds 2 elements"));
    }
    SECTION("a second root after the envelope") {
        const auto out = i.replayed(replaced(answer, relates_to, "") + "<soap:Envelope xmlns:soap=\"urn:y\"/>");
        CHECK(out.status == GUICHET_E_BAD_RESPONSE);
    }
}

TEST_CASE("a fault relating to another request is refused, one without RelatesTo is read", "[answer]") {
    const std::string fault_with = [](const std::string& header) {
        return R"(<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing">)"
               "<soap:Header>" +
               header +
               R"(</soap:Header><soap:Body><soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code>)"
               R"(<soap:Reason><soap:Text xml:lang="fr">Refus</soap:Text></soap:Reason></soap:Fault></soap:Body></soap:Envelope>)";
    }("<wsa:RelatesTo>uuid:other</wsa:RelatesTo><wsa:Action>http://www.w3.org/2005/08/addressing/soap/fault</wsa:Action>");
    tk::SoapResponse response;
    REQUIRE_FALSE(tk::parse_soap_response(fault_with, response));
    REQUIRE(response.fault);
    const auto mismatch = tk::mismatch_with_request(response, {"uuid:mine", "urn:a:echoResponse", "urn:a"});
    REQUIRE(mismatch);
    CHECK_THAT(*mismatch, Catch::Contains("uuid:other") && Catch::Contains("uuid:mine"));
    CHECK_FALSE(tk::mismatch_with_request(response, {"uuid:other", "urn:a:echoResponse", "urn:a"}));  // fault Action
}

TEST_CASE("a duplicated WS-Addressing header is refused", "[answer]") {
    const std::string twice =
        R"(<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing">)"
        R"(<soap:Header><wsa:RelatesTo>uuid:a</wsa:RelatesTo><wsa:RelatesTo>uuid:b</wsa:RelatesTo></soap:Header>)"
        R"(<soap:Body><p:R xmlns:p="urn:p"/></soap:Body></soap:Envelope>)";
    tk::SoapResponse response;
    const auto problem = tk::parse_soap_response(twice, response);
    REQUIRE(problem);
    CHECK_THAT(*problem, Catch::Contains("2 wsa:RelatesTo"));
}
