#pragma once
// Checks by tools that share no code with Guichet: xmlsec1 (XML-DSig) and xmllint (XSD).
#include "external_tool.hpp"

#include <string>

namespace guichet::test {

/** xmlsec1 --verify of a SAML assertion signed by a test-PKI identity (root trusted, CAs untrusted). */
ToolRun xmlsec1_verify_assertion(const std::string& xml);

/** xmllint --schema against the public SAML 2.0 assertion schema with the W3C XML-DSig and
 *  XML-Encryption schemas it imports (../shared/specs/saml), plus the HL7 datatypes VIHF roles use. */
ToolRun xmllint_validate_vihf(const std::string& xml);

}  // namespace guichet::test
