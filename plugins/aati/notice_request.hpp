#pragma once
// An AATi request as the doctor's software sends it (docs/schemas/aati): the patient, the notice
// (cerfa S3116), the work-accident certificate (cerfa S6909) and what part 3 needs — read, with
// every rule checked before anything is sent, each failure naming its field in French.
#include <guichet/toolkit/plugin.hpp>

#include <optional>
#include <string>

namespace guichet::aati {

struct Patient {
    std::string ins;  ///< NIR (13) + key (2)
    std::string oid;
    std::string identity_status;  ///< PROV, RECUP, VALI, QUAL
    bool identity_attested = false;
    std::string birth_name, first_names, birth_date;
    std::string category;                ///< JSON name: employee, self_employed...
    std::string scheme_code, fund_code;  ///< empty when not given
    std::string employer_name, employer_siret, employer_address;
    bool objects_to_deposit = false;
};

struct Outings {
    std::string kind = "forbidden";  ///< forbidden, limited_hours, free
    std::string from;                ///< defaults to the notice's start
    std::string medical_reason;
};

struct Notice {
    std::string kind;  ///< initial, extension
    std::string previous_notice;
    std::string risk;       ///< illness, maternity, work_accident
    std::string work_time;  ///< full_time, therapeutic_part_time
    std::string start_date, end_date;
    std::string part_time_start, part_time_end;
    bool related_to_ald = false;
    bool pathological_pregnancy = false;
    std::string reason_code, reason_text;  ///< exactly one
    Outings outings;
    std::string accident_date, accident_certificate_number;
};

struct Certificate {
    std::string kind;  ///< initial, final, new_lesion, relapse
    std::string accident_date;
    std::string findings;
    std::string consolidation_date;
    std::optional<bool> sequelae;
};

struct NoticeRequest {
    Patient patient;
    std::optional<Notice> notice;
    std::optional<Certificate> certificate;
    std::string signature_image;  ///< decoded bytes, empty when not given
    std::string prescribed_on;    ///< today (host clock, UTC)
};

/** Reads and checks a check/submit/correct/print request. Throws toolkit::Error
 *  (GUICHET_E_INVALID_ARGUMENT) naming the first broken rule's field, with a French message. */
NoticeRequest read_notice_request(const toolkit::Call& call);

/** Reads /patient alone (history: ins, oid, birth_date). */
Patient read_patient(const toolkit::Request& request, bool whole);

/** Days from start to end, both counted (25 to 27 June: 3). */
int days_counting_both_ends(const std::string& start, const std::string& end);

}  // namespace guichet::aati
