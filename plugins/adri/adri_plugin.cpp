// The ADRi plugin: a patient's AMO rights in real time (Guichet sandbox profile of the
// non-public contract, docs/protocols/adri).
#include "get_rights.hpp"

#include <guichet_schemas/adri.hpp>  // generated from docs/schemas/adri

namespace tk = guichet::toolkit;

namespace {

tk::PluginDefinition define() {
    return tk::PluginDefinition().service(
        tk::Service("adri/1", "ADRi - acquisition des droits integree", {0, 1, 0})
            .operation("get_rights",
                       "A beneficiary's AMO rights on a care date: scheme, fund, open or closed, "
                       "exemptions, CSS/AME, third-party payment",
                       guichet::adri::get_rights, guichet::schemas::adri::get_rights));
}

}  // namespace

GUICHET_PLUGIN_ENTRY(define)
