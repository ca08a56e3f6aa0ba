#pragma once
// ADRi's wire names on Guichet's sandbox profile 1.1.0 (docs/protocols/adri: the real contract is
// not public; the action name is). Used by plugins/adri and the sandbox's ADRi handler; when a
// vendor has the real contract, this header, the plugin's adri_contract.cpp and the profile's
// XSDs are what change.

namespace guichet::contracts::adri {

inline constexpr const char* rights_action = "urn:adr:1.1.0:acquerirLesDroits";
inline constexpr const char* request_namespace = "urn:ir:se_req_adr";
inline constexpr const char* answer_namespace = "urn:ir:se_rep_adr";
/** The profile's XSDs, relative to the protocols directory. */
inline constexpr const char* request_schema = "adri/adri-request.xsd";
inline constexpr const char* answer_schema = "adri/adri-response.xsd";

/** Element names (local names; each side chooses its prefixes). */
namespace element {
// Request: DemandeDroits.
inline constexpr const char* request = "DemandeDroits";
inline constexpr const char* reference_date = "DateReference";
inline constexpr const char* beneficiary = "Beneficiaire";
inline constexpr const char* certified_nir = "NirCertifie";
inline constexpr const char* insured_nir = "NirOuvrantDroit";
inline constexpr const char* number = "Num";
inline constexpr const char* key = "Cle";
inline constexpr const char* birth_date = "DateNaissance";
inline constexpr const char* birth_rank = "RangNaissance";
// Answer: Droits.
inline constexpr const char* answer = "Droits";
inline constexpr const char* report = "CR";
inline constexpr const char* report_code = "CodeCR";
inline constexpr const char* report_label = "LibelleCR";
inline constexpr const char* scheme = "Regime";
inline constexpr const char* fund = "Caisse";
inline constexpr const char* code = "Code";
inline constexpr const char* label = "Libelle";
inline constexpr const char* management_centre = "CentreGestionnaire";
inline constexpr const char* management_code = "CodeGestion";
inline constexpr const char* base_rights = "DroitsAmo";
inline constexpr const char* open = "Ouverts";
inline constexpr const char* start = "Debut";
inline constexpr const char* end = "Fin";
inline constexpr const char* organisation = "Organisme";
inline constexpr const char* exemption = "Exoneration";
inline constexpr const char* nature = "Nature";
inline constexpr const char* reference = "Reference";
inline constexpr const char* css = "CSS";
inline constexpr const char* ame = "AME";
inline constexpr const char* third_party = "TiersPayant";
inline constexpr const char* third_party_amo = "Amo";
inline constexpr const char* third_party_amc = "Amc";
}  // namespace element

// CR/CodeCR.
inline constexpr const char* rights_found = "00";
inline constexpr const char* scheme_not_covered = "02";
/** The fault subcode of an unknown beneficiary, and its detail code (profile's choice). */
inline constexpr const char* unknown_beneficiary_code = "siram_50";
inline constexpr const char* unknown_beneficiary_detail = "adr_01";

}  // namespace guichet::contracts::adri
