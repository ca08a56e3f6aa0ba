#pragma once
// Exclusive XML Canonicalization 1.0, without comments (http://www.w3.org/2001/10/xml-exc-c14n#),
// of an element's subtree in a pugixml document, with the InclusiveNamespaces PrefixList and an
// optional excluded subtree (the enveloped-signature transform).
#include <pugixml.hpp>

#include <set>
#include <string>

namespace guichet::toolkit {

struct C14nOptions {
    /** Prefixes treated as in inclusive canonicalization ("#default" for the default namespace). */
    std::set<std::string> inclusive_prefixes;
    /** A subtree left out of the output (e.g. the ds:Signature being verified). */
    pugi::xml_node excluded;
};

/**
 * Canonical form of `apex` and its descendants. Namespaces declared on ancestors outside the
 * subtree are taken into account, as the specification requires. Throws std::runtime_error on
 * a prefix with no declaration in scope. The document must have been parsed with
 * guichet::toolkit::xml_parse_options (no whitespace stripping, escapes resolved, EOL normalised).
 */
std::string exclusive_c14n(pugi::xml_node apex, const C14nOptions& options = {});

/** pugixml parse flags that keep what canonicalization needs. */
inline constexpr unsigned int xml_parse_options =
    pugi::parse_default | pugi::parse_ws_pcdata | pugi::parse_declaration | pugi::parse_doctype;

/** The namespace URI bound to `prefix` ("" = default namespace) at `node`, or "" when none. */
std::string namespace_uri(pugi::xml_node node, const std::string& prefix);

/** The root element of the document `node` belongs to (or `node` itself for a document element). */
pugi::xml_node document_element(pugi::xml_node node);

/** The local part of a qualified name. */
std::string local_name(const char* qualified_name);

/** The prefix of a qualified name, "" when there is none. */
std::string name_prefix(const char* qualified_name);

}  // namespace guichet::toolkit
