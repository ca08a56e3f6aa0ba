#pragma once
// The CNAM teleservices' SOAP headers, written into a generic SOAP envelope (soap.hpp):
// ContexteLPS (the software's identity and authorisation number, on every CNAM request) and
// ContexteBAM (CTXBAM v01.02: the coverage context, where the service's WSDL binds it).
#include "card_beneficiary.hpp"
#include "soap.hpp"

#include <string>

namespace guichet::toolkit {

/** What ContexteLPS and ContexteBAM share: one Id and one Temps per message. */
struct CnamContext {
    std::string context_id;            ///< a UUID
    std::string timestamp;             ///< "YYYY-MM-DDTHH:MM:SSZ"
    std::string software_name;         ///< LPS/Nom
    std::string software_version;      ///< LPS/Version
    std::string software_instance;     ///< LPS/Instance, and Emetteur
    std::string authorisation_number;  ///< LPS/IDAM
};

SoapHeaderWriter contexte_lps(const CnamContext& context);

/** ContexteBAM with the beneficiary's coverage; empty fields are left out, an empty beneficiary
 *  gives an empty COUVERTURE (a search by traits). */
SoapHeaderWriter contexte_bam(const CnamContext& context, const CardBeneficiary& coverage);

}  // namespace guichet::toolkit
