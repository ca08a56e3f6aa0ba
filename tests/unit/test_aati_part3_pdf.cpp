// The AATi part 3 PDF (plugins/aati/part3), checked by independent tools: qpdf --check for the
// file's structure, pdffonts for embedded fonts, pdftotext for what it says, pdftoppm for what
// it shows (the signature inside its box).
#include "external_tool.hpp"
#include "part3_pdf.hpp"

#include <cairo.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using guichet::aati::Part3Document;
using guichet::aati::render_part3_pdf;
using guichet::aati::SignatureImageError;
using guichet::test::read_text;
using guichet::test::run_tool;
using guichet::test::TempDir;

namespace {

Part3Document sample() {
    Part3Document d;
    d.notice_number = "AAT-0123456789ABCDEF";
    d.mention = "Avis transmis par voie électronique à l'Assurance Maladie le 25/06/2026, n° AAT-0123456789ABCDEF.";
    d.kind = "initial";
    d.risk = "illness";
    d.work_time = "full_time";
    d.start_date = "2026-06-25";
    d.end_date = "2026-06-27";
    d.duration_days = 3;
    d.outings = {"limited_hours", "2026-06-25",
                 "Sorties autorisées, présence au domicile de 9 h à 11 h et de 14 h à 16 h"};
    d.patient_last_name = "ADRTROIS";
    d.patient_first_names = "DOMINIQUE";
    d.patient_birth_date = "1963-07-12";
    d.patient_nir = "263077511503449";
    d.employer_name = "Boulangerie Durand";
    d.prescriber_name = "Jeanne Médecin";
    d.prescriber_rpps = "810100000011";
    d.issued_on = "2026-06-25";
    return d;
}

cairo_status_t append(void* out, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// A thick black scribble on white, as a PNG: what a scanned signature looks like.
std::string scribble_png() {
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300, 120);
    cairo_t* cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 12);
    cairo_move_to(cr, 20, 90);
    cairo_curve_to(cr, 80, -20, 160, 160, 280, 30);
    cairo_stroke(cr);
    cairo_destroy(cr);
    std::string png;
    cairo_surface_write_to_png_stream(s, append, &png);
    cairo_surface_destroy(s);
    return png;
}

std::string bytes_of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// A real JPEG, made by an independent tool: pdftoppm renders a PDF page as JPEG.
std::string jpeg_from_pdftoppm(const TempDir& dir) {
    dir.write("plain.pdf", render_part3_pdf(sample()));
    const auto run = run_tool("pdftoppm -jpeg -r 20 -singlefile " + dir.path("plain.pdf").string() + " " +
                              dir.path("page").string());
    REQUIRE(run.exit_code == 0);
    return bytes_of(dir.path("page.jpg"));
}

struct Raster {
    int width = 0, height = 0;
    std::vector<uint32_t> pixels;
};

// The page rendered by pdftoppm at 72 dpi (one pixel per point), read back with cairo.
Raster rendered(const TempDir& dir, const std::string& name, const std::string& pdf) {
    dir.write(name + ".pdf", pdf);
    const auto run =
        run_tool("pdftoppm -png -r 72 -singlefile " + dir.path(name + ".pdf").string() + " " + dir.path(name).string());
    REQUIRE(run.exit_code == 0);
    cairo_surface_t* s = cairo_image_surface_create_from_png(dir.path(name + ".png").c_str());
    REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(s);
    Raster r{cairo_image_surface_get_width(s), cairo_image_surface_get_height(s), {}};
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* data = cairo_image_surface_get_data(s);
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x)
            r.pixels.push_back(reinterpret_cast<const uint32_t*>(data + y * stride)[x] & 0xFFFFFF);
    cairo_surface_destroy(s);
    return r;
}

}  // namespace

TEST_CASE("the part 3 PDF passes qpdf --check (independent check), with a PNG or a JPEG signature", "[aati][pdf]") {
    TempDir dir("part3-qpdf");
    Part3Document png = sample();
    png.signature_image = scribble_png();
    Part3Document jpeg = sample();
    jpeg.signature_image = jpeg_from_pdftoppm(dir);
    REQUIRE(jpeg.signature_image.substr(0, 3) == "\xFF\xD8\xFF");
    for (const auto& [name, document] : {std::pair{"png", png}, std::pair{"jpeg", jpeg}}) {
        INFO(name);
        const std::string pdf = render_part3_pdf(document);
        CHECK(pdf.substr(0, 5) == "%PDF-");
        dir.write(std::string(name) + ".pdf", pdf);
        const auto check = run_tool("qpdf --check " + dir.path(std::string(name) + ".pdf").string());
        INFO(check.output);
        CHECK(check.exit_code == 0);
        CHECK(check.output.find("No syntax or stream encoding errors found") != std::string::npos);
    }
    // The JPEG is embedded as it is (DCTDecode), not re-encoded.
    const auto images = run_tool("pdfimages -list " + dir.path("jpeg.pdf").string());
    CHECK(images.output.find("jpeg") != std::string::npos);
}

