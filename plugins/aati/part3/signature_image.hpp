#pragma once
// The prescriber's signature image as a cairo surface: a PNG decoded by cairo, a JPEG kept as
// it is (cairo's PDF surface embeds the original stream, CAIRO_MIME_TYPE_JPEG).
#include <cairo.h>

#include <memory>
#include <string>
#include <string_view>

namespace guichet::aati {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

/** Keeps cairo and the libraries under it loaded for the rest of the process (see why in the
 *  .cpp); every entry point that uses cairo calls it first. */
void keep_cairo_loaded();

/** The image, or throws SignatureImageError. `bytes` must outlive the surface (JPEG mime data
 *  refers to a copy the surface owns, so any buffer will do). */
SurfacePtr signature_surface(std::string_view bytes);

}  // namespace guichet::aati
