#pragma once
// INSi's wire names, from the CNAM's public contract (WSDL DESIR_ICIR_EXP v1.5.0 and its XSDs,
// in shared/specs/insi): the two operations' actions, the message namespaces and element names,
// the result codes and the INS OIDs. Used by plugins/insi and the sandbox's INSi handler.

namespace guichet::contracts::insi {

inline constexpr const char* search_by_traits_action =
    "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite";
inline constexpr const char* search_by_vitale_action =
    "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecCarteVitale";

inline constexpr const char* recsans_namespace = "http://www.cnamts.fr/INSiRecSans";
inline constexpr const char* recvitale_namespace = "http://www.cnamts.fr/INSiRecVit";
inline constexpr const char* resultat_namespace = "http://www.cnamts.fr/INSiResultat";

/** Element names (local names; each side chooses its prefixes). */
namespace element {
// Requests: RECSANSVITALE (search by traits), RECVITALE (search by card).
inline constexpr const char* search_by_traits = "RECSANSVITALE";
inline constexpr const char* search_by_vitale = "RECVITALE";
inline constexpr const char* birth_name = "NomNaissance";
inline constexpr const char* first_name = "Prenom";
inline constexpr const char* sex = "Sexe";
inline constexpr const char* birth_date = "DateNaissance";
inline constexpr const char* birth_place = "LieuNaissance";
inline constexpr const char* beneficiary_number = "MatriculeIndividu";
inline constexpr const char* insured_number = "MatriculeOD";
inline constexpr const char* identifier_number = "NumIdentifiant";
inline constexpr const char* identifier_key = "Cle";
inline constexpr const char* birth_rank = "RangNaissance";
// Answer: RESULTAT.
inline constexpr const char* result = "RESULTAT";
inline constexpr const char* report = "CR";
inline constexpr const char* report_code = "CodeCR";
inline constexpr const char* report_label = "LibelleCR";
inline constexpr const char* individual = "INDIVIDU";
inline constexpr const char* active_ins = "INSACTIF";
inline constexpr const char* former_ins = "INSHISTO";
inline constexpr const char* individual_id = "IdIndividu";
inline constexpr const char* oid = "OID";
inline constexpr const char* start_date = "DateDeb";
inline constexpr const char* end_date = "DateFin";
inline constexpr const char* reference_traits = "TIQ";
inline constexpr const char* first_names = "ListePrenom";
}  // namespace element

// CR/CodeCR.
inline constexpr const char* found = "00";
inline constexpr const char* none_found = "01";
inline constexpr const char* several_found = "02";

// INS OIDs (ANS referential).
inline constexpr const char* oid_ins_nir = "1.2.250.1.213.1.4.8";
inline constexpr const char* oid_ins_nia = "1.2.250.1.213.1.4.9";  ///< temporary: never qualified
inline constexpr const char* oid_ins_nir_test = "1.2.250.1.213.1.4.10";
inline constexpr const char* oid_ins_nir_demo = "1.2.250.1.213.1.4.11";

/** Structure mode: the organisation certificates' exact subject CNs INSi accepts without a VIHF. */
inline constexpr const char* structure_cn_auto = "INSI-AUTO";
inline constexpr const char* structure_cn_manual = "INSI-MANU";

}  // namespace guichet::contracts::insi
