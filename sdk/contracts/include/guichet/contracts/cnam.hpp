#pragma once
// The CNAM teleservices' common SOAP headers and fault codes: ContexteLPS (software identity and
// authorisation number) and ContexteBAM (coverage context, CTXBAM v01.02), faults in urn:siram.
// Shared by every CNAM service (INSi, ADRi, AATi, PSEi); the DMP uses none of it.

namespace guichet::contracts::cnam {

inline constexpr const char* ctxlps_namespace = "urn:siram:lps:ctxlps";
inline constexpr const char* ctxbam_namespace = "urn:siram:bam:ctxbam";
inline constexpr const char* siram_namespace = "urn:siram";
/** ContexteBAM's Version attribute (CTXBAM v01.02; the public schema only requires it). */
inline constexpr const char* ctxbam_version = "01_02";
/** ContexteLPS's Version attribute (CTXLPS v01.00: `use="required"`; real clients send 01_00). */
inline constexpr const char* ctxlps_version = "01_00";

// Fault subcodes (soap:Subcode, written "siram:siram_NN") and detail codes (siram:Erreur).
inline constexpr const char* malformed_request = "siram_10";  ///< envelope or required header broken
inline constexpr const char* schema_invalid = "siram_20";     ///< body not valid against its schema
inline constexpr const char* assertion_missing = "siram_40";  ///< VIHF absent (also "temporarily unavailable")
inline constexpr const char* assertion_bad_signature = "siram_41";
inline constexpr const char* assertion_out_of_window = "siram_42";
inline constexpr const char* assertion_untrusted_signer = "siram_43";
inline constexpr const char* access_refused = "siram_100";
inline constexpr const char* service_failure = "siram_500";          ///< the service failed (soap:Receiver)
inline constexpr const char* unknown_software_detail = "desir_550";  ///< IDAM unknown
inline constexpr const char* insufficient_rights_detail = "desir_560";
/** siram_40 as a Receiver fault: the service is temporarily unavailable (same code as a missing
 *  VIHF, told apart by soap:Receiver and the reason text). */
inline constexpr const char* temporarily_unavailable = "siram_40";
/** INSi's own "service temporarily unavailable" codes (Receiver side, worth retrying later). */
inline constexpr const char* insi_unavailable_codes[] = {"insi_101", "insi_102"};

/** siram:Erreur's `severite` attribute (schema_faultSOAP_V01_01: a QName enumeration). */
namespace severity {
inline constexpr const char* information = "information";
inline constexpr const char* warning = "avertissement";
inline constexpr const char* error = "erreur";
inline constexpr const char* fatal = "fatale";
}  // namespace severity

/** The texts real CNAM services put in soap:Reason (recorded answers). */
namespace reason {
inline constexpr const char* temporarily_unavailable =
    "Le service est temporairement inaccessible. Veuillez renouveler votre demande ultérieurement";
inline constexpr const char* unknown_software = "Numéro d'autorisation du logiciel inconnu.";
}  // namespace reason

}  // namespace guichet::contracts::cnam
