#include "print.hpp"

#include "notice_request.hpp"
#include "part3_pdf.hpp"
#include "part3_verdict.hpp"
#include "rules.hpp"

#include <guichet/toolkit/crypto.hpp>

namespace guichet::aati {

namespace tk = guichet::toolkit;

namespace {

std::string mention_of(const tk::Request& r, bool transmitted) {
    if (!transmitted)
        return "Avis non transmis par voie électronique : volet à imprimer sur le formulaire sécurisé et à "
               "remettre à l'employeur.";
    const std::string at = r.optional_string("/transmission/received_at").value_or("");
    const std::string day = at.size() >= 10 ? at.substr(8, 2) + "/" + at.substr(5, 2) + "/" + at.substr(0, 4) : "";
    return "Avis transmis par voie électronique à l'Assurance Maladie" + (day.empty() ? "" : " le " + day) + ", n° " +
           r.string("/transmission/notice_number") + ". Volet 3 à remettre à l'employeur.";
}

Part3Document document_of(const tk::Call& call, const NoticeRequest& q, bool transmitted) {
    const tk::Request& r = call.request();
    const auto& professional = call.config().session.professional;
    Part3Document d;
    d.notice_number = r.optional_string("/transmission/notice_number").value_or("");
    d.mention = mention_of(r, transmitted);
    const Notice& n = *q.notice;
    d.kind = n.kind;
    d.risk = n.risk;
    d.work_time = n.work_time;
    d.start_date = n.start_date;
    d.end_date = n.end_date;
    d.duration_days = days_counting_both_ends(n.start_date, n.end_date);
    d.part_time_start = n.part_time_start;
    d.part_time_end = n.part_time_end;
    d.outings = {n.outings.kind, n.outings.from, rules().outing_sentences.at(n.outings.kind)};
    d.patient_last_name = q.patient.birth_name;
    d.patient_first_names = q.patient.first_names;
    d.patient_birth_date = q.patient.birth_date;
    d.patient_nir = q.patient.ins;
    d.employer_name = q.patient.employer_name;
    d.employer_address = q.patient.employer_address;
    d.prescriber_name = professional.given_name.value_or("");
    if (professional.family_name)
        d.prescriber_name += (d.prescriber_name.empty() ? "" : " ") + *professional.family_name;
    d.prescriber_rpps = professional.national_id.value_or("");
    d.prescriber_structure = call.config().session.structure.id.value_or("");
    d.issued_on = q.prescribed_on;
    d.signature_image = q.signature_image;
    return d;
}

}  // namespace

tk::Json print(tk::Call& call) {
    const NoticeRequest q = read_notice_request(call);
    if (!q.notice)
        throw tk::invalid_field("/notice", "part 3 is the notice's")
            .with_user_message("Le volet 3 est celui d'un avis d'arrêt de travail : indiquez l'avis.");
    const tk::Request& r = call.request();
    const bool transmitted = r.has("/transmission/notice_number") &&
                             r.optional_string("/transmission/state").value_or("transmitted") != "not_transmitted";
    std::string pdf;
    try {
        pdf = render_part3_pdf(document_of(call, q, transmitted));
    } catch (const SignatureImageError& e) {
        throw tk::invalid_field("/part3/signature/image_base64", e.what())
            .with_user_message("L'image de la signature doit être un PNG ou un JPEG lisible de 5 Mo au plus.");
    }
    return {{"media_type", "application/pdf"},
            {"pdf_base64", tk::base64_encode(reinterpret_cast<const uint8_t*>(pdf.data()), pdf.size())},
            {"part3", part3_verdict(q, transmitted)}};
}

}  // namespace guichet::aati
