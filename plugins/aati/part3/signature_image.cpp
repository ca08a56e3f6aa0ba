#include "signature_image.hpp"

#include "part3_pdf.hpp"

#include <dlfcn.h>

#include <cstdint>
#include <cstring>
#include <optional>

namespace guichet::aati {

namespace {

constexpr size_t max_bytes = 5 * 1024 * 1024;  // the DMP's rule for the part 3 signature
constexpr uint32_t max_side = 4000;

constexpr std::string_view png_magic = "\x89PNG\r\n\x1a\n";
constexpr std::string_view jpeg_magic = "\xFF\xD8\xFF";

uint32_t big_endian(std::string_view b, size_t at, size_t width) {
    uint32_t v = 0;
    for (size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

void check_sides(uint32_t width, uint32_t height) {
    if (width == 0 || height == 0 || width > max_side || height > max_side)
        throw SignatureImageError("the signature image is " + std::to_string(width) + "x" + std::to_string(height) +
                                  " pixels; at most 4000 a side");
}

// The frame's size from the first SOFn marker; markers walked by their lengths, never past the end.
std::optional<std::pair<uint32_t, uint32_t>> jpeg_size(std::string_view b) {
    size_t at = 2;
    while (at + 4 <= b.size()) {
        if (static_cast<unsigned char>(b[at]) != 0xFF) return std::nullopt;
        const unsigned marker = static_cast<unsigned char>(b[at + 1]);
        if (marker == 0xFF) {  // fill byte
            ++at;
            continue;
        }
        const uint32_t length = big_endian(b, at + 2, 2);
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof && length >= 7 && at + 9 <= b.size())
            return std::pair{big_endian(b, at + 7, 2), big_endian(b, at + 5, 2)};
        if (length < 2) return std::nullopt;
        at += 2 + length;
    }
    return std::nullopt;
}

struct PngReader {
    std::string_view bytes;
    size_t at = 0;
    static cairo_status_t read(void* self, unsigned char* data, unsigned int length) {
        auto* r = static_cast<PngReader*>(self);
        if (r->bytes.size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
        std::memcpy(data, r->bytes.data() + r->at, length);
        r->at += length;
        return CAIRO_STATUS_SUCCESS;
    }
};

SurfacePtr png_surface(std::string_view bytes) {
    if (bytes.size() < 24) throw SignatureImageError("the PNG signature image is cut short");
    check_sides(big_endian(bytes, 16, 4), big_endian(bytes, 20, 4));  // IHDR, before decoding
    PngReader reader{bytes};
    SurfacePtr s(cairo_image_surface_create_from_png_stream(&PngReader::read, &reader));
    if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS)
        throw SignatureImageError(std::string("the PNG signature image cannot be decoded: ") +
                                  cairo_status_to_string(cairo_surface_status(s.get())));
    return s;
}

SurfacePtr jpeg_surface(std::string_view bytes) {
    const auto size = jpeg_size(bytes);
    if (!size) throw SignatureImageError("the JPEG signature image has no readable frame header");
    check_sides(size->first, size->second);
    SurfacePtr s(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(size->first), static_cast<int>(size->second)));
    auto* copy = new std::string(bytes);
    const cairo_status_t status = cairo_surface_set_mime_data(
        s.get(), CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(copy->data()), copy->size(),
        [](void* p) { delete static_cast<std::string*>(p); }, copy);
    if (status != CAIRO_STATUS_SUCCESS) {
        delete copy;
        throw SignatureImageError("the JPEG signature image cannot be attached");
    }
    return s;
}

}  // namespace

// cairo loads fontconfig, which reads every font's description once per process into caches
// it never frees (thousands of allocations), and pixman, which sets up its implementations in a
// constructor. A host may unload the plugin and load it again (a conformance run does, per
// scenario): unloaded, those caches would leak and be rebuilt each time. Kept loaded from the
// first drawing on, they are built once and stay reachable.
void keep_cairo_loaded() {
    static const bool kept = dlopen("libcairo.so.2", RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) != nullptr;
    (void)kept;
}

SurfacePtr signature_surface(std::string_view bytes) {
    keep_cairo_loaded();
    if (bytes.size() > max_bytes)
        throw SignatureImageError("the signature image has " + std::to_string(bytes.size()) + " bytes; at most 5 MB");
    if (bytes.substr(0, png_magic.size()) == png_magic) return png_surface(bytes);
    if (bytes.substr(0, jpeg_magic.size()) == jpeg_magic) return jpeg_surface(bytes);
    throw SignatureImageError("the signature image is neither a PNG nor a JPEG");
}

std::string check_signature_image(std::string_view bytes) {
    signature_surface(bytes);
    return bytes.substr(0, png_magic.size()) == png_magic ? "image/png" : "image/jpeg";
}

}  // namespace guichet::aati
