#include "part3_pdf.hpp"

#include "signature_image.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <sstream>

namespace guichet::aati {

namespace {

constexpr double page_width = 595.28, page_height = 841.89;  // A4 in points
constexpr double margin = 50, mm = 72.0 / 25.4;
constexpr double signature_width = 60 * mm, signature_height = 25 * mm;

std::string french_date(const std::string& iso) {
    if (iso.size() != 10) return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string risk_label(const std::string& risk) {
    if (risk == "maternity") return "Maternité";
    if (risk == "work_accident") return "Accident du travail ou maladie professionnelle";
    return "Maladie";
}

std::string outings_sentence(const Part3Outings& o) {
    if (o.kind == "forbidden" || o.from.empty()) return o.sentence;
    return o.sentence + ", à partir du " + french_date(o.from);
}

// Writes text top-down, wrapping at the page's margins.
class Writer {
public:
    explicit Writer(cairo_t* cr) : cr_(cr) {}
    void font(double size, bool bold) {
        cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr_, size);
        size_ = size;
    }
    void line(const std::string& text, double indent = 0) {
        std::istringstream words(text);
        std::string word, current;
        while (words >> word) {
            const std::string candidate = current.empty() ? word : current + " " + word;
            if (!current.empty() && width(candidate) > page_width - 2 * margin - indent) {
                emit(current, indent);
                current = word;
            } else {
                current = candidate;
            }
        }
        emit(current, indent);
    }
    void field(const std::string& label, const std::string& value) {
        if (!value.empty()) line(label + " : " + value, 10);
    }
    void gap(double points) { y_ += points; }
    double y() const { return y_; }

private:
    double width(const std::string& text) {
        cairo_text_extents_t e;
        cairo_text_extents(cr_, text.c_str(), &e);
        return e.x_advance;
    }
    void emit(const std::string& text, double indent) {
        y_ += size_ * 1.35;
        cairo_move_to(cr_, margin + indent, y_);
        cairo_show_text(cr_, text.c_str());
    }
    cairo_t* cr_;
    double size_ = 10;
    double y_ = margin;
};

void draw_mention(cairo_t* cr, Writer& w, const std::string& mention) {
    const double top = w.y() + 6;
    w.gap(8);
    w.font(10, true);
    w.line(mention, 8);
    w.gap(8);
    cairo_rectangle(cr, margin, top, page_width - 2 * margin, w.y() - top);
    cairo_stroke(cr);
}

void draw_leave(Writer& w, const Part3Document& d) {
    w.font(11, true);
    w.line(d.kind == "extension" ? "Prolongation d'arrêt de travail" : "Arrêt de travail initial");
    w.font(10, false);
    const bool part_time = d.work_time == "therapeutic_part_time";
    w.line(std::string(part_time ? "Temps partiel pour motif thérapeutique" : "Arrêt à temps complet") + " du " +
               french_date(d.start_date) + " au " + french_date(d.end_date) + " inclus, soit " +
               std::to_string(d.duration_days) + " jour(s)",
           10);
    if (part_time && !d.part_time_start.empty())
        w.line("Reprise à temps partiel thérapeutique du " + french_date(d.part_time_start) + " au " +
                   french_date(d.part_time_end),
               10);
    w.line(outings_sentence(d.outings), 10);
}

void draw_signature(cairo_t* cr, double top, const std::string& image) {
    const double left = page_width - margin - signature_width;
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, left, top, signature_width, signature_height);
    cairo_stroke(cr);
    if (image.empty()) return;
    SurfacePtr s = signature_surface(image);
    const double w = cairo_image_surface_get_width(s.get()), h = cairo_image_surface_get_height(s.get());
    const double scale = std::min((signature_width - 4) / w, (signature_height - 4) / h);
    cairo_save(cr);
    cairo_translate(cr, left + (signature_width - w * scale) / 2, top + (signature_height - h * scale) / 2);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, s.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

void draw(cairo_t* cr, const Part3Document& d) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    Writer w(cr);
    w.font(14, true);
    w.line("Avis d'arrêt de travail — volet 3 : employeur / assuré");
    w.font(10, false);
    w.line(risk_label(d.risk) + (d.notice_number.empty() ? "" : " — avis n° " + d.notice_number));
    draw_mention(cr, w, d.mention);
    w.gap(6);
    w.font(11, true);
    w.line("Assuré(e)");
    w.font(10, false);
    w.field("Nom de naissance", d.patient_last_name);
    w.field("Prénoms", d.patient_first_names);
    w.field("Date de naissance", french_date(d.patient_birth_date));
    w.field("N° de sécurité sociale", d.patient_nir);
    w.gap(6);
    w.font(11, true);
    w.line("Employeur");
    w.font(10, false);
    w.field("Raison sociale", d.employer_name.empty() ? "non renseigné" : d.employer_name);
    w.field("Adresse", d.employer_address);
    w.gap(6);
    draw_leave(w, d);
    w.gap(6);
    w.font(11, true);
    w.line("Prescripteur");
    w.font(10, false);
    w.field("Nom", d.prescriber_name);
    w.field("RPPS", d.prescriber_rpps);
    w.field("Structure", d.prescriber_structure);
    w.field("Adresse", d.prescriber_address);
    w.field("Fait le", french_date(d.issued_on));
    w.line("Signature :", 10);
    draw_signature(cr, w.y() + 6, d.signature_image);
    cairo_move_to(cr, margin, page_height - margin / 2);
    cairo_set_font_size(cr, 7);
    cairo_show_text(cr,
                    "Volet destiné à l'employeur : il ne comporte aucune information médicale. Produit par Guichet.");
}

cairo_status_t append(void* out, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string render_part3_pdf(const Part3Document& document) {
    keep_cairo_loaded();
    if (!document.signature_image.empty()) signature_surface(document.signature_image);  // refuse before drawing
    std::string pdf;
    SurfacePtr surface(cairo_pdf_surface_create_for_stream(append, &pdf, page_width, page_height));
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "Avis d'arrêt de travail - volet 3");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Guichet");
    cairo_t* cr = cairo_create(surface.get());
    draw(cr, document);
    cairo_show_page(cr);
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface.get());
    if (status != CAIRO_STATUS_SUCCESS || cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo could not draw part 3: ") + cairo_status_to_string(status));
    return pdf;
}

}  // namespace guichet::aati
