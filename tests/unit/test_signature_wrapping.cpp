// XML signature wrapping (Somorovsky et al., "On Breaking SAML", 2012), at the toolkit and
// through dsig/1 verify (the security plugin, as `guichet dsig verify` calls it): each
// classic variant is refused, or, where the signature legitimately verifies, the verdict's
// signed_element is the genuine assertion and a reader of that node never sees the forged one.
// xmlsec1 serves as the independent checker: it verifies some of these documents (their digests
// hold), which is why the placement rule and the signed node are needed on top of a valid signature.
#include "external_tool.hpp"
#include "pem_signer.hpp"
#include "test_runtime.hpp"

#include <guichet/toolkit/crypto.hpp>
#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace guichet::test;
namespace tk = guichet::toolkit;

namespace {

constexpr const char* genuine_text =
    R"(<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_genuine" IssueInstant="2026-11-23T00:00:00Z" Version="2.0">)"
    R"(<saml:Issuer>810100000011</saml:Issuer><saml:Subject><saml:NameID>810100000011</saml:NameID></saml:Subject></saml:Assertion>)";

constexpr const char* forged_name_id = "FORGED-ADMIN";

std::string pki(const std::string& file) { return pki_dir() + "/" + file; }

std::string raw(pugi::xml_node node) {
    std::ostringstream out;
    node.print(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

// The genuine assertion signed as sign_enveloped makes it, and its two halves as an attacker
// who took it apart holds them: the assertion without its signature, and the signature alone.
struct Genuine {
    std::string signed_assertion;
    std::string unsigned_assertion;
    std::string signature;
};

Genuine genuine() {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(genuine_text, tk::xml_parse_options));
    tk::SignRequest request;
    request.element = doc.document_element();
    request.insert_after = request.element.child("saml:Issuer");
    request.certificates = {leaf_der(pki("professional.pem"))};
    tk::sign_enveloped(request, signer_from(pki("professional.key")));
    Genuine g;
    g.signed_assertion = raw(doc.document_element());
    const pugi::xml_node signature = doc.document_element().child("ds:Signature");
    g.signature = raw(signature);
    doc.document_element().remove_child(signature);
    g.unsigned_assertion = raw(doc.document_element());
    return g;
}

// An assertion the attacker wrote: same issuer, another NameID; `after_issuer` where a
// signature goes, `inside` at its end.
std::string forged(const std::string& after_issuer, const std::string& inside = {}, const std::string& id = "_forged") {
    return R"(<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID=")" + id +
           R"(" IssueInstant="2026-11-23T00:00:00Z" Version="2.0"><saml:Issuer>810100000011</saml:Issuer>)" +
           after_issuer + "<saml:Subject><saml:NameID>" + forged_name_id + "</saml:NameID></saml:Subject>" + inside +
           "</saml:Assertion>";
}

std::string security(const std::string& inside) {
    return R"(<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">)" +
           inside + "</wsse:Security>";
}

struct Verified {
    pugi::xml_document doc;
    std::vector<tk::SignatureVerdict> verdicts;
};

void verify(const std::string& text, Verified& out, bool allow_detached = false) {
    REQUIRE(out.doc.load_string(text.c_str(), tk::xml_parse_options));
    tk::VerifyOptions options;
    options.trusted_pem = read_text(pki("trust.pem"));
    options.allow_detached = allow_detached;
    out.verdicts = tk::verify_signatures(out.doc, options);
}

// What a consumer that follows the rule reads: the NameID of the node the verdict says was signed.
std::string name_id_of_signed(const tk::SignatureVerdict& verdict) {
    return verdict.signed_element.child("saml:Subject").child("saml:NameID").text().get();
}

void check_refused_as_wrapping(const std::string& text) {
    Verified v;
    verify(text, v);
    REQUIRE(v.verdicts.size() == 1);
    INFO(v.verdicts[0].detail);
    CHECK_FALSE(v.verdicts[0].valid);
    CHECK(v.verdicts[0].problem == tk::SignatureProblem::wrapping);
    CHECK_THAT(v.verdicts[0].detail, Catch::Contains("wrapping"));
    CHECK_FALSE(v.verdicts[0].signed_element);
}

ToolRun xmlsec1_verify(const std::string& text) {
    TempDir dir("wrapping");
    const std::string file = dir.write("wrapped.xml", text);
    return run_tool("xmlsec1 --verify --trusted-pem '" + pki("root-ca.pem") + "' --untrusted-pem '" +
                    pki("personnes-ca.pem") + "' --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion '" +
                    file + "'");
}

}  // namespace

