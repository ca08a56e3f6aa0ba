// The security plugin: XML signatures (dsig/1) and VIHF assertions (vihf/1), built on the
// toolkit and signing through the host, so the key stays in the host or on the card.
#include "dsig_operations.hpp"
#include "vihf_operations.hpp"

#include <guichet_schemas/dsig.hpp>  // generated from docs/schemas/dsig
#include <guichet_schemas/vihf.hpp>

namespace tk = guichet::toolkit;
namespace dsig = guichet::schemas::dsig;
namespace vihf = guichet::schemas::vihf;

namespace {

tk::PluginDefinition define() {
    return tk::PluginDefinition()
        .service(tk::Service("dsig/1", "XML-DSig (exclusive C14N, RSA-SHA256)", {0, 1, 0})
                     .operation("sign", "Signs a document's root element with the session's signing identity",
                                guichet::security::sign_document, dsig::sign)
                     .operation("verify", "Verifies every signature of a document, and its certificate chain",
                                guichet::security::verify_document, dsig::verify))
        .service(tk::Service("vihf/1", "VIHF (SAML 2.0 assertion for CNAM and DMP services)", {0, 1, 0})
                     .operation("build", "Builds and signs the session's VIHF, reused within its validity window",
                                guichet::security::build_vihf, vihf::build));
}

}  // namespace

GUICHET_PLUGIN_ENTRY(define)
