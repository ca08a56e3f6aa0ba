#pragma once
// SAML 2.0 names used by the VIHF (the ANS's "Vecteur d'Identification et d'Habilitation
// Formelles", v3.0): the assertion namespace and the attribute names the toolkit writes and the
// sandbox reads. Attribute shapes follow the public DMP sample (docs/vihf.md).

namespace guichet::contracts::saml {

inline constexpr const char* assertion_namespace = "urn:oasis:names:tc:SAML:2.0:assertion";
inline constexpr const char* issuer_format_x509 = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName";
inline constexpr const char* confirmation_sender_vouches = "urn:oasis:names:tc:SAML:2.0:cm:sender-vouches";
inline constexpr const char* authn_context_tls_client = "urn:oasis:names:tc:SAML:2.0:ac:classes:TLSClient";

// VIHF attributes (AttributeStatement/Attribute/@Name).
inline constexpr const char* subject_id = "urn:oasis:names:tc:xspa:1.0:subject:subject-id";
inline constexpr const char* subject_role = "urn:oasis:names:tc:xacml:2.0:subject:role";
inline constexpr const char* purpose_of_use = "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse";
inline constexpr const char* resource_id = "urn:oasis:names:tc:xacml:2.0:resource:resource-id";
inline constexpr const char* authentication_mode = "Authentification_Mode";

}  // namespace guichet::contracts::saml