TEST_CASE("a genuine signed assertion's verdict names the assertion itself as the signed element", "[dsig][wrapping]") {
    Verified v;
    verify(genuine().signed_assertion, v);
    REQUIRE(v.verdicts.size() == 1);
    CHECK(v.verdicts[0].valid);
    CHECK(v.verdicts[0].signed_element == v.doc.document_element());
    CHECK(name_id_of_signed(v.verdicts[0]) == "810100000011");
}

TEST_CASE("wrapping 1: a signature moved into a forged assertion, the genuine one hidden, is refused",
          "[dsig][wrapping]") {
    const Genuine g = genuine();
    SECTION("genuine hidden in an Extensions element of the forged assertion") {
        check_refused_as_wrapping(security(
            forged(g.signature, R"(<x:Extensions xmlns:x="urn:evil">)" + g.unsigned_assertion + "</x:Extensions>")));
    }
    SECTION("genuine hidden in a ds:Object of the moved signature") {
        std::string signature = g.signature;
        signature.insert(signature.rfind("</ds:Signature>"), "<ds:Object>" + g.unsigned_assertion + "</ds:Object>");
        check_refused_as_wrapping(security(forged(signature)));
    }
    SECTION("genuine hidden in an unknown header element beside the forged assertion") {
        check_refused_as_wrapping(security(forged(g.signature) + R"(<x:Unknown xmlns:x="urn:evil">)" +
                                           g.unsigned_assertion + "</x:Unknown>"));
    }
}

TEST_CASE("xmlsec1 verifies a signature moved into a forged assertion (its digest holds); Guichet refuses it",
          "[dsig][wrapping][xmlsec1]") {
    const Genuine g = genuine();
    const std::string wrapped =
        security(forged(g.signature) + R"(<x:Unknown xmlns:x="urn:evil">)" + g.unsigned_assertion + "</x:Unknown>");
    const ToolRun run = xmlsec1_verify(wrapped);
    INFO(run.output);
    CHECK(run.exit_code == 0);  // the signature is cryptographically valid: the attack is in what is read
    check_refused_as_wrapping(wrapped);
}

TEST_CASE("wrapping 2: a forged assertion before the signed one is not what the signature covers", "[dsig][wrapping]") {
    const Genuine g = genuine();
    Verified v;
    verify(security(forged("") + g.signed_assertion), v);
    REQUIRE(v.verdicts.size() == 1);
    CHECK(v.verdicts[0].valid);  // the genuine signature is genuine...
    const pugi::xml_node first_assertion = v.doc.document_element().first_child();
    CHECK(v.verdicts[0].signed_element != first_assertion);  // ...but it does not cover the first assertion
    CHECK(name_id_of_signed(v.verdicts[0]) == "810100000011");
}

TEST_CASE("wrapping 3: a duplicated id is refused, wherever the copy sits", "[dsig][wrapping]") {
    const Genuine g = genuine();
    for (const std::string& text : {security(forged("", "", "_genuine") + g.signed_assertion),
                                    security(g.signed_assertion + forged("", "", "_genuine")),
                                    security(forged("", g.signed_assertion, "_genuine"))}) {
        Verified v;
        verify(text, v);
        REQUIRE(v.verdicts.size() == 1);
        CHECK(v.verdicts[0].problem == tk::SignatureProblem::malformed);
        CHECK_THAT(v.verdicts[0].detail, Catch::Contains("appears 2 times"));
        CHECK_FALSE(v.verdicts[0].signed_element);
    }
}

TEST_CASE("wrapping 4: an enveloped signature referencing a sibling instead of its parent is refused",
          "[dsig][wrapping]") {
    const Genuine g = genuine();
    SECTION("the signature beside the assertion it names") {
        check_refused_as_wrapping(security(g.unsigned_assertion + g.signature));
    }
    SECTION("the signature inside a forged assertion, naming the genuine one beside it") {
        check_refused_as_wrapping(security(forged(g.signature) + g.unsigned_assertion));
    }
}

TEST_CASE("xmlsec1 verifies a signature beside the assertion it names; Guichet refuses it, detached allowed or not",
          "[dsig][wrapping][xmlsec1]") {
    const Genuine g = genuine();
    const std::string beside = security(g.unsigned_assertion + g.signature);
    const ToolRun run = xmlsec1_verify(beside);
    INFO(run.output);
    CHECK(run.exit_code == 0);
    check_refused_as_wrapping(beside);
    // Its reference says "enveloped": asking for detached signatures does not make a sibling its parent.
    Verified v;
    verify(security(g.unsigned_assertion + g.signature), v, true);
    REQUIRE(v.verdicts.size() == 1);
    CHECK_FALSE(v.verdicts[0].valid);  // the reference carries the enveloped transform: still enveloped
    CHECK(v.verdicts[0].problem == tk::SignatureProblem::wrapping);
}

