// XML signature wrapping against the sandbox: a VIHF signed by the plugin, recorded from the
// journal, then wrapped as an attacker would (Somorovsky et al. 2012). Every wrapped request is
// refused with siram_41, or, where the genuine signature legitimately covers the VIHF, the
// sandbox reads the genuine NameID; the forged one is never answered as accepted.
#include "running_sandbox.hpp"

#include <guichet/toolkit/xml_c14n.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace guichet::test;
using nlohmann::json;
namespace tk = guichet::toolkit;

namespace {

constexpr const char* forged_name_id = "FORGED-999";
constexpr const char* genuine_name_id = "810100000011";

struct WrappingSandbox : RunningSandbox {
    WrappingSandbox() : RunningSandbox(1, true) {}  // the journal keeps requests in clear

    // A request as the template plugin's soap-echo/1 sends it, with its signed VIHF.
    std::string recorded_request() {
        auto config = base_config();
        config.authorisation_number = "TEST-0001";
        auto runtime = make_runtime(config);
        REQUIRE(guichet_runtime_load_plugin(runtime.get(), (plugin_dir() + "/template.so").c_str()) == GUICHET_OK);
        guichet_session* session = open_session(runtime.get(), sandbox->client_config().dump());
        REQUIRE(call(session, "soap-echo/1", "echo", json{{"message", "bonjour"}}.dump(), 10'000).status == GUICHET_OK);
        return sandbox->journal_query(0, "soap-echo/1").back()["request"].get<std::string>();
    }

    // POSTs a raw body with the professional's certificate; the output ends with the HTTP status.
    ToolRun post(const std::string& body) const {
        const std::string file = state.write("wrapped.xml", body);
        return run_tool("curl -s -w '\\n%{http_code}' --cacert '" + pki_dir() + "/root-ca.pem' --cert '" + pki_dir() +
                        "/professional.pem' --key '" + pki_dir() +
                        "/professional.key' -H 'Content-Type: application/soap+xml; charset=utf-8' --data-binary @'" +
                        file + "' '" + sandbox->client_config()["endpoints"]["soap-echo/1"].get<std::string>() + "'");
    }
};

pugi::xml_node child_named(pugi::xml_node parent, const char* local) {
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element && tk::local_name(c.name()) == local) return c;
    return {};
}

// The recorded request taken apart: its Security header, the genuine VIHF, and a forged copy of
// it (another ID, another NameID) inserted before it, which the variants then rearrange.
struct Request {
    pugi::xml_document doc;
    pugi::xml_node security, genuine, forged;

