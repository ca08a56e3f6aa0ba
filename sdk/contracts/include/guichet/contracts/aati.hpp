#pragma once
// AATi's wire names on Guichet's sandbox profile 1.0.0 (docs/protocols/aati: the real contract is
// not public). Used by plugins/aati and the sandbox's AATi handler; when a vendor has the real
// contract, this header, the plugin's aati_contract.cpp and the profile's XSDs are what change.

namespace guichet::contracts::aati {

/** Submitting actions (de-duplicated on wsa:MessageID): a notice and/or its work-accident
 *  certificate, a correction, a cancellation. */
inline constexpr const char* transmit_action = "urn:aat:1.0.0:transmettreAvisArretTravail";
inline constexpr const char* correct_action = "urn:aat:1.0.0:corrigerAvisArretTravail";
inline constexpr const char* cancel_action = "urn:aat:1.0.0:annulerAvisArretTravail";
/** What this prescriber sent for this patient (not a submission). */
inline constexpr const char* history_action = "urn:aat:1.0.0:consulterHistoriqueAvis";

inline constexpr const char* request_namespace = "urn:ir:se_req_aat";
inline constexpr const char* answer_namespace = "urn:ir:se_rep_aat";
/** The profile's XSDs, relative to the protocols directory. */
inline constexpr const char* request_schema = "aati/aati-request.xsd";
inline constexpr const char* answer_schema = "aati/aati-response.xsd";

/** Element names (local names; each side chooses its prefixes). */
namespace element {
// Requests.
inline constexpr const char* transmit_request = "DemandeTransmissionAAT";
inline constexpr const char* correct_request = "DemandeCorrectionAAT";
inline constexpr const char* cancel_request = "DemandeAnnulationAAT";
inline constexpr const char* history_request = "DemandeHistoriqueAAT";
// The patient (Assure).
inline constexpr const char* patient = "Assure";
inline constexpr const char* ins = "INS";  ///< INS: Valeur (NIR + key), OID, StatutIdentite
inline constexpr const char* ins_value = "Valeur";
inline constexpr const char* ins_oid = "OID";
inline constexpr const char* identity_status = "StatutIdentite";  ///< PROV, RECUP, VALI, QUAL
inline constexpr const char* birth_name = "NomNaissance";
inline constexpr const char* first_names = "Prenoms";
inline constexpr const char* birth_date = "DateNaissance";
inline constexpr const char* category = "Categorie";       ///< see namespace category
inline constexpr const char* affiliation = "Affiliation";  ///< the scheme, as on the Vitale card
inline constexpr const char* scheme_code = "CodeRegime";   ///< 2 digits (grand régime)
inline constexpr const char* fund_code = "CodeCaisse";     ///< 3 digits
inline constexpr const char* employer = "Employeur";
inline constexpr const char* employer_name = "RaisonSociale";
inline constexpr const char* employer_siret = "Siret";
inline constexpr const char* employer_address = "Adresse";
// The notice (Avis, cerfa S3116).
inline constexpr const char* notice = "Avis";
inline constexpr const char* nature = "Nature";                  ///< see namespace nature
inline constexpr const char* previous_notice = "AvisPrecedent";  ///< an extension's notice number
inline constexpr const char* risk = "Risque";                    ///< see namespace risk
inline constexpr const char* work_time = "Modalite";             ///< see namespace work_time
inline constexpr const char* start_date = "DateDebut";
inline constexpr const char* end_date = "DateFin";
inline constexpr const char* part_time = "TempsPartielTherapeutique";  ///< its own DateDebut, DateFin
inline constexpr const char* related_to_ald = "EnRapportAvecALD";
inline constexpr const char* pathological_pregnancy = "GrossessePathologique";
inline constexpr const char* reason = "Motif";
inline constexpr const char* reason_code = "Code";
inline constexpr const char* reason_text = "TexteLibre";
inline constexpr const char* outings = "Sorties";
inline constexpr const char* outings_kind = "Type";  ///< see namespace outings
inline constexpr const char* outings_from = "DateDebut";
inline constexpr const char* outings_medical_reason = "MotifMedical";
inline constexpr const char* work_accident = "AccidentTravail";
inline constexpr const char* accident_date = "DateAccident";
inline constexpr const char* certificate = "CertificatMedicalATMP";     ///< cerfa S6909
inline constexpr const char* certificate_kind = "Type";                 ///< see namespace certificate
inline constexpr const char* findings = "Constatations";                ///< detailed medical findings
inline constexpr const char* consolidation_date = "DateConsolidation";  ///< a final certificate's
inline constexpr const char* sequelae = "Sequelles";                    ///< a final certificate's
inline constexpr const char* prescribed_on = "DatePrescription";
// Correction and cancellation.
inline constexpr const char* notice_number = "NumeroAvis";
inline constexpr const char* cancel_reason = "MotifAnnulation";
// Answers.
inline constexpr const char* acknowledgement = "AccuseReceptionAAT";  ///< transmit, correct, cancel
inline constexpr const char* report = "CR";
inline constexpr const char* report_code = "CodeCR";
inline constexpr const char* report_label = "LibelleCR";
inline constexpr const char* state = "Etat";  ///< see namespace state
inline constexpr const char* certificate_number = "NumeroCertificat";
inline constexpr const char* received_at = "DateReception";            ///< xs:dateTime, UTC
inline constexpr const char* correctable_until = "CorrigeableJusquA";  ///< xs:dateTime, UTC
inline constexpr const char* version = "Version";                      ///< 1, then 2 after a correction...
inline constexpr const char* history = "HistoriqueAAT";
inline constexpr const char* history_entry = "AvisEmis";  ///< with Nature, Risque, Modalite, DateDebut, DateFin
inline constexpr const char* history_certificate_kind = "TypeCertificat";
inline constexpr const char* since = "DepuisLe";  ///< history request: notices received since this date
}  // namespace element

namespace nature {
inline constexpr const char* initial = "INITIAL";
inline constexpr const char* extension = "PROLONGATION";
}  // namespace nature
namespace risk {
inline constexpr const char* illness = "MALADIE";
inline constexpr const char* maternity = "MATERNITE";
inline constexpr const char* work_accident = "AT_MP";
}  // namespace risk
namespace work_time {
inline constexpr const char* full_time = "TEMPS_COMPLET";
inline constexpr const char* therapeutic_part_time = "TEMPS_PARTIEL_THERAPEUTIQUE";
}  // namespace work_time
namespace outings {
inline constexpr const char* forbidden = "INTERDITES";
inline constexpr const char* limited_hours = "HORAIRES_LIMITES";
inline constexpr const char* free_hours = "LIBRES";
}  // namespace outings
namespace certificate {
inline constexpr const char* initial = "INITIAL";
inline constexpr const char* final_certificate = "FINAL";
inline constexpr const char* new_lesion = "NOUVELLE_LESION";
inline constexpr const char* relapse = "RECHUTE";
}  // namespace certificate
namespace category {
inline constexpr const char* employee = "SALARIE";
inline constexpr const char* civil_servant = "FONCTIONNAIRE";
inline constexpr const char* self_employed = "INDEPENDANT";
inline constexpr const char* farmer = "EXPLOITANT_AGRICOLE";
inline constexpr const char* job_seeker = "DEMANDEUR_EMPLOI";
inline constexpr const char* other = "AUTRE";
}  // namespace category
namespace state {
inline constexpr const char* transmitted = "TRANSMIS";
inline constexpr const char* not_transmitted = "NON_TRANSMIS";  ///< scheme not connected: print on the secured form
inline constexpr const char* corrected = "CORRIGE";
inline constexpr const char* cancelled = "ANNULE";
}  // namespace state

// CR/CodeCR.
inline constexpr const char* accepted = "00";
/** The patient's scheme is not connected to AATi: the notice is created, not transmitted. */
inline constexpr const char* scheme_not_connected = "02";

/** Business refusals: SOAP 1.2 Sender faults with these urn:siram subcodes, the detail code
 *  (siram:Erreur) saying which rule (this profile's choice, on the ADRi pattern). */
inline constexpr const char* refused_code = "siram_60";
namespace refusal {
inline constexpr const char* unknown_patient = "aat_01";              ///< no such insured person
inline constexpr const char* extension_without_notice = "aat_10";     ///< AvisPrecedent unknown or another patient's
inline constexpr const char* dates_inconsistent = "aat_11";           ///< start after end, part time outside...
inline constexpr const char* part_time_without_full_time = "aat_12";  ///< self-employed rule
inline constexpr const char* free_outings_without_reason = "aat_13";
inline constexpr const char* work_accident_incomplete = "aat_14";  ///< date or certificate missing
inline constexpr const char* unknown_reason_code = "aat_15";
inline constexpr const char* unknown_notice = "aat_20";  ///< correct/cancel: no such notice of this prescriber
inline constexpr const char* correction_window_closed = "aat_21";
inline constexpr const char* already_cancelled = "aat_22";
}  // namespace refusal

}  // namespace guichet::contracts::aati
