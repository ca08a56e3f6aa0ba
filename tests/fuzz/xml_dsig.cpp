// XML-DSig verification (toolkit::verify_signatures, verify_signature) of whatever load_xml
// accepts, the chain checked against the seeds' trust anchors at the time they were signed, so
// mutations of a genuinely signed seed reach every step. Besides crashes, it holds the verdict to
// its promise against signature wrapping: a valid verdict names the signed node, and without
// allow_detached that node is the element the signature sits in.
#include "fuzz_support.hpp"

#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_dsig.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <pugixml.hpp>

#include <cstdio>
#include <cstdlib>

namespace tk = guichet::toolkit;

namespace {

// A document rarely carries more than two signatures (a VIHF and an ApCV assertion).
constexpr int max_signatures = 4;

[[noreturn]] void broken_promise(const char* what, const tk::SignatureVerdict& verdict) {
    std::fprintf(stderr, "verdict breaks its promise: %s (problem %d: %s)\n", what, static_cast<int>(verdict.problem),
                 verdict.detail.c_str());
    std::abort();
}

void check_verdict(const tk::SignatureVerdict& verdict) {
    if (verdict.valid != static_cast<bool>(verdict.signed_element))
        broken_promise("valid exactly when it names a signed element", verdict);
    if (verdict.valid && verdict.problem != tk::SignatureProblem::none)
        broken_promise("valid without problem", verdict);
}

pugi::xml_node next_in_document(pugi::xml_node node) {
    if (node.first_child()) return node.first_child();
    while (node && !node.next_sibling()) node = node.parent();
    return node ? node.next_sibling() : pugi::xml_node();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pugi::xml_document document;
    if (tk::load_xml(document, guichet::fuzz::text_of(data, size))) return 0;

    tk::VerifyOptions options;
    options.trusted_pem = guichet::fuzz::seeds_trust_pem();
    options.at_unix_seconds = guichet::fuzz::seeds_signed_at;
    for (const tk::SignatureVerdict& verdict : tk::verify_signatures(document, options)) check_verdict(verdict);

    // Each signature on its own, as the sandbox checks a VIHF, and as a detached signature may be.
    tk::VerifyOptions detached = options;
    detached.check_chain = false;
    detached.allow_detached = true;
    int signatures = 0;
    for (pugi::xml_node node = document; node && signatures < max_signatures; node = next_in_document(node)) {
        if (node.type() != pugi::node_element || tk::local_name(node.name()) != "Signature") continue;
        ++signatures;
        const tk::SignatureVerdict enveloped = tk::verify_signature(node, options);
        check_verdict(enveloped);
        if (enveloped.valid && enveloped.signed_element != node.parent())
            broken_promise("an enveloped signature covers the element it sits in", enveloped);
        check_verdict(tk::verify_signature(node, detached));
    }
    return 0;
}