TEST_CASE("every font of the part 3 PDF is embedded (pdffonts)", "[aati][pdf]") {
    TempDir dir("part3-fonts");
    dir.write("part3.pdf", render_part3_pdf(sample()));
    const auto fonts = run_tool("pdffonts " + dir.path("part3.pdf").string());
    REQUIRE(fonts.exit_code == 0);
    std::istringstream lines(fonts.output);
    std::string line;
    int rows = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
        ++rows;
        INFO(line);
        CHECK(line.find("DejaVu") != std::string::npos);
        CHECK(line.find(" yes yes ") != std::string::npos);  // emb and sub columns
    }
    CHECK(rows >= 1);
}

TEST_CASE("pdftotext finds the notice number, the patient, the dates, the outings and the mention, nothing medical",
          "[aati][pdf]") {
    TempDir dir("part3-text");
    dir.write("part3.pdf", render_part3_pdf(sample()));
    REQUIRE(run_tool("pdftotext -enc UTF-8 " + dir.path("part3.pdf").string() + " " + dir.path("part3.txt").string())
                .exit_code == 0);
    const std::string text = read_text(dir.path("part3.txt"));
    for (const char* expected : {"AAT-0123456789ABCDEF", "ADRTROIS", "DOMINIQUE", "12/07/1963", "263077511503449",
                                 "du 25/06/2026 au 27/06/2026", "soit 3 jour", "de 9 h à 11 h et de 14 h à 16 h",
                                 "Avis transmis par voie électronique", "Boulangerie Durand", "volet 3"}) {
        INFO(expected);
        CHECK(text.find(expected) != std::string::npos);
    }
    for (const char* medical : {"Motif", "motif", "ALD", "Lombalgie", "grossesse"}) {
        INFO(medical);
        CHECK(text.find(medical) == std::string::npos);
    }
}

TEST_CASE("pdftoppm renders the signature inside its box", "[aati][pdf]") {
    TempDir dir("part3-render");
    Part3Document signed_document = sample();
    signed_document.signature_image = scribble_png();
    const Raster without = rendered(dir, "without", render_part3_pdf(sample()));
    const Raster with = rendered(dir, "with", render_part3_pdf(signed_document));
    REQUIRE(with.width == without.width);
    REQUIRE(with.height == without.height);
    // Every pixel the signature changed lies in the 60 x 25 mm box at the right margin.
    const double mm = 72.0 / 25.4, box_left = with.width - 50 - 60 * mm;
    int changed = 0, top = with.height, bottom = 0, outside = 0;
    for (int y = 0; y < with.height; ++y)
        for (int x = 0; x < with.width; ++x) {
            if (with.pixels[y * with.width + x] == without.pixels[y * with.width + x]) continue;
            ++changed;
            top = std::min(top, y);
            bottom = std::max(bottom, y);
            if (x < box_left - 1 || x > with.width - 49) ++outside;
        }
    CHECK(changed > 200);
    CHECK(outside == 0);
    CHECK(bottom - top <= static_cast<int>(std::ceil(25 * mm)) + 2);
}

TEST_CASE("a signature that is not an image, is cut short, too heavy or too large is refused with a reason",
          "[aati][pdf]") {
    const std::string png = scribble_png();
    std::string huge_png = png;
    // IHDR declares 10000 x 10000: refused before decoding.
    huge_png.replace(16, 8, std::string("\x00\x00\x27\x10\x00\x00\x27\x10", 8));
    const std::string too_heavy = std::string("\xFF\xD8\xFF", 3) + std::string(5 * 1024 * 1024, '\0');
    for (const std::string& bad : {std::string("GIF89a"), png.substr(0, 40), huge_png, too_heavy,
                                   std::string("\xFF\xD8\xFF\xE0\x00\x02", 6), std::string()}) {
        Part3Document d = sample();
        d.signature_image = bad.empty() ? std::string("\x89PNG\r\n\x1a\n", 8) : bad;
        CHECK_THROWS_AS(render_part3_pdf(d), SignatureImageError);
        CHECK_THROWS_AS(guichet::aati::check_signature_image(d.signature_image), SignatureImageError);
    }
    CHECK(guichet::aati::check_signature_image(png) == "image/png");
}
