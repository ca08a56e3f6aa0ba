// The AATi plugin: the sick-leave notice (cerfa S3116) and the work-accident certificate
// (cerfa S6909), from the practice software (Guichet sandbox profile of the non-public
// contract, docs/protocols/aati; docs/aati.md).
#include "cancel_and_history.hpp"
#include "notice_operations.hpp"
#include "print.hpp"
#include "signature_image.hpp"

#include <guichet_schemas/aati.hpp>  // generated from docs/schemas/aati

namespace tk = guichet::toolkit;
namespace schemas = guichet::schemas::aati;

namespace {

tk::PluginDefinition define() {
    // cairo's libraries stay loaded from the plugin's first load on: their caches, built once,
    // must not leak at each unload (signature_image.cpp).
    guichet::aati::keep_cairo_loaded();
    return tk::PluginDefinition().service(
        tk::Service("aati/1", "AATi - avis d'arret de travail integre", {0, 1, 0})
            .operation("check", "Checks a notice and/or certificate against every rule, sending nothing",
                       guichet::aati::check, schemas::check)
            .submitting_operation("submit", "Transmits a notice and/or its work-accident certificate",
                                  guichet::aati::submit, schemas::submit)
            .submitting_operation("correct", "Replaces a notice within its correction window", guichet::aati::correct,
                                  schemas::correct)
            .submitting_operation("cancel", "Cancels a notice within its correction window", guichet::aati::cancel,
                                  schemas::cancel)
            .operation("history", "The notices this prescriber sent for a patient, newest first",
                       guichet::aati::history, schemas::history)
            .operation("print", "Part 3 (employer/patient copy) as a PDF, sending nothing", guichet::aati::print,
                       schemas::print));
}

}  // namespace

GUICHET_PLUGIN_ENTRY(define)
