// The INSi plugin: the national health identity service, on the CNAM contract (WSDL v1.5.0).
#include "qualification.hpp"
#include "search_by_traits.hpp"
#include "search_by_vitale.hpp"

#include <guichet_schemas/insi.hpp>  // generated from docs/schemas/insi

namespace tk = guichet::toolkit;
namespace schemas = guichet::schemas::insi;

namespace {

tk::PluginDefinition define() {
    return tk::PluginDefinition().service(
        tk::Service("insi/1", "INSi - identite nationale de sante", {0, 1, 0})
            .operation("search_by_traits", "Searches the INS by the five identity traits, one retry per first name",
                       guichet::insi::search_by_traits, schemas::search_by_traits)
            .operation(
                "search_by_vitale",
                "Searches the INS of the beneficiary chosen on a Vitale card (card swap and delay checked first)",
                guichet::insi::search_by_vitale, schemas::search_by_vitale)
            .operation("verify", "Checks a stored INS and its traits against INSi, field by field",
                       guichet::insi::verify_ins, schemas::verify)
            .operation("qualify", "One call: INS, comparison with local traits, resulting identity status and reason",
                       guichet::insi::qualify_identity, schemas::qualify));
}

}  // namespace

GUICHET_PLUGIN_ENTRY(define)