TEST_CASE("a detached reference is accepted only when asked for, and names the element it covers", "[dsig][wrapping]") {
    const Genuine g = genuine();
    // The same signature without the enveloped transform: the digest of the assertion without its
    // signature is unchanged, the signed info is re-signed.
    pugi::xml_document doc;
    REQUIRE(doc.load_string(security(g.unsigned_assertion + g.signature).c_str(), tk::xml_parse_options));
    pugi::xml_node signature = doc.document_element().child("ds:Signature");
    pugi::xml_node transforms = signature.child("ds:SignedInfo").child("ds:Reference").child("ds:Transforms");
    transforms.remove_child(transforms.first_child());
    tk::C14nOptions info;
    const std::string signed_info = tk::exclusive_c14n(signature.child("ds:SignedInfo"), info);
    const std::string value = tk::base64_encode(signer_from(pki("professional.key"))(signed_info));
    signature.child("ds:SignatureValue").text().set(value.c_str());
    const std::string detached = raw(doc.document_element());
    check_refused_as_wrapping(detached);
    Verified v;
    verify(detached, v, true);
    REQUIRE(v.verdicts.size() == 1);
    INFO(v.verdicts[0].detail);
    CHECK(v.verdicts[0].valid);
    CHECK(v.verdicts[0].signed_element == v.doc.document_element().first_child());
    CHECK(name_id_of_signed(v.verdicts[0]) == "810100000011");
}

TEST_CASE("wrapping 5: the genuine signed assertion wrapped inside the forged one", "[dsig][wrapping][xmlsec1]") {
    const Genuine g = genuine();
    const std::string wrapped = security(forged("", R"(<saml:Advice>)" + g.signed_assertion + "</saml:Advice>"));
    CHECK(xmlsec1_verify(wrapped).exit_code == 0);  // the inner signature is valid for xmlsec1 too
    Verified v;
    verify(wrapped, v);
    REQUIRE(v.verdicts.size() == 1);
    CHECK(v.verdicts[0].valid);
    const pugi::xml_node outer = v.doc.document_element().first_child();
    CHECK(v.verdicts[0].signed_element != outer);  // the forged outer assertion was not signed
    CHECK(std::string(v.verdicts[0].signed_element.attribute("ID").value()) == "_genuine");
    CHECK(name_id_of_signed(v.verdicts[0]) == "810100000011");
}

TEST_CASE("a signature with two references is refused: which one was signed would be a guess", "[dsig][wrapping]") {
    std::string text = genuine().signed_assertion;
    const auto start = text.find("<ds:Reference");
    const auto end = text.find("</ds:Reference>") + std::string("</ds:Reference>").size();
    text.insert(end, text.substr(start, end - start));
    Verified v;
    verify(text, v);
    REQUIRE(v.verdicts.size() == 1);
    CHECK(v.verdicts[0].problem == tk::SignatureProblem::malformed);
    CHECK_THAT(v.verdicts[0].detail, Catch::Contains("2 references"));
}

namespace {

nlohmann::json dsig_verify(const std::string& document) {
    auto runtime = make_runtime();
    REQUIRE(guichet_runtime_add_plugin_dir(runtime.get(), plugin_dir().c_str()) == GUICHET_OK);
    guichet_session* session = open_session(runtime.get());
    const nlohmann::json request{{"document", document}, {"trusted_pem", read_text(pki("trust.pem"))}};
    const CallOutcome out = call(session, "dsig/1", "verify", request.dump());
    INFO(out.message);
    REQUIRE(out.status == GUICHET_OK);
    return nlohmann::json::parse(out.json);
}

}  // namespace

TEST_CASE("dsig/1 verify names the signed element and returns it, never the forged one around it",
          "[dsig][wrapping][security-plugin]") {
    const Genuine g = genuine();
    SECTION("a moved signature is reported as wrapping") {
        const auto answer = dsig_verify(security(forged(g.signature) + g.unsigned_assertion));
        CHECK_FALSE(answer["valid"].get<bool>());
        CHECK(answer["signatures"][0]["problem"] == "wrapping");
        CHECK(answer["signatures"][0]["signed_element"].is_null());
    }
    SECTION("the genuine assertion wrapped in a forged one: the answer carries the genuine one") {
        const auto answer =
            dsig_verify(security(forged("", R"(<saml:Advice>)" + g.signed_assertion + "</saml:Advice>")));
        REQUIRE(answer["valid"].get<bool>());
        const auto& signed_element = answer["signatures"][0]["signed_element"];
        CHECK(signed_element["name"] == "saml:Assertion");
        CHECK(signed_element["path"] == "/wsse:Security[1]/saml:Assertion[1]/saml:Advice[1]/saml:Assertion[1]");
        const std::string xml = signed_element["xml"];
        CHECK_THAT(xml, Catch::Contains("<saml:NameID>810100000011</saml:NameID>") && !Catch::Contains(forged_name_id));
    }
}
