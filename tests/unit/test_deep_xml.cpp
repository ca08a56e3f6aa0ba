// XML nested 20,000 deep used to overflow the stack of the recursive walks (C14N, id lookup):
// `dsig/1 verify` segfaulted and one such request killed the sandbox. Nesting is now bounded
// where every outside XML enters (load_xml), with a clear reason.
#include "running_sandbox.hpp"

#include <guichet/toolkit/xml_dsig.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace guichet::test;
namespace tk = guichet::toolkit;

namespace {

std::string nested(size_t depth, const std::string& inner = "x") {
    std::string xml;
    xml.reserve(depth * 7 + inner.size());
    for (size_t i = 0; i < depth; ++i) xml += "<a>";
    xml += inner;
    for (size_t i = 0; i < depth; ++i) xml += "</a>";
    return xml;
}

}  // namespace

TEST_CASE("XML nested deeper than the bound is refused with a reason, the rest loads", "[xml][hardening]") {
    pugi::xml_document doc;
    const auto deep = tk::load_xml(doc, nested(20'000));
    REQUIRE(deep.has_value());
    CHECK_THAT(*deep, Catch::Contains("nested deeper than 256"));
    CHECK_FALSE(tk::load_xml(doc, nested(tk::max_xml_depth - 1)).has_value());
    CHECK(tk::load_xml(doc, nested(tk::max_xml_depth + 1)).has_value());
}

TEST_CASE("a signature reference is found 200,000 levels down without recursion", "[xml][hardening]") {
    // The id lookup walks iteratively: a document built in memory (never loaded, so not bounded, and deeper than any
    // stack holds recursively) is searched without exhausting the stack; the leaf it finds then fails its digest.
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("root");
    pugi::xml_node signature = root.append_child("ds:Signature");
    signature.append_attribute("xmlns:ds") = "http://www.w3.org/2000/09/xmldsig#";
    pugi::xml_node info = signature.append_child("ds:SignedInfo");
    info.append_child("ds:CanonicalizationMethod").append_attribute("Algorithm") =
        "http://www.w3.org/2001/10/xml-exc-c14n#";
    info.append_child("ds:SignatureMethod").append_attribute("Algorithm") =
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    pugi::xml_node reference = info.append_child("ds:Reference");
    reference.append_attribute("URI") = "#deep";
    reference.append_child("ds:DigestMethod").append_attribute("Algorithm") = "http://www.w3.org/2001/04/xmlenc#sha256";
    reference.append_child("ds:DigestValue").text().set("AAAA");
    signature.append_child("ds:SignatureValue").text().set("AAAA");
    pugi::xml_node n = root;
    for (int i = 0; i < 200'000; ++i) n = n.append_child("a");
    n.append_attribute("ID") = "deep";
    tk::VerifyOptions options;
    options.check_chain = false;
    const auto verdict = tk::verify_signature(signature, options);
    INFO(verdict.detail);
    CHECK_FALSE(verdict.valid);
    CHECK(verdict.problem != tk::SignatureProblem::reference_not_found);  // found, 200,000 levels down
}

TEST_CASE("a request nested 20,000 deep is refused by the sandbox, which keeps serving", "[sandbox][hardening]") {
    RunningSandbox s;
    TempDir dir("deep-request");
    const std::string body = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Header>" +
                             nested(20'000) + "</soap:Header><soap:Body/></soap:Envelope>";
    const std::string file = dir.write("deep.xml", body);
    const std::string endpoint = s.sandbox->client_config()["endpoints"]["soap-echo/1"];
    const std::string curl = "curl -s -o /dev/null -w '%{http_code}' --cacert " + pki_dir() + "/root-ca.pem --cert " +
                             pki_dir() + "/professional.pem --key " + pki_dir() + "/professional.key " +
                             "-H 'Content-Type: application/soap+xml; charset=utf-8' --data-binary @" + file + " " +
                             endpoint;
    const ToolRun deep = run_tool(curl);
    INFO(deep.output);
    CHECK((deep.output == "400" || deep.output == "500"));  // a SOAP fault, not a dead server
    const nlohmann::json journal = s.journal();
    REQUIRE(journal.size() == 1);
    CHECK_THAT(journal[0]["response"].get<std::string>(), Catch::Contains("nested deeper"));
    const ToolRun again = run_tool(curl);
    CHECK(again.output == deep.output);  // still alive and answering
}
