// Exclusive canonicalization on the tricky cases, checked against xmllint --exc-c14n (libxml2,
// an independent implementation) for whole documents, and against the specification's rules
// for subsets (which xmllint cannot select).
#include "external_tool.hpp"

#include <guichet/toolkit/xml_c14n.hpp>

#include <catch2/catch.hpp>

#include <regex>

using namespace guichet::test;
using guichet::toolkit::exclusive_c14n;

namespace {

pugi::xml_document parse(const std::string& text) {
    pugi::xml_document doc;
    const auto result = doc.load_string(text.c_str(), guichet::toolkit::xml_parse_options);
    INFO(result.description());
    REQUIRE(result);
    return doc;
}

// xmllint only offers the with-comments variant; XML-DSig uses the one without, which is the
// same output minus comment nodes.
std::string xmllint_exc_c14n_without_comments(const std::string& text) {
    TempDir dir("c14n");
    const std::string file = dir.write("in.xml", text);
    const ToolRun run = run_tool("xmllint --exc-c14n '" + file + "'");
    REQUIRE(run.exit_code == 0);
    return std::regex_replace(run.output, std::regex("<!--[^]*?-->"), "");
}

}  // namespace

TEST_CASE("exclusive C14N matches xmllint --exc-c14n on the tricky cases", "[c14n][xmllint]") {
    const char* cases[] = {
        // namespace declarations move to where they are used; unused ones disappear
        R"(<a:root xmlns:a="urn:a" xmlns:b="urn:b" xmlns:unused="urn:u"><a:child><b:x/></a:child><b:y b:attr="1"/></a:root>)",
        // default namespace, undeclared again with xmlns=""
        R"(<root xmlns="urn:default"><child xmlns=""><grandchild/></child><other/></root>)",
        // attribute order: unqualified first by local name, then by namespace URI, then local name
        R"(<e xmlns:b="urn:b" xmlns:a="urn:a" z="1" a="2" b:c="3" a:c="4" a:a="5"/>)",
        // comments removed, whitespace kept, empty elements expanded
        "<r>\n  <!-- a comment -->\n  <x> spaced text </x>\n\t<y/>\n</r>",
        // characters that need escapes, in text and in attributes
        R"(<r a="&lt;&amp;&quot;&#x9;&#xA;&#xD;'&gt;">&lt;&amp;&gt;&#xD;"'</r>)",
        // a prefix redeclared to another URI deeper down, and the same URI re-declared (dropped)
        R"(<p:r xmlns:p="urn:one"><p:s xmlns:p="urn:two"><p:t xmlns:p="urn:two"/></p:s></p:r>)",
        // xml:lang is kept where it appears, the xml prefix never declared
        R"(<r xml:lang="fr"><s xml:space="preserve"> </s></r>)",
        // UTF-8 text as is
        "<r nom=\"Médecin\">Zoé ADRUN à Ajaccio — 2A</r>",
    };
    for (const char* text : cases) {
        INFO(text);
        const auto doc = parse(text);
        CHECK(exclusive_c14n(doc) == xmllint_exc_c14n_without_comments(text));
    }
}

TEST_CASE("a subset takes the namespaces it uses from ancestors outside it", "[c14n]") {
    const auto doc = parse(
        R"(<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Header><saml:Assertion ID="a1"><saml:Issuer>me</saml:Issuer><saml:AttributeValue xsi:type="xs:string">v</saml:AttributeValue></saml:Assertion></soap:Header></soap:Envelope>)");
    const pugi::xml_node assertion = doc.document_element().first_child().first_child();
    CHECK(
        exclusive_c14n(assertion) ==
        R"(<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="a1"><saml:Issuer>me</saml:Issuer>)"
        R"(<saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">v</saml:AttributeValue></saml:Assertion>)");

    SECTION("InclusiveNamespaces PrefixList renders listed prefixes at the apex") {
        guichet::toolkit::C14nOptions options;
        options.inclusive_prefixes = {"xsi", "soap"};
        CHECK(
            exclusive_c14n(assertion, options) ==
            R"(<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="a1">)"
            R"(<saml:Issuer>me</saml:Issuer><saml:AttributeValue xsi:type="xs:string">v</saml:AttributeValue></saml:Assertion>)");
    }
    SECTION("an excluded subtree is left out (enveloped signature)") {
        guichet::toolkit::C14nOptions options;
        options.excluded = assertion.child("saml:Issuer");
        CHECK(exclusive_c14n(assertion, options).find("Issuer") == std::string::npos);
    }
}

TEST_CASE("an undeclared prefix is an error, not a silent wrong digest", "[c14n]") {
    pugi::xml_document doc;
    REQUIRE(doc.load_string("<x:r/>", guichet::toolkit::xml_parse_options));
    CHECK_THROWS_WITH(exclusive_c14n(doc), Catch::Contains("'x'"));
}
