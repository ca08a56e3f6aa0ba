// XML-DSig: Guichet's signatures verify with xmlsec1 and xmlsec1's with Guichet (independent
// implementations); a one-character change fails both; chain problems are told apart.
#include "external_tool.hpp"
#include "pem_signer.hpp"
#include "test_runtime.hpp"

#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace guichet::test;
namespace tk = guichet::toolkit;

namespace {

constexpr const char* assertion_text =
    R"(<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" IssueInstant="2026-11-23T00:00:00Z" Version="2.0">)"
    R"(<saml:Issuer>810100000011</saml:Issuer><saml:Subject><saml:NameID>Dr ISABELLE MEDECIN-TEST</saml:NameID></saml:Subject>)"
    R"(<saml:AttributeStatement><saml:Attribute Name="Secteur_Activite"><saml:AttributeValue>SA07^1.2.250.1.71.4.2.4</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>)";

constexpr const char* xmlsec_id = "--id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion";

std::string pki(const std::string& file) { return pki_dir() + "/" + file; }

std::string signed_by_guichet(const std::string& identity) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(assertion_text, tk::xml_parse_options));
    tk::SignRequest request;
    request.element = doc.document_element();
    request.insert_after = request.element.child("saml:Issuer");
    request.certificates = {leaf_der(pki(identity + ".pem"))};
    tk::sign_enveloped(request, signer_from(pki(identity + ".key")));
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

std::string signed_by_xmlsec1(const TempDir& dir) {
    std::string text = assertion_text;
    const std::string skeleton =
        R"(<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>)"
        R"(<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_a1"><ds:Transforms>)"
        R"(<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>)"
        R"(</ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>)"
        R"(<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>)";
    text.insert(text.find("<saml:Subject>"), skeleton);
    const std::string tmpl = dir.write("template.xml", text);
    const ToolRun run =
        run_tool("xmlsec1 --sign --privkey-pem '" + pki("professional.key") + "," + pki("professional.pem") + "' " +
                 xmlsec_id + " --output '" + dir.path("xmlsec-signed.xml").string() + "' '" + tmpl + "'");
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    return read_text(dir.path("xmlsec-signed.xml"));
}

ToolRun xmlsec1_verify(const TempDir& dir, const std::string& text) {
    const std::string file = dir.write("to-verify.xml", text);
    return run_tool("xmlsec1 --verify --trusted-pem '" + pki("root-ca.pem") + "' --untrusted-pem '" +
                    pki("personnes-ca.pem") + "' " + xmlsec_id + " '" + file + "'");
}

std::vector<tk::SignatureVerdict> guichet_verify(const std::string& text, bool check_chain = true) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(text.c_str(), tk::xml_parse_options));
    tk::VerifyOptions options;
    options.check_chain = check_chain;
    options.trusted_pem = read_text(pki("trust.pem"));
    return tk::verify_signatures(doc, options);
}

// Changes the character right after `marker` (to 'X', or 'Y' if it already is one).
std::string change_character_after(std::string text, const std::string& marker) {
    const auto at = text.find(marker);
    REQUIRE(at != std::string::npos);
    char& c = text[at + marker.size()];
    c = c == 'X' ? 'Y' : 'X';
    return text;
}

}  // namespace

TEST_CASE("a Guichet signature verifies with xmlsec1 and with Guichet", "[dsig][xmlsec1]") {
    TempDir dir("dsig");
    const std::string text = signed_by_guichet("professional");
    const ToolRun run = xmlsec1_verify(dir, text);
    INFO(run.output);
    CHECK(run.exit_code == 0);
    const auto verdicts = guichet_verify(text);
    REQUIRE(verdicts.size() == 1);
    CHECK(verdicts[0].valid);
    CHECK(verdicts[0].chain_checked);
    CHECK(verdicts[0].reference == "#_a1");
    CHECK_THAT(verdicts[0].signer_subject, Catch::Contains("CN=810100000011"));
}

TEST_CASE("an xmlsec1 signature verifies with Guichet", "[dsig][xmlsec1]") {
    TempDir dir("dsig");
    const auto verdicts = guichet_verify(signed_by_xmlsec1(dir));
    REQUIRE(verdicts.size() == 1);
    INFO(verdicts[0].detail);
    CHECK(verdicts[0].valid);
}

TEST_CASE("a one-character change in signed content fails both xmlsec1 and Guichet", "[dsig][xmlsec1]") {
    TempDir dir("dsig");
    for (const std::string& original : {signed_by_guichet("professional"), signed_by_xmlsec1(dir)}) {
        SECTION("in text") {
            const std::string tampered = change_character_after(original, "SA07^1.2.250.1.71.4.2.");
            CHECK(xmlsec1_verify(dir, tampered).exit_code != 0);
            const auto verdicts = guichet_verify(tampered);
            CHECK_FALSE(verdicts.at(0).valid);
            CHECK(verdicts.at(0).problem == tk::SignatureProblem::digest_mismatch);
        }
        SECTION("in an attribute") {
            const std::string tampered = change_character_after(original, "IssueInstant=\"2026-11-23T00:00:00");
            CHECK(xmlsec1_verify(dir, tampered).exit_code != 0);
            CHECK(guichet_verify(tampered).at(0).problem == tk::SignatureProblem::digest_mismatch);
        }
        SECTION("in the signed info") {
            const std::string tampered = change_character_after(original, "<ds:DigestValue>");
            CHECK(xmlsec1_verify(dir, tampered).exit_code != 0);
            CHECK_FALSE(guichet_verify(tampered).at(0).valid);
        }
    }
}

TEST_CASE("certificate problems are told apart, and signature-only mode skips them", "[dsig]") {
    CHECK(guichet_verify(signed_by_guichet("professional-expired")).at(0).problem ==
          tk::SignatureProblem::certificate_expired);
    CHECK(guichet_verify(signed_by_guichet("professional-not-yet-valid")).at(0).problem ==
          tk::SignatureProblem::certificate_not_yet_valid);
    const std::string stranger = signed_by_guichet("professional-wrong-ca");
    CHECK(guichet_verify(stranger).at(0).problem == tk::SignatureProblem::untrusted);
    const auto signature_only = guichet_verify(stranger, false);
    CHECK(signature_only.at(0).valid);
    CHECK_FALSE(signature_only.at(0).chain_checked);
    CHECK_THAT(signature_only.at(0).detail, Catch::Contains("not checked"));
}

TEST_CASE("a duplicated id (signature wrapping) is refused", "[dsig]") {
    std::string text = signed_by_guichet("professional");
    text = "<wrapper>" + text +
           R"(<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1"/></wrapper>)";
    const auto verdicts = guichet_verify(text);
    REQUIRE(verdicts.size() == 1);
    CHECK(verdicts[0].problem == tk::SignatureProblem::malformed);
    CHECK_THAT(verdicts[0].detail, Catch::Contains("appears 2 times"));
}
