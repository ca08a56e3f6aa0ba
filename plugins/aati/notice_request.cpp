#include "notice_request.hpp"

#include "part3_pdf.hpp"
#include "rules.hpp"

#include <guichet/toolkit/crypto.hpp>
#include <guichet/toolkit/ins_number.hpp>

#include <chrono>

namespace guichet::aati {

namespace tk = guichet::toolkit;

namespace {

[[noreturn]] void refuse(const std::string& field, const std::string& english, const std::string& french) {
    throw tk::invalid_field(field, english).with_user_message(french);
}

std::string string_or(const tk::Request& r, const std::string& pointer, std::string fallback = {}) {
    return r.optional_string(pointer).value_or(std::move(fallback));
}

void check_ins(const Patient& p) {
    const std::string nir = p.ins.substr(0, 13), key = p.ins.size() > 13 ? p.ins.substr(13) : "";
    if (const auto problem = tk::ins_problem(nir, key, p.oid))
        refuse(std::string("/patient/") + (std::string(problem->part) == "oid" ? "oid" : "ins"), problem->reason,
               "L'INS du patient n'est pas valide : vérifiez-le avant d'envoyer l'avis.");
}

void read_scheme_and_employer(const tk::Request& r, Patient& p) {
    p.scheme_code = string_or(r, "/patient/scheme/scheme_code");
    p.fund_code = string_or(r, "/patient/scheme/fund_code");
    p.employer_name = string_or(r, "/patient/employer/name");
    p.employer_siret = string_or(r, "/patient/employer/siret");
    p.employer_address = string_or(r, "/patient/employer/address");
    p.objects_to_deposit = r.optional_boolean("/patient/deposit_objection/objects").value_or(false);
}

void check_period(const std::string& start, const std::string& end, const std::string& field,
                  const std::string& french) {
    if (start > end) refuse(field, "ends before it starts (" + start + " > " + end + ")", french);
}

Outings read_outings(const tk::Request& r, const std::string& start) {
    Outings o;
    o.kind = string_or(r, "/notice/outings/kind", "forbidden");  // no indication means forbidden
    o.from = string_or(r, "/notice/outings/from", start);
    o.medical_reason = string_or(r, "/notice/outings/medical_reason");
    if (o.kind == "free" && o.medical_reason.empty())
        refuse("/notice/outings/medical_reason", "free outings need a medical reason",
               "Les sorties libres doivent être justifiées par un motif médical.");
    return o;
}

void read_reason(const tk::Request& r, Notice& n) {
    n.reason_code = string_or(r, "/notice/reason/code");
    n.reason_text = string_or(r, "/notice/reason/text");
    if (n.reason_code.empty() == n.reason_text.empty())
        refuse("/notice/reason", "give either a reason code or a free text",
               "Indiquez le motif de l'arrêt : un code de la liste ou un texte libre.");
    if (!n.reason_code.empty() && rules().reasons.count(n.reason_code) == 0)
        refuse("/notice/reason/code", "unknown reason code " + n.reason_code,
               "Ce code motif n'est pas dans la liste : choisissez-en un autre ou écrivez le motif en texte libre.");
}

void check_part_time(const Notice& n, const Patient& p) {
    if (n.work_time != "therapeutic_part_time") return;
    if (n.part_time_start.empty() || n.part_time_end.empty())
        refuse("/notice/part_time", "therapeutic part time needs its own start and end dates",
               "Le temps partiel thérapeutique demande ses propres dates de début et de fin.");
    check_period(n.part_time_start, n.part_time_end, "/notice/part_time/end_date",
                 "La fin du temps partiel thérapeutique précède son début.");
    // A self-employed patient's part time follows a full-time leave (an extension: the service
    // checks the previous notice was full time), unless it relates to an ALD.
    if (p.category == "self_employed" && !n.related_to_ald && n.kind != "extension")
        refuse("/notice/work_time", "a self-employed patient's therapeutic part time must follow a full-time leave",
               "Pour un travailleur indépendant, le temps partiel thérapeutique doit prolonger un arrêt à temps "
               "complet, sauf s'il est en rapport avec une ALD.");
}

Notice read_notice(const tk::Request& r, const Patient& p, const std::string& today) {
    Notice n;
    n.kind = r.string("/notice/kind");
    n.previous_notice = string_or(r, "/notice/previous_notice");
    if (n.kind == "extension" && n.previous_notice.empty())
        refuse("/notice/previous_notice", "an extension names the notice it continues",
               "Une prolongation doit indiquer le numéro de l'avis qu'elle prolonge.");
    if (n.kind == "extension" && !r.has("/notice/start_date"))
        refuse("/notice/start_date", "an extension gives its start date",
               "Indiquez la date de début de la prolongation.");
    n.risk = r.string("/notice/risk");
    n.work_time = string_or(r, "/notice/work_time", "full_time");
    n.start_date = string_or(r, "/notice/start_date", today);  // an initial notice starts today
    n.end_date = r.string("/notice/end_date");
    check_period(n.start_date, n.end_date, "/notice/end_date", "La date de fin de l'arrêt précède sa date de début.");
    n.part_time_start = string_or(r, "/notice/part_time/start_date");
    n.part_time_end = string_or(r, "/notice/part_time/end_date");
    n.related_to_ald = r.optional_boolean("/notice/related_to_ald").value_or(false);
    n.pathological_pregnancy = r.optional_boolean("/notice/pathological_pregnancy").value_or(false);
    check_part_time(n, p);
    read_reason(r, n);
    n.outings = read_outings(r, n.start_date);
    n.accident_date = string_or(r, "/notice/work_accident/date");
    n.accident_certificate_number = string_or(r, "/notice/work_accident/certificate_number");
    return n;
}

Certificate read_certificate(const tk::Request& r) {
    Certificate c;
    c.kind = r.string("/certificate/kind");
    c.accident_date = r.string("/certificate/accident_date");
    c.findings = r.string("/certificate/findings");
    c.consolidation_date = string_or(r, "/certificate/consolidation_date");
    c.sequelae = r.optional_boolean("/certificate/sequelae");
    return c;
}

void check_work_accident(const NoticeRequest& q) {
    if (!q.notice || q.notice->risk != "work_accident") return;
    if (q.notice->accident_date.empty())
        refuse("/notice/work_accident/date", "a work accident needs its date",
               "Un arrêt pour accident du travail ou maladie professionnelle demande la date de l'accident.");
    if (!q.certificate && q.notice->accident_certificate_number.empty())
        refuse("/certificate", "a work accident needs its medical certificate (or the number of one sent before)",
               "Un arrêt pour accident du travail ou maladie professionnelle demande le certificat médical AT/MP.");
}

std::string read_signature(const tk::Request& r) {
    const auto text = r.optional_string("/part3/signature/image_base64");
    if (!text) return {};
    const std::string field = "/part3/signature/image_base64";
    std::vector<uint8_t> bytes;
    try {
        bytes = tk::base64_decode(*text);
    } catch (const std::exception&) {
        refuse(field, "not base64", "L'image de la signature est illisible.");
    }
    std::string image(bytes.begin(), bytes.end());
    try {
        check_signature_image(image);
    } catch (const SignatureImageError& e) {
        refuse(field, e.what(), "L'image de la signature doit être un PNG ou un JPEG lisible de 5 Mo au plus.");
    }
    return image;
}

}  // namespace

Patient read_patient(const tk::Request& r, bool whole) {
    Patient p;
    p.ins = r.string("/patient/ins");
    p.oid = string_or(r, "/patient/oid", "1.2.250.1.213.1.4.8");
    p.birth_date = r.string("/patient/birth_date");
    check_ins(p);
    if (!whole) return p;
    p.identity_status = r.string("/patient/identity_status");
    p.identity_attested = r.optional_boolean("/patient/identity_attested").value_or(false);
    p.birth_name = r.string("/patient/birth_name");
    p.first_names = r.string("/patient/first_names");
    p.category = r.string("/patient/category");
    read_scheme_and_employer(r, p);
    return p;
}

NoticeRequest read_notice_request(const tk::Call& call) {
    const tk::Request& r = call.request();
    NoticeRequest q;
    q.prescribed_on = call.host().clock().utc_iso8601().substr(0, 10);
    q.patient = read_patient(r, true);
    if (!r.has("/notice") && !r.has("/certificate"))
        refuse("/notice", "a notice, a certificate or both", "Indiquez l'avis d'arrêt de travail ou le certificat.");
    if (r.has("/notice")) q.notice = read_notice(r, q.patient, q.prescribed_on);
    if (r.has("/certificate")) q.certificate = read_certificate(r);
    check_work_accident(q);
    q.signature_image = read_signature(r);
    return q;
}

int days_counting_both_ends(const std::string& start, const std::string& end) {
    const auto day = [](const std::string& iso) {
        return std::chrono::sys_days(
            std::chrono::year_month_day(std::chrono::year(std::stoi(iso.substr(0, 4))),
                                        std::chrono::month(static_cast<unsigned>(std::stoi(iso.substr(5, 2)))),
                                        std::chrono::day(static_cast<unsigned>(std::stoi(iso.substr(8, 2))))));
    };
    return static_cast<int>((day(end) - day(start)).count()) + 1;
}

}  // namespace guichet::aati
