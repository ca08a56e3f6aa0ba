#pragma once
// VIHF 3.0: the SAML 2.0 assertion that says who acts, for whom, from which software; carried in
// the WS-Security header of CNAM and DMP requests. Attribute names and value shapes follow the
// public VIHF 3.0 examples (e.g. an ITI-41 request accepted by the DMP test platform).
#include "utc_time.hpp"

#include <pugixml.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guichet::toolkit {

/** Who authenticates: the professional's card, the structure's certificate, or an automated process. */
enum class VihfMode { card, structure, automated };

/** An HL7 coded value (CE). */
struct CodedValue {
    std::string code;
    std::string code_system;
    std::string display_name;
    std::string code_system_name;
};

struct VihfContent {
    VihfMode mode = VihfMode::card;
    std::string assertion_id;                        ///< unique, e.g. a UUID
    std::string issuer_subject;                      ///< signer certificate subject (RFC 2253)
    std::string subject_name_id;                     ///< professional national id (8 + RPPS) or structure id
    std::string subject_display;                     ///< "Prénom NOM", or the software name in automated mode
    std::string structure_id;                        ///< Identifiant_Structure
    std::string activity_sector;                     ///< Secteur_Activite as "code^OID"
    std::vector<CodedValue> roles;                   ///< profession and specialty; empty in automated mode
    std::optional<std::string> patient_resource_id;  ///< "INS^^^&OID&ISO^NH", qualified INS only
    std::string resource_urn = "urn:dmp";
    CodedValue purpose{"normal", "1.2.250.1.213.1.1.4.248", "Acces normal", "mode acces VIHF 1.0"};
    std::string software_id;            ///< LPS_ID (installation instance)
    std::string software_name;          ///< LPS_Nom
    std::string software_version;       ///< LPS_Version
    std::string software_homologation;  ///< LPS_ID_HOMOLOGATION_DMP
    int64_t issue_instant_unix = 0;
    int64_t not_before_unix = 0;
    int64_t not_on_or_after_unix = 0;
};

/** "DIRECTE" for the card, "INDIRECTE" otherwise, as the Authentification_Mode attribute says it. */
std::string authentication_mode_value(VihfMode mode);

/** Builds the unsigned assertion as the root of `document` (ds:Signature goes after Issuer). */
void build_vihf(pugi::xml_document& document, const VihfContent& content);

}  // namespace guichet::toolkit
