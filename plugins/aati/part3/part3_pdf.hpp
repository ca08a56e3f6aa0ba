#pragma once
// Part 3 of the sick-leave notice (cerfa S3116, "volet 3": the employer's and the patient's
// copy) as a one-page A4 PDF, drawn with cairo's PDF surface, fonts (DejaVu Sans) embedded, the
// prescriber's signature image placed in its box. Part 3 goes to the employer: it holds no
// medical information — no reason, no ALD, no pregnancy — and this struct has no member for one.
#include <stdexcept>
#include <string>
#include <string_view>

namespace guichet::aati {

struct Part3Outings {
    std::string kind;      ///< "forbidden", "limited_hours", "free"
    std::string from;      ///< YYYY-MM-DD or empty
    std::string sentence;  ///< the rule as the plugin's rules/outings.json words it
};

struct Part3Document {
    std::string notice_number;  ///< the service's number, empty when not transmitted
    std::string mention;        ///< printed in a box at the top (transmitted or not, and how)
    std::string kind;           ///< "initial", "extension"
    std::string risk;           ///< "illness", "maternity", "work_accident"
    std::string work_time;      ///< "full_time", "therapeutic_part_time"
    std::string start_date, end_date;
    int duration_days = 0;  ///< both ends counted, as the notice says
    std::string part_time_start, part_time_end;
    Part3Outings outings;
    std::string patient_last_name, patient_first_names, patient_birth_date, patient_nir;
    std::string employer_name, employer_address;
    std::string prescriber_name, prescriber_rpps, prescriber_structure, prescriber_address;
    std::string issued_on;        ///< YYYY-MM-DD
    std::string signature_image;  ///< PNG or JPEG bytes; empty: the box is left for a handwritten one
};

/** Why an image cannot be used: not PNG/JPEG, corrupt, more than 5 MB, or more than 4000 px a side. */
struct SignatureImageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/** The part 3 as PDF bytes. Throws SignatureImageError for an unusable signature image,
 *  std::runtime_error when cairo fails. */
std::string render_part3_pdf(const Part3Document& document);

/** "image/png" or "image/jpeg", or throws SignatureImageError (magic bytes, size, dimensions,
 *  and for a PNG a full decode). */
std::string check_signature_image(std::string_view bytes);

}  // namespace guichet::aati