    explicit Request(const std::string& text) {
        REQUIRE(doc.load_string(text.c_str(), tk::xml_parse_options));
        security = child_named(child_named(doc.document_element(), "Header"), "Security");
        genuine = child_named(security, "Assertion");
        REQUIRE(genuine);
        forged = security.insert_copy_before(genuine, genuine);
        forged.attribute("ID").set_value("_forged");
        child_named(child_named(forged, "Subject"), "NameID").text().set(forged_name_id);
    }
    pugi::xml_node signature_of(pugi::xml_node assertion) const { return child_named(assertion, "Signature"); }
    std::string text() const {
        std::ostringstream out;
        doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
        return out.str();
    }
};

int http_status_of(const ToolRun& run) { return std::stoi(run.output.substr(run.output.rfind('\n') + 1)); }

void check_refused(const WrappingSandbox& s, const std::string& request) {
    const ToolRun run = s.post(request);
    INFO(run.output);
    CHECK(http_status_of(run) == 500);
    CHECK_THAT(run.output, Catch::Contains("siram:siram_41"));
    CHECK_THAT(run.output, !Catch::Contains(forged_name_id));
}

// No journaled answer ever carries the forged NameID: soap-echo answers with the professional it
// read from the VIHF, so an accepted forged assertion would show there.
void check_forged_never_accepted(const WrappingSandbox& s) {
    for (const auto& exchange : s.sandbox->journal_query(0, "soap-echo/1")) {
        const std::string response = exchange["response"].get<std::string>();
        INFO(response);
        CHECK(response.find(forged_name_id) == std::string::npos);
        if (exchange["request"].get<std::string>().find(forged_name_id) != std::string::npos &&
            exchange["status"] == 200)
            CHECK_THAT(response, Catch::Contains(genuine_name_id));
    }
}

}  // namespace

TEST_CASE("the sandbox refuses wrapped VIHFs with siram_41 and never accepts the forged NameID", "[soap][wrapping]") {
    WrappingSandbox s;
    const std::string recorded = s.recorded_request();
    SECTION("1: the signature moved into the forged assertion, the genuine one hidden in an unknown element") {
        Request r(recorded);
        r.genuine.remove_child(r.signature_of(r.genuine));
        pugi::xml_node hidden = r.security.append_child("x:Unknown");
        hidden.append_attribute("xmlns:x") = "urn:evil";
        hidden.append_move(r.genuine);
        check_refused(s, r.text());
    }
    SECTION("1: the genuine assertion hidden in the moved signature's ds:Object") {
        Request r(recorded);
        pugi::xml_node signature = r.signature_of(r.forged);
        r.genuine.remove_child(r.signature_of(r.genuine));
        const std::string prefix = tk::name_prefix(signature.name());
        signature.append_child((prefix.empty() ? "Object" : prefix + ":Object").c_str()).append_move(r.genuine);
        check_refused(s, r.text());
    }
    SECTION("2: an unsigned forged assertion before the signed one") {
        Request r(recorded);
        r.forged.remove_child(r.signature_of(r.forged));
        check_refused(s, r.text());
    }
    SECTION("3: a forged assertion with the genuine one's ID") {
        Request r(recorded);
        r.forged.remove_child(r.signature_of(r.forged));
        r.forged.attribute("ID").set_value(r.genuine.attribute("ID").value());
        r.security.append_move(r.forged);  // after the genuine one, where the services still read the first
        check_refused(s, r.text());
    }
    SECTION("4: the genuine signature moved beside the assertion it names") {
        Request r(recorded);
        r.security.remove_child(r.forged);
        r.security.append_move(r.signature_of(r.genuine));
        check_refused(s, r.text());
    }
    SECTION("5: the genuine signed assertion wrapped inside the forged one") {
        Request r(recorded);
        r.forged.remove_child(r.signature_of(r.forged));
        r.forged.append_move(r.genuine);
        check_refused(s, r.text());
    }
    check_forged_never_accepted(s);
}

TEST_CASE("with a forged assertion after the signed VIHF, the sandbox reads the genuine NameID", "[soap][wrapping]") {
    WrappingSandbox s;
    Request r(s.recorded_request());
    r.forged.remove_child(r.signature_of(r.forged));
    r.security.append_move(r.forged);  // the slot an ApCV assertion takes
    const ToolRun run = s.post(r.text());
    INFO(run.output);
    CHECK(http_status_of(run) == 200);
    CHECK_THAT(run.output, Catch::Contains(genuine_name_id) && !Catch::Contains(forged_name_id));
    check_forged_never_accepted(s);
}

TEST_CASE("a comment inside the signed NameID does not cut what the sandbox reads", "[soap][wrapping]") {
    // C14N drops comments, so the signature still holds; a reader of the first text node alone
    // would take "8101" for the professional (the 2018 SAML comment truncation).
    WrappingSandbox s;
    std::string request = s.recorded_request();
    const std::string name_id = std::string(">") + genuine_name_id + "<";
    const auto at = request.find(name_id);
    REQUIRE(at != std::string::npos);
    request.insert(at + 5, "<!---->");
    const ToolRun run = s.post(request);
    INFO(run.output);
    CHECK(http_status_of(run) == 200);
    CHECK_THAT(run.output, Catch::Contains(name_id));
}
