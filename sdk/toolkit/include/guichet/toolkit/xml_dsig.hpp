#pragma once
// XML-DSig enveloped signatures as the CNAM and DMP services use them: exclusive C14N,
// RSA-SHA256, SHA-256 digests, the X.509 certificate in KeyInfo. Signing goes through a
// callback (the host's guichet.sign/1: the key never reaches the plugin); verification checks
// digests, the signature value, and optionally the certificate chain and validity.
//
// Signature wrapping (Somorovsky et al., "On Breaking SAML", 2012): a valid signature proves
// that *some* element was signed, not that the element a caller then reads was. So the verdict
// returns the node that was signed (SignatureVerdict::signed_element), an enveloped signature
// must reference the element it sits in, and callers read that node and nothing else.
#include <pugixml.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace guichet::toolkit {

inline constexpr const char* dsig_namespace = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr const char* exc_c14n_algorithm = "http://www.w3.org/2001/10/xml-exc-c14n#";
inline constexpr const char* rsa_sha256_algorithm = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
inline constexpr const char* sha256_algorithm = "http://www.w3.org/2001/04/xmlenc#sha256";
inline constexpr const char* enveloped_algorithm = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/** Signs bytes with RSA-SHA256 (PKCS#1 v1.5) and returns the signature. */
using SignFunction = std::function<std::vector<uint8_t>(const std::string& data)>;

struct SignRequest {
    pugi::xml_node element;                          ///< the element to sign; carries the id attribute
    std::string id_attribute = "ID";                 ///< its name (SAML: "ID")
    pugi::xml_node insert_after;                     ///< where the ds:Signature goes; empty = first child
    std::vector<std::vector<uint8_t>> certificates;  ///< DER, leaf first; the leaf goes in KeyInfo
    std::set<std::string> inclusive_prefixes;        ///< InclusiveNamespaces PrefixList, if any
};

/** Adds an enveloped ds:Signature to `request.element`. Throws std::runtime_error. */
void sign_enveloped(const SignRequest& request, const SignFunction& sign);

struct VerifyOptions {
    bool check_chain = true;      ///< false = digests and signature value only
    std::string trusted_pem;      ///< PEM text of trusted CAs (roots and intermediates)
    int64_t at_unix_seconds = 0;  ///< time for the validity check; 0 = now
    std::vector<std::string> id_attributes{"ID", "Id", "id", "AssertionID"};
    /** false (default): the signature must be enveloped and reference its own parent, the only
     *  form sign_enveloped makes and the one SAML allows; anything else is refused as wrapping.
     *  true: a reference without the enveloped transform may name another element (a detached
     *  signature); only for a caller that then reads signed_element and nothing else. */
    bool allow_detached = false;
};

/** Why a signature fails, most specific first. */
enum class SignatureProblem {
    none,
    malformed,            ///< missing or unexpected element, algorithm not supported
    reference_not_found,  ///< URI points nowhere
    digest_mismatch,      ///< signed content changed
    bad_signature,        ///< SignatureValue does not match SignedInfo
    certificate_expired,
    certificate_not_yet_valid,
    untrusted,  ///< chain does not reach a trusted CA
    wrapping,   ///< the reference names another element than the one the signature envelops
};

struct SignatureVerdict {
    bool valid = false;
    SignatureProblem problem = SignatureProblem::none;
    std::string detail;          ///< readable explanation
    std::string signer_subject;  ///< subject DN of the KeyInfo certificate
    std::string reference;       ///< the URI signed
    bool chain_checked = false;
    /** The element the signature covers, in the verified document; empty unless `valid`. Read
     *  what was signed from this node only: another element with the same name (a forged
     *  assertion beside, around or before it) was not signed. */
    pugi::xml_node signed_element;
};

/** Verifies every ds:Signature in the document, in document order. */
std::vector<SignatureVerdict> verify_signatures(const pugi::xml_document& document, const VerifyOptions& options);

/** Verifies one ds:Signature element: exactly one same-document Reference, exclusive C14N,
 *  RSA-SHA256, SHA-256, and the placement rule of VerifyOptions::allow_detached. */
SignatureVerdict verify_signature(pugi::xml_node signature, const VerifyOptions& options);

}  // namespace guichet::toolkit
