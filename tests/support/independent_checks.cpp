#include "independent_checks.hpp"

#include "test_runtime.hpp"

#include <filesystem>

namespace guichet::test {

ToolRun xmlsec1_verify_assertion(const std::string& xml) {
    TempDir dir("xmlsec1");
    const std::string file = dir.write("assertion.xml", xml);
    return run_tool("xmlsec1 --verify --trusted-pem '" + pki_dir() + "/root-ca.pem' --untrusted-pem '" + pki_dir() +
                    "/personnes-ca.pem' --untrusted-pem '" + pki_dir() +
                    "/organisations-ca.pem' --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion '" + file +
                    "'");
}

ToolRun xmllint_validate_vihf(const std::string& xml) {
    TempDir dir("xmllint");
    // A canonical path: libxml2 tells schemas apart by path, and the HL7 ones import each other.
    if (!std::filesystem::is_directory(GUICHET_TEST_SHARED_SPECS_DIR))
        return {2, "the public schemas are expected in " + std::string(GUICHET_TEST_SHARED_SPECS_DIR) +
                       " (../shared/specs beside the project): the VIHF cannot be checked against the SAML schema"};
    const std::filesystem::path specs = std::filesystem::canonical(GUICHET_TEST_SHARED_SPECS_DIR);
    // The SAML schema imports the W3C XML-DSig and XML-Encryption schemas beside it by relative
    // schemaLocation, so it is loaded from its own folder.
    const std::string saml = (specs / "saml" / "saml-schema-assertion-2.0.xsd").string();
    const std::string hl7 = (specs / "cda" / "general" / "datatypes.xsd").string();
    const std::string wrapper = dir.write(
        "vihf.xsd", R"(<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:guichet:tests:vihf">)"
                    R"(<import namespace="urn:oasis:names:tc:SAML:2.0:assertion" schemaLocation=")" +
                        saml + R"("/><import namespace="urn:hl7-org:v3" schemaLocation=")" + hl7 + R"("/></schema>)");
    const std::string file = dir.write("vihf.xml", xml);
    return run_tool("xmllint --noout --schema '" + wrapper + "' '" + file + "'");
}

}  // namespace guichet::test
