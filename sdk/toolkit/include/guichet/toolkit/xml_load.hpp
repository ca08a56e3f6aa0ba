#pragma once
// Loading XML strictly: pugixml tolerates (and silently drops) text around the root element,
// which XML forbids; a message with such text is refused here with a specific reason.
// Every XML from outside enters through load_xml, so its nesting is bounded here once: the
// walks that follow (canonicalization, id lookup, signature checks) may then recurse safely.
#include <pugixml.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::toolkit {

/** Deepest nesting load_xml accepts. Real messages stay under 40 (a SOAP envelope with a signed
 *  SAML assertion); 20,000 levels overflowed the stack of the recursive walks. */
inline constexpr std::size_t max_xml_depth = 256;

/** Parses `text` into `document` with the options canonicalization needs; refuses a document
 *  nested deeper than max_xml_depth.
 *  @return nullopt when well-formed, else a readable reason (with the byte offset). */
std::optional<std::string> load_xml(pugi::xml_document& document, std::string_view text);

/** `element` as a standalone document, carrying the namespace declarations it inherits from its
 *  ancestors (a SOAP payload taken out of its envelope, for schema validation). */
std::string standalone_xml(pugi::xml_node element);

}  // namespace guichet::toolkit
