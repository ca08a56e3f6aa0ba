// Exclusive C14N (toolkit::exclusive_c14n) of whatever load_xml accepts: the whole document, then
// its first elements in document order as apexes (namespaces inherited from ancestors), with the
// inclusive prefix list and the excluded subtree a signature's transforms would give.
#include "fuzz_support.hpp"

#include <guichet/toolkit/xml_c14n.hpp>
#include <guichet/toolkit/xml_load.hpp>

#include <pugixml.hpp>

#include <stdexcept>

namespace tk = guichet::toolkit;

namespace {

// Canonicalizing every element of a big document is quadratic; a few apexes reach every case.
constexpr int max_apexes = 12;

void canonicalize(pugi::xml_node apex, const tk::C14nOptions& options = {}) {
    try {
        tk::exclusive_c14n(apex, options);
    } catch (const std::runtime_error&) {
        // Documented refusal: a prefix used without a declaration in scope.
    }
}

// The node after `node` in document order, and the next element: iterative, so the walk does
// not rely on load_xml's depth bound.
pugi::xml_node next_in_document(pugi::xml_node node) {
    if (node.first_child()) return node.first_child();
    while (node && !node.next_sibling()) node = node.parent();
    return node ? node.next_sibling() : pugi::xml_node();
}

pugi::xml_node next_element(pugi::xml_node node) {
    do node = next_in_document(node);
    while (node && node.type() != pugi::node_element);
    return node;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pugi::xml_document document;
    if (tk::load_xml(document, guichet::fuzz::text_of(data, size))) return 0;
    const pugi::xml_node root = tk::document_element(document);
    canonicalize(root);

    int apexes = 0;
    for (pugi::xml_node apex = next_element(root); apex && apexes < max_apexes; apex = next_element(apex), ++apexes) {
        canonicalize(apex);
        // As a signature's transforms ask: the apex's own prefix inclusive, its first child left out.
        tk::C14nOptions options;
        options.inclusive_prefixes = {"#default", tk::name_prefix(apex.name())};
        options.excluded = apex.first_child();
        canonicalize(apex, options);
        canonicalize(root, options);
    }
    return 0;
}
