#pragma once
// Signing as a test-PKI identity from its PEM files, for tests that build signed XML without a
// runtime: the toolkit's SignFunction over the private key, and the certificate in DER for the
// signature's KeyInfo.
#include <guichet/toolkit/xml_dsig.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace guichet::test {

/** RSA-SHA256 (PKCS#1 v1.5) with the PEM private key in `key_file`, read at each signature;
 *  REQUIREs that it loads and signs. */
toolkit::SignFunction signer_from(const std::string& key_file);

/** The first certificate of the PEM file `cert_file`, DER encoded; REQUIREs that it loads. */
std::vector<uint8_t> leaf_der(const std::string& cert_file);

}  // namespace guichet::test
